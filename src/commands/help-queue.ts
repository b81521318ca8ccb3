// The help queue, shared by every facilitator: an attendee in an open room asks for help (a button
// in the room's welcome message, or typed); every facilitator gets the request with an "I'll go"
// button; the first to press it takes it, every other copy says who is on it, and the room is told
// who is coming. A second ask from the same room joins the open request; an unclaimed one pings
// everyone again every two minutes (a few times); the asker can withdraw it.
import { z } from 'zod';
import { CLAIM_LABEL, helpSummary, openHelp, personName } from '../domain/facilitation.ts';
import { LIMITS, PersonIdSchema, type HelpRequest, type Meeting } from '../domain/meeting.ts';
import { roomLabel } from '../domain/messages.ts';
import { refuse, type Effect } from '../domain/outcome.ts';
import { randomId } from '../domain/random.ts';
import { cleanDisplayText, plural } from '../domain/text.ts';
import { announce } from './announce.ts';
import { changed, defineCommand, plainButton, unchanged } from './define.ts';
import { RoomNumber } from './inputs.ts';

const REQUEST_ID = /^[a-z0-9]{1,16}$/;
const repingMs = LIMITS.helpRepingSeconds * 1000;

/** When an open request pings everyone next: every two minutes after it was asked, a few times. */
function nextPing(request: HelpRequest): string | undefined {
  if (request.state !== 'open' || request.pings >= LIMITS.helpPings) return undefined;
  return new Date(Date.parse(request.at) + request.pings * repingMs).toISOString();
}

/** One copy of the request for every facilitator (each with an "I'll go" button), and the next re-ping. */
function pingFacilitators(meeting: Meeting, request: HelpRequest, again: boolean): Effect[] {
  const summary = helpSummary(meeting, request);
  const text = again ? `Still waiting for someone: ${summary}` : summary;
  const effects: Effect[] = meeting.attendees
    .filter((a) => a.role === 'facilitator')
    .map((f) => ({
      type: 'dm',
      to: f.id,
      message: {
        kind: 'help-request',
        meetingId: meeting.id,
        requestId: request.id,
        room: request.room,
        roomName: roomLabel(meeting, request.room),
        askers: request.askers.map((id) => personName(meeting, id)),
        ...(request.note ? { note: request.note } : {}),
        text: `${text}\nPress “${CLAIM_LABEL}” (or type /breakouts claim ${request.room}) to take it.`,
        claimLabel: CLAIM_LABEL,
      },
    }));
  const due = nextPing(request);
  if (due) effects.push({ type: 'tick', due });
  return effects;
}

/** Open and claimed requests stay; of the answered ones only the newest are kept. */
function keepRecent(help: readonly HelpRequest[]): HelpRequest[] {
  const answered = help.filter((h) => h.state === 'withdrawn' || h.state === 'closed');
  const drop = new Set(answered.slice(0, Math.max(0, answered.length - LIMITS.helpRequestsKept)));
  return help.filter((h) => !drop.has(h));
}

/** Replace one request (the list is copied: the stored meeting is never changed in place). */
function withRequest(meeting: Meeting, request: HelpRequest): void {
  meeting.help = keepRecent((meeting.help ?? []).map((h) => (h.id === request.id ? request : h)));
}

/** The re-pings due now (the timer's tick calls this): each open request not taken after two minutes pings everyone again. */
export function helpPingsDue(meeting: Meeting, now: Date): Effect[] {
  if (meeting.status !== 'started') return [];
  const effects: Effect[] = [];
  for (const request of openHelp(meeting)) {
    const due = nextPing(request);
    if (!due || Date.parse(due) > now.getTime()) continue;
    const again = { ...request, pings: request.pings + 1 };
    withRequest(meeting, again);
    effects.push(...pingFacilitators(meeting, again, true));
  }
  return effects;
}

