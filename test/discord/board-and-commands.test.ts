// Pure checks of what the Discord adapter sends: the command JSON (in sync with manifests/,
// within Discord's command limits) and the board renderer at 1,000 attendees in 50 rooms
// (every page within every message limit, everyone shown, everyone movable).
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { ATTENDEE_COMMAND, buildDiscordCommands, discordCommandsJsonText, FACILITATOR_COMMAND, PLAN_COMMAND, PLAN_NAMES, type CommandOptionJson } from '../../adapters/discord/command-json.ts';
import { DISCORD_LIMITS as L } from '../../adapters/discord/limits.ts';
import { fit } from '../../src/domain/text.ts';
import { boardPages, embedChars, renderBoard, renderBoardPage, type DiscordPayload } from '../../adapters/discord/render.ts';
import { discordWords, renderDirect, renderHelpCopy, renderMainPosts, renderRoomChoice, renderRoomPicker, renderWelcome, withFile } from '../../adapters/discord/render-screens.ts';
import { INVITE_PERMISSIONS, invitePermissions, inviteUrl } from '../../adapters/discord/invite.ts';
import type { HelpRequest } from '../../src/domain/meeting.ts';
import { commandForAction, decodeAction } from '../../src/commands/action-id.ts';
import { buildBoard } from '../../src/board/board.ts';
import { TYPED_COMMANDS as COMMANDS } from '../../src/commands/registry.ts';
import { findConflicts } from '../../src/domain/conflicts.ts';
import { AUDIO_KINDS, LIMITS, type Audio, type Meeting } from '../../src/domain/meeting.ts';
import { conflictPrompt } from '../../src/domain/messages.ts';

/** What Discord counts towards a command's 8,000 characters: names, descriptions and values, options and choices included. */
function commandChars(o: { readonly name: string; readonly description: string; readonly options?: readonly CommandOptionJson[]; readonly choices?: readonly { name: string; value: string }[] }): number {
  const choices = (o.choices ?? []).reduce((n, c) => n + c.name.length + c.value.length, 0);
  return o.name.length + o.description.length + choices + (o.options ?? []).reduce((n, x) => n + commandChars(x), 0);
}

describe('the invite URL', () => {
  test('asks for Set Voice Channel Status (1 << 48) besides the six permissions Breakouts always needed, each with why', () => {
    expect(invitePermissions()).toBe(17845264n | (1n << 48n));
    const url = new URL(inviteUrl('123456789012345678'));
    expect(url.origin + url.pathname).toBe('https://discord.com/oauth2/authorize');
    expect(url.searchParams.get('client_id')).toBe('123456789012345678');
    expect(url.searchParams.get('scope')).toBe('bot applications.commands');
    expect(BigInt(url.searchParams.get('permissions') ?? '0') & (1n << 48n)).toBe(1n << 48n);
    for (const p of INVITE_PERMISSIONS) expect(p.why.length).toBeGreaterThan(10);
    expect(INVITE_PERMISSIONS.filter((p) => p.optional).map((p) => p.name)).toEqual(['Set Voice Channel Status']);
  });
});

