// The Slack renderer against the Block Kit limits table, at 1,000 attendees in 50 rooms:
// no board page, modal, select or DM may exceed any limit, and everything stays reachable.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { decodeAction } from '../../src/commands/action-id.ts';
import { buildBoard } from '../../src/board/board.ts';
import { createEngine } from '../../src/engine/engine.ts';
import type { Audio, Meeting, Place } from '../../src/domain/meeting.ts';
import { conflictPrompt, roomNotice } from '../../src/domain/messages.ts';
import { findConflicts } from '../../src/domain/conflicts.ts';
import { createSeededRandom } from '../../src/domain/random.ts';
import { createMemoryStore } from '../../src/store/store.ts';
import { boardPages, HELP_SHOWN, personOptions, renderAudioChooser, renderBoard, renderDirect, renderHelpCopy, renderMoveModal, renderWelcome, SELECTS_MAX_ATTENDEES } from '../../adapters/slack/render.ts';
import { closingText, welcomeText } from '../../adapters/slack/room-texts.ts';
import { channelName } from '../../adapters/slack/platform.ts';
import { SLACK_LIMITS } from '../../adapters/slack/limits.ts';
import { checkMessage, checkModal } from './fakes/block-kit-check.ts';

const place: Place = { platform: 'slack', workspaceId: 'T1', channelId: 'CMAIN', mainRoomId: 'CMAIN' };
const FAC = { id: 'UFAC', name: 'fran' };

interface Shape {
  readonly people: number;
  readonly rooms?: number;
  readonly name: (i: number) => string;
  readonly audio: (i: number) => Audio;
  readonly conflicts?: number;
  /** Give every room a 60-character name (the longest allowed). Default true. */
  readonly longRoomNames?: boolean;
}

async function meetingOf(shape: Shape): Promise<Meeting> {
  const engine = createEngine({ store: createMemoryStore(), clock: { now: () => new Date('2026-11-26T12:00:00Z') }, random: createSeededRandom('limits') });
  const target = { place };
  const people = Array.from({ length: shape.people }, (_, i) => ({ id: `U${String(i).padStart(8, '0')}`, name: shape.name(i), audio: shape.audio(i) }));
  const run = async (command: 'import' | 'distribute' | 'move' | 'dialin' | 'rename', input: unknown): Promise<Meeting> => {
    const outcome = await engine.execute({ target, actor: FAC, command, input });
    if (!outcome.ok) throw new Error(outcome.message);
    return outcome.meeting;
  };
  let meeting = await run('import', { people });
  await run('dialin', { number: '+1 (555) 010-0100', codes: Array.from({ length: 50 }, (_, i) => `${i}`.padStart(12, '9')).join(' ') });
  if (shape.rooms !== undefined) {
    meeting = await run('distribute', { rooms: shape.rooms });
    for (let n = 1; n <= shape.rooms && shape.longRoomNames !== false; n++) meeting = await run('rename', { room: n, title: `Room ${n} ${'with a very long descriptive name '.repeat(2)}`.slice(0, 60) });
    // A few phone attendees dragged into VOIP rooms: conflicts in red, prompts pending.
    const phones = meeting.attendees.filter((a) => a.audio === 'phone' && a.room !== null);
    for (let i = 0; i < (shape.conflicts ?? 0) && i < phones.length; i++) meeting = await run('move', { user: { id: phones[i]!.id }, to: Math.min(7, shape.rooms) - (i % 2) });
  }
  return meeting;
}

/** A run in progress with the longest notes the domain allows. */
function withProgress(meeting: Meeting): Meeting {
  const steps = meeting.rooms.flatMap((r) => [
    { key: `open:${r.number}`, kind: 'open' as const, room: r.number, state: 'failed' as const, note: 'n'.repeat(300) },
    { key: `welcome:${r.number}`, kind: 'welcome' as const, room: r.number, state: 'pending' as const },
  ]);
  return { ...meeting, status: 'started', run: { id: 'run1', kind: 'start', steps, finished: false } };
}

const longName = (i: number): string => `${'Ünïcödé Nàme <with> & markup *bold* '.repeat(3).slice(0, 70)} ${i}`.slice(0, 80);
const everyday = (i: number): string => `Person ${i}`;
const mix = (i: number): Audio => (i % 10 === 0 ? 'phone' : i % 7 === 0 ? 'listening' : 'voip');

