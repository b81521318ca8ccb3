// The memory store: the local store with nothing behind it (tests, benchmarks, a throwaway demo).
import { meetingAliases } from '../domain/meeting.ts';
import { createLocalStore, type LocalBacking, type StoredRecord } from './local-store.ts';
import type { MeetingStore } from './port.ts';

export function createMemoryBacking(): LocalBacking {
  const stored = new Map<string, StoredRecord>();
  const names = new Map<string, string>();
  return {
    async read(key) {
      return stored.get(key);
    },
    async keyOf(name) {
      return names.get(name);
    },
    async keysWithOutbox() {
      return [...stored].filter(([, r]) => r.outbox.length > 0).map(([key]) => key);
    },
    async write(key, record) {
      stored.set(key, record);
      for (const name of meetingAliases(record.meeting)) names.set(name, key);
    },
    async close() {},
  };
}

/** An empty memory store. */
export function createMemoryStore(): MeetingStore {
  return createLocalStore(createMemoryBacking());
}
