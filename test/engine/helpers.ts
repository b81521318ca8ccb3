// Working fakes for the engine tests: a fixed clock, a seeded random that names its seed, and a
// harness that drives one meeting through `engine.execute` on a memory store and sorts effects.
import { expect } from 'vitest';
import type { Audio, Meeting, Place } from '../../src/domain/meeting.ts';
import { createEngine, SYSTEM_ACTOR, type Actor, type CommandName, type Engine } from '../../src/engine/engine.ts';
import type { DirectMessage, Effect, Outcome, Refusal, Success } from '../../src/domain/outcome.ts';
import { type Clock, type Random } from '../../src/ports.ts';
import { createSeededRandom } from '../../src/domain/random.ts';
import { type MeetingStore } from '../../src/store/port.ts';
import { createMemoryStore } from '../../src/store/store.ts';

export interface FixedClock extends Clock {
  advance(ms: number): void;
}

export function createFixedClock(start = '2026-03-01T10:00:00.000Z'): FixedClock {
  let now = new Date(start).getTime();
  return {
    now: () => new Date(now),
    advance(ms) {
      now += ms;
    },
  };
}

/** A seeded random that also says which seed it was built from (test names carry it). */
export interface NamedRandom extends Random {
  readonly seed: string;
}

export function seeded(seed: string | number): NamedRandom {
  const random = createSeededRandom(seed);
  return { seed: String(seed), next: () => random.next() };
}

export const PLACE: Place = { platform: 'slack', workspaceId: 'T1', channelId: 'C1', mainRoomId: 'C1' };
export const HOST: Actor = { id: 'UHOST', name: 'Host' };

export type RosterEntry = readonly [id: string, audio: Audio];

export interface Harness {
  readonly engine: Engine;
  readonly store: MeetingStore;
  readonly clock: FixedClock;
  readonly random: NamedRandom;
  /** Run a command as `actor` (default: the host facilitator). */
  exec(command: CommandName, input?: unknown, actor?: Actor, version?: number): Promise<Outcome>;
  /** Run a command that must succeed. */
  ok(command: CommandName, input?: unknown, actor?: Actor, version?: number): Promise<Success>;
  /** Run a command that must be refused. */
  refused(command: CommandName, input?: unknown, actor?: Actor, version?: number): Promise<Refusal>;
  meeting(): Promise<Meeting>;
  /** Create the meeting with these people (not placed yet) and this many rooms. */
  setup(roster: readonly RosterEntry[], rooms: number): Promise<Meeting>;
  /** Move someone by hand (facilitator). */
  move(id: string, to: number | 'main'): Promise<Success>;
  /** Move several people by hand, in this order: { p0: 1, v0: 2 }. */
  place(where: Readonly<Record<string, number | 'main'>>): Promise<void>;
  /** Record the result of one step of the current run, as the runner does. */
  recordStep(key: string, extra?: Record<string, unknown>): Promise<Outcome>;
}

export function createHarness(seed: string | number = 1): Harness {
  const store = createMemoryStore();
  const clock = createFixedClock();
  const random = seeded(seed);
  const engine = createEngine({ store, clock, random });
  const exec = (command: CommandName, input?: unknown, actor: Actor = HOST, version?: number): Promise<Outcome> =>
    engine.execute({ target: { place: PLACE }, actor, command, input, ...(version !== undefined ? { version } : {}) });
  const h: Harness = {
    engine,
    store,
    clock,
    random,
    exec,
    async ok(command, input, actor, version) {
      const outcome = await exec(command, input, actor, version);
      if (!outcome.ok) throw new Error(`${command} was refused (${outcome.code}): ${outcome.message}`);
      return outcome;
    },
    async refused(command, input, actor, version) {
      const outcome = await exec(command, input, actor, version);
      if (outcome.ok) throw new Error(`${command} succeeded but should have been refused: ${outcome.reply}`);
      return outcome;
    },
    async meeting() {
      const m = await store.get(`${PLACE.platform}:${PLACE.workspaceId}:${PLACE.channelId}`);
      if (!m) throw new Error('no meeting stored');
      return m;
    },
    async setup(roster, rooms) {
      await h.ok('import', { people: roster.map(([id, audio]) => ({ id, name: nameOf(id), audio })) });
      await h.ok('rooms', { count: rooms });
      return h.meeting();
    },
    move: (id, to) => h.ok('move', { user: { id }, to }),
    async place(where) {
      for (const [id, to] of Object.entries(where)) await h.move(id, to);
    },
    async recordStep(key, extra = {}) {
      const m = await h.meeting();
      return engine.execute({ target: { meetingId: m.id }, actor: SYSTEM_ACTOR, command: 'step', input: { runId: m.run?.id ?? 'none', done: [{ key, ...extra }] } });
    },
  };
  return h;
}

