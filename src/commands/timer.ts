// The breakouts timer (off unless asked): its deadlines live in the meeting, so a restart keeps
// them. Every open room is warned at 5 minutes left (runs longer than 10 minutes) and at 1 minute,
// told "time is up, this room closes in 60 s" at zero, and the meeting then ends by itself (the
// tick in runs.ts). Each notice is recorded in the meeting when given, so it is never given twice.
import { z } from 'zod';
import { formatDuration, parseDuration } from '../domain/duration.ts';
import { clockTime } from '../domain/facilitation.ts';
import { LIMITS, TIMER_NOTICES, type Meeting, type Timer, type TimerNotice } from '../domain/meeting.ts';
import { roomLabel } from '../domain/messages.ts';
import { refuse, type Effect } from '../domain/outcome.ts';
import { announce, openRooms } from './announce.ts';
import { changed, defineCommand, unchanged, type HandlerResult } from './define.ts';

const DURATION_EXAMPLES = 'write it like 90s, 15m or 1h';
const MAX_WORDS = formatDuration(LIMITS.maxTimerSeconds);
const MAX_GRACE_WORDS = formatDuration(LIMITS.maxTimerGraceSeconds);

/** A duration as people type it ("90s", "15m", "1h", "1h30m"; a bare number is minutes), in seconds. */
export const DurationSchema = z
  .string()
  .trim()
  .max(40, { error: `is too long: ${DURATION_EXAMPLES}` })
  .transform((text, ctx) => {
    const seconds = parseDuration(text);
    if (seconds === undefined) ctx.addIssue({ code: 'custom', message: `“${text}” is not a duration: ${DURATION_EXAMPLES}` });
    else if (seconds < 1) ctx.addIssue({ code: 'custom', message: 'must be at least 1 second' });
    else if (seconds > LIMITS.maxTimerSeconds) ctx.addIssue({ code: 'custom', message: `“${text}” is longer than a timer can run (at most ${MAX_WORDS})` });
    else return seconds;
    return z.NEVER;
  });

export function graceSeconds(meeting: Pick<Meeting, 'settings'>): number {
  return meeting.settings.timerGraceSeconds ?? LIMITS.defaultTimerGraceSeconds;
}

const iso = (ms: number): string => new Date(ms).toISOString();

/** "60 s", "30 s", "2 min": a grace as the rooms read it. */
function graceWords(seconds: number): string {
  return seconds < 120 ? `${seconds} s` : formatDuration(seconds);
}

/** "5 minutes", "1 minute", "40 seconds": what is left, as a notice says it. */
function leftWords(ms: number): string {
  const seconds = Math.max(1, Math.round(ms / 1000));
  if (seconds < 60) return seconds === 1 ? '1 second' : `${seconds} seconds`;
  const minutes = Math.round(seconds / 60);
  return minutes === 1 ? '1 minute' : `${minutes} minutes`;
}

/**
 * When each notice falls due: 5 minutes before the end when the run is longer than 10 minutes, 1
 * minute before when it is longer than that minute (a 45-second timer is not warned as it starts),
 * and time up at the end.
 */
function thresholds(timer: Timer): Map<TimerNotice, number> {
  const ends = Date.parse(timer.endsAt);
  const at = new Map<TimerNotice, number>();
  if (timer.totalSeconds > 600) at.set('5m', ends - 300_000);
  if (timer.totalSeconds > 60) at.set('1m', ends - 60_000);
  at.set('zero', ends);
  return at;
}

/** The moment the meeting ends by itself: as announced at zero, or (not announced yet) time up plus the grace. */
export function plannedEnd(meeting: Meeting, timer: Timer): number {
  return timer.closesAt ? Date.parse(timer.closesAt) : Date.parse(timer.endsAt) + graceSeconds(meeting) * 1000;
}

/** The timer's next deadline: the next notice not given yet, or the automatic end. */
export function nextDeadline(meeting: Meeting, timer: Timer): string {
  const ahead = [...thresholds(timer)].filter(([notice]) => !timer.sent.includes(notice)).map(([, at]) => at);
  return iso(ahead.length > 0 ? Math.min(...ahead) : plannedEnd(meeting, timer));
}

const tickFor = (meeting: Meeting, timer: Timer): Effect => ({ type: 'tick', due: nextDeadline(meeting, timer) });

const roomStatuses = (meeting: Meeting): Effect[] => openRooms(meeting).map((room) => ({ type: 'room-status', room }) as const);

