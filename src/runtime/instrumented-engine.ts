// The engine as main.ts hands it out: the same engine, with each command's result and time
// reported to the metrics (changed, unchanged, a retried delivery, or refused with its code).
import type { Engine } from '../engine/engine.ts';
import type { Outcome } from '../domain/outcome.ts';
import type { CommandResult, Metrics } from './metrics.ts';

/** What an outcome counts as for the metrics. */
export function commandResult(outcome: Outcome): { readonly result: CommandResult; readonly code?: string } {
  if (!outcome.ok) return { result: 'refused', code: outcome.code };
  if (outcome.duplicate) return { result: 'duplicate' };
  return { result: outcome.changed ? 'changed' : 'unchanged' };
}

/** `now` is in milliseconds and only ever subtracted (a monotonic clock; tests pass a stepped one). */
export function instrumentEngine(engine: Engine, metrics: Metrics, now: () => number = () => performance.now()): Engine {
  return {
    get: (target) => engine.get(target),
    can: (request) => engine.can(request),
    async execute(request) {
      const started = now();
      // A throw is a bug, logged at the adapter boundary; it is not a result of the command.
      const outcome = await engine.execute(request);
      const { result, code } = commandResult(outcome);
      metrics.commandFinished(request.command, result, code, (now() - started) / 1000);
      return outcome;
    },
  };
}
