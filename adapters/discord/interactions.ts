// Interactions → engine commands: /breakouts and /breakouts-me subcommands, board buttons and
// selects, DM buttons. Each is answered or deferred at once (3-second deadline), read in one stage
// (what cannot be read is bad input), then acted on (a failure is ours); effects follow the answer.
import {
  ChannelType,
  MessageFlags,
  PermissionFlagsBits,
  type ChatInputCommandInteraction,
  type Client,
  type Guild,
  type Interaction,
  type MessageComponentInteraction,
  type PermissionsBitField,
} from 'discord.js';
import { z } from 'zod';
import { commandForAction, decodeAction, type ActionRef } from '../../src/commands/action-id.ts';
import { SYSTEM_ACTOR, type Actor } from '../../src/domain/actor.ts';
import { buildBoard } from '../../src/board/board.ts';
import { helpText, typedCommand, type Command } from '../../src/commands/registry.ts';
import type { Meeting } from '../../src/domain/meeting.ts';
import type { Outcome } from '../../src/domain/outcome.ts';
import type { CommandName, Engine } from '../../src/engine/engine.ts';
import type { Logger } from '../../src/runtime/logger.ts';
import type { Runner } from '../../src/delivery/runner.ts';
import { ATTENDEE_COMMAND, ATTENDEE_SUBCOMMANDS, CHANNEL_OPTION, FACILITATOR_COMMAND } from './command-json.ts';
import { NOT_UNDERSTOOD } from './interaction-gate.ts';
import { discordPlace, type MeetingIndex } from './meeting-index.ts';
import { BOARD_PERMISSIONS_MISSING, isMissingAccess, missingPermissions, type BoardPublisher } from './platform.ts';
import { renderAudioPicker, renderBoardPage, renderConfirm, renderRoomPicker, renderText, type DiscordPayload } from './render.ts';
import { peopleInVoice } from './voice.ts';

export interface InteractionDeps {
  readonly client: Client;
  readonly engine: Engine;
  readonly runner: Runner;
  readonly board: BoardPublisher;
  readonly index: MeetingIndex;
  readonly logger: Logger;
}

const EPHEMERAL = MessageFlags.Ephemeral;
const SORRY = 'Sorry — something went wrong on Breakouts’ side (it is logged). Try again in a moment, or use /breakouts-me status to see where things stand.';
/** The commands whose runs need the bot's channel permissions, checked before they start. */
const RUN_COMMANDS = ['apply', 'start', 'end'] as const;
type RunCommand = (typeof RUN_COMMANDS)[number];
const isRunCommand = (name: string): name is RunCommand => (RUN_COMMANDS as readonly string[]).includes(name);
const RoomValueSchema = z.string().regex(/^(main|[1-9][0-9]?)$/);
const SnowflakeSchema = z.string().regex(/^[0-9]{1,32}$/);
const ActorSchema = z.object({ id: SnowflakeSchema, name: z.string().min(1), canManage: z.boolean() });
const OptionUserSchema = z.object({ id: SnowflakeSchema, name: z.string().min(1) });
/** discord.js checks an option's declared type, not its value: an "integer" may arrive as text. */
const IntegerOptionSchema = z.number().int();
const StringOptionSchema = z.string();
/** A select sends at most 25 values (Discord's limit), each a string. */
const SelectValuesSchema = z.array(z.string()).max(25);
/** A page of a large board (a 1,000-person board has a few dozen at most). */
const PageSchema = z.string().regex(/^[1-9][0-9]{0,2}$/).transform(Number);

/** The interactions Breakouts answers. */
type RepliableInteraction = ChatInputCommandInteraction | MessageComponentInteraction;

type Answer = { readonly mode: 'reply' | 'update' };

/** A slash command as Breakouts reads it: everything taken from discord.js's accessors, once. */
interface SlashRequest {
  readonly sub: string;
  readonly spec: Command | undefined;
  /** Typed as /breakouts-me (the attendee command) rather than /breakouts. */
  readonly open: boolean;
  readonly actor: Actor;
  readonly picked: { readonly id: string; readonly type: ChannelType } | null;
  /** The channel it was typed in, when that is a voice channel's chat. */
  readonly here: string | null;
  readonly topic: string | undefined;
  readonly input: Record<string, unknown>;
}