function allPages(meeting: Meeting): { page: number; ephemeral: boolean; message: ReturnType<typeof renderBoard> }[] {
  const board = buildBoard(meeting);
  const out = [];
  for (let page = 0; page < boardPages(board).length; page++) {
    out.push({ page, ephemeral: false, message: renderBoard(board, { page }) });
    out.push({ page, ephemeral: true, message: renderBoard(buildBoard(meeting, { id: 'U00000001', name: 'viewer' }), { page, ephemeral: true }) });
  }
  return out;
}

describe('Block Kit limits at 1,000 attendees in 50 rooms', () => {
  it('no board page, shared or per viewer, breaks any limit — with the longest names, conflicts, warnings and progress notes', async () => {
    const meeting = withProgress(await meetingOf({ people: 1000, rooms: 50, name: longName, audio: mix, conflicts: 6 }));
    expect(findConflicts(meeting).size).toBeGreaterThan(0);
    const pages = allPages(meeting);
    expect(pages.length).toBeGreaterThan(2);
    for (const { page, ephemeral, message } of pages) {
      const report = checkMessage(message, `page ${page}${ephemeral ? ' (ephemeral)' : ''}`);
      expect(report.problems).toEqual([]);
      for (const id of report.actionIds) expect(decodeAction(id).ok).toBe(true);
    }
  });

  it('before distributing, 1,000 people waiting in the main room still fit one message', async () => {
    const meeting = await meetingOf({ people: 1000, name: longName, audio: mix });
    for (const { message } of allPages(meeting)) expect(checkMessage(message).problems).toEqual([]);
  });

  it('every room is on exactly one page, page buttons reach every page, and with everyday names every attendee is shown', async () => {
    const meeting = await meetingOf({ people: 1000, rooms: 50, name: everyday, audio: mix, conflicts: 2 });
    const board = buildBoard(meeting);
    const pages = boardPages(board);
    expect(pages.flat().map((r) => r.number)).toEqual(board.rooms.map((r) => r.number));
    const shown = pages.map((_, page) => JSON.stringify(renderBoard(board, { page }).blocks)).join('\n');
    // "Person 1" must be there on its own, not only inside "Person 10".
    for (const a of meeting.attendees) expect(shown).toMatch(new RegExp(`${a.name}(?![0-9])`));
    const nav = renderBoard(board).blocks?.find((b) => b.block_id === 'pages');
    expect(nav && 'elements' in nav ? nav.elements.length : 0).toBe(pages.length);
    // Conflicts on other pages are pointed out on the first page.
    const red = board.rooms.filter((r) => r.conflict).map((r) => r.number);
    const first = JSON.stringify(renderBoard(board, { page: 0 }).blocks);
    for (const n of red.filter((n) => !pages[0]!.some((r) => r.number === n))) expect(first).toMatch(new RegExp(`Conflicts on other pages: rooms [0-9, ]*\\b${n}\\b`));
  });

  it('the Move modal, its room select and its person search stay within limits, and anyone can be found by typing', async () => {
    const meeting = await meetingOf({ people: 1000, rooms: 50, name: longName, audio: mix, conflicts: 3 });
    const board = buildBoard(meeting);
    const modal = renderMoveModal(board, { channelId: 'CMAIN', round: 999_999 }, 'x'.repeat(5000));
    expect(checkModal(modal).problems).toEqual([]);
    const everyone = personOptions(board, '');
    expect(everyone.length).toBe(SLACK_LIMITS.selectOptions);
    for (const o of everyone) {
      expect(o.text.text.length).toBeLessThanOrEqual(SLACK_LIMITS.optionText);
      expect((o.value ?? "").length).toBeLessThanOrEqual(SLACK_LIMITS.optionValue);
    }
    // Typing the tail of a name narrows the list to that person.
    for (const a of [meeting.attendees[0]!, meeting.attendees[500]!, meeting.attendees[999]!]) {
      const found = personOptions(board, a.name.slice(-6));
      expect(found.map((o) => o.value)).toContain(a.id);
      expect(found.length).toBeLessThanOrEqual(SLACK_LIMITS.selectOptions);
    }
  });

  it('small boards carry one room select per attendee within the limits; larger boards leave moving to the modal', async () => {
    const small = await meetingOf({ people: SELECTS_MAX_ATTENDEES - 1, rooms: 5, name: longName, audio: mix, longRoomNames: false });
    const smallBoard = renderBoard(buildBoard(small));
    expect(checkMessage(smallBoard).problems).toEqual([]);
    // Many rooms would repeat a long room list in every select: the board leaves them out.
    const manyRooms = renderBoard(buildBoard(await meetingOf({ people: SELECTS_MAX_ATTENDEES - 1, rooms: 50, name: longName, audio: mix })));
    expect(checkMessage(manyRooms).problems).toEqual([]);
    expect(JSON.stringify(manyRooms.blocks)).not.toContain('static_select');
    const movers = (smallBoard.blocks ?? []).flatMap((b) => ('elements' in b && b.type === 'actions' ? b.elements : [])).filter((e) => e.type === 'static_select');
    expect(movers).toHaveLength(SELECTS_MAX_ATTENDEES);
    const large = await meetingOf({ people: SELECTS_MAX_ATTENDEES + 1, rooms: 5, name: everyday, audio: mix });
    const largeBoard = renderBoard(buildBoard(large));
    expect(JSON.stringify(largeBoard.blocks)).not.toContain('static_select');
    expect(JSON.stringify(largeBoard.blocks)).toContain('Move…');
  });

  it('DMs, the audio chooser and room notes stay within limits', async () => {
    const meeting = await meetingOf({ people: 1000, rooms: 50, name: longName, audio: mix, conflicts: 2 });
    const conflict = [...findConflicts(meeting).values()][0]!;
    const prompt = conflictPrompt(meeting, conflict.affected[0]!, conflict, 'p1234567');
    expect(checkMessage(renderDirect(prompt, meeting.version)).problems).toEqual([]);
    for (const a of meeting.attendees.slice(0, 50)) {
      const notice = roomNotice(meeting, a, 'not-reached');
      if (notice) expect(checkMessage(renderDirect(notice, meeting.version)).problems).toEqual([]);
    }
    expect(checkMessage(renderAudioChooser(buildBoard(meeting), 'voip')).problems).toEqual([]);
    const everyone = meeting.attendees;
    const room = meeting.rooms[0]!;
    expect(welcomeText(meeting, room, everyone).length).toBeLessThanOrEqual(4000);
    expect(closingText(meeting, room, everyone).length).toBeLessThanOrEqual(4000);
    expect(welcomeText(meeting, room, everyone)).toMatch(/and \d+ more/);
  });
});

