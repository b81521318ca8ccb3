// The shapes planRound takes and gives: the roster with its constraints, the options, and the plan
// with the constraints it could not meet. Apart from the planner so its parts can share them.
import type { Random } from '../ports.ts';
import type { Person, PlacedPerson, Placement } from './distribute.ts';
import type { PairHistory } from './pair-history.ts';

export interface RoundPerson extends Person {
  /** People sharing a group label are kept in one room when audio and room sizes allow. */
  readonly group?: string;
  /** Ids this person is never to share a room with (either side may list the other). */
  readonly apart?: readonly string[];
  /** A pre-assigned breakout room, kept when the audio rules and even sizes allow. */
  readonly room?: number;
}

export interface RoundOptions {
  /** How many rooms. With `size`, the most rooms to use (default: the room limit). */
  readonly rooms?: number;
  /** The room limit: `size` and `roomCap` never ask for more rooms than this (default 50). */
  readonly maxRooms?: number;
  readonly phoneRoomLimit: number;
  readonly random: Random;
  /** Earlier rounds of this meeting; repeats are counted against them. */
  readonly history?: PairHistory;
  /** Search for the layout where the fewest pairs meet again (otherwise only constraints count). */
  readonly avoidRepeats?: boolean;
  /** Rooms of about this many people: the room count follows, from 1 to the room limit. */
  readonly size?: number;
  /** No room above this many people: the room count grows until none is (within the room limit). */
  readonly roomCap?: number;
  /** Facilitators placed by hand who keep their rooms (as distributeAll's `fixed`). */
  readonly fixed?: readonly PlacedPerson[];
  /** Search steps; the default grows with the roster. Steps, not time, so a seed reproduces. */
  readonly iterations?: number;
  /** Display names for the reasons (default: the id). */
  readonly nameOf?: (id: string) => string;
}

/** A constraint the layout does not meet, and why (audio rules and even rooms win). */
export interface UnmetConstraint {
  readonly kind: 'apart' | 'together' | 'room';
  readonly ids: readonly string[];
  /** The together group's label. */
  readonly group?: string;
  /** The pre-assigned room. */
  readonly room?: number;
  readonly reason: string;
  /** The whole sentence: what is not met, then the reason. */
  readonly text: string;
}

export interface RoundPlan extends Placement {
  /** How many rooms the layout uses (differs from `rooms` with `size` or `roomCap`). */
  readonly rooms: number;
  /** Pairs sharing a room now that shared one in an earlier round (each pair once). */
  readonly repeats: number;
  readonly warnings: readonly UnmetConstraint[];
}