describe('the command JSON', () => {
  test('manifests/discord-commands.json is exactly what the engine’s command table generates', () => {
    const committed = readFileSync(new URL('../../manifests/discord-commands.json', import.meta.url), 'utf8');
    expect(committed).toBe(discordCommandsJsonText());
  });

  test('every summary and argument description in the command table fits Discord’s 100 characters uncut', () => {
    const long = COMMANDS.flatMap((c) => [c.summary, ...c.args.map((a) => a.description)]).filter((text) => text.length > L.commandDescription);
    expect(long).toEqual([]);
  });

  test('/breakouts and /breakouts-plan carry every engine command once between them, both gated to Move Members', () => {
    const [full, plan] = buildDiscordCommands();
    expect(full?.name).toBe(FACILITATOR_COMMAND);
    expect(plan?.name).toBe(PLAN_COMMAND);
    for (const command of [full, plan]) expect(command?.default_member_permissions).toBe(String(1 << 24));
    expect(full?.options.map((o) => o.name)).toEqual(COMMANDS.map((c) => c.name).filter((name) => !PLAN_NAMES.includes(name)));
    expect(plan?.options.map((o) => o.name)).toEqual(COMMANDS.map((c) => c.name).filter((name) => PLAN_NAMES.includes(name)));
    // Every planning name is a command of the engine's table (a rename there must not drop one here).
    expect(PLAN_NAMES.filter((name) => !COMMANDS.some((c) => c.name === name))).toEqual([]);
    const sub = (name: string) => full?.options.find((o) => o.name === name)?.options ?? [];
    expect(sub('move')).toEqual([
      { type: 6, name: 'user', description: 'Who to move', required: true },
      { type: 4, name: 'to', description: 'Room number (0 = the main room)', required: true, min_value: 0, max_value: 50 },
      expect.objectContaining({ type: 7, name: 'channel', required: false, channel_types: [2, 13] }),
    ]);
    expect(sub('distribute')[0]).toMatchObject({ type: 4, name: 'rooms', min_value: 1, max_value: 50, required: false });
    expect(sub('audio')[0]).toMatchObject({ type: 3, name: 'audio', required: true });
    expect(sub('audio')[0]?.choices?.map((c) => c.value)).toEqual([...AUDIO_KINDS]);
  });

  test('/breakouts-me is open to everyone and has only the attendee commands, for oneself', () => {
    const open = buildDiscordCommands().find((c) => c.name === ATTENDEE_COMMAND);
    expect(open?.name).toBe(ATTENDEE_COMMAND);
    expect(open?.default_member_permissions).toBeNull();
    expect(open?.options.map((o) => o.name).sort()).toEqual(['ask', 'audio', 'help', 'join', 'leave', 'pick', 'rounds', 'status', 'withdraw']);
    expect(open?.options.find((o) => o.name === 'ask')?.options?.[0]).toMatchObject({ type: 3, name: 'note', required: false });
    expect(open?.options.flatMap((o) => o.options ?? []).some((o) => o.type === 6)).toBe(false);
  });

  test('the most rooms a meeting can have fit in one Discord category', () => {
    expect(LIMITS.maxRooms).toBeLessThanOrEqual(L.channelsPerCategory);
  });

  test('every command stays within Discord’s limits on names, descriptions, options and size', () => {
    const checkOptions = (options: readonly CommandOptionJson[]) => {
      expect(options.length).toBeLessThanOrEqual(L.commandOptions);
      let optionalSeen = false;
      for (const o of options) {
        expect(o.name).toMatch(/^[-_\p{Ll}\p{N}]{1,32}$/u);
        expect(o.description.length).toBeGreaterThan(0);
        expect(o.description.length).toBeLessThanOrEqual(L.commandDescription);
        expect(o.choices?.length ?? 0).toBeLessThanOrEqual(L.optionChoices);
        if (o.type !== 1) {
          if (o.required) expect(optionalSeen).toBe(false);
          else optionalSeen = true;
        }
        if (o.options) checkOptions(o.options);
      }
    };
    for (const command of buildDiscordCommands()) {
      expect(command.name.length).toBeLessThanOrEqual(L.commandName);
      expect(command.description.length).toBeLessThanOrEqual(L.commandDescription);
      checkOptions(command.options);
      expect(command.options.length).toBeLessThanOrEqual(L.subcommands);
      expect(commandChars(command)).toBeLessThanOrEqual(L.commandChars);
    }
  });

  test('the live-facilitation subcommands carry their options as the engine reads them', () => {
    const sub = (name: string) => buildDiscordCommands()[0]?.options.find((o) => o.name === name)?.options?.filter((o) => o.name !== 'channel');
    expect(sub('start')).toEqual([expect.objectContaining({ type: 3, name: 'duration', required: false })]);
    expect(sub('timer')).toEqual([expect.objectContaining({ type: 3, name: 'change', required: false })]);
    expect(sub('broadcast')?.[0]).toMatchObject({ type: 3, name: 'message', required: true });
    // "visit main" is a word: the room is text, not a number.
    expect(sub('visit')).toEqual([expect.objectContaining({ type: 3, name: 'room', required: true })]);
    expect(sub('ask')).toEqual([expect.objectContaining({ type: 3, name: 'note', required: false })]);
    expect(sub('withdraw')).toEqual([]);
    expect(sub('claim')).toEqual([expect.objectContaining({ type: 4, name: 'room', required: false, min_value: 1, max_value: 50 })]);
  });

  test('the rounds subcommands carry their options as the engine reads them; import-layout takes an attachment', () => {
    const [full, plan, open] = buildDiscordCommands();
    const sub = (command: typeof full, name: string) => command?.options.find((o) => o.name === name)?.options?.filter((o) => o.name !== 'channel');
    expect(sub(full, 'distribute')).toEqual([
      expect.objectContaining({ type: 4, name: 'rooms', required: false, min_value: 1, max_value: 50 }),
      expect.objectContaining({ type: 3, name: 'strategy', required: false, choices: [{ name: 'same', value: 'same' }, { name: 'new', value: 'new' }] }),
      expect.objectContaining({ type: 4, name: 'size', required: false, min_value: 1 }),
      expect.objectContaining({ type: 3, name: 'facilitators', required: false, choices: [{ name: 'facilitators', value: 'facilitators' }] }),
      expect.objectContaining({ type: 3, name: 'confirm', required: false }),
    ]);
    for (const name of ['together', 'apart']) expect(sub(plan, name)).toEqual([expect.objectContaining({ type: 3, name: 'people', required: true })]);
    expect(sub(plan, 'room-cap')).toEqual([expect.objectContaining({ type: 3, required: true })]);
    expect(sub(plan, 'mode')?.[0]?.choices?.map((c) => c.value)).toEqual(['choose', 'assign']);
    expect(sub(plan, 'import-layout')).toEqual([
      expect.objectContaining({ type: 3, name: 'confirm', required: false, choices: [{ name: 'confirm', value: 'confirm' }] }),
      expect.objectContaining({ type: 3, name: 'csv', required: false }),
      expect.objectContaining({ type: 11, name: 'file', required: false }),
    ]);
    for (const name of ['export', 'rounds']) expect(sub(plan, name)).toEqual([]);
    // Choosing one's room: for oneself on the open command, and on /breakouts for facilitators.
    for (const command of [full, open]) expect(sub(command, 'pick')).toEqual([expect.objectContaining({ type: 4, name: 'room', required: true, min_value: 1, max_value: 50 })]);
  });

  test('the engine’s words name the planning commands as Discord has them', () => {
    expect(discordWords('Clear them with /breakouts constraints clear, or /breakouts room-cap off; /breakouts rooms 3 stays.')).toBe(
      'Clear them with /breakouts-plan constraints clear, or /breakouts-plan room-cap off; /breakouts rooms 3 stays.',
    );
    expect(discordWords('/breakouts import-layout, /breakouts import and /breakouts pick 2')).toBe('/breakouts-plan import-layout, /breakouts import and /breakouts-me pick 2');
  });
});

