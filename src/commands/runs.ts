// Run commands: Apply (prepare rooms), Start (open them and bring people in, with a timer when
// asked), End (everyone back; also the timer's automatic end), each planned as a resumable run of
// steps that the runner carries out; the tick that does what a deadline asks; plus the bookkeeping
// the runner and the adapters record as they go (finished steps, platform resource ids).
import { z } from 'zod';
import { findConflicts } from '../domain/conflicts.ts';
import { LIMITS, PersonIdSchema, type Meeting, type Run, type Step } from '../domain/meeting.ts';
import { refuse } from '../domain/outcome.ts';
import { randomId } from '../domain/random.ts';
import { formatDuration } from '../domain/duration.ts';
import { plural } from '../domain/text.ts';
import type { Random } from '../ports.ts';
import { changed, defineCommand, plainButton, unchanged, type HandlerResult } from './define.ts';
import { closeHelp, helpPingsDue } from './help-queue.ts';
import { occupiedRooms } from './placement.ts';
import { closeRound, openRound } from './rounds.ts';
import { DurationSchema, startTimer, timerDue, timerSentence } from './timer.ts';

/** A new pending step; keys are unique within a run by construction (room numbers, person ids). */
function pendingStep(step: Omit<Step, 'state'>): Step {
  return { ...step, state: 'pending' };
}

/** The steps of a new run: prepare rooms (apply, start), open and welcome them (start), close them (end), tell phone callers. */
function newRun(meeting: Meeting, kind: Run['kind'], random: Random): Run {
  const steps: Step[] = [];
  if (kind === 'end') {
    for (const room of meeting.rooms) if (room.resourceId) steps.push(pendingStep({ key: `close:${room.number}`, kind: 'close', room: room.number }));
    // No platform can hang up a phone call: phone attendees are told to rejoin the main session.
    for (const a of meeting.attendees) {
      if (a.room !== null && a.audio === 'phone') steps.push(pendingStep({ key: `notify:${a.id}`, kind: 'notify', to: a.id, reason: 'ended', room: a.room }));
    }
    return { id: randomId(random, 8), kind, steps, finished: steps.length === 0 };
  }
  const occupied = occupiedRooms(meeting);
  for (const r of occupied) if (!meeting.rooms[r - 1]?.resourceId) steps.push(pendingStep({ key: `prepare:${r}`, kind: 'prepare', room: r }));
  if (kind === 'start') {
    for (const r of occupied) steps.push(pendingStep({ key: `open:${r}`, kind: 'open', room: r }));
    for (const r of occupied) steps.push(pendingStep({ key: `welcome:${r}`, kind: 'welcome', room: r }));
    for (const a of meeting.attendees) {
      if (a.room !== null && a.audio === 'phone') steps.push(pendingStep({ key: `notify:${a.id}`, kind: 'notify', to: a.id, reason: 'phone-dial-in', room: a.room }));
    }
  }
  return { id: randomId(random, 8), kind, steps, finished: steps.length === 0 };
}

/** Resuming an apply after the layout changed: rooms occupied since then are prepared too. */
function withNewRooms(meeting: Meeting, run: Run): Run {
  const keys = new Set(run.steps.map((s) => s.key));
  const added = occupiedRooms(meeting)
    .filter((r) => !meeting.rooms[r - 1]?.resourceId && !keys.has(`prepare:${r}`))
    .map((r) => pendingStep({ key: `prepare:${r}`, kind: 'prepare', room: r }));
  return added.length === 0 ? run : { ...run, steps: [...run.steps, ...added], finished: false };
}

function runBusy(meeting: Meeting): Run | undefined {
  return meeting.run && !meeting.run.finished ? meeting.run : undefined;
}

/**
 * What a resumed run can honestly promise: a step is recorded once it is done, so recorded steps
 * never run again, but the few under way when the run stopped (at most the runner's concurrency)
 * had no record yet and run again.
 */
const RESUME_PROMISE = 'Steps recorded as done are not repeated; the few that were under way when it stopped may be sent once more.';

