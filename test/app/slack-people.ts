// The attendees the tests of the real `npm start` in Slack seat in the channel: U01, U02, … named
// person01, person02, …, with the audio each declares.
import type { Audio } from '../../src/domain/meeting.ts';

export interface Attendee {
  readonly id: string;
  readonly name: string;
  readonly audio: Audio;
}

/** `count` attendees: the first `phone` of them on the phone, the last `listening` just listening, the rest on VOIP. */
export function slackAttendees(count: number, { phone, listening }: { readonly phone: number; readonly listening: number }): Attendee[] {
  return Array.from({ length: count }, (_, i) => {
    const n = String(i + 1).padStart(2, '0');
    return { id: `U${n}`, name: `person${n}`, audio: i < phone ? 'phone' : i >= count - listening ? 'listening' : 'voip' };
  });
}