// ---- boards --------------------------------------------------------------------------------

interface Person {
  readonly name: string;
  readonly audio: Audio;
  readonly room: number | null;
  readonly waiting?: string;
}

function meetingOf(people: readonly Person[], rooms: number, extra: Partial<Meeting> = {}): Meeting {
  return {
    id: 'abcd123456',
    key: 'discord:g:v',
    place: { platform: 'discord', workspaceId: '200000000000000001', channelId: '300000000000000002', mainRoomId: '300000000000000002' },
    title: 'Weekly all-hands with a rather long meeting title that goes on',
    status: 'draft',
    version: 1_234_567,
    layoutVersion: 1_234_567,
    settings: { phoneRoomLimit: 7, dialIn: { number: '+1 555 0100', codes: { '1': '111#' } } },
    rooms: Array.from({ length: rooms }, (_, i) => ({ number: i + 1, name: fit(`Breakout ${i + 1} — a room with a long descriptive name`, 60) })),
    attendees: people.map((p, i) => ({
      id: (410000000000000000n + BigInt(i)).toString(),
      name: p.name,
      audio: p.audio,
      role: i === 0 ? 'facilitator' : 'attendee',
      room: p.room,
      placedAt: 0,
      ...(p.waiting ? { waiting: p.waiting } : {}),
    })),
    prompts: {},
    resources: {},
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    ...extra,
  };
}

/** 1,000 people in 50 rooms with 80-character names, phone rooms 1–7, conflicts, and people waiting. */
function bigMeeting(): Meeting {
  const people: Person[] = Array.from({ length: 1000 }, (_, i) => {
    const room = i % 50 === 49 ? null : (i % 50) + 1;
    const audio: Audio = room !== null && room <= 7 ? (i % 7 === 0 ? 'voip' : 'phone') : i % 3 === 0 ? 'listening' : 'voip';
    return {
      name: fit(`P${String(i).padStart(4, '0')} ${'Maximiliana Featherstonehaugh-Cholmondeley '.repeat(3)}`, 80),
      audio,
      room,
      ...(room === null ? { waiting: 'Phone attendees can only be in rooms 1–7, and those are full of phone callers already.' } : {}),
    };
  });
  return meetingOf(people, 50, {
    status: 'started',
    run: {
      id: 'run12345',
      kind: 'start',
      finished: false,
      steps: Array.from({ length: 60 }, (_, i) => ({ key: `open:${i}`, kind: 'open' as const, state: 'failed' as const, note: `${'A long failure note. '.repeat(14)}${i}` })),
    },
  });
}