/** At the end of breakouts every request still open or taken is closed, and every copy says so. */
export function closeHelp(meeting: Meeting): Effect[] {
  const effects: Effect[] = [];
  for (const request of meeting.help ?? []) {
    if (request.state !== 'open' && request.state !== 'claimed') continue;
    withRequest(meeting, { ...request, state: 'closed' });
    if (request.state === 'open') effects.push({ type: 'help-update', requestId: request.id });
  }
  return effects;
}

const NoteSchema = z
  .string()
  .transform(cleanDisplayText)
  .pipe(z.string().max(LIMITS.helpNoteLength, { error: `is longer than ${LIMITS.helpNoteLength} characters: a short note is enough` }))
  .optional()
  .transform((note) => (note ? note : undefined));

export const ask = defineCommand({
  name: 'ask',
  input: z.object({ note: NoteSchema }),
  args: [{ name: 'note', kind: 'rest', description: 'What you need help with (optional)', required: false }],
  summary: 'Ask the facilitators for help in your room',
  permission: 'anyone',
  does: 'ask for help',
  forAttendees: true,
  personal: true,
  buttons: [plainButton('ask', 'ak')],
  handle({ meeting, input, actor, random, now }) {
    const me = meeting.attendees.find((a) => a.id === actor.id);
    if (meeting.status !== 'started') return refuse('wrong-status', 'Breakouts are not running: you can ask for help from a breakout room once they start.', meeting);
    if (!me || me.room === null) return refuse('bad-input', 'You are not in a breakout room. In the main room, just speak up or write in the meeting channel.', meeting);
    const room = me.room;
    const current = (meeting.help ?? []).find((h) => h.room === room && (h.state === 'open' || h.state === 'claimed'));
    if (current?.state === 'claimed') {
      return unchanged(`${personName(meeting, current.claimedBy ?? '')} is already on the way to ${roomLabel(meeting, room)}.`);
    }
    if (current) {
      // Joins the open request: no second ping for the same room.
      if (current.askers.includes(actor.id) && (!input.note || current.note)) return unchanged(`Your request for help in ${roomLabel(meeting, room)} is still waiting; the facilitators have it.`);
      const joined = { ...current, askers: current.askers.includes(actor.id) ? current.askers : [...current.askers, actor.id], ...(input.note && !current.note ? { note: input.note } : {}) };
      withRequest(meeting, joined);
      return changed(`${roomLabel(meeting, room)} already asked for help at ${current.at.slice(11, 16)} UTC; you were added to that request. The facilitators have it.`);
    }
    const request: HelpRequest = { id: randomId(random, 8), room, askers: [actor.id], ...(input.note ? { note: input.note } : {}), at: now.toISOString(), state: 'open', pings: 1, copies: [] };
    meeting.help = keepRecent([...(meeting.help ?? []), request]);
    const facilitators = meeting.attendees.filter((a) => a.role === 'facilitator').length;
    return changed(`Help asked for ${roomLabel(meeting, room)}: ${plural(facilitators, 'facilitator')} told. You will hear here who is coming. Changed your mind? Type /breakouts withdraw.`, {
      effects: [...pingFacilitators(meeting, request, false), { type: 'room-status', room }],
    });
  },
});

export const withdraw = defineCommand({
  name: 'withdraw',
  input: z.object({}),
  summary: 'Withdraw your room’s request for help',
  permission: 'anyone',
  does: 'withdraw a help request',
  forAttendees: true,
  personal: true,
  buttons: [plainButton('withdraw', 'wd')],
  handle({ meeting, actor }) {
    const request = (meeting.help ?? []).find((h) => (h.state === 'open' || h.state === 'claimed') && h.askers.includes(actor.id));
    if (!request) return unchanged('You have no open request for help.');
    const askers = request.askers.filter((id) => id !== actor.id);
    if (askers.length > 0) {
      withRequest(meeting, { ...request, askers });
      return changed(`You are off the request; ${plural(askers.length, 'other person', 'other people')} in ${roomLabel(meeting, request.room)} still ${askers.length === 1 ? 'asks' : 'ask'} for help.`);
    }
    withRequest(meeting, { ...request, state: 'withdrawn' });
    return changed(`Your request for help in ${roomLabel(meeting, request.room)} is withdrawn; the facilitators were told.`, {
      effects: [{ type: 'help-update', requestId: request.id }, { type: 'room-status', room: request.room }],
    });
  },
});

