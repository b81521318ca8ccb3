// A loopback Discord for tests and the bench: REST (the routes Breakouts calls) and a v10 JSON
// gateway on one 127.0.0.1 port, with a server of channels, members and voice states (and a
// second one on demand, on the other shard of two). It records every REST call, moves members
// when asked (and says so over the gateway, like Discord), can be told to fail calls (429 with
// retry_after, 500, DM error 50007), and shards like Discord: each connection gets its shard's
// servers and their events only, DMs going to shard 0. Messages with files arrive as multipart
// (payload_json plus files[n]) and keep their attachments; files people attach to a slash command
// are served from the fake's own /attachments/ URLs.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { z } from 'zod';

export const PERMS = {
  createInstantInvite: 1n << 0n,
  manageChannels: 1n << 4n,
  viewChannel: 1n << 10n,
  sendMessages: 1n << 11n,
  embedLinks: 1n << 14n,
  connect: 1n << 20n,
  speak: 1n << 21n,
  moveMembers: 1n << 24n,
  setVoiceChannelStatus: 1n << 48n,
} as const;
export const EVERYONE_PERMS = PERMS.viewChannel | PERMS.sendMessages | PERMS.embedLinks | PERMS.connect | PERMS.speak;
export const BOT_PERMS = EVERYONE_PERMS | PERMS.manageChannels | PERMS.moveMembers | PERMS.setVoiceChannelStatus;

/** A file sent with a message (multipart), as the fake read it. */
export interface SentFile {
  readonly field: string;
  readonly filename: string;
  readonly contentType: string;
  readonly content: string;
}

/** A file someone attached to a slash command, served by the fake at `url`. */
export interface FakeAttachment {
  readonly id: string;
  readonly filename: string;
  readonly size: number;
  readonly url: string;
  readonly proxy_url: string;
  readonly content_type: string;
}

export interface RestCall {
  readonly method: string;
  readonly path: string;
  readonly body: unknown;
  /** Files of a multipart request. */
  readonly files: readonly SentFile[];
  readonly at: number;
  /** The status the fake answered with (set when the answer is sent). */
  status?: number;
}

export interface FailRule {
  readonly method: string;
  readonly path: RegExp;
  readonly status: number;
  readonly body: Record<string, unknown>;
  readonly headers?: Record<string, string>;
  /** How many matching calls fail (then the rule is spent). */
  times: number;
  /** Only calls after this many matching calls have succeeded. */
  after?: number;
  seen?: number;
}

/** A rate-limited bucket: every matching call within `windowMs` of the first one is answered 429. */
export interface RateLimitWindow {
  readonly method: string;
  readonly path: RegExp;
  readonly windowMs: number;
  /** Set by the first matching call. */
  until?: number;
}

interface FakeChannel {
  id: string;
  guild_id: string;
  type: number;
  name: string;
  parent_id: string | null;
  permission_overwrites: { id: string; type: number; allow: string; deny: string }[];
  /** A voice channel's user limit (0 = none). */
  user_limit: number;
}
interface FakeUser {
  id: string;
  username: string;
  global_name: string | null;
  bot?: boolean;
}
interface VoiceEntry {
  channelId: string | null;
  suppress: boolean;
}
interface StoredMessage {
  id: string;
  channel_id: string;
  content: string;
  embeds: unknown[];
  components: unknown[];
  flags: number;
  /** Files sent with the message. */
  files?: readonly SentFile[];
}

const BodySchema = z.record(z.string(), z.unknown());
const MemberPatchSchema = z.object({ channel_id: z.string().nullable().optional() });
const ChannelCreateSchema = z.object({ name: z.string(), type: z.number(), parent_id: z.string().nullish(), user_limit: z.number().int().min(0).max(99).optional() });
/** Discord refuses a user limit above 99 (50035 Invalid Form Body). */
const ChannelPatchSchema = z.object({ user_limit: z.number().int().min(0).max(99).optional(), name: z.string().min(1).max(100).optional() }).strict();
const DmSchema = z.object({ recipient_id: z.string() });
const VoiceStatusSchema = z.object({ status: z.string().max(500) });
const MessageBodySchema = z.object({
  content: z.string().optional(),
  embeds: z.array(z.unknown()).optional(),
  components: z.array(z.unknown()).optional(),
  flags: z.number().optional(),
});
const CallbackSchema = z.object({ type: z.number(), data: MessageBodySchema.extend({ choices: z.array(z.unknown()).optional() }).optional() });

export interface FakeDiscordOptions {
  readonly guildId?: string;
  /** Number of members (besides the facilitator) and where they are: voice channel id or null. */
  readonly members?: number;
  readonly voiceFor?: (index: number) => string | null;
  readonly botPermissions?: bigint;
  /** The shard count GET /gateway/bot recommends (default 1). */
  readonly shards?: number;
  /** A second server (GUILD_B) with its own facilitator and this many members in its voice channel. */
  readonly secondGuild?: { readonly members: number };
}