function expectWithinLimits(p: DiscordPayload): void {
  expect(p.embeds.length).toBeLessThanOrEqual(L.embedsPerMessage);
  expect(embedChars(p.embeds)).toBeLessThanOrEqual(L.embedTotalChars);
  expect((p.content ?? '').length).toBeLessThanOrEqual(L.content);
  for (const e of p.embeds) {
    expect((e.title ?? '').length).toBeLessThanOrEqual(L.embedTitle);
    expect((e.description ?? '').length).toBeLessThanOrEqual(L.embedDescription);
    expect((e.footer?.text ?? '').length).toBeLessThanOrEqual(L.embedFooter);
    expect((e.fields ?? []).length).toBeLessThanOrEqual(L.embedFields);
    for (const f of e.fields ?? []) {
      expect(f.name.length).toBeLessThanOrEqual(L.fieldName);
      expect(f.value.length).toBeLessThanOrEqual(L.fieldValue);
      expect(f.value.length).toBeGreaterThan(0);
    }
  }
  expect(p.components.length).toBeLessThanOrEqual(L.actionRows);
  const ids = new Set<string>();
  for (const row of p.components) {
    expect(row.components.length).toBeLessThanOrEqual(L.buttonsPerRow);
    for (const c of row.components) {
      if ('custom_id' in c) {
        expect(c.custom_id.length).toBeLessThanOrEqual(L.customId);
        expect(decodeAction(c.custom_id).ok).toBe(true);
        expect(ids.has(c.custom_id)).toBe(false);
        ids.add(c.custom_id);
      }
      if ('label' in c && c.label !== undefined) expect(c.label.length).toBeLessThanOrEqual(L.buttonLabel);
      if ('placeholder' in c && c.placeholder !== undefined) expect(c.placeholder.length).toBeLessThanOrEqual(L.selectPlaceholder);
      if ('options' in c) {
        expect(c.options.length).toBeLessThanOrEqual(L.selectOptions);
        for (const o of c.options) {
          expect(o.label.length).toBeLessThanOrEqual(L.optionLabel);
          expect((o.description ?? '').length).toBeLessThanOrEqual(L.optionDescription);
        }
      }
    }
    if (row.components.some((c) => c.type !== 2)) expect(row.components).toHaveLength(1);
  }
}

describe('the board at 1,000 attendees in 50 rooms', () => {
  const meeting = bigMeeting();
  const board = buildBoard(meeting);

  test('the shared board and every page fit every Discord message limit', () => {
    expect(findConflicts(meeting).size).toBeGreaterThan(0);
    const pages = boardPages(board).length;
    expect(pages).toBeGreaterThan(1);
    expectWithinLimits(renderBoard(board));
    for (let page = 1; page <= pages; page++) expectWithinLimits(renderBoardPage(board, page));
  });

  test('every attendee is shown on some page, and the counts are never cut', () => {
    const pages = boardPages(board).length;
    const text = Array.from({ length: pages }, (_, i) => JSON.stringify(renderBoardPage(board, i + 1).embeds)).join('\n');
    for (const a of meeting.attendees) expect(text).toContain(a.name.slice(0, 5));
    expect(text).toContain('1000 people');
    const header = renderBoard(board).embeds[0];
    expect(header?.description).toContain('1000 people');
  });

  test('conflict rooms come first, in a red embed that says why', () => {
    const first = renderBoard(board).embeds[1];
    expect(first?.title).toBe('🟥 Audio conflicts');
    expect(first?.color).toBe(0xed4245);
    expect(first?.fields?.[0]?.value).toContain('Audio conflict');
  });

  test('anyone can be moved in three clicks: a user select on the board, then a room select or the main-room button', () => {
    const shared = renderBoard(board);
    expect(shared.components.flatMap((r) => r.components).some((c) => c.type === 5)).toBe(true);
    const person = meeting.attendees[500]!;
    const picker = renderRoomPicker(board, person);
    expectWithinLimits(picker);
    // Every choice, read through the shared action → command mapping, moves this person there.
    const moves = picker.components
      .flatMap((r) => r.components)
      .flatMap((c) => {
        const decoded = 'custom_id' in c ? decodeAction(c.custom_id) : undefined;
        if (!decoded?.ok) return [];
        const choices = 'options' in c ? c.options.map((o) => o.value) : [undefined];
        return choices.map((chosen) => commandForAction(decoded.ref, chosen));
      });
    const targets = ['main', ...Array.from({ length: 50 }, (_, i) => String(i + 1))];
    expect(moves.map((m) => m?.input['to'])).toEqual([...targets.slice(1), 'main']);
    for (const m of moves) expect(m).toEqual({ command: 'move', input: { user: { id: person.id }, to: m?.input['to'] } });
  });

  test('a conflict DM carries its confirm button and fits in one message', () => {
    const conflict = [...findConflicts(meeting).values()][0]!;
    const dm = renderDirect(conflictPrompt(meeting, conflict.affected[0]!, conflict, 'prompt12'), meeting.version);
    expectWithinLimits(dm);
    const button = dm.components[0]?.components[0];
    expect(button && 'custom_id' in button ? decodeAction(button.custom_id) : undefined).toMatchObject({ ok: true, ref: { verb: 'confirm-phone', args: ['prompt12'] } });
  });
});