function runSummary(run: Run): string {
  const pending = run.steps.filter((s) => s.state === 'pending').length;
  return `${run.steps.length - pending} of ${run.steps.length} steps done`;
}

/**
 * What the person who pressed Apply, Start or End is told when the run stopped half-way: how far
 * it got, the real cause when it is known, and how to carry on.
 */
export function stoppedRunSentence(run: Run, cause: string | undefined): string {
  const done = run.steps.filter((s) => s.state !== 'pending').length;
  const how = run.kind === 'start' ? 'press Resume start or type /breakouts start' : `type /breakouts ${run.kind}`;
  return `The ${run.kind} stopped after ${done} of ${run.steps.length} steps.${cause ? ` ${cause}` : ''} To carry on, ${how}: steps already recorded as done are not repeated.`;
}

const carryOn = (run: Run) => [{ type: 'run', runId: run.id }] as const;

export const apply = defineCommand({
  name: 'apply',
  input: z.object({}),
  summary: 'Save the layout and prepare the rooms, without opening them',
  permission: 'facilitator',
  does: 'apply the layout',
  buttons: [plainButton('apply', 'a')],
  handle({ meeting, random }) {
    if (meeting.status === 'started') return refuse('wrong-status', 'Breakouts are running: moves already apply live. End them first to save a layout for later.', meeting);
    const busy = runBusy(meeting);
    if (busy && busy.kind !== 'apply') {
      return refuse('busy', `${busy.kind === 'end' ? 'An end' : 'A start'} is under way (${runSummary(busy)}): wait for it to finish, or type /breakouts ${busy.kind} to resume it if it stopped.`, meeting);
    }
    if (occupiedRooms(meeting).length === 0) return refuse('wrong-status', 'Nobody is in a room yet: distribute first.', meeting);
    const run = busy ? withNewRooms(meeting, busy) : newRun(meeting, 'apply', random);
    meeting.run = run;
    meeting.status = 'applied';
    const toPrepare = run.steps.filter((s) => s.state === 'pending').length;
    return changed(`Layout saved. ${toPrepare > 0 ? `Preparing ${plural(toPrepare, 'room')}; press` : 'Press'} Apply and Start when it is time.`, { effects: run.finished ? [] : carryOn(run) });
  },
});

export const start = defineCommand({
  name: 'start',
  input: z.object({ duration: DurationSchema.optional() }),
  args: [{ name: 'duration', kind: 'text', description: 'How long the rooms stay open, like 90s, 15m or 1h', required: false }],
  summary: 'Apply and start: open the rooms and send everyone to theirs (start 15m adds a timer)',
  permission: 'facilitator',
  does: 'start breakouts',
  buttons: [plainButton('start', 'st')],
  handle({ meeting, random, input, now }) {
    const busy = runBusy(meeting);
    // Either it stopped (crash, restart) or it is still going; the runner joins a run under way.
    if (busy && busy.kind === 'start') {
      const timerKept = input.duration !== undefined ? ' The timer was not changed: type /breakouts timer to see or change it.' : '';
      return unchanged(`Carrying on with the start (${runSummary(busy)}). ${RESUME_PROMISE}${timerKept}`, carryOn(busy));
    }
    if (meeting.status === 'started') return refuse('wrong-status', 'Breakouts are already running. Moves apply live; End brings everyone back.', meeting);
    if (occupiedRooms(meeting).length === 0) return refuse('wrong-status', 'Nobody is in a room yet: distribute first.', meeting);
    const run = newRun(meeting, 'start', random);
    meeting.run = run;
    meeting.status = 'started';
    // Every start is a round: who is in which room from now (moves while open add stints).
    const round = openRound(meeting, now);
    // A timer given now, or planned before the start (`timer 15m`), runs from now; a plan is for one start.
    const seconds = input.duration ?? meeting.settings.plannedTimerSeconds;
    delete meeting.settings.plannedTimerSeconds;
    delete meeting.timer;
    delete meeting.timerEnded;
    delete meeting.visits;
    const timed = seconds === undefined ? [] : startTimer(meeting, now, seconds);
    const conflicts = findConflicts(meeting).size;
    const still = conflicts ? ` ${plural(conflicts, 'room')} still ${conflicts === 1 ? 'has' : 'have'} an audio conflict.` : '';
    const timer = seconds === undefined ? '' : ` Timer: ${formatDuration(seconds)}. ${timerSentence(meeting, now)}`;
    return changed(`Starting breakouts in ${plural(occupiedRooms(meeting).length, 'room')} (round ${round.number}).${still}${timer}`, { effects: [...carryOn(run), ...timed] });
  },
});

