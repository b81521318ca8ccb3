// Wires discord.js to the engine: one Client (intents Guilds + GuildVoiceStates only), the
// interaction gate and handler, the voice roster and the deliverer with the Discord room platform.
// Tests build it with `rest.api` pointed at a loopback fake.
import { Client, Events, GatewayIntentBits, type RESTOptions } from 'discord.js';
import type { AdapterDeps } from '../../src/runtime/adapter.ts';
import type { DiscordConfig } from '../../src/runtime/config.ts';
import { createDeliverer, type Deliverer } from '../../src/delivery/deliverer.ts';
import { installInteractionGate } from './interaction-gate.ts';
import { createInteractionHandler } from './interactions/handler.ts';
import { createMeetingIndex } from './meeting-index.ts';
import { createBoardPublisher, createDiscordPlatform } from './platform.ts';
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
  /** Log in and wait until the guilds are ready. */
  start(): Promise<void>;
  stop(): Promise<void>;
}

export function createDiscordBot(deps: AdapterDeps, config: DiscordConfig, options: DiscordBotOptions = {}): DiscordBot {
  const { engine, store, clock, logger } = deps;
  const client = new Client({
    intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildVoiceStates],
    rest: { ...(config.apiUrl ? { api: config.apiUrl } : {}), ...options.rest },
    ...(options.waitGuildTimeout !== undefined ? { waitGuildTimeout: options.waitGuildTimeout } : {}),
  });
  const index = createMeetingIndex(store);
  const board = createBoardPublisher({ client, engine, logger, index, ...(options.boardPaceMs !== undefined ? { paceMs: options.boardPaceMs } : {}) });
  const platform = createDiscordPlatform({ client, engine, logger, index, board });
  const deliverer = createDeliverer({
    store,
    engine,
    platform,
    clock,
    logger,
    serves: 'discord',
    metrics: deps.metrics,
    ...(options.boardIntervalMs !== undefined ? { boardIntervalMs: options.boardIntervalMs } : {}),
    ...(options.boardPaceMs !== undefined ? { boardPaceMs: options.boardPaceMs } : {}),
  });
  const onInteraction = createInteractionHandler({ client, engine, deliverer, board, index, logger });
  const onVoice = createVoiceRoster({ engine, deliverer, index, logger });

  // Payloads discord.js cannot build are answered by the gate; the ones it builds reach the handler.
  installInteractionGate(client, { applicationId: config.applicationId, logger });
  client.on(Events.InteractionCreate, (interaction) => void onInteraction(interaction));
  client.on(Events.VoiceStateUpdate, (before, after) => {
    onVoice(before, after).catch((error: unknown) => logger.error('voice roster update failed', { guildId: after.guild.id, member: after.id, error }));
  });
  client.on(Events.Error, (error) => logger.error('discord client error', { error }));
  client.on(Events.Warn, (message) => logger.warn('discord client warning', { message }));

  return {
    client,
    deliverer,
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
      // Effects written before a crash (or by a process that died) go out now, then every few seconds.
      deliverer.start();
    },
    async stop() {
      await deliverer.stop();
      await client.destroy();
    },
  };
}