// ---- live facilitation on the board ----------------------------------------------------------

const NOW = new Date('2026-03-02T10:05:00.000Z');
const at = (iso: string): number => Math.floor(Date.parse(iso) / 1000);

function request(room: number, minutesAgo: number, extra: Partial<HelpRequest> = {}): HelpRequest {
  return { id: `req${room}x${minutesAgo}`.slice(0, 16), room, askers: [(410000000000000000n + BigInt(room)).toString()], at: new Date(NOW.getTime() - minutesAgo * 60_000).toISOString(), state: 'open', pings: 1, copies: [], ...extra };
}

/** 50 rooms of 2 people, started, with a timer, a broadcast, a visitor and `help` requests. */
function liveMeeting(help: readonly HelpRequest[]): Meeting {
  const people: Person[] = Array.from({ length: 100 }, (_, i) => ({ name: `Person ${i}`, audio: 'voip', room: (i % 50) + 1 }));
  return meetingOf(people, 50, {
    status: 'started',
    timer: { startedAt: '2026-03-02T10:00:00.000Z', endsAt: '2026-03-02T10:15:00.000Z', totalSeconds: 900, sent: [] },
    broadcast: { text: 'Five more minutes on question 2.', at: '2026-03-02T10:03:00.000Z' },
    visits: { '410000000000000000': 3 },
    help: [...help],
  });
}