/** Breakouts under way with everything live facilitation can show at once, at its longest. */
function withFacilitation(meeting: Meeting): Meeting {
  const at = '2026-11-26T12:00:00.000Z';
  const rooms = meeting.rooms.map((r) => r.number);
  const inRoom = (room: number): string[] => meeting.attendees.filter((a) => a.room === room).map((a) => a.id);
  const help = rooms.map((room, i) => ({
    id: `h${String(room).padStart(7, '0')}`,
    room,
    askers: inRoom(room).slice(0, 10),
    note: `${'Ünïcödé <note> & *markup* '.repeat(20)}`.slice(0, 300),
    at,
    state: i % 3 === 0 ? ('claimed' as const) : ('open' as const),
    ...(i % 3 === 0 ? { claimedBy: 'UFAC', claimedAt: at } : {}),
    pings: 1,
    copies: [],
  }));
  const facilitators = meeting.attendees.slice(0, 100).map((a) => ({ ...a, role: 'facilitator' as const }));
  const attendees = [...facilitators, ...meeting.attendees.slice(100)];
  const visits = Object.fromEntries(facilitators.map((f, i) => [f.id, (i % rooms.length) + 1]));
  return {
    ...meeting,
    attendees,
    status: 'started',
    timer: { startedAt: at, endsAt: '2026-11-26T12:15:00.000Z', totalSeconds: 900, sent: [] },
    broadcast: { text: `${'Please <!channel> & wrap up '.repeat(60)}`.slice(0, 1500), at },
    help,
    visits,
  };
}

