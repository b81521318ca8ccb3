// What every adapter is given, and what it hands back: the seam between the engine and the
// platforms. main.ts builds the deps once and starts the adapters the config asks for.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Config } from './config.ts';
import type { Engine } from '../engine/engine.ts';
import type { Logger } from './logger.ts';
import type { Metrics } from './metrics.ts';
import type { Clock, Random } from '../ports.ts';
import type { MeetingStore } from '../store/port.ts';

export interface AdapterDeps {
  readonly config: Config;
  readonly engine: Engine;
  readonly store: MeetingStore;
  readonly clock: Clock;
  readonly random: Random;
  readonly logger: Logger;
  readonly metrics: Metrics;
  /**
   * The operator's endpoints (GET /healthz, GET /metrics): an adapter that serves HTTP offers each
   * request here first; true means it was answered. main.ts serves them itself on PORT when no
   * adapter has an HTTP server there.
   */
  readonly ops: OpsRoutes;
}

export interface OpsRoutes {
  handle(req: IncomingMessage, res: ServerResponse): boolean;
}

/** No operator endpoints (tests, tools). */
export const noOps: OpsRoutes = { handle: () => false };

/** Whether an adapter can do its work now: connected to its platform, or why not. */
export type AdapterHealth = { readonly ok: true } | { readonly ok: false; readonly reason: string };

export interface RunningAdapter {
  readonly name: string;
  /** One line for the start-up log ("Slack: Socket Mode connected"). */
  readonly description: string;
  /** Whether this adapter answers on PORT (so main.ts need not serve the ops endpoints itself). */
  readonly servesPort?: boolean;
  health(): AdapterHealth;
  /** Stop taking new work, finish what is under way (delivery included), then let go. */
  stop(): Promise<void>;
}