describe('live facilitation on the board', () => {
  test('the timer shows its end in each reader’s time zone (<t:…:t> and <t:…:R>), the last broadcast when it was sent', () => {
    const header = renderBoard(buildBoard(liveMeeting([]), undefined, NOW)).embeds[0]?.description ?? '';
    expect(header).toContain(`⏱ Rooms close at <t:${at('2026-03-02T10:15:00.000Z')}:t> (<t:${at('2026-03-02T10:15:00.000Z')}:R>)`);
    expect(header).toContain(`📣 Last broadcast <t:${at('2026-03-02T10:03:00.000Z')}:R> to every room: Five more minutes on question 2.`);
    const closing = liveMeeting([]);
    closing.timer = { ...closing.timer!, sent: ['5m', '1m', 'zero'], closesAt: '2026-03-02T10:16:00.000Z' };
    expect(renderBoard(buildBoard(closing, undefined, NOW)).embeds[0]?.description).toContain(`**Time is up**: rooms close at <t:${at('2026-03-02T10:16:00.000Z')}:t>`);
    const planned = meetingOf([{ name: 'A', audio: 'voip', room: 1 }], 1, { settings: { phoneRoomLimit: 7, plannedTimerSeconds: 900 } });
    expect(renderBoard(buildBoard(planned, undefined, NOW)).embeds[0]?.description).toContain('⏱ Timer: 15 min, from Start');
  });

  test('rooms show 🙋 when they asked for help and who is visiting; the help queue lists open requests oldest first with their age', () => {
    const m = liveMeeting([request(7, 1, { note: 'stuck on 3' }), request(2, 4), request(9, 6, { state: 'claimed', claimedBy: '410000000000000000' })]);
    const board = buildBoard(m, undefined, NOW);
    const shared = renderBoard(board);
    const json = JSON.stringify(shared.embeds);
    const help = shared.embeds[1]!;
    expect(help.title).toBe('🙋 Help requests: 2 waiting, 1 on the way');
    const lines = (help.description ?? '').split('\n');
    expect(board.help.map((h) => h.room)).toEqual([2, 7, 9]);
    expect(lines[0]).toBe(`**${board.help[0]!.roomName}** — Person 2 asked <t:${at('2026-03-02T10:01:00.000Z')}:R>`);
    expect(lines[1]).toContain('asked <t:');
    expect(lines[1]).toContain('“stuck on 3”');
    expect(lines[2]).toContain('**Person 0** is on it');
    expect(json).toContain('· 🙋 help asked');
    expect(json).toContain('👀 Visiting: Person 0');
    // "I'll go" for the open ones only, oldest first, each naming its room.
    const claims = shared.components.flatMap((r) => r.components).flatMap((c) => {
      const decoded = 'custom_id' in c ? decodeAction(c.custom_id) : undefined;
      return decoded?.ok && decoded.ref.verb === 'claim' ? [{ request: decoded.ref.args[0], label: 'label' in c ? c.label : undefined }] : [];
    });
    expect(claims).toEqual([
      { request: board.help[0]!.id, label: `🙋 I’ll go: ${board.help[0]!.roomName}` },
      { request: board.help[1]!.id, label: `🙋 I’ll go: ${board.help[1]!.roomName}` },
    ]);
    expectWithinLimits(shared);
  });

  test('50 rooms asking at once: the buttons fill the rows the board has left, the queue says how to take the rest, every page fits', () => {
    const m = liveMeeting(Array.from({ length: 50 }, (_, i) => request(i + 1, 50 - i, { note: 'n'.repeat(300) })));
    const board = buildBoard(m, undefined, NOW);
    const shared = renderBoard(board);
    expectWithinLimits(shared);
    expect(shared.components).toHaveLength(L.actionRows);
    // The move select keeps its row; the "I'll go" buttons take the rows left beside the actions.
    expect(shared.components.at(-1)?.components[0]?.type).toBe(5);
    const claims = shared.components.flatMap((r) => r.components).filter((c) => 'label' in c && c.label?.startsWith('🙋 I’ll go'));
    expect(claims.length).toBeGreaterThan(0);
    expect(claims.length % L.buttonsPerRow).toBe(0);
    expect(shared.embeds[1]?.description).toContain('claim <room>');
    for (let page = 1; page <= boardPages(board).length; page++) expectWithinLimits(renderBoardPage(board, page));
    // An attendee's own view has no "I'll go".
    const own = renderBoardPage(buildBoard(m, { id: '410000000000000005', name: 'Person 5', canManage: false }, NOW), 1);
    expect(own.components.flatMap((r) => r.components).some((c) => 'label' in c && c.label?.startsWith('🙋 I’ll go'))).toBe(false);
  });

  test('a help-request DM carries I’ll go for that request; its update and announcements carry no button', () => {
    const dm = renderDirect(
      { kind: 'help-request', meetingId: 'abcd123456', requestId: 'r1234567', room: 3, roomName: 'Breakout 3', askers: ['Ana'], text: 'Ana in Breakout 3 asked for help.', claimLabel: 'I’ll go' },
      12,
    );
    expectWithinLimits(dm);
    const button = dm.components[0]?.components[0];
    expect(button && 'custom_id' in button ? decodeAction(button.custom_id) : undefined).toMatchObject({ ok: true, ref: { verb: 'claim', args: ['r1234567'] } });
    expect(button && 'label' in button ? button.label : '').toBe('I’ll go (Breakout 3)');
    expect(renderDirect({ kind: 'announcement', meetingId: 'abcd123456', room: 3, roomName: 'Breakout 3', text: '5 minutes left in Breakout 3.' }, 12).components).toEqual([]);
    expect(renderHelpCopy('x'.repeat(5000)).content?.length).toBe(L.content);
  });

  test('the welcome names a room of 200 within one message, with the dial-in and Ask for help', () => {
    const m = meetingOf(Array.from({ length: 200 }, (_, i) => ({ name: `P${i}`, audio: i === 0 ? 'phone' : 'voip', room: 1 })), 1);
    const welcome = renderWelcome(m, m.rooms[0]!, m.attendees);
    expectWithinLimits(welcome);
    expect(welcome.content).toContain('📞 Phone: dial +1 555 0100, access code 111#');
    expect(welcome.content).toMatch(/and \d+ more/);
    expect(welcome.content).toContain('/breakouts-me ask');
    expect(welcome.components[0]?.components.map((c) => ('label' in c ? c.label : ''))).toEqual(['🙋 Ask for help']);
  });
});

