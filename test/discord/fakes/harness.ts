// Starts a fake Discord and the real discord.js bot logged in to it, with an in-memory store,
// the system clock and seeded randomness (or several bots on one fake, as shard processes would
// be); `waitFor` polls what the fake recorded.
import { noMetrics, type Metrics } from '../../../src/runtime/metrics.ts';
import { noOps } from '../../../src/runtime/adapter.ts';
import { createDiscordBot, type DiscordBot } from '../../../adapters/discord/index.ts';
import type { AdapterDeps } from '../../../src/runtime/adapter.ts';
import { loadConfig } from '../../../src/runtime/config.ts';
import { createEngine, type Engine } from '../../../src/engine/engine.ts';
import { createLogger } from '../../../src/runtime/logger.ts';
import { type Clock } from '../../../src/ports.ts';
import { createSeededRandom } from '../../../src/domain/random.ts';
import { createMemoryStore } from '../../../src/store/store.ts';
import type { MeetingStore } from '../../../src/store/port.ts';
import { FakeDiscord, IDS, type FakeDiscordOptions } from './fake-discord.ts';

export const TOKEN = 'fake-bot-token-0123456789abcdef';

export interface Harness {
  readonly fake: FakeDiscord;
  readonly bot: DiscordBot;
  readonly engine: Engine;
  readonly store: MeetingStore;
  /** Every log line the bot wrote (JSON), to check what was logged and that no token was. */
  readonly logs: string[];
  stop(): Promise<void>;
}

export interface HarnessOptions extends FakeDiscordOptions {
  readonly seed?: string;
  /** The engine's, the deliverer's and the board's time (default the system clock). */
  readonly clock?: Clock;
  readonly store?: MeetingStore;
  readonly boardIntervalMs?: number;
  readonly boardPaceMs?: number;
}

/** One bot process: its own engine and logger on a store it may share with other bots. */
export interface RunningBot {
  readonly bot: DiscordBot;
  readonly engine: Engine;
  readonly store: MeetingStore;
  readonly logs: string[];
}

export interface BotOptions {
  readonly seed?: string;
  readonly clock?: Clock;
  readonly store?: MeetingStore;
  readonly metrics?: Metrics;
  /** More environment (DISCORD_SHARDS, DISCORD_SHARD_IDS …). */
  readonly env?: Record<string, string>;
  /** Where REST goes (default the fake; a shared REST proxy in front of it). */
  readonly apiUrl?: string;
  readonly boardIntervalMs?: number;
  readonly boardPaceMs?: number;
  /** Resolve before the bot is ready (a test that watches it come up). */
  readonly noWait?: boolean;
}

/** Build and log in a bot against `fake` (not started when `noWait`: call bot.start() yourself). */
export async function startBot(fake: FakeDiscord, options: BotOptions = {}): Promise<RunningBot> {
  const store = options.store ?? createMemoryStore();
  const clock: Clock = options.clock ?? { now: () => new Date() };
  const random = createSeededRandom(options.seed ?? 'discord');
  const engine = createEngine({ store, clock, random });
  const apiUrl = options.apiUrl ?? fake.apiUrl;
  const config = loadConfig({ DISCORD_TOKEN: TOKEN, DISCORD_APPLICATION_ID: IDS.app, DISCORD_API_URL: apiUrl, ...options.env });
  const logs: string[] = [];
  const logger = createLogger({ level: 'debug', write: (line) => logs.push(line) });
  const deps: AdapterDeps = { config, engine, store, clock, random, logger, metrics: options.metrics ?? noMetrics, ops: noOps };
  const discord = config.discord;
  if (!discord) throw new Error('harness: no discord config');
  const bot = createDiscordBot(deps, discord, {
    rest: { api: apiUrl, retries: 0, timeout: 5000 },
    waitGuildTimeout: 500,
    boardIntervalMs: options.boardIntervalMs ?? 0,
    boardPaceMs: options.boardPaceMs ?? 0,
  });
  if (!options.noWait) await bot.start();
  return { bot, engine, store, logs };
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const fake = await new FakeDiscord(options).start();
  const { bot, engine, store, logs } = await startBot(fake, options);
  return {
    fake,
    bot,
    engine,
    store,
    logs,
    async stop() {
      await bot.stop();
      await fake.stop();
    },
  };
}

/** A clock a test moves by hand: it never moves by itself. */
export interface ManualClock extends Clock {
  advance(ms: number): void;
}

export function manualClock(start: string): ManualClock {
  let t = Date.parse(start);
  return {
    now: () => new Date(t),
    advance(ms) {
      t += ms;
    },
  };
}

/**
 * Poll `probe` until it gives a value. A probe that throws (say, reading a board that is not
 * posted yet) counts as "not yet"; on timeout its last error is part of the message.
 */
export async function waitFor<T>(what: string, probe: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 5000): Promise<T> {
  const until = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value;
      lastError = undefined;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}${lastError instanceof Error ? ` (last: ${lastError.message})` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
