// The store port: what the engine needs from storage. Calls for one meeting are serialised, each
// seeing the previous one's result, so no update is ever lost (store.ts implements it).
import type { Meeting } from '../domain/meeting.ts';

/**
 * What a store update decides: keep the meeting as it is (`meeting` undefined) or write the
 * new one; `value` is handed back to the caller either way.
 */
export interface StoreChange<T> {
  readonly meeting?: Meeting;
  readonly value: T;
}

export interface MeetingStore {
  get(key: string): Promise<Meeting | undefined>;
  /** Find a meeting by its short id (action ids carry it). */
  getById(id: string): Promise<Meeting | undefined>;
  /**
   * Read-modify-write of one meeting. Calls for the same key run one after another, each
   * seeing the previous one's result, so no update is ever lost.
   */
  update<T>(key: string, change: (current: Meeting | undefined) => StoreChange<T> | Promise<StoreChange<T>>): Promise<T>;
  list(): Promise<Meeting[]>;
  close(): Promise<void>;
}