export const claim = defineCommand({
  name: 'claim',
  input: z.object({ room: RoomNumber.optional(), request: z.string().regex(REQUEST_ID).optional() }),
  args: [{ name: 'room', kind: 'integer', description: 'The room whose request you take (default: the oldest waiting)', required: false, min: 1, max: LIMITS.maxRooms }],
  summary: `Take a help request (the “${CLAIM_LABEL}” button): you go to the room`,
  permission: 'facilitator',
  does: 'take help requests',
  personal: true,
  buttons: [{ verb: 'claim', code: 'cl', accepts: (args) => args.length === 1 && REQUEST_ID.test(args[0] ?? ''), input: ([request]) => ({ request }) }],
  handle({ meeting, input, actor, now }) {
    const help = meeting.help ?? [];
    const request =
      input.request !== undefined
        ? help.find((h) => h.id === input.request)
        : input.room !== undefined
          ? help.find((h) => h.room === input.room && (h.state === 'open' || h.state === 'claimed'))
          : openHelp(meeting)[0];
    if (!request) {
      const where = input.room !== undefined ? ` from room ${input.room}` : '';
      return unchanged(`There is no request for help${where} waiting.`);
    }
    if (request.state === 'claimed') {
      const who = request.claimedBy === actor.id ? 'You are' : `${personName(meeting, request.claimedBy ?? '')} is`;
      return unchanged(`${who} already on it (${roomLabel(meeting, request.room)}).`);
    }
    if (request.state !== 'open') return unchanged(`That request from ${roomLabel(meeting, request.room)} was ${request.state === 'withdrawn' ? 'withdrawn' : 'closed when breakouts ended'}.`);
    if (meeting.status !== 'started') return refuse('wrong-status', 'Breakouts are not running any more.', meeting);
    withRequest(meeting, { ...request, state: 'claimed', claimedBy: actor.id, claimedAt: now.toISOString() });
    meeting.visits = { ...meeting.visits, [actor.id]: request.room };
    const name = roomLabel(meeting, request.room);
    return changed(`You are on it: going to ${name}.${meeting.place.platform === 'discord' ? ' If you are in voice, you are moved there.' : ''}`, {
      effects: [
        { type: 'help-update', requestId: request.id },
        ...announce(meeting, [request.room], 'help-coming', () => `🙋 ${actor.name} is coming to help in ${name}.`),
        { type: 'visit', person: actor.id, room: request.room },
        { type: 'room-status', room: request.room },
      ],
    });
  },
});

/** The deliverer remembers each facilitator's copy of a request, so that all can be updated. */
export const helpCopy = defineCommand({
  name: 'help-copy',
  input: z.object({ requestId: z.string().regex(REQUEST_ID), to: PersonIdSchema, ref: z.string().min(1).max(120) }),
  typed: false,
  summary: 'Remember a facilitator’s copy of a help request',
  permission: 'system',
  handle({ meeting, input }) {
    const request = meeting.help?.find((h) => h.id === input.requestId);
    if (!request || request.copies.some((c) => c.ref === input.ref)) return unchanged('');
    withRequest(meeting, { ...request, copies: [...request.copies, { to: input.to, ref: input.ref }].slice(-2000) });
    // Taken or withdrawn before this copy was remembered: it is brought up to date at once.
    return changed('', { bump: false, effects: request.state === 'open' ? [] : [{ type: 'help-update', requestId: request.id }] });
  },
});