test('boards of any size and any names stay within Discord limits (fast-check; the seed is printed on failure)', () => {
  const personArb = fc.record({
    name: fc.string({ minLength: 1, maxLength: 80, unit: 'grapheme' }).filter((s) => s.trim().length > 0),
    audio: fc.constantFrom<Audio>('phone', 'voip', 'listening'),
    room: fc.option(fc.integer({ min: 1, max: 50 }), { nil: null }),
  });
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 50 }), fc.array(personArb, { maxLength: 1000 }), (rooms, people) => {
      const meeting = meetingOf(people.map((p) => ({ ...p, room: p.room !== null && p.room <= rooms ? p.room : null })), rooms);
      const board = buildBoard(meeting);
      expectWithinLimits(renderBoard(board));
      const pages = boardPages(board).length;
      for (let page = 1; page <= pages; page++) expectWithinLimits(renderBoardPage(board, page));
      expectWithinLimits(renderRoomPicker(board, meeting.attendees[0] ?? { id: '1', name: 'x', room: null, audio: 'voip' }));
    }),
    { numRuns: 40 },
  );
});

test('started boards with any help queue, broadcast and visitors stay within Discord limits (fast-check; the seed is printed on failure)', () => {
  const text = (max: number) => fc.string({ minLength: 1, maxLength: max, unit: 'grapheme' }).filter((x) => x.trim().length > 0);
  const helpArb = fc.record({ room: fc.integer({ min: 1, max: 50 }), minutesAgo: fc.integer({ min: 0, max: 120 }), note: fc.option(text(300), { nil: undefined }), claimed: fc.boolean() });
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 50 }), fc.array(text(80), { minLength: 1, maxLength: 300 }), fc.array(helpArb, { maxLength: 60 }), text(1500), (rooms, names, asks, broadcast) => {
      const people: Person[] = names.map((name, i) => ({ name, audio: 'voip', room: (i % rooms) + 1 }));
      const help = asks.map((a, i) => {
        const room = ((a.room - 1) % rooms) + 1;
        return request(room, a.minutesAgo, { id: `r${i}`, ...(a.note ? { note: a.note } : {}), ...(a.claimed ? { state: 'claimed' as const, claimedBy: '410000000000000000' } : {}) });
      });
      const meeting = meetingOf(people, rooms, {
        status: 'started',
        timer: { startedAt: '2026-03-02T10:00:00.000Z', endsAt: '2026-03-02T10:15:00.000Z', totalSeconds: 900, sent: [] },
        broadcast: { text: broadcast, at: '2026-03-02T10:03:00.000Z', room: 1 },
        visits: { '410000000000000000': 1 },
        help,
      });
      const board = buildBoard(meeting, undefined, NOW);
      expectWithinLimits(renderBoard(board));
      for (let page = 1; page <= boardPages(board).length; page++) expectWithinLimits(renderBoardPage(board, page));
    }),
    { numRuns: 40 },
  );
});

// ---- rounds that remember ----------------------------------------------------------------------

