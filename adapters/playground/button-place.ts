// Where a pressed button sits, shared by the session (which tells the engine) and the page view
// (which marks each button): its own module, so the view's types need nothing from the session.

/**
 * Where a button was pressed, as a platform would tell it: on the board in the meeting channel, on
 * a message in the person's own room's chat (Ask for help), or on a direct message (I'll go).
 */
export const BUTTON_PLACES = ['board', 'room', 'dm'] as const;
export type ButtonPlace = (typeof BUTTON_PLACES)[number];