/** A new timer from now (Start with a duration): the tick of its first deadline. */
export function startTimer(meeting: Meeting, now: Date, seconds: number): Effect[] {
  const timer: Timer = { startedAt: now.toISOString(), endsAt: iso(now.getTime() + seconds * 1000), totalSeconds: seconds, sent: [] };
  meeting.timer = timer;
  return [tickFor(meeting, timer)];
}

/** "Rooms close at 14:20 UTC (in 20 min)." for the person who started or changed the timer. */
export function timerSentence(meeting: Meeting, now: Date): string {
  const timer = meeting.timer;
  if (!timer) return '';
  if (timer.closesAt) return `Time is up: rooms close at ${clockTime(timer.closesAt)}.`;
  return `Rooms close at ${clockTime(timer.endsAt)} (in ${formatDuration((Date.parse(timer.endsAt) - now.getTime()) / 1000)}), then ${graceWords(graceSeconds(meeting))} of grace before everyone is brought back.`;
}

/**
 * Give the notices due now, once: when several fell due meanwhile (Breakouts was not running),
 * only the most urgent is given and the earlier ones count as given — never "5 minutes left" when
 * 30 seconds are left. Time up announces when the rooms close.
 */
function giveDue(meeting: Meeting, timer: Timer, now: Date): { readonly effects: Effect[]; readonly given?: TimerNotice } {
  const due = [...thresholds(timer)].filter(([notice, at]) => at <= now.getTime() && !timer.sent.includes(notice));
  const last = due.at(-1);
  if (!last) return { effects: [] };
  const [notice] = last;
  const sent = new Set([...timer.sent, ...due.map(([n]) => n)]);
  const next: Timer = { ...timer, sent: TIMER_NOTICES.filter((n) => sent.has(n)) };
  const ends = Date.parse(timer.endsAt);
  if (notice === 'zero') {
    const grace = graceSeconds(meeting);
    next.closesAt = iso(ends + grace * 1000);
    meeting.timer = next;
    const closesIn = Math.max(0, Math.round((Date.parse(next.closesAt) - now.getTime()) / 1000));
    const when = closesIn > 0 ? `closes in ${graceWords(closesIn)} (at ${clockTime(next.closesAt)})` : 'closes now';
    const effects = announce(meeting, openRooms(meeting), 'timer-closing', (room) => `Time is up in ${roomLabel(meeting, room)} (${meeting.title}): this room ${when}.`);
    return { effects: [...effects, ...roomStatuses(meeting)], given: notice };
  }
  meeting.timer = next;
  const left = leftWords(ends - now.getTime());
  const effects = announce(meeting, openRooms(meeting), 'timer-warning', (room) => `${left} left in ${roomLabel(meeting, room)} (${meeting.title}): rooms close at ${clockTime(timer.endsAt)}.`);
  return { effects, given: notice };
}

/** What the tick found due on the timer: notices to give (and the next tick), the automatic end, or nothing. */
export type TimerDue =
  | { readonly kind: 'nothing' }
  | { readonly kind: 'notices'; readonly effects: readonly Effect[]; readonly reply: string }
  /** Time is up and the grace is over: end now. `lateSeconds` > 0 when that was more than a minute ago. */
  | { readonly kind: 'end'; readonly lateSeconds: number };

export function timerDue(meeting: Meeting, now: Date): TimerDue {
  const timer = meeting.status === 'started' ? meeting.timer : undefined;
  if (!timer) return { kind: 'nothing' };
  const late = now.getTime() - plannedEnd(meeting, timer);
  if (late >= 0) return { kind: 'end', lateSeconds: late > 60_000 ? Math.round(late / 1000) : 0 };
  const { effects, given } = giveDue(meeting, timer, now);
  if (!given || !meeting.timer) return { kind: 'nothing' };
  const reply = given === 'zero' ? 'Time is up: every open room was told when it closes.' : 'Every open room was told how much time is left.';
  return { kind: 'notices', effects: [...effects, tickFor(meeting, meeting.timer)], reply };
}

/**
 * A new end for the running timer: notices still ahead of now are given again (a "1 minute left"
 * already sent is sent again once an extension puts it back in the future), time up moved into
 * the past is given now, and the rooms' status lines show the new end.
 */
