// Carries out one outbox effect through the platform: the part of delivery that knows what each
// kind of effect means (a board, a DM, a live move, a run, a room post, a tick…).
import { digestText } from '../domain/digest.ts';
import { helpCopyText, roomStatusLine } from '../domain/facilitation.ts';
import type { Meeting, Room } from '../domain/meeting.ts';
import type { Effect, Success } from '../domain/outcome.ts';
import type { Engine } from '../engine/engine.ts';
import { SYSTEM_ACTOR } from '../engine/engine.ts';
import type { Logger } from '../runtime/logger.ts';
import type { OutboxEntry } from '../store/port.ts';
import type { EffectFailure } from './deliverer-types.ts';
import type { RoomPlatform } from './room-platform.ts';
import type { Runner } from './runner.ts';

export interface DispatchOptions {
  readonly engine: Engine;
  /** The platform, behind the process's send gate. */
  readonly platform: RoomPlatform;
  readonly runner: Runner;
  readonly logger: Logger;
  /** How a system command's outcome is delivered: like any change's. */
  readonly deliverOutcome: (outcome: Success) => Promise<readonly EffectFailure[]>;
}

/** The function that carries out a claimed entry's effect (the claim and settle are the caller's). */
export function createPerform({ engine, platform, runner, logger, deliverOutcome }: DispatchOptions): (entry: OutboxEntry) => Promise<void> {
  /** While rooms are open a move takes effect at once; a room never prepared gets its resource first. */
  async function moveLive(meeting: Meeting, effect: Extract<Effect, { type: 'live-move' }>): Promise<void> {
    const attendee = meeting.attendees.find((a) => a.id === effect.attendeeId);
    if (!attendee) return;
    let to = effect.to === null ? null : (meeting.rooms[effect.to - 1] ?? null);
    if (to && !to.resourceId) {
      const made = await platform.prepareRoom(meeting, to);
      await engine.execute({ target: { meetingId: meeting.id }, actor: SYSTEM_ACTOR, command: 'resource', input: { room: to.number, resourceId: made.resourceId } });
      to = { ...to, resourceId: made.resourceId };
    }
    const from = effect.from === null ? null : (meeting.rooms[effect.from - 1] ?? null);
    await platform.moveLive(meeting, attendee, from, to);
  }

  /** A system command's outcome (a tick, a recorded help copy) is delivered like any change's. */
  async function system(meetingId: string, command: 'tick' | 'help-copy', input: Record<string, unknown>): Promise<void> {
    const outcome = await engine.execute({ target: { meetingId }, actor: SYSTEM_ACTOR, command, input });
    if (!outcome.ok) {
      if (outcome.code === 'unavailable') throw new Error(outcome.message);
      logger.debug('system command refused', { command, code: outcome.code, message: outcome.message });
      return;
    }
    if (outcome.changed) await deliverOutcome(outcome);
  }

  async function sendDirect(meeting: Meeting, effect: Extract<Effect, { type: 'dm' }>): Promise<void> {
    const sent = await platform.sendDirect(meeting, effect.to, effect.message);
    // Every facilitator's copy of a help request is remembered, so that all of them can be updated.
    if (effect.message.kind === 'help-request' && sent?.ref) await system(meeting.id, 'help-copy', { requestId: effect.message.requestId, to: effect.to, ref: sent.ref });
  }

  /** A room that is open on the platform now, or undefined (breakouts ended meanwhile: nothing to post or show). */
  function openRoom(meeting: Meeting, number: number): Room | undefined {
    const room = meeting.rooms[number - 1];
    return meeting.status === 'started' && room?.resourceId ? room : undefined;
  }

  async function perform(entry: OutboxEntry): Promise<void> {
    const meeting = await engine.get({ meetingId: entry.meetingId });
    if (!meeting) return;
    const effect = entry.effect;
    switch (effect.type) {
      case 'board':
        return platform.updateBoard(meeting);
      case 'dm':
        return sendDirect(meeting, effect);
      case 'live-move':
        return moveLive(meeting, effect);
      case 'run':
        return runner.run(entry.meetingId, effect.runId);
      case 'room-post': {
        const room = openRoom(meeting, effect.room);
        return room ? platform.postToRoom(meeting, room, effect.message) : undefined;
      }
      case 'room-status': {
        const room = meeting.rooms[effect.room - 1];
        return room?.resourceId ? platform.setRoomStatus(meeting, room, meeting.status === 'started' ? roomStatusLine(meeting, room.number) : '') : undefined;
      }
      case 'visit': {
        if (effect.room === null) return platform.visit(meeting, effect.person, null);
        const room = openRoom(meeting, effect.room);
        return room ? platform.visit(meeting, effect.person, room) : undefined;
      }
      case 'help-update': {
        const request = meeting.help?.find((h) => h.id === effect.requestId);
        if (!request) return;
        const text = helpCopyText(meeting, request);
        for (const copy of request.copies) await platform.updateHelpCopy(meeting, copy, text);
        return;
      }
      case 'tick':
        return system(meeting.id, 'tick', { due: effect.due });
      case 'digest': {
        const text = digestText(meeting, effect.round);
        return text ? platform.postToMain(meeting, text) : undefined;
      }
      case 'room-cap': {
        const room = meeting.rooms[effect.room - 1];
        return room?.resourceId ? platform.setRoomCap(meeting, room, meeting.settings.roomCap ?? null) : undefined;
      }
    }
  }

  return perform;
}
