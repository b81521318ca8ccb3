// What the running app reports for operators, as calls on one interface: the engine's commands,
// effect delivery, board lag, platform rate limits. main.ts hands adapters the Prometheus
// implementation (src/runtime/prometheus.ts); tests and tools use noMetrics.
import type { Platform } from '../domain/meeting.ts';
import type { Effect } from '../domain/outcome.ts';

/** How a command ended: changed the meeting, changed nothing, was a retried delivery, or was refused. */
export type CommandResult = 'changed' | 'unchanged' | 'duplicate' | 'refused';

/** How an effect's delivery ended: done, failed and released for a retry, or given up. */
export type DeliveryResult = 'done' | 'retry' | 'given-up';

export interface Metrics {
  /** A command the engine answered; `code` is the refusal code when refused. */
  commandFinished(command: string, result: CommandResult, code: string | undefined, seconds: number): void;
  /** An effect carried out (or not): `seconds` from when the change was written to the end of its delivery. */
  effectDelivered(effect: Effect['type'], result: DeliveryResult, seconds: number): void;
  /** A board update that went out: `seconds` from the oldest change it shows that was not shown yet. */
  boardShown(platform: Platform, seconds: number): void;
  /** The platform answered 429 (or its SDK waited out a rate limit) on this route. */
  rateLimited(platform: Platform, route: string): void;
}

export const noMetrics: Metrics = {
  commandFinished() {},
  effectDelivered() {},
  boardShown() {},
  rateLimited() {},
};