export const IDS = {
  app: '100000000000000001',
  bot: '100000000000000002',
  guild: '200000000000000001',
  text: '300000000000000001',
  voice: '300000000000000002',
  otherVoice: '300000000000000003',
  stage: '300000000000000004',
  mutedVoice: '300000000000000005',
  facilitator: '400000000000000001',
  botRole: '500000000000000001',
} as const;

export function memberId(i: number): string {
  return (410000000000000000n + BigInt(i)).toString();
}

/**
 * The second server: on shard 1 when there are two (IDS.guild is on shard 0), so a test can see
 * each server's events reach only its shard. Its people are not in the first server's voice.
 */
export const GUILD_B = {
  guild: '200000000004194305',
  text: '310000000000000001',
  voice: '310000000000000002',
  facilitator: '400000000000000002',
} as const;

export function memberOfB(i: number): string {
  return (420000000000000000n + BigInt(i)).toString();
}

/** Discord's rule: a server's events go to shard (server id >> 22) % shard count. */
export function shardOf(guildId: string, count: number): number {
  return Number((BigInt(guildId) >> 22n) % BigInt(count));
}

/** One gateway session: its shard, and its own sequence (kept across a resume). */
interface Session {
  readonly id: string;
  readonly shard: readonly [number, number];
  seq: number;
}

interface Connection {
  readonly ws: WebSocket;
  session?: Session;
}

const IdentifySchema = z.object({ d: z.object({ shard: z.tuple([z.number().int(), z.number().int()]).optional() }).loose() });
const ResumeSchema = z.object({ d: z.object({ session_id: z.string() }).loose() });
/** Hostile-payload tests send any guild_id: only a snowflake picks a shard (anything else goes where DMs go). */
const GuildOfSchema = z.object({ guild_id: z.string().regex(/^[0-9]{1,20}$/) }).loose();

export class FakeDiscord {
  readonly calls: RestCall[] = [];
  readonly rules: FailRule[] = [];
  readonly channels = new Map<string, FakeChannel>();
  readonly users = new Map<string, FakeUser>();
  readonly voice = new Map<string, VoiceEntry>();
  readonly messages = new Map<string, StoredMessage>();
  /** Interaction token → its callbacks and original response. */
  readonly responses = new Map<
    string,
    {
      callbacks: { type: number; data?: unknown; at: number }[];
      original?: StoredMessage;
      followUps: StoredMessage[];
      channelId: string;
      /** When the INTERACTION_CREATE went out (performance.now(), like the callbacks' `at`). */
      dispatchedAt?: number;
    }
  >();
  /** DM channel id → recipient. */
  readonly dmChannels = new Map<string, string>();
  /** Files people attached to slash commands: attachment id → the attachment and its bytes. */
  readonly attachments = new Map<string, { readonly json: FakeAttachment; readonly bytes: Buffer }>();
  readonly closedDms = new Set<string>();
  /** Every member move that succeeded, in order. */
  readonly moves: { userId: string; channelId: string | null }[] = [];
  /** Voice channel id → its status, as the last PUT /channels/{id}/voice-status set it. */
  readonly voiceStatus = new Map<string, string>();
  readonly guildId: string;
  /** Every server the bot is in: id → name. */
  readonly guilds = new Map<string, string>();
  readonly rateLimits: RateLimitWindow[] = [];
  private botPermissions: bigint;
  private readonly shardCount: number;
  private server: Server;
  private wss: WebSocketServer;
  private connections = new Set<Connection>();
  private sessions = new Map<string, Session>();
  /** Shards whose IDENTIFY or RESUME is not answered until released, and what waits. */
  private held = new Map<number, (() => void)[]>();
  private nextId = 900000000000000000n;
  port = 0;