function moveEnd(meeting: Meeting, timer: Timer, endsMs: number, now: Date): Effect[] {
  const zeroGiven = timer.sent.includes('zero');
  // Shortened past zero before time was up: time is up now.
  const ends = !zeroGiven && endsMs < now.getTime() ? now.getTime() : endsMs;
  const total = Math.round((ends - Date.parse(timer.startedAt)) / 1000);
  const next: Timer = { startedAt: timer.startedAt, endsAt: iso(ends), totalSeconds: Math.min(LIMITS.maxTimerSeconds * 2, Math.max(1, total)), sent: [] };
  const at = thresholds(next);
  next.sent = timer.sent.filter((notice) => (at.get(notice) ?? 0) <= now.getTime());
  if (next.sent.includes('zero')) next.closesAt = iso(ends + graceSeconds(meeting) * 1000);
  meeting.timer = next;
  return afterChange(meeting, next, now);
}

/** After any change of the running timer: what is due at once, the next tick, the rooms' status lines. */
function afterChange(meeting: Meeting, timer: Timer, now: Date): Effect[] {
  const { effects } = giveDue(meeting, timer, now);
  const current = meeting.timer ?? timer;
  const statuses = effects.some((e) => e.type === 'room-status') ? [] : roomStatuses(meeting);
  return [...effects, ...statuses, tickFor(meeting, current)];
}

type Change =
  | { readonly kind: 'show' }
  | { readonly kind: 'off' }
  | { readonly kind: 'grace'; readonly seconds: number }
  | { readonly kind: 'set'; readonly seconds: number }
  | { readonly kind: 'by'; readonly seconds: number };

const HOW = 'Type /breakouts timer 10m (what is left), timer +5m, timer -2m, timer off, or timer grace 30s.';

/** What `timer …` asks for, or the sentence that says why it cannot be read. */
function readChange(text: string | undefined): Change | { readonly kind: 'bad'; readonly message: string } {
  const words = (text ?? '').trim().replace(/\s+/g, ' ');
  if (words === '') return { kind: 'show' };
  if (/^off$/i.test(words)) return { kind: 'off' };
  const grace = /^grace(?: (.*))?$/i.exec(words);
  if (grace) {
    const seconds = grace[1] === undefined ? undefined : parseDuration(grace[1]);
    if (seconds === undefined) return { kind: 'bad', message: `${grace[1] === undefined ? 'Say how long the grace is' : `“${grace[1]}” is not a duration`}: write it like /breakouts timer grace 30s. Nothing was changed.` };
    if (seconds > LIMITS.maxTimerGraceSeconds) return { kind: 'bad', message: `The grace can be at most ${MAX_GRACE_WORDS}. Nothing was changed.` };
    return { kind: 'grace', seconds };
  }
  const by = /^([+-]) ?(.+)$/.exec(words);
  const amount = by ? by[2]! : words;
  const seconds = parseDuration(amount);
  if (seconds === undefined) return { kind: 'bad', message: `“${amount}” is not a duration: ${DURATION_EXAMPLES}. ${HOW} Nothing was changed.` };
  if (seconds > LIMITS.maxTimerSeconds) return { kind: 'bad', message: `A timer runs at most ${MAX_WORDS}. Nothing was changed.` };
  if (by) return { kind: 'by', seconds: by[1] === '-' ? -seconds : seconds };
  if (seconds < 1) return { kind: 'bad', message: 'A timer needs at least 1 second. To remove it, type /breakouts timer off; to end breakouts now, /breakouts end. Nothing was changed.' };
  return { kind: 'set', seconds };
}

function show(meeting: Meeting, now: Date): string {
  const grace = `Grace after time is up: ${graceWords(graceSeconds(meeting))}.`;
  if (meeting.status === 'started') {
    if (!meeting.timer) return `No timer is running. ${HOW} ${grace}`;
    const timer = meeting.timer;
    if (timer.closesAt) return `Time is up: rooms close at ${clockTime(timer.closesAt)}.`;
    return `${formatDuration((Date.parse(timer.endsAt) - now.getTime()) / 1000)} left: rooms close at ${clockTime(timer.endsAt)}. ${grace}`;
  }
  const planned = meeting.settings.plannedTimerSeconds;
  if (planned) return `Timer planned: ${formatDuration(planned)}, from Start. ${grace}`;
  return `No timer. Type /breakouts start 15m to start with one, or /breakouts timer 15m to plan it before the start. ${grace}`;
}

