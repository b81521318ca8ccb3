// Pure checks of what the Discord adapter sends: the command JSON (in sync with manifests/,
// within Discord's command limits) and the board renderer at 1,000 attendees in 50 rooms
// (every page within every message limit, everyone shown, everyone movable).
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { ATTENDEE_COMMAND, buildDiscordCommands, discordCommandsJsonText, FACILITATOR_COMMAND, type CommandOptionJson } from '../../adapters/discord/command-json.ts';
import { DISCORD_LIMITS as L } from '../../adapters/discord/limits.ts';
import { fit } from '../../src/domain/text.ts';
import { boardPages, embedChars, renderBoard, renderBoardPage, type DiscordPayload } from '../../adapters/discord/render.ts';
import { renderDirect, renderRoomPicker } from '../../adapters/discord/render-screens.ts';
import { commandForAction, decodeAction } from '../../src/commands/action-id.ts';
import { buildBoard } from '../../src/board/board.ts';
import { TYPED_COMMANDS as COMMANDS } from '../../src/commands/registry.ts';
import { findConflicts } from '../../src/domain/conflicts.ts';
import { AUDIO_KINDS, LIMITS, type Audio, type Meeting } from '../../src/domain/meeting.ts';
import { conflictPrompt } from '../../src/domain/messages.ts';

describe('the command JSON', () => {
  test('manifests/discord-commands.json is exactly what the engine’s command table generates', () => {
    const committed = readFileSync(new URL('../../manifests/discord-commands.json', import.meta.url), 'utf8');
    expect(committed).toBe(discordCommandsJsonText());
  });

  test('every summary and argument description in the command table fits Discord’s 100 characters uncut', () => {
    const long = COMMANDS.flatMap((c) => [c.summary, ...c.args.map((a) => a.description)]).filter((text) => text.length > L.commandDescription);
    expect(long).toEqual([]);
  });

  test('/breakouts has every engine command as a typed subcommand and is gated to Move Members', () => {
    const [full] = buildDiscordCommands();
    expect(full?.name).toBe(FACILITATOR_COMMAND);
    expect(full?.default_member_permissions).toBe(String(1 << 24));
    expect(full?.options.map((o) => o.name)).toEqual(COMMANDS.map((c) => c.name));
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
    const open = buildDiscordCommands()[1];
    expect(open?.name).toBe(ATTENDEE_COMMAND);
    expect(open?.default_member_permissions).toBeNull();
    expect(open?.options.map((o) => o.name).sort()).toEqual(['audio', 'help', 'join', 'leave', 'status']);
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
      expect(JSON.stringify(command).length).toBeLessThan(8000);
    }
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
