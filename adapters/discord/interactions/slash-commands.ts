// /breakouts and /breakouts-me: deferred at once, read in one stage, pointed at the meeting of a
// voice channel (the one named, the one the person is in, or the one whose board is here), the
// voice roster brought up to date, then the engine's command and the shared delivery.
import { ChannelType, type ChatInputCommandInteraction, type Guild } from 'discord.js';
import { z } from 'zod';
import { buildBoard } from '../../../src/board/board.ts';
import { helpText, typedCommand, type Command } from '../../../src/commands/registry.ts';
import { SYSTEM_ACTOR, type Actor } from '../../../src/domain/actor.ts';
import type { Place } from '../../../src/domain/meeting.ts';
import type { Outcome } from '../../../src/domain/outcome.ts';
import { AttachmentSchema, downloadAttachment, type AttachmentRef } from '../attachments.ts';
import { CHANNEL_OPTION, FACILITATOR_COMMAND, FILE_OPTION, optionKind, SUBCOMMANDS } from '../command-json.ts';
import { LAYOUT_FILE_BYTES } from '../limits.ts';
import { isRunCommand } from '../errors.ts';
import { discordPlace } from '../meeting-index.ts';
import { renderBoardPage, type DiscordPayload } from '../render.ts';
import { askAnswer, renderText } from '../render-screens.ts';
import { layoutEmails } from '../../../src/domain/layout-csv.ts';
import { peopleInVoice } from '../voice.ts';
import type { Answer } from './answer.ts';
import { actorOf, read, SnowflakeSchema, type InteractionContext } from './context.ts';

const OptionUserSchema = z.object({ id: SnowflakeSchema, name: z.string().min(1) });
/** discord.js checks an option's declared type, not its value: an "integer" may arrive as text. */
const IntegerOptionSchema = z.number().int();
const StringOptionSchema = z.string();

/** A slash command as Breakouts reads it: everything taken from discord.js's accessors, once. */
interface SlashRequest {
  readonly sub: string;
  readonly spec: Command | undefined;
  readonly actor: Actor;
  readonly picked: { readonly id: string; readonly type: ChannelType } | null;
  /** The channel it was typed in, when that is a voice channel's chat. */
  readonly here: string | null;
  readonly topic: string | undefined;
  readonly input: Record<string, unknown>;
  /** A file attached to the command (import-layout's CSV). */
  readonly file: AttachmentRef | undefined;
}

function optionsInput(i: ChatInputCommandInteraction, spec: Command | undefined): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  for (const arg of spec?.args ?? []) {
    const kind = optionKind(spec?.name ?? '', arg);
    if (kind === 'user') {
      const user = i.options.getUser(arg.name);
      if (!user) continue;
      const member = i.options.getMember(arg.name);
      const name = member && 'displayName' in member ? member.displayName : (user.globalName ?? user.username);
      input[arg.name] = OptionUserSchema.parse({ id: user.id, name });
    } else if (kind === 'integer') {
      const n = i.options.getInteger(arg.name);
      if (n !== null) input[arg.name] = IntegerOptionSchema.parse(n);
    } else {
      const s = i.options.getString(arg.name);
      if (s !== null) input[arg.name] = StringOptionSchema.parse(s);
    }
  }
  return input;
}

function readSlash(i: ChatInputCommandInteraction): SlashRequest {
  const sub = i.options.getSubcommand(false) ?? '';
  // A name like "constructor" must not find anything but a command.
  const spec = typedCommand(sub);
  const picked = i.options.getChannel(CHANNEL_OPTION);
  return {
    sub,
    spec,
    actor: actorOf(i),
    picked: picked ? { id: SnowflakeSchema.parse(picked.id), type: picked.type } : null,
    here: i.channel?.isVoiceBased() ? i.channelId : null,
    topic: sub === 'help' ? StringOptionSchema.optional().parse(i.options.getString('topic') ?? undefined) : undefined,
    input: sub === 'import' ? {} : optionsInput(i, spec),
    file: sub === 'import-layout' ? readFile(i) : undefined,
  };
}

function readFile(i: ChatInputCommandInteraction): AttachmentRef | undefined {
  const attachment = i.options.getAttachment(FILE_OPTION);
  return attachment ? AttachmentSchema.parse({ url: attachment.url, name: attachment.name, size: attachment.size }) : undefined;
}

/**
 * import-layout's CSV: the attached file, downloaded, or the text pasted into `csv`. No e-mails
 * are looked up first: Discord has no way to find a member by e-mail (see layoutAnswer).
 */
async function layoutInput(ctx: InteractionContext, request: SlashRequest): Promise<{ readonly ok: true; readonly input: Record<string, unknown> } | { readonly ok: false; readonly message: string }> {
  const pasted = request.input['csv'];
  if (!request.file) return { ok: true, input: request.input };
  if (typeof pasted === 'string' && pasted.trim() !== '') return { ok: false, message: 'Give the layout one way: attach the CSV file, or paste it into `csv`, not both.' };
  const downloaded = await downloadAttachment(request.file, { maxBytes: LAYOUT_FILE_BYTES, apiUrl: ctx.client.rest.options.api });
  return downloaded.ok ? { ok: true, input: { ...request.input, csv: downloaded.text } } : { ok: false, message: downloaded.message };
}

/**
 * After an import: Discord never tells a bot its members' e-mail addresses, so rows that name
 * people by e-mail cannot find anyone here. The answer says so, and what to use instead.
 */