describe('Block Kit limits with live facilitation', () => {
  it('a board with a running timer, the longest broadcast, a help request from every one of 50 rooms and visitors everywhere breaks no limit on any page', async () => {
    const meeting = withProgress(withFacilitation(await meetingOf({ people: 1000, rooms: 50, name: longName, audio: mix, conflicts: 6 })));
    for (const { page, ephemeral, message } of allPages(meeting)) {
      const report = checkMessage(message, `page ${page}${ephemeral ? ' (ephemeral)' : ''}`);
      expect(report.problems).toEqual([]);
      for (const id of report.actionIds) expect(decodeAction(id).ok).toBe(true);
    }
    const board = buildBoard(meeting, undefined, new Date('2026-11-26T12:03:00Z'));
    const first = renderBoard(board);
    const text = JSON.stringify(first.blocks);
    expect(text).toContain(`<!date^${Date.parse('2026-11-26T12:15:00Z') / 1000}^{time}|12:15 UTC>`);
    // Every room stays reachable: one page button per page.
    const pages = boardPages(board);
    expect(pages.flat().map((r) => r.number)).toEqual(board.rooms.map((r) => r.number));
    const nav = first.blocks?.find((b) => b.block_id === 'pages');
    expect(nav && 'elements' in nav ? nav.elements.length : 0).toBe(pages.length);
    // The broadcast's words are escaped: a board never mentions @channel.
    expect(text).not.toContain('<!channel>');
    // Open requests first, oldest first, each with “I’ll go”; the ones not listed are counted.
    const claims = (first.blocks ?? []).flatMap((b) => (b.type === 'section' && b.accessory && 'action_id' in b.accessory ? [b.accessory.action_id] : []));
    expect(claims).toHaveLength(HELP_SHOWN);
    expect(claims.map((id) => { const d = decodeAction(id); return d.ok ? d.ref.args[0] : ''; })).toEqual(board.help.filter((h) => h.state === 'open').slice(0, HELP_SHOWN).map((h) => h.id));
    expect(text).toContain(`and ${board.help.length - HELP_SHOWN} more`);
    expect(text).toContain('3 min ago');
    // A personal copy for someone who is not a facilitator lists the requests without the buttons.
    const viewer = renderBoard(buildBoard(meeting, { id: meeting.attendees[999]!.id, name: 'viewer' }), { ephemeral: true });
    expect(JSON.stringify(viewer.blocks)).toContain('Help requests');
    expect(JSON.stringify(viewer.blocks)).not.toContain('"accessory"');
  });

  it('help-request DMs carry “I’ll go”, announcements are plain escaped text, the welcome carries “Ask for help”, and all stay within limits', async () => {
    const meeting = await meetingOf({ people: 1000, rooms: 50, name: longName, audio: mix });
    const request = renderDirect(
      { kind: 'help-request', meetingId: meeting.id, requestId: 'abcdefgh', room: 3, roomName: 'Breakout 3', askers: ['a'], note: 'n'.repeat(300), text: 'x <y> '.repeat(700), claimLabel: 'I’ll go' },
      meeting.version,
    );
    expect(checkMessage(request).problems).toEqual([]);
    const claim = decodeAction(checkMessage(request).actionIds[0]);
    expect(claim.ok && claim.ref.verb === 'claim' && claim.ref.args[0] === 'abcdefgh').toBe(true);
    const note = renderDirect({ kind: 'announcement', meetingId: meeting.id, room: 1, roomName: 'Breakout 1', text: '<!here> '.repeat(600) }, meeting.version);
    expect(note.blocks).toBeUndefined();
    expect(note.text).not.toContain('<!here>');
    expect(checkMessage(note).problems).toEqual([]);
    const welcome = renderWelcome(meeting.id, meeting.version, welcomeText(meeting, meeting.rooms[0]!, meeting.attendees));
    expect(checkMessage(welcome).problems).toEqual([]);
    const ask = decodeAction(checkMessage(welcome).actionIds[0]);
    expect(ask.ok && ask.ref.verb === 'ask').toBe(true);
    expect(checkMessage(renderHelpCopy('x'.repeat(5000))).problems).toEqual([]);
    expect(checkMessage(renderHelpCopy('x')).actionIds).toEqual([]);
  });
});

describe('channel names', () => {
  it('are valid private-channel names for any room name, and differ per attempt', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 60 }), fc.integer({ min: 1, max: 50 }), fc.integer({ min: 0, max: 4 }), (name, number, attempt) => {
        const made = channelName({ id: 'abcdefghij' }, { number, name }, attempt);
        expect(made).toMatch(/^[a-z0-9_-]{1,80}$/);
        if (attempt > 0) expect(made).not.toBe(channelName({ id: 'abcdefghij' }, { number, name }, 0));
      }),
      { seed: 20261126 },
    );
  });
});