/** 4 phone callers and 4 on VOIP in 4 rooms, a dial-in with a code per room, rooms open. */
export async function startedWithDialIn(seed: string): Promise<Harness> {
  const h = createHarness(seed);
  await h.setup(roster({ phone: 4, voip: 4 }), 4);
  await h.ok('dialin', { number: '+1 555 0100', codes: '111# 222# 333# 444#' });
  await h.ok('distribute');
  await h.ok('start');
  return h;
}

/** Display names are derived from ids so tests can name people by id alone. */
export function nameOf(id: string): string {
  return `Name ${id}`;
}

export function actor(id: string): Actor {
  return { id, name: nameOf(id) };
}

export function roster(counts: { phone?: number; voip?: number; listening?: number }): RosterEntry[] {
  const out: RosterEntry[] = [];
  for (let i = 0; i < (counts.phone ?? 0); i++) out.push([`p${i}`, 'phone']);
  for (let i = 0; i < (counts.voip ?? 0); i++) out.push([`v${i}`, 'voip']);
  for (let i = 0; i < (counts.listening ?? 0); i++) out.push([`l${i}`, 'listening']);
  return out;
}

export function roomOf(meeting: Meeting, id: string): number | null {
  const a = meeting.attendees.find((x) => x.id === id);
  if (!a) throw new Error(`${id} is not on the roster`);
  return a.room;
}

/** Attendee ids per room number (index 0 = main room). */
export function layout(meeting: Meeting): string[][] {
  const rooms: string[][] = Array.from({ length: meeting.rooms.length + 1 }, () => []);
  for (const a of meeting.attendees) rooms[a.room ?? 0]!.push(a.id);
  return rooms.map((r) => r.sort());
}

export function conflictPrompts(effects: readonly Effect[]): { to: string; message: Extract<DirectMessage, { kind: 'conflict-prompt' }> }[] {
  const out: { to: string; message: Extract<DirectMessage, { kind: 'conflict-prompt' }> }[] = [];
  for (const e of effects) if (e.type === 'dm' && e.message.kind === 'conflict-prompt') out.push({ to: e.to, message: e.message });
  return out;
}

/** Every direct message among some effects, with whom it goes to. */
export function directMessages(effects: readonly Effect[]): { to: string; message: DirectMessage }[] {
  return effects.flatMap((e) => (e.type === 'dm' ? [{ to: e.to, message: e.message }] : []));
}

/** The room notices (dial-in, moved, ended) among some effects. */
export function roomNotices(effects: readonly Effect[]): { to: string; message: Extract<DirectMessage, { kind: 'room-notice' }> }[] {
  return directMessages(effects).flatMap((d) => (d.message.kind === 'room-notice' ? [{ to: d.to, message: d.message }] : []));
}

/** A stored meeting must not have changed: compare whole values. */
export async function expectUnchanged(h: Harness, before: Meeting): Promise<void> {
  expect(await h.meeting()).toEqual(before);
}
