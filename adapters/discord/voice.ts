// The roster follows voice: members in a meeting's main voice channel (or one of its breakout
// channels) are attendees, VOIP by default and listening when they cannot speak there.
import { PermissionFlagsBits, type Guild, type VoiceState } from 'discord.js';
import { SYSTEM_ACTOR } from '../../src/domain/actor.ts';
import type { Engine } from '../../src/engine/engine.ts';
import type { Logger } from '../../src/runtime/logger.ts';
import type { Meeting } from '../../src/domain/meeting.ts';
import type { Deliverer } from '../../src/delivery/deliverer.ts';
import type { MeetingIndex } from './meeting-index.ts';

export interface VoicePerson {
  readonly id: string;
  readonly name: string;
  readonly audio: 'voip' | 'listening';
}

/** Stage audience, suppressed, or no Speak permission in the channel → listening. */
export function audioOf(state: VoiceState): VoicePerson['audio'] {
  if (state.suppress || state.requestToSpeakTimestamp !== null) return 'listening';
  const perms = state.member && state.channel ? state.channel.permissionsFor(state.member) : null;
  if (perms && !perms.has(PermissionFlagsBits.Speak)) return 'listening';
  return 'voip';
}

export function personOf(state: VoiceState): VoicePerson {
  const user = state.member?.user;
  const name = state.member?.displayName ?? user?.globalName ?? user?.username ?? state.id;
  return { id: state.id, name, audio: audioOf(state) };
}

/** Everyone (but bots) connected to this voice channel now. */
export function peopleInVoice(guild: Guild, channelId: string): VoicePerson[] {
  return guild.voiceStates.cache.filter((v) => v.channelId === channelId && v.member?.user.bot !== true).map(personOf);
}

function channelsOf(meeting: Meeting): Set<string> {
  const ids = new Set([meeting.place.mainRoomId]);
  for (const room of meeting.rooms) if (room.resourceId) ids.add(room.resourceId);
  return ids;
}

export interface VoiceRosterDeps {
  readonly engine: Engine;
  readonly deliverer: Deliverer;
  readonly index: MeetingIndex;
  readonly logger: Logger;
}

/** Handle one VOICE_STATE_UPDATE: join, leave, or a change of audio (suppressed, moved). */
export function createVoiceRoster({ engine, deliverer, index, logger }: VoiceRosterDeps) {
  return async function onVoiceState(before: VoiceState, after: VoiceState): Promise<void> {
    if (after.member?.user.bot) return;
    const guildId = after.guild.id;
    const meetings = new Map<string, Meeting>();
    for (const channelId of [before.channelId, after.channelId]) {
      if (!channelId) continue;
      const meeting = await index.find(guildId, channelId);
      if (meeting) meetings.set(meeting.id, meeting);
    }
    for (const meeting of meetings.values()) {
      const channels = channelsOf(meeting);
      const present = after.channelId !== null && channels.has(after.channelId);
      const wasPresent = before.channelId !== null && channels.has(before.channelId);
      if (!present && !wasPresent) continue;
      const person = personOf(after);
      const outcome = await engine.execute({ target: { meetingId: meeting.id }, actor: SYSTEM_ACTOR, command: 'voice', input: { person, present } });
      if (!outcome.ok) {
        logger.warn('voice roster update refused', { meetingId: meeting.id, code: outcome.code });
        continue;
      }
      if (outcome.ok && outcome.changed) await deliverer.deliver(outcome);
    }
  };
}
