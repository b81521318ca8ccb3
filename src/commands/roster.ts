// Roster commands: who takes part and how they hear the meeting. Joining, leaving, audio (with
// "I've switched to phone" from a conflict prompt), importing a channel, facilitators, and the
// voice roster a platform reports.
import { z } from 'zod';
import { AUDIO_KINDS, LIMITS } from '../domain/meeting.ts';
import { roomName } from '../domain/messages.ts';
import { refuse } from '../domain/outcome.ts';
import { plural } from '../domain/text.ts';
import { changed, defineCommand, plainButton, unchanged, type ArgSpec } from './define.ts';
import { AudioInputSchema, PersonInputSchema, UserRefSchema, type UserRef } from './inputs.ts';
import { addAttendee, findByRef, switchAudio, whyNotFound } from './people.ts';
import { applyLayoutPlan } from './import-layout.ts';
import { describeRoom, enforcePhoneLimit } from './placement.ts';

const audioArg: ArgSpec = { name: 'audio', kind: 'audio', description: 'How the person hears the meeting', required: true, choices: AUDIO_KINDS };
const AUDIO_ARG = new RegExp(`^(${AUDIO_KINDS.join('|')})$`);

/** The person a command is about: the one it names, else whoever typed it. */
function subject(input: { readonly user?: UserRef | undefined }, actor: { readonly id: string; readonly name: string }): { ref: UserRef; self: boolean } {
  const ref: UserRef = input.user ?? { id: actor.id, name: actor.name };
  return { ref, self: 'id' in ref && ref.id === actor.id };
}

export const audio = defineCommand({
  name: 'audio',
  input: z.object({ audio: AudioInputSchema, user: UserRefSchema.optional() }),
  args: [audioArg, { name: 'user', kind: 'user', description: 'Whose audio (facilitators only)', required: false }],
  summary: 'Set your audio connection (facilitators: someone else’s)',
  permission: 'self-or-facilitator',
  creates: true,
  forAttendees: true,
  personal: true,
  // Without an audio the button opens the adapter's own picker.
  buttons: [{ verb: 'audio', code: 'au', accepts: ([kind]) => kind === undefined || AUDIO_ARG.test(kind), input: ([kind]) => (kind === undefined ? undefined : { audio: kind }) }],
  handle({ meeting, actor, input, next, facilitator }) {
    const { ref, self } = subject(input, actor);
    if (!self && !facilitator) return refuse('forbidden', 'Only a facilitator can change someone else’s audio. You can set your own with /breakouts audio <phone|voip|listening>.', meeting);
    const target = findByRef(meeting, ref);
    if (!target) {
      if (!self) return whyNotFound(meeting, ref);
      const added = addAttendee(meeting, actor, input.audio, 'attendee', next);
      // Someone an imported layout names lands in their room (on the audio they just gave).
      const planned = applyLayoutPlan(meeting, added, next, { self: true, keepAudio: true });
      return changed(`You joined ${meeting.title} with ${input.audio} audio.${planned}`);
    }
    const whose = self ? 'Your' : `${target.name}’s`;
    if (target.audio === input.audio) return unchanged(`${whose} audio is already ${input.audio}.`);
    return changed(`${whose} audio is now ${input.audio}.${switchAudio(meeting, target, input.audio, next, self)}`);
  },
});

export const join = defineCommand({
  name: 'join',
  input: z.object({ audio: AudioInputSchema.optional() }),
  args: [{ ...audioArg, required: false }],
  summary: 'Join the meeting’s roster',
  permission: 'anyone',
  creates: true,
  forAttendees: true,
  personal: true,
  buttons: [plainButton('join', 'j')],
  handle({ meeting, actor, input, next }) {
    const existing = meeting.attendees.find((a) => a.id === actor.id);
    if (existing) {
      if (input.audio && input.audio !== existing.audio) {
        return changed(`You are on the roster; your audio is now ${input.audio}.${switchAudio(meeting, existing, input.audio, next, true)}`);
      }
      return unchanged(`You are already on the roster (${existing.audio}, ${describeRoom(meeting, existing.room)}).`);
    }
    const added = addAttendee(meeting, actor, input.audio ?? 'voip', 'attendee', next);
    const planned = applyLayoutPlan(meeting, added, next, { self: true, keepAudio: input.audio !== undefined });
    const where = planned || (meeting.settings.mode === 'choose' ? ' Choose your room on the board (Choose your room).' : ' A facilitator will place you in a room.');
    return changed(`You joined ${meeting.title} with ${added.audio} audio.${where}`);
  },
});

export const leave = defineCommand({
  name: 'leave',
  input: z.object({ user: UserRefSchema.optional() }),
  args: [{ name: 'user', kind: 'user', description: 'Who leaves (facilitators only)', required: false }],
  summary: 'Leave the roster (facilitators: remove someone)',
  permission: 'self-or-facilitator',
  forAttendees: true,
  personal: true,
  handle({ meeting, actor, input, facilitator }) {
    const { ref, self } = subject(input, actor);
    if (!self && !facilitator) return refuse('forbidden', 'Only a facilitator can remove someone else from the roster.', meeting);
    const target = findByRef(meeting, ref);
    if (!target) return self ? unchanged('You are not on the roster.') : whyNotFound(meeting, ref);
    if (target.role === 'facilitator' && meeting.attendees.filter((a) => a.role === 'facilitator').length === 1) {
      return refuse('last-facilitator', `${self ? 'You are' : `${target.name} is`} the only facilitator: add another (/breakouts facilitator add @someone) first.`, meeting);
    }
    meeting.attendees = meeting.attendees.filter((a) => a.id !== target.id);
    return changed(self ? `You left ${meeting.title}.` : `${target.name} is no longer on the roster.`);
  },
});

