// Shared by the playground tests and the docs screenshot: a playground on 127.0.0.1:0 with an
// in-memory store and seeded randomness, and Debian's Chromium driven by playwright-core.
import { noMetrics } from '../../src/runtime/metrics.ts';
import { noOps } from '../../src/runtime/adapter.ts';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { loadConfig } from '../../src/runtime/config.ts';
import { createEngine } from '../../src/engine/engine.ts';
import { silentLogger, type Logger } from '../../src/runtime/logger.ts';
import { type Clock } from '../../src/ports.ts';
import { createSeededRandom } from '../../src/domain/random.ts';
import { type MeetingStore } from '../../src/store/port.ts';
import { createMemoryStore } from '../../src/store/store.ts';
import type { AdapterDeps } from '../../src/runtime/adapter.ts';
import { createPlayground, type Playground } from '../../adapters/playground/index.ts';

export const CHROMIUM = '/usr/bin/chromium';

/** A clock a test moves on by hand (timers, help re-pings): it stands still otherwise. */
export interface TestClock extends Clock {
  advance(ms: number): void;
}

export function createTestClock(start: Date | string): TestClock {
  let at = new Date(start).getTime();
  return {
    now: () => new Date(at),
    advance(ms) {
      at += ms;
    },
  };
}

export function testDeps(seed: string | number = 'playground', store: MeetingStore = createMemoryStore(), logger: Logger = silentLogger, clock: Clock = { now: () => new Date() }): AdapterDeps {
  const random = createSeededRandom(seed);
  return { config: loadConfig({}), engine: createEngine({ store, clock, random }), store, clock, random, logger, metrics: noMetrics, ops: noOps };
}

export interface TestPlaygroundOptions {
  /** Keep inboxes and the activity feed in this file (default: in memory only). */
  readonly statePath?: string;
  /** Default 0: any free port. */
  readonly port?: number;
  /** The engine's and the deliverer's clock (default: the real one); move it on, then `session.catchUp()`. */
  readonly clock?: Clock;
}

export async function startTestPlayground(
  seed: string | number = 'playground',
  store: MeetingStore = createMemoryStore(),
  logger: Logger = silentLogger,
  options: TestPlaygroundOptions = {},
): Promise<Playground> {
  return createPlayground(testDeps(seed, store, logger, options.clock), { port: options.port ?? 0, host: '127.0.0.1', ...(options.statePath ? { statePath: options.statePath } : {}) });
}

export interface Browser {
  readonly context: BrowserContext;
  /** A new page that records console errors and uncaught page errors into `errors`. */
  open(url: string): Promise<Page>;
  readonly errors: string[];
  close(): Promise<void>;
}

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: the playground's browser tests need Debian's Chromium (apt-get install -y chromium; .ci/run installs it).`);
  }
  const profile = mkdtempSync(join(tmpdir(), 'breakouts-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1440, height: 1000 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const errors: string[] = [];
  return {
    context,
    errors,
    async open(url) {
      const page = await context.newPage();
      page.on('console', (message) => {
        if (message.type() === 'error') errors.push(`console: ${message.text()}`);
      });
      page.on('pageerror', (error) => errors.push(`page: ${error.message}`));
      await page.goto(url);
      return page;
    },
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
