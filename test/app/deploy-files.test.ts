// The deploy files hold together: compose.yaml runs PostgreSQL and two Breakouts processes on it
// behind a balancer that checks /healthz, every configuration variable reaches the processes,
// and the Dockerfile's final image runs as non-root without dev dependencies. (The image itself
// is not built here: that needs the base images from a registry.)
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { z } from 'zod';
import { EnvSchema } from '../../src/runtime/config.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const read = (name: string): string => readFileSync(join(ROOT, name), 'utf8');

const Service = z.object({
  image: z.string().optional(),
  build: z.unknown().optional(),
  environment: z.record(z.string(), z.string()).optional(),
  depends_on: z.union([z.array(z.string()), z.record(z.string(), z.object({ condition: z.string() }))]).optional(),
  ports: z.array(z.string()).optional(),
  volumes: z.array(z.string()).optional(),
  healthcheck: z.object({ test: z.array(z.string()) }).loose().optional(),
  stop_grace_period: z.string().optional(),
});
const Compose = z.object({ services: z.record(z.string(), Service), volumes: z.record(z.string(), z.unknown()).optional() });

/** compose.yaml as Compose reads it (YAML merge keys resolved). */
const compose = Compose.parse(parse(read('compose.yaml'), { merge: true }));
const breakouts = Object.entries(compose.services).filter(([, s]) => s.build !== undefined);
const caddyfile = read('deploy/Caddyfile');
const dockerfile = read('Dockerfile');

/** Variables compose.yaml deliberately does not pass, and why. */
const NOT_PASSED: Readonly<Record<string, string>> = {
  BREAKOUTS_DB: 'the shared database replaces the data folder',
  BREAKOUTS_PLAYGROUND: 'the playground is for one machine',
  PLAYGROUND_PORT: 'the playground is for one machine',
  DISCORD_SHARD_IDS: 'different in each process (the commented lines in compose.yaml)',
};

const seconds = (duration: string): number => {
  const m = /^(\d+)(s|m)$/.exec(duration);
  if (!m) throw new Error(`unexpected duration ${duration}`);
  return Number(m[1]) * (m[2] === 'm' ? 60 : 1);
};

describe('compose.yaml', () => {
  it('runs PostgreSQL with a volume and a health check, and two Breakouts processes that wait for it to be healthy', () => {
    const postgres = compose.services['postgres'];
    expect(postgres?.image).toMatch(/^postgres:1[5-9]/);
    expect(postgres?.volumes?.some((v) => v.endsWith(':/var/lib/postgresql/data'))).toBe(true);
    expect(postgres?.healthcheck?.test.join(' ')).toContain('pg_isready');
    expect(postgres?.ports).toBeUndefined();
    expect(breakouts.map(([name]) => name)).toEqual(['breakouts-1', 'breakouts-2']);
    for (const [name, service] of breakouts) {
      expect([name, service.depends_on]).toEqual([name, { postgres: { condition: 'service_healthy' } }]);
      expect([name, service.environment?.['DATABASE_URL']]).toEqual([name, expect.stringMatching(/^postgres:\/\/breakouts:[^@]+@postgres:5432\/breakouts$/)]);
    }
  });

  it('publishes no host port on the Breakouts processes: only the balancer does, and it checks each one on /healthz', () => {
    for (const [name, service] of breakouts) expect([name, service.ports]).toEqual([name, undefined]);
    const balancer = compose.services['balancer'];
    expect(balancer?.ports).toEqual(['3000:80']);
    expect(balancer?.volumes).toContain('./deploy/Caddyfile:/etc/caddy/Caddyfile:ro');
    const upstreams = /reverse_proxy ([^{]+)\{/.exec(caddyfile)?.[1]?.trim().split(/\s+/);
    expect(upstreams).toEqual(breakouts.map(([name]) => `${name}:3000`));
    expect(caddyfile).toMatch(/^\s*health_uri \/healthz$/m);
    expect(caddyfile).toMatch(/^\s*lb_policy round_robin$/m);
  });

  it('gives each process longer than the default drain time to stop before Docker kills it', () => {
    const drainDefault = EnvSchema.shape.BREAKOUTS_DRAIN_SECONDS.parse(undefined);
    for (const [name, service] of breakouts) expect([name, seconds(service.stop_grace_period ?? '10s') > drainDefault]).toEqual([name, true]);
  });

  it('passes every configuration variable to the Breakouts processes (from .env), except those that make no sense there', () => {
    for (const [name, service] of breakouts) {
      const given = new Set(Object.keys(service.environment ?? {}));
      const missing = Object.keys(EnvSchema.shape).filter((v) => !given.has(v) && !(v in NOT_PASSED));
      expect(missing, `compose.yaml does not pass these to ${name}: add \`NAME: \${NAME:-}\` under x-breakouts-env`).toEqual([]);
    }
  });
});

describe('Dockerfile', () => {
  const stages = dockerfile.split(/^FROM /m).slice(1);
  const final = stages.at(-1) ?? '';

  it('builds in two stages: type-checked with the dev dependencies, then a final stage with the runtime ones only', () => {
    expect(stages).toHaveLength(2);
    expect(stages[0]).toMatch(/^RUN npm ci$/m);
    expect(stages[0]).toMatch(/^RUN npx tsc --noEmit -p tsconfig\.json$/m);
    expect(final).toMatch(/^RUN npm ci --omit=dev/m);
    // BuildKit skips a stage nothing copies from: the sources come from the checked stage.
    expect(final).toContain('COPY --from=build /app/src ./src');
    expect(dockerfile).toMatch(/^ARG NODE_IMAGE=node:20-slim$/m);
  });

  it('runs as the unprivileged node user, with a health check on /healthz, on port 3000', () => {
    const user = final.indexOf('USER node');
    expect(user).toBeGreaterThan(0);
    expect(final.indexOf('CMD [')).toBeGreaterThan(user);
    expect(final).toMatch(/^HEALTHCHECK .*\\\n\s+CMD \["node", "-e", ".*\/healthz/m);
    expect(final).toMatch(/^EXPOSE 3000$/m);
  });

  it('starts the entry of npm start with node itself (so SIGTERM reaches it), and every package it runs with is a runtime dependency', () => {
    const pkg = z.object({ scripts: z.object({ start: z.string() }), dependencies: z.record(z.string(), z.string()), devDependencies: z.record(z.string(), z.string()) }).parse(JSON.parse(read('package.json')));
    const entry = pkg.scripts.start.split(' ')[1];
    expect(final).toContain(`CMD ["node", "--import", "tsx", "${entry}"]`);
    expect(Object.keys(pkg.dependencies)).toEqual(expect.arrayContaining(['tsx', 'pino', 'prom-client', 'pg']));
  });

  it('keeps node_modules, local data, .env and the git history out of the build context', () => {
    const ignored = read('.dockerignore').split('\n').map((l) => l.trim());
    expect(ignored).toEqual(expect.arrayContaining(['node_modules', 'data', '.env', '.git', 'test-output']));
    expect(ignored).toContain('!.env.example');
  });
});
