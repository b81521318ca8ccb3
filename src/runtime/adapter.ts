// What every adapter is given, and what it hands back: the seam between the engine and the
// platforms. main.ts builds the deps once and starts the adapters the config asks for.
import type { Config } from './config.ts';
import type { Engine } from '../engine/engine.ts';
import type { Logger } from './logger.ts';
import type { Clock, Random } from '../ports.ts';
import type { MeetingStore } from '../store/port.ts';

export interface AdapterDeps {
  readonly config: Config;
  readonly engine: Engine;
  readonly store: MeetingStore;
  readonly clock: Clock;
  readonly random: Random;
  readonly logger: Logger;
}

export interface RunningAdapter {
  readonly name: string;
  /** One line for the start-up log ("Slack: Socket Mode connected"). */
  readonly description: string;
  stop(): Promise<void>;
}