/**
 * End breakouts: everyone back to the main room. The End button and the timer's automatic end
 * (the tick, with how late it is when Breakouts was not running at the deadline) are this one
 * change: the timer and visits are over, and help requests still waiting are closed.
 */
export function endBreakouts(meeting: Meeting, random: Random, now: Date, automatic?: { readonly lateSeconds: number }): HandlerResult {
  const busy = runBusy(meeting);
  if (busy && busy.kind === 'end') return unchanged(`Carrying on with the end (${runSummary(busy)}). ${RESUME_PROMISE}`, carryOn(busy));
  if (meeting.status !== 'started') return refuse('wrong-status', `Breakouts are not running (status: ${meeting.status}). Start them first.`, meeting);
  const run = newRun(meeting, 'end', random);
  meeting.run = run;
  meeting.status = 'ended';
  if (meeting.timer) meeting.timerEnded = { at: now.toISOString(), lateSeconds: automatic?.lateSeconds ?? 0 };
  else delete meeting.timerEnded;
  delete meeting.timer;
  delete meeting.visits;
  const help = closeHelp(meeting);
  // The round is over: its digest (each room, who was there, how long) goes to the main channel.
  const round = closeRound(meeting, now);
  const digest = round ? [{ type: 'digest', round: round.number } as const] : [];
  const late = automatic?.lateSeconds ? `Breakouts ended ${formatDuration(automatic.lateSeconds)} late (Breakouts was not running when the timer ran out): ` : automatic ? 'Time is up: breakouts ended, ' : 'Ending breakouts: ';
  return changed(`${late}everyone is going back to the main room.`, { effects: [...(run.finished ? [] : carryOn(run)), ...help, ...digest] });
}

export const end = defineCommand({
  name: 'end',
  input: z.object({}),
  summary: 'End breakouts: everyone back to the main room',
  permission: 'facilitator',
  does: 'end breakouts',
  buttons: [plainButton('end', 'e')],
  handle: ({ meeting, random, now }) => endBreakouts(meeting, random, now),
});

/**
 * A deadline came (the outbox hands a tick over once it is due, by the claimer's clock): the
 * timer's notices due now, the automatic end, help requests to ping again. Whatever it does is
 * recorded in the meeting in the same change, so two processes with the same tick, or an old tick
 * of a deadline that moved, do nothing twice.
 */
export const tick = defineCommand({
  name: 'tick',
  input: z.object({ due: z.string().min(1).max(40) }),
  typed: false,
  summary: 'Do what is due now: timer notices, the automatic end, help re-pings',
  permission: 'system',
  handle({ meeting, random, now }) {
    const due = timerDue(meeting, now);
    if (due.kind === 'end') return endBreakouts(meeting, random, now, { lateSeconds: due.lateSeconds });
    const pings = helpPingsDue(meeting, now);
    const effects = [...(due.kind === 'notices' ? due.effects : []), ...pings];
    if (effects.length === 0) return unchanged('');
    return changed(due.kind === 'notices' ? due.reply : 'Help requests nobody took yet were sent to every facilitator again.', { effects });
  },
});

