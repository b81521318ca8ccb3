// Wires discord.js to the engine: one Client (intents Guilds + GuildVoiceStates only) running this
// process's gateway shards, the interaction gate and handler, the voice roster and the deliverer
// with the Discord room platform. Tests build it with `rest.api` pointed at a loopback fake.
import { Client, Events, GatewayIntentBits, type RESTOptions } from 'discord.js';
import type { AdapterDeps, AdapterHealth } from '../../src/runtime/adapter.ts';
import type { DiscordConfig } from '../../src/runtime/config.ts';
import { createDeliverer, type Deliverer } from '../../src/delivery/deliverer.ts';
import type { Effect } from '../../src/domain/outcome.ts';
import { installInteractionGate } from './interaction-gate.ts';
import { createInteractionHandler } from './interactions/handler.ts';
import { createMeetingIndex } from './meeting-index.ts';
import { createBoardPublisher, createDiscordPlatform } from './platform.ts';
import { watchRateLimits } from './rate-limits.ts';
import { describeShards, runningShards, runsShardOf, shardHealth, shardOptions } from './shards.ts';
import { createVoiceRoster } from './voice.ts';

export interface DiscordBotOptions {
  /** REST overrides (tests: `{ api, retries: 0, timeout }`). `config.apiUrl` sets `api` otherwise. */
  readonly rest?: Partial<RESTOptions>;
  /** How long to wait for unavailable guilds at login (discord.js default 15 s). */
  readonly waitGuildTimeout?: number;
  /** Runner pacing: minimum ms between board edits during a run. */
  readonly boardIntervalMs?: number;
  /** At least this many ms between two edits of one board (default 1000; tests 0). */
  readonly boardPaceMs?: number;
}

export interface DiscordBot {
  readonly client: Client;
  readonly deliverer: Deliverer;
  /** Log in and wait until every shard this process runs has its servers ready. */
  start(): Promise<void>;
  /** Connected: every shard this process runs is ready (or which are not). */
  health(): AdapterHealth;
  /** "shards 0–1 of 2" (after start), for the start-up line; undefined when not sharded. */
  shards(): string | undefined;
  stop(): Promise<void>;
}

/**
 * Effects carried out with a server's cache (voice states, channels, the bot's permissions), so
 * only by the process running its shard: a claim pressed in a DM arrives on shard 0, whatever the server.
 */
const NEEDS_SERVER: ReadonlySet<Effect['type']> = new Set(['live-move', 'run', 'visit', 'room-status', 'room-cap']);

/** Servers the bot was removed from while this process ran (their waiting effects are given up, not left). */
const REMEMBERED_DEPARTURES = 1000;

export function createDiscordBot(deps: AdapterDeps, config: DiscordConfig, options: DiscordBotOptions = {}): DiscordBot {
  const { engine, store, clock, logger } = deps;
  const client = new Client({
    intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildVoiceStates],
    rest: { ...(config.apiUrl ? { api: config.apiUrl } : {}), ...options.rest },
    ...shardOptions(config.shards),
    ...(options.waitGuildTimeout !== undefined ? { waitGuildTimeout: options.waitGuildTimeout } : {}),
  });
  watchRateLimits(client.rest, deps.metrics);
  const index = createMeetingIndex(store);
  const board = createBoardPublisher({ client, engine, logger, index, clock, ...(options.boardPaceMs !== undefined ? { paceMs: options.boardPaceMs } : {}) });
  const platform = createDiscordPlatform({ client, engine, logger, index, clock, board });
  // A process running some of the shards sweeps only its servers' effects: the rooms, voice states
  // and channels of the others are in another process's cache, not this one's.
  const departed = new Set<string>();
  const someShards = config.shards?.ids !== undefined;
  const deliverer = createDeliverer({
    store,
    engine,
    platform,
    clock,
    logger,
    serves: 'discord',
    metrics: deps.metrics,
    ...(someShards ? { workspaces: () => [...client.guilds.cache.keys(), ...departed] } : {}),
    ...(options.boardIntervalMs !== undefined ? { boardIntervalMs: options.boardIntervalMs } : {}),
    ...(options.boardPaceMs !== undefined ? { boardPaceMs: options.boardPaceMs } : {}),
  });
  // Interactions in DMs (a conflict prompt's button) arrive on shard 0 whichever server their
  // meeting is in. The answer, the board and DMs are REST calls, made from here at once; moves
  // need the server's voice states and channels, so they wait in the outbox for the process
  // running its shard (its sweeper takes them within seconds).
  const interactionDeliverer: Deliverer = {
    ...deliverer,
    deliver: (outcome) =>
      runsShardOf(client, outcome.meeting.place.workspaceId) ? deliverer.deliver(outcome) : deliverer.deliver({ ...outcome, effects: outcome.effects.filter((e) => !NEEDS_SERVER.has(e.type)) }),
  };
  const onInteraction = createInteractionHandler({ client, engine, deliverer: interactionDeliverer, board, index, logger, clock });
  const onVoice = createVoiceRoster({ engine, deliverer, index, logger });

  // Payloads discord.js cannot build are answered by the gate; the ones it builds reach the handler.
  installInteractionGate(client, { applicationId: config.applicationId, logger });
  client.on(Events.InteractionCreate, (interaction) => void onInteraction(interaction));
  client.on(Events.VoiceStateUpdate, (before, after) => {
    onVoice(before, after).catch((error: unknown) => logger.error('voice roster update failed', { guildId: after.guild.id, member: after.id, error }));
  });
  client.on(Events.Error, (error) => logger.error('discord client error', { error }));
  client.on(Events.Warn, (message) => logger.warn('discord client warning', { message }));
  client.on(Events.ShardReady, (shard) => logger.info('Discord shard ready', { shard }));
  client.on(Events.ShardResume, (shard, replayed) => logger.info('Discord shard resumed', { shard, replayed }));
  client.on(Events.ShardReconnecting, (shard) => logger.warn('Discord shard reconnecting', { shard }));
  client.on(Events.ShardDisconnect, (event, shard) => logger.error('Discord shard disconnected and will not reconnect', { shard, code: event.code }));
  client.on(Events.ShardError, (error, shard) => logger.warn('Discord shard connection error', { shard, error }));
  client.on(Events.GuildDelete, (guild) => {
    // An outage makes a server unavailable for a while; only a removal means its effects cannot be done.
    if (!guild.available) return;
    if (departed.size >= REMEMBERED_DEPARTURES) departed.clear();
    departed.add(guild.id);
  });

  const sharded = (): string | undefined => {
    if (!config.shards) return undefined;
    const { ids, count } = runningShards(client);
    return describeShards(ids, count);
  };

  return {
    client,
    deliverer,
    health: () => shardHealth(client),
    shards: sharded,
    async start() {
      const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
      try {
        await client.login(config.token);
      } catch (error) {
        // The message of a login error never carries the token; say what to check.
        const reason = error instanceof Error ? error.message : String(error);
        throw new Error(`Discord login failed (${reason}). Check DISCORD_TOKEN (Developer Portal → Bot → Reset Token)${config.apiUrl ? ` and DISCORD_API_URL (${config.apiUrl})` : ''}.`);
      }
      await ready;
      const { ids, count } = runningShards(client);
      logger.info('Discord gateway connected', { shards: ids, shardCount: count, servers: client.guilds.cache.size });
      // Effects written before a crash (or by a process that died) go out now, then every few seconds.
      deliverer.start();
    },
    async stop() {
      await deliverer.stop();
      await client.destroy();
    },
  };
}