export const facilitator = defineCommand({
  name: 'facilitator',
  input: z.object({ action: z.enum(['add', 'remove'], { error: 'must be add or remove' }), user: UserRefSchema }),
  args: [
    { name: 'action', kind: 'choice', description: 'add or remove', required: true, choices: ['add', 'remove'] },
    { name: 'user', kind: 'user', description: 'Who', required: true },
  ],
  summary: 'Add or remove a facilitator',
  permission: 'facilitator',
  does: 'add or remove facilitators',
  creates: true,
  handle({ meeting, input, next }) {
    const target = findByRef(meeting, input.user);
    if (input.action === 'add') {
      if (!target) {
        if (!('id' in input.user)) return whyNotFound(meeting, input.user);
        const added = addAttendee(meeting, { id: input.user.id, name: input.user.name ?? input.user.id }, 'voip', 'facilitator', next);
        return changed(`${added.name} is now a facilitator.`);
      }
      if (target.role === 'facilitator') return unchanged(`${target.name} is already a facilitator.`);
      target.role = 'facilitator';
      return changed(`${target.name} is now a facilitator (facilitators are not distributed; they stay where they are).`);
    }
    if (!target || target.role !== 'facilitator') return unchanged(`${target?.name ?? 'That person'} is not a facilitator.`);
    if (meeting.attendees.filter((a) => a.role === 'facilitator').length === 1) {
      return refuse('last-facilitator', `${target.name} is the only facilitator: add another first.`, meeting);
    }
    target.role = 'attendee';
    return changed(`${target.name} is no longer a facilitator.`);
  },
});

export const importPeople = defineCommand({
  name: 'import',
  input: z.object({ people: z.array(PersonInputSchema).max(LIMITS.maxAttendees).default([]) }),
  summary: 'Add the channel’s members to the roster',
  permission: 'facilitator',
  does: 'import the roster',
  creates: true,
  handle({ meeting, input, next }) {
    const known = new Set(meeting.attendees.map((a) => a.id));
    let added = 0;
    let fromLayout = 0;
    for (const p of input.people) {
      if (known.has(p.id)) continue;
      known.add(p.id);
      const a = addAttendee(meeting, p, p.audio ?? 'voip', 'attendee', next);
      if (applyLayoutPlan(meeting, a, next) !== '') fromLayout++;
      added++;
    }
    const already = input.people.length - added;
    const layout = fromLayout > 0 ? ` ${plural(fromLayout, 'of them was', 'of them were')} in the imported layout and placed by it.` : '';
    const reply = `Added ${plural(added, 'person', 'people')} to the roster${already ? `; ${already} ${already === 1 ? 'was' : 'were'} already on it` : ''}.${layout}`;
    return added > 0 ? changed(reply) : unchanged(reply);
  },
});

/** The "I've switched to phone" button of a conflict prompt (a DM, so not typed). */
export const confirmPhone = defineCommand({
  name: 'confirm-phone',
  input: z.object({ promptId: z.string().min(1).max(16) }),
  typed: false,
  summary: 'Confirm you switched to phone audio',
  permission: 'anyone',
  personal: true,
  buttons: [{ verb: 'confirm-phone', code: 'cp', input: ([promptId]) => (promptId === undefined ? undefined : { promptId }) }],
  handle({ meeting, actor, input, next }) {
    const attendee = meeting.attendees.find((a) => a.id === actor.id);
    const prompt = meeting.prompts[actor.id];
    if (!attendee || !prompt || prompt.id !== input.promptId) {
      // A newer prompt stands when they moved on into another conflict: point at it, not at "no conflict".
      const why = prompt
        ? `you are now in ${roomName(meeting, prompt.room)}, which has an audio conflict: use the newer message about it.`
        : `the audio conflict it was about is gone.${attendee?.room ? ` You are in ${roomName(meeting, attendee.room)}, with no audio conflict.` : ''}`;
      return refuse('prompt-gone', `This prompt no longer applies: ${why} Nothing was changed.`, meeting);
    }
    attendee.audio = 'phone';
    enforcePhoneLimit(meeting, next);
    return changed(`Thanks — your audio is now phone. ${roomName(meeting, prompt.room)} is updated on the board.`);
  },
});

/** A platform reports someone entering or leaving the meeting's voice channel (Discord). */
export const voice = defineCommand({
  name: 'voice',
  input: z.object({ person: PersonInputSchema, present: z.boolean() }),
  typed: false,
  summary: 'Follow the voice channel: who is in it',
  permission: 'system',
  handle({ meeting, input, next }) {
    const existing = meeting.attendees.find((a) => a.id === input.person.id);
    if (input.present) {
      if (!existing) {
        const added = addAttendee(meeting, input.person, input.person.audio ?? 'voip', 'attendee', next);
        return changed(`${added.name} joined.${applyLayoutPlan(meeting, added, next)}`);
      }
      // A declared phone connection stays: the voice channel does not know about the bridge.
      if (input.person.audio && existing.audio !== 'phone' && existing.audio !== input.person.audio) {
        return changed(`${existing.name} is now ${input.person.audio}.${switchAudio(meeting, existing, input.person.audio, next, false)}`);
      }
      return unchanged('');
    }
    // Leaving voice: phone attendees are on the bridge and facilitators keep their role.
    if (!existing || existing.audio === 'phone' || existing.role === 'facilitator') return unchanged('');
    meeting.attendees = meeting.attendees.filter((a) => a.id !== existing.id);
    return changed(`${existing.name} left.`);
  },
});
