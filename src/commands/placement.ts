// Who is in which room: the helpers the layout, roster and settings commands share to put people in
// rooms, resize the room list, keep phone callers in the phone rooms, and ask before a live change
// moves people out of open rooms. They change the private copy of the meeting they are given.
export {
  askBeforeLiveMoves,
  defaultRoomCount,
  describeRoom,
  distributable,
  enforcePhoneLimit,
  occupiedRooms,
  resizeRooms,
  roomsNow,
  setRoom,
  setRoomCount,
  summarizePlacement,
} from './placement-rooms.ts';
export type { Placed } from './placement-rooms.ts';
export { distributeEveryone, placeEveryone, roundPeople } from './placement-everyone.ts';
export type { EveryoneOptions, Planned } from './placement-everyone.ts';
export { capReason, joinerConstraintNotes, placeJoiners, restoreRound } from './placement-joiners.ts';
export { placeFacilitators } from './placement-facilitators.ts';