/** A click or a choice as Breakouts reads it. */
interface ClickRequest {
  readonly customId: unknown;
  /** Clicked on someone's own (ephemeral) copy of the board or a picker, not the shared board. */
  readonly ephemeral: boolean;
  readonly actor: Actor;
  /** What was picked in a select: a string select's values, or a user select's people. */
  readonly strings: readonly string[];
  readonly users: readonly string[];
}

/**
 * The read stage. discord.js's accessors throw on payloads that do not fit (an option of type 3
 * read as an integer, a message that is not a message), and that is the request's fault, not
 * ours: a throw here is answered as not understood instead of with the apology.
 */
function read<T>(reading: () => T): { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: unknown } {
  try {
    return { ok: true, value: reading() };
  } catch (error) {
    return { ok: false, error };
  }
}

function actorOf(i: RepliableInteraction): Actor {
  const member = i.member;
  const name = member && 'displayName' in member ? member.displayName : (member?.nick ?? i.user.globalName ?? i.user.username);
  return ActorSchema.parse({ id: i.user.id, name, canManage: i.memberPermissions?.has(PermissionFlagsBits.MoveMembers) ?? false });
}

function payload(p: DiscordPayload) {
  return { content: p.content ?? '', embeds: p.embeds, components: p.components };
}

export function createInteractionHandler(deps: InteractionDeps): (interaction: Interaction) => Promise<void> {
  const { engine, runner, board, index, logger } = deps;

  async function finish(i: RepliableInteraction, p: DiscordPayload): Promise<void> {
    await i.editReply(payload(p));
  }

  function botPermissions(i: RepliableInteraction, guild: Guild | null, voiceId: string): Readonly<PermissionsBitField> | null {
    const me = guild?.members.me;
    const channel = guild?.channels.cache.get(voiceId);
    return (me && channel ? channel.permissionsFor(me) : null) ?? i.appPermissions;
  }

  /**
   * After the answer: make sure the board has a home, then carry out every effect. The person
   * already has their answer, so a failure here is logged, not shown as an apology.
   */
  async function carry(i: RepliableInteraction, outcomes: readonly Outcome[], boardChannel: string | null): Promise<void> {
    try {
      await carryUnsafe(outcomes, boardChannel);
    } catch (error) {
      const last = outcomes[outcomes.length - 1];
      logger.error('could not carry out the effects', { meetingId: last?.meeting?.id, error });
      if (isMissingAccess(error)) await i.followUp({ content: BOARD_PERMISSIONS_MISSING, flags: EPHEMERAL }).catch(() => undefined);
    }
  }

  async function carryUnsafe(outcomes: readonly Outcome[], boardChannel: string | null): Promise<void> {
    const last = outcomes[outcomes.length - 1];
    if (last && !last.ok && last.code === 'stale' && last.meeting) await board.update(last.meeting.id);
    if (last?.ok && boardChannel && last.meeting.place.platform === 'discord' && !last.meeting.resources['boardChannel']) {
      const current = await engine.get({ meetingId: last.meeting.id });
      if (current && !current.resources['boardChannel']) {
        await engine.execute({ target: { meetingId: current.id }, actor: SYSTEM_ACTOR, command: 'remember', input: { resources: { boardChannel } } });
        await board.update(current.id);
      }
    }
    for (const outcome of outcomes) await runner.carryOut(outcome);
  }

  function answerText(outcome: Outcome): string {
    if (outcome.ok) return outcome.reply || 'Done.';
    return outcome.message;
  }

  // ---- slash commands ------------------------------------------------------------------

  async function voiceChannelFor(i: ChatInputCommandInteraction, request: SlashRequest, guild: Guild | null): Promise<string | { error: string }> {
    const guildId = i.guildId ?? '';
    const { picked, here } = request;
    const own = guild?.voiceStates.cache.get(request.actor.id)?.channelId ?? null;
    const candidate = picked?.id ?? own ?? here;
    if (picked && picked.type !== ChannelType.GuildVoice && picked.type !== ChannelType.GuildStageVoice) {
      return { error: 'Pick a voice or stage channel: a meeting belongs to a voice channel.' };
    }
    if (candidate) {
      const meeting = await index.find(guildId, candidate);
      return meeting?.place.mainRoomId ?? candidate;
    }
    const posted = await index.findByBoard(guildId, i.channelId);
    if (posted) return posted.place.mainRoomId;
    return { error: 'Which meeting? Join the meeting’s voice channel first, or name it with the `channel` option (a meeting belongs to a voice channel).' };
  }

  function optionsInput(i: ChatInputCommandInteraction, spec: Command | undefined): Record<string, unknown> {
    const input: Record<string, unknown> = {};
    for (const arg of spec?.args ?? []) {
      if (arg.kind === 'user') {
        const user = i.options.getUser(arg.name);
        if (!user) continue;
        const member = i.options.getMember(arg.name);
        const name = member && 'displayName' in member ? member.displayName : (user.globalName ?? user.username);
        input[arg.name] = OptionUserSchema.parse({ id: user.id, name });
      } else if (arg.kind === 'integer' || arg.kind === 'room') {
        const n = i.options.getInteger(arg.name);
        if (n !== null) input[arg.name] = IntegerOptionSchema.parse(n);
      } else {
        const s = i.options.getString(arg.name);
        if (s !== null) input[arg.name] = StringOptionSchema.parse(s);
      }
    }
    return input;
  }

  /** People in the voice channel who are not on the roster yet join it before the command runs. */
  async function syncRoster(guild: Guild | null, place: ReturnType<typeof discordPlace>, actor: Actor, spec: Command): Promise<Outcome | undefined> {
    if (!guild) return undefined;
    const people = peopleInVoice(guild, place.mainRoomId);
    const meeting = await engine.get({ place });
    if (!meeting && !spec.creates) return undefined;
    const known = new Set(meeting?.attendees.map((a) => a.id));
    const missing = people.filter((p) => !known.has(p.id) && p.id !== actor.id);
    if (missing.length === 0) return undefined;
    // A new meeting is created by the person who typed the command (its first facilitator).
    const outcome = await engine.execute({ target: { place }, actor: meeting ? SYSTEM_ACTOR : actor, command: 'import', input: { people: missing } });
    if (!outcome.ok) logger.warn('roster sync refused', { code: outcome.code });
    return outcome;
  }

  function readSlash(i: ChatInputCommandInteraction): SlashRequest {
    const sub = i.options.getSubcommand(false) ?? '';
    // A name like "constructor" must not find anything but a command.
    const spec = typedCommand(sub);
    const picked = i.options.getChannel(CHANNEL_OPTION);
    return {
      sub,
      spec,
      open: i.commandName === ATTENDEE_COMMAND,
      actor: actorOf(i),
      picked: picked ? { id: SnowflakeSchema.parse(picked.id), type: picked.type } : null,
      here: i.channel?.isVoiceBased() ? i.channelId : null,
      topic: sub === 'help' ? StringOptionSchema.optional().parse(i.options.getString('topic') ?? undefined) : undefined,
      input: sub === 'import' ? {} : optionsInput(i, spec),
    };
  }

  async function onCommand(i: ChatInputCommandInteraction): Promise<void> {
    await i.deferReply({ flags: EPHEMERAL });
    const reading = read(() => readSlash(i));
    if (!reading.ok) return notUnderstood(i, reading.error, () => finish(i, renderText(NOT_UNDERSTOOD)));
    const request = reading.value;
    const { sub, spec, open } = request;
    if (!spec || (i.commandName !== FACILITATOR_COMMAND && !open) || (open && !(ATTENDEE_SUBCOMMANDS as readonly string[]).includes(sub))) {
      return finish(i, renderText(`Unknown command. Try /${FACILITATOR_COMMAND} help.`));
    }
    if (!i.inGuild()) return finish(i, renderText('Breakouts works in a server: use the command in the server of your meeting.'));
    const guild = i.guild;
    const found = await voiceChannelFor(i, request, guild);
    if (typeof found !== 'string') {
      if (sub === 'help') return finish(i, renderText(helpText(request.topic)));
      return finish(i, renderText(found.error));
    }
    const place = discordPlace(i.guildId, found);
    if (isRunCommand(sub)) {
      const missing = missingPermissions(botPermissions(i, guild, found), sub);
      if (missing) return finish(i, renderText(missing));
    }
    const actor = request.actor;
    // The open command never starts a meeting: on Discord, meetings are started by members who
    // may move members (the engine would make whoever creates a meeting its facilitator).
    if (open && !actor.canManage && !(await engine.get({ place }))) {
      return finish(i, renderText('There is no Breakouts meeting in this voice channel yet. A facilitator starts one with /breakouts distribute.'));
    }
    const synced = await syncRoster(guild, place, actor, spec);
    const input = sub === 'import' ? { people: guild ? peopleInVoice(guild, found) : [] } : request.input;
    const outcome = await engine.execute({ target: { place }, actor, command: spec.name, input });
    if (outcome.ok && sub === 'status') await finish(i, renderBoardPage(buildBoard(outcome.meeting, actor), 1));
    else await finish(i, renderText(answerText(outcome)));
    await carry(i, synced?.ok ? [synced, outcome] : [outcome], i.channelId);
  }

  // ---- buttons and selects -------------------------------------------------------------

  async function execute(i: MessageComponentInteraction, actor: Actor, ref: ActionRef, command: CommandName, input: unknown, answer: Answer): Promise<void> {
    if (answer.mode === 'update') await i.deferUpdate();
    else await i.deferReply({ flags: EPHEMERAL });
    const outcome = await engine.execute({ target: { meetingId: ref.meetingId }, actor, command, input, version: ref.version });
    await finish(i, renderText(answerText(outcome)));
    await carry(i, [outcome], null);
  }

  function readClick(i: MessageComponentInteraction): ClickRequest {
    return {
      customId: i.customId,
      ephemeral: i.message.flags.has(MessageFlags.Ephemeral),
      actor: actorOf(i),
      strings: i.isStringSelectMenu() ? SelectValuesSchema.parse(i.values) : [],
      users: i.isUserSelectMenu() ? SelectValuesSchema.parse(i.values) : [],
    };
  }

  async function onComponent(i: MessageComponentInteraction): Promise<void> {
    const reading = read(() => readClick(i));
    if (!reading.ok) return notUnderstood(i, reading.error, () => i.reply({ content: NOT_UNDERSTOOD, flags: EPHEMERAL }));
    const { customId, ephemeral, actor, strings, users } = reading.value;
    const decoded = decodeAction(customId);
    if (!decoded.ok) return void (await i.reply({ ...payload(renderText(decoded.message)), flags: EPHEMERAL }));
    const ref = decoded.ref;
    const meeting = await engine.get({ meetingId: ref.meetingId });
    // The shared board lives in one channel; a person's own (ephemeral) copy may be elsewhere,
    // say a /breakouts status typed in the voice channel's chat.
    const elsewhere =
      !meeting ||
      meeting.place.platform !== 'discord' ||
      (i.guildId !== null && meeting.place.workspaceId !== i.guildId) ||
      (i.guildId !== null && !ephemeral && meeting.resources['boardChannel'] !== undefined && meeting.resources['boardChannel'] !== i.channelId) ||
      (i.guildId === null && ref.verb !== 'confirm-phone');
    if (elsewhere) {
      return void (await i.reply({ content: 'That button belongs to another meeting’s board (or one that no longer exists). Nothing was changed; use the board in the meeting’s channel.', flags: EPHEMERAL }));
    }
    const answer: Answer = { mode: ephemeral ? 'update' : 'reply' };
    const view = buildBoard(meeting, actor);
    const show = async (p: DiscordPayload): Promise<void> => {
      if (answer.mode === 'update') await i.update(payload(p));
      else await i.reply({ ...payload(p), flags: EPHEMERAL });
    };
    const [arg1] = ref.args;
    // First what is this adapter's own UI (pages, pickers, confirmations, up-front checks) …
    switch (ref.verb) {
      case 'page': {
        const page = PageSchema.safeParse(arg1);
        return show(page.success ? renderBoardPage(view, page.data) : renderText('That page does not exist. Use /breakouts status for the board.'));
      }
      case 'refresh':
        await show(renderText('Board refreshed.'));
        return board.update(meeting.id);
      case 'audio':
        if (arg1 === undefined) return show(renderAudioPicker(view, meeting.attendees.find((a) => a.id === actor.id)?.audio));
        break;
      case 'shuffle':
      case 'end': {
        const action = view.actions.find((a) => a.verb === ref.verb);
        if (arg1 !== 'yes' && action?.confirm) return show(renderConfirm({ ...view, version: ref.version }, action));
        if (ref.verb === 'end' && (await refuseMissingPermissions(i, meeting, 'end', show))) return;
        break;
      }
      case 'apply':
      case 'start':
        if (await refuseMissingPermissions(i, meeting, ref.verb, show)) return;
        break;
      case 'move-open': {
        const picked = SnowflakeSchema.safeParse(users[0]);
        if (!picked.success) return show(renderText('Pick one person from the list.'));
        // The board model says who may move people (the engine checks the move itself again).
        if (!view.actions.some((a) => a.verb === 'move-open')) return show(renderText('Only a facilitator can move people.'));
        const person = meeting.attendees.find((a) => a.id === picked.data);
        if (!person) return show(renderText('That person is not on this meeting’s roster. They join by entering the voice channel, or with /breakouts-me join.'));
        return show(renderRoomPicker(view, person));
      }
      default:
        break;
    }
    // … then the engine command the action stands for, the same mapping every adapter uses.
    const chosen = strings[0];
    if (chosen !== undefined && !RoomValueSchema.safeParse(chosen).success) return show(renderText('Pick a room from the list.'));
    const mapped = commandForAction(ref, chosen);
    if (!mapped) return show(renderText('That button does nothing here. Use the board’s own buttons, or /breakouts status.'));
    return execute(i, actor, ref, mapped.command, mapped.input, answer);
  }

  async function refuseMissingPermissions(i: MessageComponentInteraction, meeting: Meeting, command: RunCommand, show: (p: DiscordPayload) => Promise<void>): Promise<boolean> {
    const missing = missingPermissions(botPermissions(i, i.guild, meeting.place.mainRoomId), command);
    if (!missing) return false;
    await show(renderText(missing));
    return true;
  }

  /** Bad input is logged as a warning (it is not our failure) and answered with the sentence. */
  async function notUnderstood(i: RepliableInteraction, error: unknown, answer: () => Promise<unknown>): Promise<void> {
    logger.warn('could not read an interaction', { interactionId: i.id, guildId: i.guildId, error });
    await answer();
  }

  /** Kinds Breakouts registers none of (context menus, modals, autocomplete): still answered. */
  async function onOther(i: Interaction): Promise<void> {
    if (i.isAutocomplete()) await i.respond([]);
    else if (i.isRepliable()) await i.reply({ content: NOT_UNDERSTOOD, flags: EPHEMERAL });
  }

  return async (interaction) => {
    if (!interaction.isChatInputCommand() && !interaction.isMessageComponent()) {
      return onOther(interaction).catch((error: unknown) => logger.warn('could not answer an interaction of a kind Breakouts does not use', { interactionId: interaction.id, type: interaction.type, error }));
    }
    try {
      if (interaction.isChatInputCommand()) await onCommand(interaction);
      else await onComponent(interaction);
    } catch (error) {
      logger.error('interaction failed', {
        interaction: interaction.isChatInputCommand() ? `/${interaction.commandName} ${interaction.options.getSubcommand(false) ?? ''}` : interaction.customId,
        guildId: interaction.guildId,
        error,
      });
      try {
        if (interaction.deferred || interaction.replied) await interaction.editReply({ content: SORRY, embeds: [], components: [] });
        else await interaction.reply({ content: SORRY, flags: EPHEMERAL });
      } catch (again) {
        logger.warn('could not tell the person about the failure', { error: again });
      }
    }
  };
}