  constructor(options: FakeDiscordOptions = {}) {
    this.guildId = options.guildId ?? IDS.guild;
    this.botPermissions = options.botPermissions ?? BOT_PERMS;
    this.shardCount = options.shards ?? 1;
    this.guilds.set(this.guildId, 'Fake server');
    this.addChannel({ id: IDS.text, type: 0, name: 'general' });
    this.addChannel({ id: IDS.voice, type: 2, name: 'Weekly all-hands' });
    this.addChannel({ id: IDS.otherVoice, type: 2, name: 'Lounge' });
    this.addChannel({ id: IDS.stage, type: 13, name: 'Town hall' });
    this.addChannel({
      id: IDS.mutedVoice,
      type: 2,
      name: 'Listen-only',
      permission_overwrites: [{ id: this.guildId, type: 0, allow: '0', deny: PERMS.speak.toString() }],
    });
    this.users.set(IDS.bot, { id: IDS.bot, username: 'Breakouts', global_name: null, bot: true });
    this.users.set(IDS.facilitator, { id: IDS.facilitator, username: 'fran', global_name: 'Fran Facilitator' });
    this.voice.set(IDS.facilitator, { channelId: IDS.voice, suppress: false });
    const count = options.members ?? 6;
    for (let i = 1; i <= count; i++) {
      const id = memberId(i);
      this.users.set(id, { id, username: `member${i}`, global_name: `Member ${i}` });
      const channelId = options.voiceFor ? options.voiceFor(i) : IDS.voice;
      if (channelId) this.voice.set(id, { channelId, suppress: false });
    }
    if (options.secondGuild) this.addSecondGuild(options.secondGuild.members);
    this.server = createServer((req, res) => void this.handle(req, res));
    this.wss = new WebSocketServer({ server: this.server });
    this.wss.on('connection', (ws) => this.onSocket(ws));
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  get apiUrl(): string {
    return `http://127.0.0.1:${this.port}/api`;
  }

  private addSecondGuild(members: number): void {
    this.guilds.set(GUILD_B.guild, 'Second server');
    this.addChannel({ id: GUILD_B.text, type: 0, name: 'general', guild_id: GUILD_B.guild });
    this.addChannel({ id: GUILD_B.voice, type: 2, name: 'Standup', guild_id: GUILD_B.guild });
    this.users.set(GUILD_B.facilitator, { id: GUILD_B.facilitator, username: 'bea', global_name: 'Bea Facilitator' });
    this.voice.set(GUILD_B.facilitator, { channelId: GUILD_B.voice, suppress: false });
    for (let i = 1; i <= members; i++) {
      const id = memberOfB(i);
      this.users.set(id, { id, username: `bmember${i}`, global_name: `B Member ${i}` });
      this.voice.set(id, { channelId: GUILD_B.voice, suppress: false });
    }
  }

  async stop(): Promise<void> {
    for (const { ws } of this.connections) ws.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  id(): string {
    this.nextId += 1n;
    return this.nextId.toString();
  }

  setBotPermissions(perms: bigint): void {
    this.botPermissions = perms;
    for (const guildId of this.guilds.keys()) this.dispatch('GUILD_ROLE_UPDATE', { guild_id: guildId, role: this.botRole() });
  }

  /** The server a channel is in (the first server for a channel the fake does not know). */
  guildOfChannel(channelId: string | null | undefined): string {
    return (channelId ? this.channels.get(channelId)?.guild_id : undefined) ?? this.guildId;
  }

  addChannel(c: Partial<FakeChannel> & { id: string; type: number; name: string }): FakeChannel {
    const channel: FakeChannel = { parent_id: null, permission_overwrites: [], guild_id: this.guildId, user_limit: 0, ...c };
    this.channels.set(channel.id, channel);
    return channel;
  }

  /** Someone deletes a channel in Discord (a category's channels stay, without a parent). */
  deleteChannel(id: string): void {
    const channel = this.channels.get(id);
    if (!channel) return;
    this.channels.delete(id);
    for (const child of this.channels.values()) if (child.parent_id === id) child.parent_id = null;
    this.dispatch('CHANNEL_DELETE', this.channelJson(channel));
  }

  fail(rule: Omit<FailRule, 'seen'>): void {
    this.rules.push({ ...rule, seen: 0 });
  }

  /**
   * The bucket of matching calls runs out: the first one and every one within `windowMs` of it get
   * Discord's 429 (Retry-After, X-RateLimit-Remaining 0, Reset-After), later ones go through.
   */
  rateLimit(window: Omit<RateLimitWindow, 'until'>): void {
    this.rateLimits.push({ ...window });
  }

  // ---- shards -----------------------------------------------------------------------------

  /** The shard connections the fake has now: [shard id, count] of each identified one. */
  connectedShards(): (readonly [number, number])[] {
    return [...this.connections].flatMap((c) => (c.session ? [c.session.shard] : []));
  }

  /** Drop the connections of a shard, as a network failure would (discord.js reconnects and resumes). */
  dropShard(id: number): void {
    for (const c of this.connections) if (c.session?.shard[0] === id) c.ws.terminate();
  }

  /** From now on, an IDENTIFY or RESUME of this shard waits (the shard stays down) until released. */
  holdShard(id: number): void {
    if (!this.held.has(id)) this.held.set(id, []);
  }

  releaseShard(id: number): void {
    const waiting = this.held.get(id) ?? [];
    this.held.delete(id);
    for (const answer of waiting) answer();
  }

  callsTo(method: string, path: RegExp): RestCall[] {
    return this.calls.filter((c) => c.method === method && path.test(c.path));
  }

  /** Messages posted to a channel (the board is the first one Breakouts posts there). */
  channelMessages(channelId: string): StoredMessage[] {
    return [...this.messages.values()].filter((m) => m.channel_id === channelId);
  }

  dmsTo(userId: string): StoredMessage[] {
    return [...this.messages.values()].filter((m) => this.dmChannels.get(m.channel_id) === userId);
  }

  // ---- payload shapes ------------------------------------------------------------------

  userJson(id: string) {
    const u = this.users.get(id) ?? { id, username: `user${id.slice(-4)}`, global_name: null };
    return { id: u.id, username: u.username, global_name: u.global_name, discriminator: '0', avatar: null, bot: u.bot ?? false };
  }

  memberJson(id: string) {
    return { user: this.userJson(id), roles: id === IDS.bot ? [IDS.botRole] : [], nick: null, avatar: null, joined_at: '2026-01-01T00:00:00.000Z', deaf: false, mute: false, flags: 0 };
  }

  channelJson(c: FakeChannel) {
    return { ...c, position: 0, nsfw: false, bitrate: 64000, rtc_region: null, topic: null, last_message_id: null, rate_limit_per_user: 0 };
  }

  /** A voice state; with `guildId`, as VOICE_STATE_UPDATE carries it (GUILD_CREATE's have neither guild nor member). */
  voiceStateJson(userId: string, entry: VoiceEntry, guildId?: string) {
    return {
      ...(guildId ? { guild_id: guildId, member: this.memberJson(userId) } : {}),
      user_id: userId,
      channel_id: entry.channelId,
      session_id: `s${userId}`,
      deaf: false,
      mute: false,
      self_deaf: false,
      self_mute: false,
      self_video: false,
      suppress: entry.suppress,
      request_to_speak_timestamp: null,
    };
  }

  messageJson(m: StoredMessage) {
    return {
      id: m.id,
      channel_id: m.channel_id,
      author: this.userJson(IDS.bot),
      content: m.content,
      timestamp: '2026-01-01T00:00:00.000Z',
      edited_timestamp: null,
      tts: false,
      mention_everyone: false,
      mentions: [],
      mention_roles: [],
      attachments: (m.files ?? []).map((f, i) => ({ id: `${m.id}${i}`, filename: f.filename, size: Buffer.byteLength(f.content), url: `http://127.0.0.1:${this.port}/sent/${m.id}/${f.filename}`, proxy_url: `http://127.0.0.1:${this.port}/sent/${m.id}/${f.filename}`, content_type: f.contentType })),
      embeds: m.embeds,
      pinned: false,
      type: 0,
      flags: m.flags,
      components: m.components,
    };
  }

  botRole() {
    return { id: IDS.botRole, name: 'Breakouts', permissions: this.botPermissions.toString(), position: 1, color: 0, hoist: false, managed: true, mentionable: false, flags: 0 };
  }

  guildJson(guildId: string = this.guildId) {
    const channels = [...this.channels.values()].filter((c) => c.guild_id === guildId);
    return {
      id: guildId,
      name: this.guilds.get(guildId) ?? 'Fake server',
      unavailable: false,
      owner_id: '999999999999999999',
      icon: null,
      features: [],
      member_count: this.users.size,
      large: false,
      roles: [
        { id: guildId, name: '@everyone', permissions: EVERYONE_PERMS.toString(), position: 0, color: 0, hoist: false, managed: false, mentionable: false, flags: 0 },
        this.botRole(),
      ],
      channels: channels.map((c) => this.channelJson(c)),
      members: [...this.users.keys()].map((id) => this.memberJson(id)),
      voice_states: [...this.voice.entries()].filter(([, v]) => v.channelId && this.guildOfChannel(v.channelId) === guildId).map(([id, v]) => this.voiceStateJson(id, v)),
      emojis: [],
      stickers: [],
      threads: [],
      presences: [],
      stage_instances: [],
      guild_scheduled_events: [],
      soundboard_sounds: [],
    };
  }

  // ---- gateway -------------------------------------------------------------------------

  private send(ws: WebSocket, frame: object): void {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(frame));
  }

  private sendDispatch(c: Connection, t: string, d: unknown): void {
    if (!c.session) return;
    this.send(c.ws, { op: 0, t, s: ++c.session.seq, d });
  }

  /** Which shard's connections get an event: its server's shard; DMs (no server) go to shard 0. */
  private receives(c: Connection, guildId: string | undefined): boolean {
    if (!c.session) return false;
    const [id, count] = c.session.shard;
    return guildId === undefined ? id === 0 : shardOf(guildId, count) === id;
  }

  dispatch(t: string, d: unknown): void {
    if (t === 'INTERACTION_CREATE') {
      const token = z.object({ token: z.string() }).safeParse(d);
      const entry = token.success ? this.responses.get(token.data.token) : undefined;
      if (entry) entry.dispatchedAt = performance.now();
    }
    const guild = GuildOfSchema.safeParse(d);
    const guildId = guild.success ? guild.data.guild_id : undefined;
    for (const c of this.connections) if (this.receives(c, guildId)) this.sendDispatch(c, t, d);
  }

  /** Answer now, or once the shard is released when it is held. */
  private whenUp(shardId: number, answer: () => void): void {
    const waiting = this.held.get(shardId);
    if (waiting) waiting.push(answer);
    else answer();
  }

  private identify(c: Connection, shard: readonly [number, number]): void {
    const [id, count] = shard;
    const session: Session = { id: `session-${id}-${this.sessions.size + 1}`, shard, seq: 0 };
    this.sessions.set(session.id, session);
    c.session = session;
    const guildIds = [...this.guilds.keys()].filter((g) => shardOf(g, count) === id);
    this.sendDispatch(c, 'READY', {
      v: 10,
      user: this.userJson(IDS.bot),
      guilds: guildIds.map((g) => ({ id: g, unavailable: true })),
      session_id: session.id,
      resume_gateway_url: `ws://127.0.0.1:${this.port}`,
      application: { id: IDS.app, flags: 0 },
      shard: [id, count],
    });
    for (const g of guildIds) this.sendDispatch(c, 'GUILD_CREATE', this.guildJson(g));
  }

  private onSocket(ws: WebSocket): void {
    const c: Connection = { ws };
    this.connections.add(c);
    ws.on('close', () => this.connections.delete(c));
    this.send(ws, { op: 10, d: { heartbeat_interval: 41250 } });
    ws.on('message', (raw) => {
      const frame = z.object({ op: z.number() }).loose().safeParse(JSON.parse(String(raw)));
      if (!frame.success) return;
      if (frame.data.op === 1) this.send(ws, { op: 11 });
      if (frame.data.op === 2) {
        const shard = IdentifySchema.safeParse(frame.data).data?.d.shard ?? ([0, 1] as const);
        // Discord closes a connection that asks for a shard that cannot exist (4010 Invalid shard).
        if (shard[1] < 1 || shard[0] < 0 || shard[0] >= shard[1]) return ws.close(4010, 'Invalid shard');
        this.whenUp(shard[0], () => this.identify(c, shard));
      }
      if (frame.data.op === 6) {
        const session = this.sessions.get(ResumeSchema.safeParse(frame.data).data?.d.session_id ?? '');
        // An unknown session cannot be resumed: op 9 with d false tells the client to identify afresh.
        if (!session) return this.send(ws, { op: 9, d: false });
        this.whenUp(session.shard[0], () => {
          c.session = session;
          this.sendDispatch(c, 'RESUMED', {});
        });
      }
    });
  }

  addUser(id: string, name: string): void {
    this.users.set(id, { id, username: name.toLowerCase().replace(/\W+/g, ''), global_name: name });
  }

  /** A member joins, leaves (null) or changes voice channel, as Discord would report it (to the server's shard). */
  setVoice(userId: string, channelId: string | null, suppress = false): void {
    const entry = { channelId, suppress };
    // Leaving is reported by the server of the channel they leave.
    const guildId = this.guildOfChannel(channelId ?? this.voice.get(userId)?.channelId);
    if (channelId) this.voice.set(userId, entry);
    else this.voice.delete(userId);
    this.dispatch('VOICE_STATE_UPDATE', this.voiceStateJson(userId, entry, guildId));
  }

  // ---- interactions --------------------------------------------------------------------

  /**
   * The common fields of an interaction from `userId` (in a guild channel, whose server it is
   * in, or a DM when `channelId` is null), its token registered so callbacks to it are recorded.
   * Hostile-payload tests build the rest and send it with `dispatch('INTERACTION_CREATE', …)`.
   */
  interactionBase(userId: string, permissions: bigint, channelId: string | null) {
    const id = this.id();
    const token = `tok${id}`;
    this.responses.set(token, { callbacks: [], followUps: [], channelId: channelId ?? this.dmFor(userId) });
    const inGuild = channelId !== null;
    const channel = inGuild ? this.channels.get(channelId) : undefined;
    const guildId = this.guildOfChannel(channelId);
    return {
      token,
      id,
      base: {
        id,
        token,
        application_id: IDS.app,
        version: 1,
        locale: 'en-US',
        entitlements: [],
        authorizing_integration_owners: { '0': guildId },
        app_permissions: this.botPermissions.toString(),
        ...(inGuild
          ? {
              guild_id: guildId,
              guild_locale: 'en-US',
              channel_id: channelId,
              channel: channel ? this.channelJson(channel) : { id: channelId, type: 0 },
              member: { ...this.memberJson(userId), permissions: permissions.toString() },
              context: 0,
            }
          : { channel_id: 'dm', channel: { id: this.dmFor(userId), type: 1, recipients: [this.userJson(userId)] }, user: this.userJson(userId), context: 1 }),
      },
    };
  }

  /** `/command sub option:value`; options are already typed (`{name,type,value}`). */
  slash(
    userId: string,
    sub: string,
    options: { name: string; type: number; value: string | number }[] = [],
    opts: { command?: string; permissions?: bigint; channelId?: string } = {},
  ): string {
    const { token, base } = this.interactionBase(userId, opts.permissions ?? PERMS.moveMembers | EVERYONE_PERMS, opts.channelId ?? IDS.text);
    const users: Record<string, unknown> = {};
    const members: Record<string, unknown> = {};
    const channels: Record<string, unknown> = {};
    const attachments: Record<string, unknown> = {};
    for (const o of options) {
      if (o.type === 6) {
        users[String(o.value)] = this.userJson(String(o.value));
        const { user: _user, ...member } = { ...this.memberJson(String(o.value)), permissions: '0' };
        members[String(o.value)] = member;
      }
      if (o.type === 7) {
        const c = this.channels.get(String(o.value));
        channels[String(o.value)] = { id: String(o.value), type: c?.type ?? 0, name: c?.name ?? 'x', permissions: '0' };
      }
      if (o.type === 11) {
        const a = this.attachments.get(String(o.value));
        if (a) attachments[String(o.value)] = a.json;
      }
    }
    this.dispatch('INTERACTION_CREATE', {
      ...base,
      type: 2,
      data: {
        id: this.id(),
        name: opts.command ?? 'breakouts',
        type: 1,
        options: [{ name: sub, type: 1, options }],
        resolved: { users, members, channels, attachments },
      },
    });
    return token;
  }

  /** A click on a button (or a choice in a select) of a message. */
  click(
    userId: string,
    customId: string,
    message: StoredMessage,
    opts: { values?: string[]; componentType?: number; permissions?: bigint; inDm?: boolean } = {},
  ): string {
    const { token, base } = this.interactionBase(userId, opts.permissions ?? PERMS.moveMembers | EVERYONE_PERMS, opts.inDm ? null : message.channel_id);
    const values = opts.values;
    const componentType = opts.componentType ?? 2;
    this.dispatch('INTERACTION_CREATE', {
      ...base,
      type: 3,
      message: this.messageJson(message),
      data: {
        custom_id: customId,
        component_type: componentType,
        ...(values ? { values } : {}),
        ...(componentType === 5 && values
          ? {
              resolved: {
                users: Object.fromEntries(values.map((v) => [v, this.userJson(v)])),
                members: Object.fromEntries(values.map((v) => [v, { ...this.memberJson(v), user: undefined, permissions: '0' }])),
              },
            }
          : {}),
      },
    });
    return token;
  }

  private dmFor(userId: string): string {
    for (const [dm, user] of this.dmChannels) if (user === userId) return dm;
    const dm = this.id();
    this.dmChannels.set(dm, userId);
    return dm;
  }

  /**
   * Someone attaches a file to a slash command: Discord stores it and gives its URL in the
   * interaction's resolved data (pass the returned id as the value of an option of type 11).
   * `declaredSize` lets a test make the declared size differ from what is served.
   */
  attach(filename: string, content: string | Buffer, options: { contentType?: string; declaredSize?: number } = {}): FakeAttachment {
    const id = this.id();
    const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
    const url = `http://127.0.0.1:${this.port}/attachments/${id}/${encodeURIComponent(filename)}`;
    const json: FakeAttachment = { id, filename, size: options.declaredSize ?? bytes.length, url, proxy_url: url, content_type: options.contentType ?? 'text/csv; charset=utf-8' };
    this.attachments.set(id, { json, bytes });
    return json;
  }

  /** What the person who used the interaction now sees (the original response). */
  reply(token: string): StoredMessage | undefined {
    return this.responses.get(token)?.original;
  }

  // ---- REST ----------------------------------------------------------------------------

  private json(res: ServerResponse, status: number, body?: unknown, headers: Record<string, string> = {}): void {
    if (body === undefined) {
      res.writeHead(status, headers).end();
      return;
    }
    res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks);
    const { body, files } = await this.readBody(req, raw);
    const method = req.method ?? 'GET';
    const path = decodeURIComponent((req.url ?? '').split('?')[0] ?? '').replace(/^\/api\/v10/, '');
    const call: RestCall = { method, path, body, files, at: performance.now() };
    this.calls.push(call);
    res.on('finish', () => (call.status = res.statusCode));
    for (const window of this.rateLimits) {
      if (window.method !== method || !window.path.test(path)) continue;
      const now = performance.now();
      window.until ??= now + window.windowMs;
      if (now >= window.until) continue;
      const seconds = ((window.until - now) / 1000).toFixed(3);
      // No X-RateLimit-Bucket: a first-seen bucket id makes @discordjs/rest move the route to a new
      // queue that knows nothing yet, as on a route's very first call; here the bucket is long known.
      const headers = { 'retry-after': seconds, 'x-ratelimit-limit': '1', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset-after': seconds, 'x-ratelimit-scope': 'user' };
      return this.json(res, 429, { message: 'You are being rate limited.', retry_after: Number(seconds), global: false }, headers);
    }
    for (const rule of this.rules) {
      if (rule.times <= 0 || rule.method !== method || !rule.path.test(path)) continue;
      rule.seen = (rule.seen ?? 0) + 1;
      if (rule.after !== undefined && rule.seen <= rule.after) continue;
      rule.times--;
      return this.json(res, rule.status, rule.body, rule.headers);
    }
    try {
      this.route(method, path, body, res, files);
    } catch (error) {
      // A body the fake cannot read (the bot sent something malformed) is the fake's 500, recorded
      // on the call, so tests can say "no 5xx" instead of the error escaping as a rejection.
      this.json(res, 500, { message: error instanceof Error ? error.message : String(error), code: 0 });
    }
  }

  /**
   * A request body: JSON, or multipart/form-data as discord.js sends messages with files
   * (payload_json holds the message, files[n] the files), read with the platform's own parser.
   */
  private async readBody(req: IncomingMessage, raw: Buffer): Promise<{ body: unknown; files: SentFile[] }> {
    const type = req.headers['content-type'] ?? '';
    if (type.startsWith('multipart/form-data')) {
      const form = await new Request('http://127.0.0.1/', { method: 'POST', headers: { 'content-type': type }, body: raw }).formData();
      const files: SentFile[] = [];
      let body: unknown = undefined;
      for (const [field, value] of form.entries()) {
        if (typeof value === 'string') {
          if (field === 'payload_json') body = JSON.parse(value);
        } else {
          files.push({ field, filename: value.name, contentType: value.type, content: await value.text() });
        }
      }
      return { body, files };
    }
    const text = raw.toString('utf8');
    try {
      return { body: text ? JSON.parse(text) : undefined, files: [] };
    } catch {
      return { body: text, files: [] };
    }
  }

  private route(method: string, path: string, body: unknown, res: ServerResponse, files: readonly SentFile[] = []): void {
    const parts = path.split('/').filter(Boolean);
    const at = (i: number): string => parts[i] ?? '';
    const ROUTES: readonly [string, RegExp][] = [
      ['GET gateway/bot', /^GET \/gateway\/bot$/],
      ['POST interactions/:/:/callback', /^POST \/interactions\/[^/]+\/[^/]+\/callback$/],
      ['PATCH webhooks/:/:/messages/@original', /^PATCH \/webhooks\/[^/]+\/[^/]+\/messages\/@original$/],
      ['POST webhooks/:/:', /^POST \/webhooks\/[^/]+\/[^/]+$/],
      ['POST channels/:/messages', /^POST \/channels\/[^/]+\/messages$/],
      ['PATCH channels/:/messages/:', /^PATCH \/channels\/[^/]+\/messages\/[^/]+$/],
      ['POST users/@me/channels', /^POST \/users\/@me\/channels$/],
      ['PATCH guilds/:/members/:', /^PATCH \/guilds\/[^/]+\/members\/[^/]+$/],
      ['PUT channels/:/voice-status', /^PUT \/channels\/[^/]+\/voice-status$/],
      ['POST guilds/:/channels', /^POST \/guilds\/[^/]+\/channels$/],
      ['PUT applications/:/commands', /^PUT \/applications\/[^/]+(\/guilds\/[^/]+)?\/commands$/],
      ['PATCH channels/:', /^PATCH \/channels\/[^/]+$/],
      ['GET attachments/:/:', /^GET \/attachments\/[^/]+\/[^/]+$/],
    ];
    const key = ROUTES.find(([, re]) => re.test(`${method} ${path}`))?.[0] ?? '';
    switch (key) {
      case 'GET gateway/bot':
        // As many shards may identify at once as there are (Discord lets large bots do so): discord.js
        // would otherwise space them 5 s apart.
        return this.json(res, 200, { url: `ws://127.0.0.1:${this.port}`, shards: this.shardCount, session_start_limit: { total: 1000, remaining: 1000, reset_after: 0, max_concurrency: this.shardCount } });
      case 'POST interactions/:/:/callback': {
        const cb = CallbackSchema.parse(body);
        const entry = this.responses.get(at(2));
        entry?.callbacks.push({ type: cb.type, data: cb.data, at: performance.now() });
        if (entry && (cb.type === 4 || cb.type === 7) && cb.data) {
          entry.original = { id: `orig${at(1)}`, channel_id: entry.channelId, content: cb.data.content ?? '', embeds: cb.data.embeds ?? [], components: cb.data.components ?? [], flags: cb.data.flags ?? 0 };
        }
        if (entry && cb.type === 5) entry.original = { id: `orig${at(1)}`, channel_id: entry.channelId, content: '', embeds: [], components: [], flags: cb.data?.flags ?? 0 };
        return this.json(res, 204);
      }
      case 'PATCH webhooks/:/:/messages/@original': {
        const entry = this.responses.get(at(2));
        const data = MessageBodySchema.parse(body);
        const before = entry?.original ?? { id: this.id(), channel_id: entry?.channelId ?? IDS.text, content: '', embeds: [], components: [], flags: 64 };
        const updated = { ...before, ...(data.content !== undefined ? { content: data.content } : {}), ...(data.embeds ? { embeds: data.embeds } : {}), ...(data.components ? { components: data.components } : {}), ...(files.length > 0 ? { files } : {}) };
        if (entry) entry.original = updated;
        return this.json(res, 200, this.messageJson(updated));
      }
      case 'POST webhooks/:/:': {
        const data = MessageBodySchema.parse(body);
        const entry = this.responses.get(at(2));
        const m = { id: this.id(), channel_id: entry?.channelId ?? IDS.text, content: data.content ?? '', embeds: data.embeds ?? [], components: data.components ?? [], flags: data.flags ?? 0, ...(files.length > 0 ? { files } : {}) };
        entry?.followUps.push(m);
        return this.json(res, 200, this.messageJson(m));
      }
      case 'POST channels/:/messages': {
        const channelId = at(1);
        const recipient = this.dmChannels.get(channelId);
        if (recipient && this.closedDms.has(recipient)) return this.json(res, 403, { message: 'Cannot send messages to this user', code: 50007 });
        const data = MessageBodySchema.parse(body);
        const m = { id: this.id(), channel_id: channelId, content: data.content ?? '', embeds: data.embeds ?? [], components: data.components ?? [], flags: data.flags ?? 0 };
        this.messages.set(m.id, m);
        return this.json(res, 200, this.messageJson(m));
      }
      case 'PATCH channels/:/messages/:': {
        const m = this.messages.get(at(3));
        if (!m) return this.json(res, 404, { message: 'Unknown Message', code: 10008 });
        const data = MessageBodySchema.parse(body);
        Object.assign(m, { ...(data.content !== undefined ? { content: data.content } : {}), ...(data.embeds ? { embeds: data.embeds } : {}), ...(data.components ? { components: data.components } : {}) });
        return this.json(res, 200, this.messageJson(m));
      }
      case 'POST users/@me/channels': {
        const { recipient_id } = DmSchema.parse(body);
        return this.json(res, 200, { id: this.dmFor(recipient_id), type: 1, recipients: [this.userJson(recipient_id)], last_message_id: null });
      }
      case 'PATCH guilds/:/members/:': {
        const userId = at(3);
        const { channel_id } = MemberPatchSchema.parse(BodySchema.parse(body));
        const current = this.voice.get(userId);
        if (channel_id !== undefined) {
          // Connected to voice in another server is not connected here.
          if (!current?.channelId || this.guildOfChannel(current.channelId) !== at(1)) return this.json(res, 400, { message: 'Target user is not connected to voice.', code: 40032 });
          this.setVoice(userId, channel_id, false);
          this.moves.push({ userId, channelId: channel_id });
        }
        return this.json(res, 200, this.memberJson(userId));
      }
      case 'PUT channels/:/voice-status': {
        // Discord answers 204; only voice channels have a status.
        const channel = this.channels.get(at(1));
        if (!channel) return this.json(res, 404, { message: 'Unknown Channel', code: 10003 });
        if (channel.type !== 2) return this.json(res, 400, { message: 'Cannot execute action on this channel type', code: 50024 });
        const { status } = VoiceStatusSchema.parse(body);
        this.voiceStatus.set(channel.id, status);
        return this.json(res, 204);
      }
      case 'POST guilds/:/channels': {
        const data = ChannelCreateSchema.parse(body);
        const parent = data.parent_id ? this.channels.get(data.parent_id) : undefined;
        if (data.parent_id && (parent?.type !== 4 || parent.guild_id !== at(1))) {
          return this.json(res, 400, { message: 'Invalid Form Body', code: 50035, errors: { parent_id: { _errors: [{ code: 'CHANNEL_PARENT_INVALID', message: 'Category does not exist' }] } } });
        }
        const channel = this.addChannel({ id: this.id(), type: data.type, name: data.name, parent_id: data.parent_id ?? null, guild_id: at(1), user_limit: data.user_limit ?? 0 });
        const json = this.channelJson(channel);
        this.dispatch('CHANNEL_CREATE', json);
        return this.json(res, 201, json);
      }
      case 'PATCH channels/:': {
        const channel = this.channels.get(at(1));
        if (!channel) return this.json(res, 404, { message: 'Unknown Channel', code: 10003 });
        const patch = ChannelPatchSchema.safeParse(body);
        if (!patch.success) return this.json(res, 400, { message: 'Invalid Form Body', code: 50035 });
        if (patch.data.user_limit !== undefined) channel.user_limit = patch.data.user_limit;
        if (patch.data.name !== undefined) channel.name = patch.data.name;
        const json = this.channelJson(channel);
        this.dispatch('CHANNEL_UPDATE', json);
        return this.json(res, 200, json);
      }
      case 'GET attachments/:/:': {
        const file = this.attachments.get(at(1));
        if (!file) return this.json(res, 404, { message: 'Not found', code: 0 });
        res.writeHead(200, { 'content-type': file.json.content_type, 'content-length': String(file.bytes.length) }).end(file.bytes);
        return;
      }
      case 'PUT applications/:/commands':
        return this.json(res, 200, z.array(BodySchema).parse(body).map((c) => ({ ...c, id: this.id(), application_id: IDS.app, version: '1' })));
      default:
        return this.json(res, 404, { message: `Unknown route ${method} ${path}`, code: 0 });
    }
  }
}