/** Before the start: the next run's length. */
function plan(meeting: Meeting, change: Extract<Change, { kind: 'set' | 'by' }>): HandlerResult {
  const planned = meeting.settings.plannedTimerSeconds;
  if (change.kind === 'by' && planned === undefined) return refuse('bad-input', 'There is no timer to change: type /breakouts timer 15m to plan one for the next start. Nothing was changed.', meeting);
  const seconds = change.kind === 'set' ? change.seconds : (planned ?? 0) + change.seconds;
  if (seconds < 1) return refuse('bad-input', 'That leaves no time. To remove the planned timer, type /breakouts timer off. Nothing was changed.', meeting);
  if (seconds > LIMITS.maxTimerSeconds) return refuse('bad-input', `A timer runs at most ${MAX_WORDS}. Nothing was changed.`, meeting);
  if (seconds === planned) return unchanged(`The timer is already planned for ${formatDuration(seconds)}.`);
  meeting.settings.plannedTimerSeconds = seconds;
  return changed(`Timer planned: ${formatDuration(seconds)}, from Start. Rooms are warned at 5 and 1 minutes left and close ${graceWords(graceSeconds(meeting))} after time is up.`);
}

/** While breakouts run: set what is left, or move the end. */
function adjust(meeting: Meeting, change: Extract<Change, { kind: 'set' | 'by' }>, now: Date): HandlerResult {
  const timer = meeting.timer;
  if (change.kind === 'set' && !timer) {
    const effects = startTimer(meeting, now, change.seconds);
    return changed(`Timer set: ${formatDuration(change.seconds)}. ${timerSentence(meeting, now)}`, { effects: [...effects, ...roomStatuses(meeting)] });
  }
  if (!timer) return refuse('bad-input', `No timer is running, so there is nothing to ${change.seconds < 0 ? 'shorten' : 'extend'}. Type /breakouts timer 10m to set one. Nothing was changed.`, meeting);
  if (change.seconds === 0) return unchanged('That changes nothing.');
  const endsMs = change.kind === 'set' ? now.getTime() + change.seconds * 1000 : Date.parse(timer.endsAt) + change.seconds * 1000;
  if (endsMs - now.getTime() > LIMITS.maxTimerSeconds * 1000) return refuse('bad-input', `A timer runs at most ${MAX_WORDS} from now. Nothing was changed.`, meeting);
  const effects = moveEnd(meeting, timer, endsMs, now);
  const what = change.kind === 'set' ? 'Timer set' : change.seconds > 0 ? `Extended by ${formatDuration(change.seconds)}` : `Shortened by ${formatDuration(-change.seconds)}`;
  const after = meeting.timer;
  const sentence = after?.closesAt && !timer.closesAt ? `Time is up now: every room is told it closes at ${clockTime(after.closesAt)}.` : timerSentence(meeting, now);
  return changed(`${what}. ${sentence}`, { effects });
}

export const timer = defineCommand({
  name: 'timer',
  input: z.object({ change: z.string().max(80, { error: `is too long. ${HOW}` }).optional() }),
  args: [{ name: 'change', kind: 'rest', description: 'Empty shows it; +5m or -2m; 10m sets what is left; off; grace 30s', required: false }],
  summary: 'Show or change the timer: warnings at 5 and 1 min left, then the rooms close',
  permission: 'facilitator',
  does: 'change the timer',
  handle({ meeting, input, now }) {
    const change = readChange(input.change);
    const running = meeting.status === 'started';
    switch (change.kind) {
      case 'bad':
        return refuse('bad-input', change.message, meeting);
      case 'show':
        return unchanged(show(meeting, now));
      case 'off':
        if (running && meeting.timer) {
          delete meeting.timer;
          return changed('Timer off: the rooms stay open until someone presses End.', { effects: roomStatuses(meeting) });
        }
        if (!running && meeting.settings.plannedTimerSeconds !== undefined) {
          delete meeting.settings.plannedTimerSeconds;
          return changed('Planned timer removed: the next start runs without one.');
        }
        return unchanged('There is no timer to turn off.');
      case 'grace': {
        if (graceSeconds(meeting) === change.seconds && meeting.settings.timerGraceSeconds !== undefined) return unchanged(`The grace is already ${graceWords(change.seconds)}.`);
        meeting.settings.timerGraceSeconds = change.seconds;
        const reply = `Grace set: rooms close ${change.seconds === 0 ? 'as soon as time is up' : `${graceWords(change.seconds)} after time is up`}.`;
        const current = running ? meeting.timer : undefined;
        if (!current) return changed(reply);
        // Time already up: the announced close moves with the grace.
        if (current.closesAt) meeting.timer = { ...current, closesAt: iso(Date.parse(current.endsAt) + change.seconds * 1000) };
        return changed(reply, { effects: afterChange(meeting, meeting.timer ?? current, now) });
      }
      case 'set':
      case 'by':
        return running ? adjust(meeting, change, now) : plan(meeting, change);
    }
  },
});
