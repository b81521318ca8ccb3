// Shared checks on a Placement: per-room tallies by audio kind and the "evenly" spreads of
// docs/product-rules.md, used by the example tests and the property tests alike.
import { expect } from 'vitest';
import type { Person, Placement } from '../../src/domain/distribute.ts';
import type { Audio } from '../../src/domain/meeting.ts';

export type RoomTally = Record<Audio | 'size', number>;

/** Per room 1..rooms: its size and how many of each audio kind. */
export function tally(people: readonly Person[], placement: Placement, rooms: number): RoomTally[] {
  const out = Array.from({ length: rooms + 1 }, () => ({ phone: 0, voip: 0, listening: 0, size: 0 }));
  people.forEach((p, i) => {
    const t = out[placement.roomOf[i]!]!;
    t[p.audio]++;
    t.size++;
  });
  return out.slice(1);
}

export const spread = (xs: readonly number[]): number => (xs.length === 0 ? 0 : Math.max(...xs) - Math.min(...xs));

/** Phone rooms 1..k differ by at most one; the others differ by at most one in size, VOIP and listening. */
export function expectBalanced(rooms: readonly RoomTally[], phoneRooms: number): { phoneRooms: RoomTally[]; otherRooms: RoomTally[] } {
  const phone = rooms.slice(0, phoneRooms);
  const other = rooms.slice(phoneRooms);
  expect(spread(phone.map((r) => r.size))).toBeLessThanOrEqual(1);
  expect(spread(other.map((r) => r.size))).toBeLessThanOrEqual(1);
  expect(spread(other.map((r) => r.voip))).toBeLessThanOrEqual(1);
  expect(spread(other.map((r) => r.listening))).toBeLessThanOrEqual(1);
  return { phoneRooms: phone, otherRooms: other };
}