/** What the platform made, or could not reach, for one finished (or failed) step. */
const StepDoneSchema = z.object({
  key: z.string().min(1).max(80),
  resourceId: z.string().min(1).max(64).optional(),
  resources: z.record(z.string(), z.string().max(64)).optional(),
  unreachable: z.array(PersonIdSchema).optional(),
  failed: z.string().max(300).optional(),
});

/**
 * The runner records finished (or failed) steps: those that ended together go in one command, so
 * a start of a thousand people writes a batch of steps at a time, not one write per step.
 */
export const step = defineCommand({
  name: 'step',
  input: z.object({ runId: z.string().min(1).max(16), done: z.array(StepDoneSchema).min(1).max(LIMITS.stepsPerRecord) }),
  typed: false,
  summary: 'Record finished steps of a run',
  permission: 'system',
  bookkeeping: true,
  handle({ meeting, input }) {
    const run = meeting.run;
    if (!run || run.id !== input.runId) return refuse('stale', 'That run is over.', meeting);
    const indexOf = new Map(run.steps.map((s, i) => [s.key, i]));
    const missing = input.done.find((d) => !indexOf.has(d.key));
    if (missing) return refuse('bad-input', `No step ${missing.key} in this run.`, meeting);
    // A whole room may be unreachable: look people up by id, not one scan each.
    const byId = new Map(meeting.attendees.map((a) => [a.id, a]));
    for (const done of input.done) {
      const index = indexOf.get(done.key)!;
      const found = run.steps[index]!;
      if (done.resources) Object.assign(meeting.resources, done.resources);
      if (found.kind === 'prepare' && found.room !== undefined && done.resourceId) {
        const room = meeting.rooms[found.room - 1];
        if (room) room.resourceId = done.resourceId;
      }
      // A new step object: the copy shares the unchanged steps with the stored run.
      run.steps[index] = { ...found, state: done.failed ? 'failed' : 'done', ...(done.failed ? { note: done.failed } : {}) };
      for (const id of done.unreachable ?? []) {
        const a = byId.get(id);
        const key = `notify:${id}`;
        if (!a || a.room === null || indexOf.has(key)) continue;
        indexOf.set(key, run.steps.length);
        run.steps.push(pendingStep({ key, kind: 'notify', to: id, reason: 'not-reached', room: a.room }));
      }
    }
    run.finished = run.steps.every((s) => s.state !== 'pending');
    // A room just opened shows its state at a glance (its timer, how many are in it); a closed one clears it.
    const shown = input.done
      .map((d) => (d.failed ? undefined : run.steps[indexOf.get(d.key)!]))
      .filter((s) => s !== undefined && (s.kind === 'welcome' || s.kind === 'close') && s.room !== undefined);
    const effects = shown.map((s) => ({ type: 'room-status', room: s!.room! }) as const);
    return changed('', { bump: false, effects });
  },
});

/** A room's platform resource made outside a run (a live move into a room not prepared yet). */
export const resource = defineCommand({
  name: 'resource',
  input: z.object({ room: z.number().int().min(1).max(LIMITS.maxRooms), resourceId: z.string().min(1).max(64) }),
  typed: false,
  summary: 'Remember the platform resource of a room',
  permission: 'system',
  bookkeeping: true,
  handle({ meeting, input }) {
    const room = meeting.rooms[input.room - 1];
    if (!room) return refuse('bad-input', `No room ${input.room}.`, meeting);
    room.resourceId = input.resourceId;
    return changed('', { bump: false });
  },
});

/** Adapters remember platform things that belong to the meeting (the board message, a category). */
export const remember = defineCommand({
  name: 'remember',
  input: z.object({ resources: z.record(z.string().min(1).max(40), z.string().max(64)) }),
  typed: false,
  summary: 'Remember platform resources of the meeting',
  permission: 'system',
  bookkeeping: true,
  handle({ meeting, input }) {
    const same = Object.entries(input.resources).every(([k, v]) => meeting.resources[k] === v);
    if (same) return unchanged('');
    Object.assign(meeting.resources, input.resources);
    return changed('', { bump: false });
  },
});
