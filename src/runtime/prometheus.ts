// The Metrics port in Prometheus terms (prom-client), on a registry of its own: commands, refusals,
// effect delivery, board lag, platform 429s, and on each scrape the outbox depth read from the store.
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { commandNamed } from '../commands/registry.ts';
import type { Platform } from '../domain/meeting.ts';
import { REFUSAL_CODES, type Effect } from '../domain/outcome.ts';
import type { MeetingStore } from '../store/port.ts';
import type { Logger } from './logger.ts';
import type { CommandResult, DeliveryResult, Metrics } from './metrics.ts';
import { probeStore, PROBE_TIMEOUT_MS, type StoreProbe } from './store-probe.ts';

export interface PrometheusOptions {
  /** Read on every scrape for the outbox depth (and whether the store answers). */
  readonly store: Pick<MeetingStore, 'outboxDepth'>;
  readonly logger?: Logger;
  /** Node's process metrics (CPU, memory, event loop lag, GC). Default on. */
  readonly processMetrics?: boolean;
  /** Distinct rate-limited routes kept per platform; later ones count as "other". Default 50. */
  readonly routesPerPlatform?: number;
  readonly storeTimeoutMs?: number;
}

export interface PrometheusMetrics extends Metrics {
  readonly registry: Registry;
  /** Every metric in Prometheus' text format, and the content type to serve it with. */
  scrape(): Promise<{ readonly contentType: string; readonly body: string }>;
}

const REFUSALS: ReadonlySet<string> = new Set(REFUSAL_CODES);
const ROUTE_CHARS = 80;

export function createPrometheusMetrics(options: PrometheusOptions): PrometheusMetrics {
  const registry = new Registry();
  const registers = [registry];
  const routeCap = options.routesPerPlatform ?? 50;
  if (options.processMetrics !== false) collectDefaultMetrics({ register: registry });

  const commands = new Counter({ name: 'breakouts_commands_total', help: 'Commands the engine answered, by command and result (changed, unchanged, duplicate, refused).', labelNames: ['command', 'result'] as const, registers });
  const refusals = new Counter({ name: 'breakouts_command_refusals_total', help: 'Refused commands, by command and refusal code.', labelNames: ['command', 'code'] as const, registers });
  const commandSeconds = new Histogram({
    name: 'breakouts_command_seconds',
    help: 'Time the engine took to answer a command (store update included), by command.',
    labelNames: ['command'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers,
  });
  const deliverySeconds = new Histogram({
    name: 'breakouts_effect_delivery_seconds',
    help: 'From the change that caused an effect to the end of its delivery, by effect type and result (done, retry, given-up).',
    labelNames: ['effect', 'result'] as const,
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
    registers,
  });
  const boardLag = new Histogram({
    name: 'breakouts_board_lag_seconds',
    help: 'From the oldest change a board update shows to the update going out, by platform.',
    labelNames: ['platform'] as const,
    buckets: [0.1, 0.25, 0.5, 1, 1.5, 2, 3, 5, 10, 30],
    registers,
  });
  const rateLimits = new Counter({ name: 'breakouts_platform_rate_limited_total', help: 'Platform answers of 429 (or SDK waits for a rate limit), by platform and route.', labelNames: ['platform', 'route'] as const, registers });
  // One read per scrape serves both gauges: the registry collects every metric at once, so both
  // collect() calls start before the read ends and share it.
  let reading: Promise<StoreProbe> | undefined;
  const readStore = (): Promise<StoreProbe> =>
    (reading ??= probeStore(options.store, options.storeTimeoutMs ?? PROBE_TIMEOUT_MS).then((probe) => {
      reading = undefined;
      if (!probe.ok) options.logger?.warn('metrics: the outbox depth could not be read', { reason: probe.reason, ...(probe.error !== undefined ? { error: probe.error } : {}) });
      return probe;
    }));
  new Gauge({
    name: 'breakouts_store_up',
    help: '1 when the store answered this scrape, 0 when it failed or was too slow (the log says why).',
    registers,
    async collect() {
      this.set((await readStore()).ok ? 1 : 0);
    },
  });
  new Gauge({
    name: 'breakouts_outbox_depth',
    help: 'Effects written and not yet delivered (read from the store on each scrape).',
    registers,
    async collect() {
      const probe = await readStore();
      // NaN, not a stale or a zero depth: it is unknown while the store is down (breakouts_store_up says why).
      this.set(probe.ok ? probe.depth : Number.NaN);
    },
  });

  // Label values come from closed sets where they can; routes are the adapters' to normalise, and
  // a cap keeps a route that still carries ids from growing the series without bound.
  const routes = new Map<Platform, Set<string>>();
  function routeLabel(platform: Platform, route: string): string {
    const label = route.slice(0, ROUTE_CHARS);
    const seen = routes.get(platform) ?? new Set<string>();
    routes.set(platform, seen);
    if (seen.has(label)) return label;
    if (seen.size >= routeCap) return 'other';
    seen.add(label);
    return label;
  }
  const commandLabel = (command: string): string => (commandNamed(command) ? command : 'unknown');

  return {
    registry,
    commandFinished(command: string, result: CommandResult, code: string | undefined, seconds: number) {
      const name = commandLabel(command);
      commands.inc({ command: name, result });
      if (result === 'refused') refusals.inc({ command: name, code: code !== undefined && REFUSALS.has(code) ? code : 'other' });
      commandSeconds.observe({ command: name }, seconds);
    },
    effectDelivered(effect: Effect['type'], result: DeliveryResult, seconds: number) {
      deliverySeconds.observe({ effect, result }, Math.max(0, seconds));
    },
    boardShown(platform: Platform, seconds: number) {
      boardLag.observe({ platform }, Math.max(0, seconds));
    },
    rateLimited(platform: Platform, route: string) {
      rateLimits.inc({ platform, route: routeLabel(platform, route) });
    },
    async scrape() {
      return { contentType: registry.contentType, body: await registry.metrics() };
    },
  };
}