describe('rounds on the board and in the main channel', () => {
  test('the board says when attendees choose their room, the room cap and the repeats; Choose your room is a button for everyone; 50 rooms still fit', () => {
    const people: Person[] = Array.from({ length: 1000 }, (_, i) => ({ name: fit(`P${i} ${'Featherstonehaugh '.repeat(5)}`, 80), audio: 'voip', room: (i % 50) + 1 }));
    const unmet = Array.from({ length: 400 }, (_, i) => ({ kind: 'apart' as const, ids: [(410000000000000000n + BigInt(i)).toString(), (410000000000000050n + BigInt(i)).toString()], text: `Apart ${i}: ${'kept together because audio rules win '.repeat(5)}` }));
    const m = meetingOf(people, 50, { settings: { phoneRoomLimit: 7, mode: 'choose', roomCap: 19 }, repeats: { now: 3, random: 41.2, strategy: 'new' }, unmet });
    const board = buildBoard(m, undefined, NOW);
    const shared = renderBoard(board);
    expectWithinLimits(shared);
    for (let page = 1; page <= boardPages(board).length; page++) expectWithinLimits(renderBoardPage(board, page));
    const header = shared.embeds[0]?.description ?? '';
    expect(header).toContain('🚪 **Attendees choose their own room**');
    expect(header).toContain('· at most 19 per room');
    expect(header).toContain('🔁 3 pairs meet again (a random shuffle: 41.2)');
    const choose = shared.components.flatMap((r) => r.components).find((c) => 'label' in c && c.label === 'Choose your room');
    expect(choose && 'custom_id' in choose ? decodeAction(choose.custom_id) : undefined).toMatchObject({ ok: true, ref: { verb: 'pick-open' } });
    // An attendee's board: Choose your room too (an attendee sees it on the shared board message).
    expect(buildBoard(m, { id: '410000000000000005', name: 'P5', canManage: false }, NOW).actions.map((a) => a.verb)).toContain('pick-open');
  });

  test('Choose your room offers every open room as a button, or past 25 rooms a select and the rest in words, within every limit', () => {
    const people: Person[] = Array.from({ length: 120 }, (_, i) => ({ name: `Person ${i} ${'with a long name '.repeat(4)}`, audio: 'voip', room: (i % 50) + 1 }));
    const m = meetingOf(people, 50, { settings: { phoneRoomLimit: 7, mode: 'choose', roomCap: 3 } });
    const board = buildBoard(m);
    const few = renderRoomChoice(board, [2, 3, 5], 2, 3);
    expectWithinLimits(few);
    expect(few.content).toContain('you are in');
    const picks = few.components.flatMap((r) => r.components).map((c) => ('custom_id' in c ? decodeAction(c.custom_id) : undefined));
    expect(picks.map((d) => (d?.ok ? [d.ref.verb, ...d.ref.args] : []))).toEqual([['pick', '2'], ['pick', '3'], ['pick', '5']]);
    expect(picks.map((d) => (d?.ok ? commandForAction(d.ref) : undefined))).toEqual([2, 3, 5].map((room) => ({ command: 'pick', input: { room: String(room) } })));

    const all = Array.from({ length: 50 }, (_, i) => i + 1);
    const many = renderRoomChoice(board, all, null, 3);
    expectWithinLimits(many);
    const select = many.components[0]?.components[0];
    expect(select && 'options' in select ? select.options.map((o) => o.value) : []).toEqual(all.slice(0, 25).map(String));
    const decoded = select && 'custom_id' in select ? decodeAction(select.custom_id) : undefined;
    expect(decoded?.ok ? commandForAction(decoded.ref, '7') : undefined).toEqual({ command: 'pick', input: { room: '7' } });
    expect(many.content).toContain('rooms 26, 27');
    expect(renderRoomChoice(board, [], 4, 3).components).toEqual([]);
  });

  test('a digest of 50 rooms is posted in at most five messages of whole lines within 2,000 characters, the rest counted', () => {
    const lines = ['Round 3 of Weekly all-hands is over (25 min).', ...Array.from({ length: 50 }, (_, i) => `• Breakout ${i + 1}: ${Array.from({ length: 12 }, (_, j) => `Person ${i}-${j} (25 min)`).join(', ')} and 8 more`)];
    const posts = renderMainPosts(lines.join('\n'));
    expect(posts.length).toBeLessThanOrEqual(5);
    for (const p of posts) {
      expectWithinLimits(p);
      expect(p.components).toEqual([]);
    }
    const text = posts.map((p) => p.content).join('\n');
    expect(text.startsWith(lines[0]!)).toBe(true);
    const shown = lines.filter((l) => text.includes(l)).length;
    expect(text).toContain(`… and ${lines.length - shown} more lines: /breakouts-plan export has every round.`);
    // A short digest is one message, as written.
    expect(renderMainPosts('Round 1 of X is over (5 min).\n• Breakout 1: Ann (5 min)')).toEqual([{ content: 'Round 1 of X is over (5 min).\n• Breakout 1: Ann (5 min)', embeds: [], components: [] }]);
    // One line longer than a message is cut, never sent too long.
    for (const p of renderMainPosts(`Round 1\n${'x'.repeat(5000)}`)) expect(p.content?.length).toBeLessThanOrEqual(L.content);
  });

  test('an export larger than Discord lets a bot attach is not sent, and the answer says so', () => {
    const small = withFile({ content: 'Every round as CSV.', embeds: [], components: [] }, { name: 'breakouts-rounds.csv', mime: 'text/csv', content: 'round\n1\n' });
    expect(small.files?.map((f) => f.name)).toEqual(['breakouts-rounds.csv']);
    const big = withFile({ content: 'Every round as CSV.', embeds: [], components: [] }, { name: 'breakouts-rounds.csv', mime: 'text/csv', content: 'x'.repeat(L.uploadBytes + 1) });
    expect(big.files).toBeUndefined();
    expect(big.content).toContain('more than Discord lets Breakouts attach');
  });
});
