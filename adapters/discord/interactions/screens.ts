// The adapter's own screens behind board buttons, by verb: another page, a refresh, the audio
// picker, a confirmation, the room picker of a move, and Discord's up-front check of the bot's
// permissions before a run. Each names the command the engine is asked about first.
import { z } from 'zod';
import type { ActionRef, Verb } from '../../../src/commands/action-id.ts';
import { buildBoard, type Board } from '../../../src/board/board.ts';
import type { Actor } from '../../../src/domain/actor.ts';
import type { Meeting } from '../../../src/domain/meeting.ts';
import type { CommandName } from '../../../src/engine/engine.ts';
import type { RunCommand } from '../errors.ts';
import { renderBoardPage, type DiscordPayload } from '../render.ts';
import { renderAudioPicker, renderConfirm, renderRoomChoice, renderRoomPicker, renderText } from '../render-screens.ts';
import { choosableRooms } from '../../../src/commands/choose.ts';
import type { Answer } from './answer.ts';
import { SnowflakeSchema, type InteractionContext } from './context.ts';

/** A page of a large board (a 1,000-person board has a few dozen at most). */
const PageSchema = z.string().regex(/^[1-9][0-9]{0,2}$/).transform(Number);

/** A click on a button of a meeting that exists, as a screen sees it. */
export interface Click {
  readonly ctx: InteractionContext;
  readonly ref: ActionRef;
  readonly meeting: Meeting;
  readonly actor: Actor;
  readonly answer: Answer;
  /** The voice channel of the meeting is checked for the bot's permissions. */
  readonly missingFor: (command: RunCommand) => string | undefined;
  /** The people picked in a user select. */
  readonly users: readonly string[];
}

/** What a screen shows in place of running a command, and what it does once that is shown. */
export interface Shown {
  readonly payload: DiscordPayload;
  readonly then?: () => Promise<void>;
}

export interface Screen {
  /** The engine is asked first whether this person may use this command, from where they clicked. */
  readonly asks: CommandName;
  /** The screen, or undefined to go on and run the command the button stands for. */
  show(click: Click): Shown | undefined;
}

const text = (sentence: string): Shown => ({ payload: renderText(sentence) });
const viewOf = (c: Click): Board => buildBoard(c.meeting, c.actor, c.ctx.clock.now());
const missing = (c: Click, command: RunCommand): Shown | undefined => {
  const sentence = c.missingFor(command);
  return sentence ? text(sentence) : undefined;
};

/** Actions that affect everyone ask first; the "Yes" button carries the answer. */
function confirmFirst(c: Click): Shown | undefined {
  if (c.ref.args[0] === 'yes') return undefined;
  const view = viewOf(c);
  const action = view.actions.find((a) => a.verb === c.ref.verb);
  return action?.confirm ? { payload: renderConfirm({ ...view, version: c.ref.version }, action) } : undefined;
}

function pickRoom(c: Click): Shown {
  const picked = SnowflakeSchema.safeParse(c.users[0]);
  if (!picked.success) return text('Pick one person from the list.');
  const person = c.meeting.attendees.find((a) => a.id === picked.data);
  if (!person) return text('That person is not on this meeting’s roster. They join by entering the voice channel, or with /breakouts-me join.');
  return { payload: renderRoomPicker(viewOf(c), person) };
}

/** Choose your room: the rooms open to this person, each a `pick` button (the engine checks the pick again). */
function roomChoice(c: Click): Shown {
  const me = c.meeting.attendees.find((a) => a.id === c.actor.id);
  if (c.meeting.settings.mode !== 'choose') return text('Facilitators place people in this meeting, so rooms cannot be chosen right now.');
  return { payload: renderRoomChoice(viewOf(c), choosableRooms(c.meeting, c.actor.id), me?.room ?? null, c.meeting.settings.roomCap) };
}

export const SCREENS: { readonly [V in Verb]?: Screen } = {
  page: {
    asks: 'status',
    show(c) {
      const page = PageSchema.safeParse(c.ref.args[0]);
      return page.success ? { payload: renderBoardPage(viewOf(c), page.data) } : text('That page does not exist. Use /breakouts status for the board.');
    },
  },
  refresh: {
    asks: 'status',
    show: (c) => ({ payload: renderText('Board refreshed.'), then: () => c.ctx.delivery.showBoard(c.meeting, c.answer.say, false) }),
  },
  audio: {
    asks: 'audio',
    show: (c) => (c.ref.args[0] === undefined ? { payload: renderAudioPicker(viewOf(c), c.meeting.attendees.find((a) => a.id === c.actor.id)?.audio) } : undefined),
  },
  shuffle: { asks: 'shuffle', show: confirmFirst },
  end: { asks: 'end', show: (c) => confirmFirst(c) ?? missing(c, 'end') },
  apply: { asks: 'apply', show: (c) => missing(c, 'apply') },
  start: { asks: 'start', show: (c) => missing(c, 'start') },
  // Only someone who may move people gets the room picker.
  'move-open': { asks: 'move', show: pickRoom },
  'pick-open': { asks: 'pick', show: roomChoice },
};