function layoutAnswer(reply: string, input: Record<string, unknown>): DiscordPayload | undefined {
  const emails = typeof input['csv'] === 'string' ? layoutEmails(input['csv']).length : 0;
  if (emails === 0) return undefined;
  return renderText(
    `${reply}\nDiscord does not give bots its members’ e-mail addresses, so ${emails === 1 ? 'the row that names someone' : `the ${emails} rows that name people`} by e-mail cannot find anyone here: use the id column (right-click a member → Copy User ID) or the name column instead.`,
  );
}

/** The meeting's voice channel: the one named, the one the person is in or typed in, or the one whose board is here. */
async function voiceChannelFor(ctx: InteractionContext, i: ChatInputCommandInteraction<'cached' | 'raw'>, request: SlashRequest): Promise<string | { error: string }> {
  const { picked, here } = request;
  const own = i.guild?.voiceStates.cache.get(request.actor.id)?.channelId ?? null;
  const candidate = picked?.id ?? own ?? here;
  if (picked && picked.type !== ChannelType.GuildVoice && picked.type !== ChannelType.GuildStageVoice) {
    return { error: 'Pick a voice or stage channel: a meeting belongs to a voice channel.' };
  }
  if (candidate) {
    const meeting = await ctx.index.find(i.guildId, candidate);
    return meeting?.place.mainRoomId ?? candidate;
  }
  const posted = await ctx.index.findByBoard(i.guildId, i.channelId);
  if (posted) return posted.place.mainRoomId;
  return { error: 'Which meeting? Join the meeting’s voice channel first, or name it with the `channel` option (a meeting belongs to a voice channel).' };
}

/**
 * People in the voice channel who are not on the roster yet join it before the command runs. A
 * new meeting is created by the person who typed the command (its first facilitator), and only
 * when the engine lets their command create one.
 */
async function syncRoster(ctx: InteractionContext, guild: Guild | null, place: Place, actor: Actor, spec: Command): Promise<Outcome | undefined> {
  if (!guild) return undefined;
  const meeting = await ctx.engine.get({ place });
  if (!meeting && (!spec.creates || !(await ctx.engine.can({ target: { place }, actor, command: spec.name })).ok)) return undefined;
  const known = new Set(meeting?.attendees.map((a) => a.id));
  const missing = peopleInVoice(guild, place.mainRoomId).filter((p) => !known.has(p.id) && p.id !== actor.id);
  if (missing.length === 0) return undefined;
  const outcome = await ctx.engine.execute({ target: { place }, actor: meeting ? SYSTEM_ACTOR : actor, command: 'import', input: { people: missing } });
  if (!outcome.ok) ctx.logger.warn('roster sync refused', { code: outcome.code });
  return outcome;
}

/** The board of a meeting lives in the text channel where its first command was typed. */
async function homeBoard(ctx: InteractionContext, outcome: Outcome, channelId: string): Promise<boolean> {
  if (!outcome.ok || outcome.meeting.resources['boardChannel']) return false;
  const current = await ctx.engine.get({ meetingId: outcome.meeting.id });
  if (!current || current.resources['boardChannel']) return false;
  const remembered = await ctx.engine.execute({ target: { meetingId: current.id }, actor: SYSTEM_ACTOR, command: 'remember', input: { resources: { boardChannel: channelId } } });
  if (!remembered.ok) ctx.logger.warn('board channel not remembered', { meetingId: current.id, code: remembered.code });
  return remembered.ok;
}

export async function onSlashCommand(ctx: InteractionContext, i: ChatInputCommandInteraction, answer: Answer): Promise<void> {
  await answer.defer();
  const reading = read(() => readSlash(i));
  if (!reading.ok) return ctx.notUnderstood(i, answer, reading.error);
  const request = reading.value;
  const { sub, spec } = request;
  // Each of the three commands runs only the subcommands it carries ("constructor" is none of them).
  if (!spec || !Object.hasOwn(SUBCOMMANDS, i.commandName) || !SUBCOMMANDS[i.commandName]?.includes(sub)) {
    return answer.say(`Unknown command. Try /${FACILITATOR_COMMAND} help.`);
  }
  if (!i.inGuild()) return answer.say('Breakouts works in a server: use the command in the server of your meeting.');
  const found = await voiceChannelFor(ctx, i, request);
  if (typeof found !== 'string') return answer.say(sub === 'help' ? helpText(request.topic) : found.error);
  if (isRunCommand(sub)) {
    const missing = ctx.missingFor(i, found, sub);
    if (missing) return answer.say(missing);
  }
  const place = discordPlace(i.guildId, found);
  const { actor } = request;
  const synced = await syncRoster(ctx, i.guild, place, actor, spec);
  const layout = sub === 'import-layout' ? await layoutInput(ctx, request) : ({ ok: true, input: request.input } as const);
  if (!layout.ok) return answer.say(layout.message);
  const input = sub === 'import' ? { people: i.guild ? peopleInVoice(i.guild, found) : [] } : layout.input;
  const outcome = await ctx.engine.execute({ target: { place }, actor, command: spec.name, input });
  const homed = await homeBoard(ctx, outcome, i.channelId);
  const first =
    outcome.ok && sub === 'status'
      ? renderBoardPage(buildBoard(outcome.meeting, actor, ctx.clock.now()), 1)
      : outcome.ok && sub === 'import-layout'
        ? layoutAnswer(outcome.reply, input)
        : askAnswer(spec.name, outcome, actor.id);
  await ctx.conclude(answer, outcome, first);
  // A board that just found its home is posted even when the command itself changed nothing.
  if (homed && outcome.ok && !outcome.effects.some((e) => e.type === 'board')) await ctx.delivery.showBoard(outcome.meeting, answer.say, false);
  if (synced?.ok) await ctx.delivery.deliver(synced, answer.say, { quiet: true });
}
