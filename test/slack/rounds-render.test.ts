// The Slack renderer's issue-13 parts against the Block Kit limits table: the board with choose mode,
// the repeats line and long unmet-constraint warnings at 1,000 attendees in 50 rooms; the room picker
// with every room open; the layout import dialog at its longest; and Slack's escaping of typed CSV undone.
import { describe, expect, it } from 'vitest';
import { decodeAction } from '../../src/commands/action-id.ts';
import { buildBoard, type Board } from '../../src/board/board.ts';
import { createEngine } from '../../src/engine/engine.ts';
import type { Audio, Meeting, Place } from '../../src/domain/meeting.ts';
import { createSeededRandom } from '../../src/domain/random.ts';
import { createMemoryStore } from '../../src/store/store.ts';
import { boardPages, CHOOSE_LINE, IMPORT_PASTE_MAX, renderBoard, renderImportModal, renderImportResult, renderRoomPicker } from '../../adapters/slack/render.ts';
import { typedCsv, unescapeSlackText } from '../../adapters/slack/listeners/import-layout.ts';
import { SLACK_LIMITS } from '../../adapters/slack/limits.ts';
import { checkMessage, checkModal } from './fakes/block-kit-check.ts';

const place: Place = { platform: 'slack', workspaceId: 'T1', channelId: 'CMAIN', mainRoomId: 'CMAIN' };
const FAC = { id: 'UFAC', name: 'fran' };
const longName = (i: number): string => `${'Ünïcödé Nàme <with> & markup *bold* '.repeat(3).slice(0, 70)} ${i}`.slice(0, 80);
const mix = (i: number): Audio => (i % 10 === 0 ? 'phone' : i % 7 === 0 ? 'listening' : 'voip');

async function bigMeeting(): Promise<Meeting> {
  const engine = createEngine({ store: createMemoryStore(), clock: { now: () => new Date('2026-11-26T12:00:00Z') }, random: createSeededRandom('rounds-render') });
  const people = Array.from({ length: 1000 }, (_, i) => ({ id: `U${String(i).padStart(8, '0')}`, name: longName(i), audio: mix(i) }));
  const target = { place };
  for (const [command, input] of [
    ['import', { people }],
    ['distribute', { rooms: 50 }],
  ] as const) {
    const outcome = await engine.execute({ target, actor: FAC, command, input });
    if (!outcome.ok) throw new Error(outcome.message);
  }
  let meeting: Meeting | undefined;
  for (let n = 1; n <= 50; n++) {
    const outcome = await engine.execute({ target, actor: FAC, command: 'rename', input: { room: n, title: `Room ${n} ${'with a very long descriptive name '.repeat(2)}`.slice(0, 60) } });
    if (!outcome.ok) throw new Error(outcome.message);
    meeting = outcome.meeting;
  }
  return meeting!;
}

/** The board with everything issue 13 adds at its longest: choose mode, the repeats line, many unmet constraints. */
function withRounds(board: Board): Board {
  const reason = `${'Ünïcödé <name> & *markup* '.repeat(4)} cannot be kept together with the phone callers: audio rules win.`;
  return {
    ...board,
    mode: 'choose',
    repeats: { now: 123, random: 456.7, line: `123 pairs meet again (a random shuffle: 456.7) ${'x<y> '.repeat(100)}` },
    warnings: [...board.warnings, ...Array.from({ length: 200 }, (_, i) => `Together #${i}: ${reason}`)],
  };
}

describe('the board with rounds, constraints and choose mode', () => {
  it('no page breaks a limit with the repeats line, choose mode and 200 long unmet-constraint warnings, and every room stays reachable', async () => {
    const meeting = await bigMeeting();
    for (const viewer of [undefined, { id: meeting.attendees[999]!.id, name: 'viewer' }]) {
      const board = withRounds(buildBoard(meeting, viewer));
      const pages = boardPages(board);
      expect(pages.flat().map((r) => r.number)).toEqual(board.rooms.map((r) => r.number));
      for (let page = 0; page < pages.length; page++) {
        const message = renderBoard(board, { page, ephemeral: viewer !== undefined });
        const report = checkMessage(message, `page ${page}`);
        expect(report.problems).toEqual([]);
        for (const id of report.actionIds) expect(decodeAction(id).ok).toBe(true);
        const text = JSON.stringify(message.blocks);
        expect(text).toContain('123 pairs meet again (a random shuffle: 456.7)');
        expect(text).toContain(JSON.stringify(CHOOSE_LINE).slice(1, -1));
        expect(text).not.toContain('<y>');
        expect(text).toMatch(/and \d+ more/);
      }
    }
  });

  it('an assign-mode board without repeats shows neither line', async () => {
    const meeting = await bigMeeting();
    const board = buildBoard(meeting);
    const text = JSON.stringify(renderBoard({ ...board, mode: 'assign' }).blocks);
    expect(text).not.toContain('🔁');
    expect(text).not.toContain('Choose your room:');
  });
});

describe('the room picker', () => {
  it('50 rooms open: two rows of buttons within the limits, each a pick of its room, the current room marked', async () => {
    const meeting = await bigMeeting();
    const board = buildBoard(meeting, { id: 'U00000001', name: 'viewer' });
    const all = board.rooms.map((r) => r.number);
    const picker = renderRoomPicker(board, all, 7);
    const report = checkMessage(picker);
    expect(report.problems).toEqual([]);
    const picks = report.actionIds.map((id) => decodeAction(id)).map((d) => (d.ok && d.ref.verb === 'pick' ? d.ref.args[0] : undefined));
    expect(picks).toEqual(all.map(String));
    expect(JSON.stringify(picker.blocks)).toContain('"style":"primary"');
  });

  it('offers only the rooms it is given, and says so when none is open', async () => {
    const meeting = await bigMeeting();
    const board = buildBoard(meeting);
    const some = renderRoomPicker(board, [2, 9], null);
    expect(checkMessage(some).actionIds.map((id) => { const d = decodeAction(id); return d.ok ? d.ref.args[0] : ''; })).toEqual(['2', '9']);
    const none = renderRoomPicker(board, [], null);
    expect(checkMessage(none).actionIds).toEqual([]);
    expect(none.text).toContain('No room is open to you');
  });
});

describe('the layout import dialog', () => {
  it('stays within the modal limits with the longest paste and note, and its box takes Slack’s longest text', () => {
    const modal = renderImportModal({ channelId: 'CMAIN', csv: 'email,room\n'.repeat(1000), note: '<!channel> '.repeat(1000) });
    expect(checkModal(modal).problems).toEqual([]);
    expect(IMPORT_PASTE_MAX).toBe(SLACK_LIMITS.textInput);
    expect(JSON.stringify(modal)).not.toContain('<!channel>');
    expect(checkModal(renderImportResult('x <y> '.repeat(2000))).problems).toEqual([]);
  });
});

describe('typed CSV as Slack escapes it', () => {
  it('mailto links, mentions and entities are undone; line breaks after the command word are kept', () => {
    expect(unescapeSlackText('<mailto:ana@x.org|ana@x.org>,<@U123|ana>,R&amp;D &lt;1&gt;')).toBe('ana@x.org,U123,R&D <1>');
    expect(unescapeSlackText('<https://example.com|example.com>')).toBe('example.com');
    expect(typedCsv('import-layout email,room\n<mailto:a@b.co|a@b.co>,2\n')).toBe('email,room\na@b.co,2');
    expect(typedCsv('import-layout\nid,room\nU1,1')).toBe('id,room\nU1,1');
    expect(typedCsv('  import-layout  ')).toBe('');
  });
});
