// The engine's messages as the simulated platform keeps and names them: the inbox's trimmed copy of
// a DM and the activity feed's words for each kind, so the platform itself is only about delivery.
import type { DirectMessage, RoomMessage } from '../../src/domain/outcome.ts';
import { fit } from '../../src/domain/text.ts';
import { PLAYGROUND_LIMITS } from './limits.ts';
import type { StoredMessage } from './saved-state.ts';

export const cut = (text: string): string => fit(text, PLAYGROUND_LIMITS.savedTextChars);

/** The engine's DM as the inbox keeps it: only what the inbox shows and its button needs. */
export function stored(message: DirectMessage): StoredMessage {
  switch (message.kind) {
    case 'conflict-prompt':
      return { kind: message.kind, meetingId: message.meetingId, promptId: message.promptId, room: message.room, roomName: cut(message.roomName), text: cut(message.text), confirmLabel: cut(message.confirmLabel) };
    case 'room-notice':
      return { kind: message.kind, meetingId: message.meetingId, reason: message.reason, room: message.room, roomName: cut(message.roomName), text: cut(message.text) };
    case 'announcement':
      return { kind: message.kind, meetingId: message.meetingId, room: message.room, roomName: cut(message.roomName), text: cut(message.text) };
    case 'help-request':
      return { kind: message.kind, meetingId: message.meetingId, requestId: message.requestId, room: message.room, roomName: cut(message.roomName), text: cut(message.text), claimLabel: cut(message.claimLabel) };
  }
}

/** How the activity feed names a direct message. */
export const DM_KINDS: Readonly<Record<DirectMessage['kind'], string>> = {
  'conflict-prompt': 'audio-conflict prompt',
  'room-notice': 'room notice',
  announcement: 'notice for a phone caller',
  'help-request': 'help request',
};

/** How the activity feed names a post in a room's chat. */
export const POST_KINDS: Readonly<Record<RoomMessage['kind'], string>> = {
  'timer-warning': 'timer warning',
  'timer-closing': 'time is up',
  broadcast: 'broadcast',
  'help-coming': 'help is coming',
  'help-asked': 'help asked',
};
