// A store owned by one process (the memory store, the embedded file store): meetings and their
// outboxes are kept in memory once read, written through a backing (nothing, or one file per
// meeting), updates of a meeting serialised with group commits, and outbox leases held in memory —
// the file store's lock guarantees no other process uses the same data.
import { meetingAliases, workspaceOfKey, type Meeting } from '../domain/meeting.ts';
import { folds } from '../domain/outcome.ts';
import type { MeetingStore, NewOutboxEntry, OutboxEntry, StoreChange } from './port.ts';

/** What is stored for one meeting: the meeting and the effects still to deliver. */
export interface StoredRecord {
  readonly meeting: Meeting;
  readonly outbox: readonly StoredEntry[];
}

/** An outbox entry as kept: when it may be claimed again after a failure. */
export interface StoredEntry extends OutboxEntry {
  readonly notBefore?: string;
}

export interface LocalBacking {
  /** The record of a meeting, or undefined; read once per key, then kept. A damaged one throws StoreUnavailableError. */
  read(key: string): Promise<StoredRecord | undefined>;
  /** The key an alias names (it may be out of date: the store checks it against the meeting). */
  keyOf(alias: string): Promise<string | undefined>;
  /** Keys of meetings whose outbox is not empty (read at start, so that nothing waiting is forgotten). */
  keysWithOutbox(): Promise<readonly string[]>;
  /** Persist one meeting's record; `aliases` are the names it had before (to add or drop names). */
  write(key: string, record: StoredRecord, before: StoredRecord | undefined): Promise<void>;
  close(): Promise<void>;
}

interface Pending {
  readonly apply: (record: StoredRecord | undefined) => Promise<{ readonly record: StoredRecord | undefined; readonly value: unknown }>;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: unknown) => void;
}

interface Lease {
  readonly owner: string;
  readonly until: number;
  /** Claims of the entry by this process (added to what the record says on release). */
  readonly claims: number;
}

/** A record with these entries added: an id already waiting is kept once, a board's counts up its revision. */
function withEntries(record: StoredRecord, entries: readonly NewOutboxEntry[]): StoredRecord {
  if (entries.length === 0) return record;
  const known = new Set(record.outbox.map((e) => e.id));
  const again = new Set(entries.filter((e) => known.has(e.id) && folds(e.effect)).map((e) => e.id));
  const added = entries.filter((e) => !known.has(e.id)).map((e): StoredEntry => ({ ...e, attempts: 0, rev: 0 }));
  if (added.length === 0 && again.size === 0) return record;
  const outbox = again.size === 0 ? record.outbox : record.outbox.map((e) => (again.has(e.id) ? { ...e, rev: e.rev + 1 } : e));
  return { ...record, outbox: [...outbox, ...added] };
}

/** A local store whose meetings with waiting effects are read at once, so that claim sees them all. */
export async function openLocalStore(backing: LocalBacking, now: () => number = Date.now): Promise<MeetingStore> {
  const store = createLocalStore(backing, now);
  for (const key of await backing.keysWithOutbox()) {
    // A damaged meeting stops only itself: its effects wait until it is repaired.
    await store.get(key).catch(() => undefined);
  }
  return store;
}

/** A local store over a backing that holds no waiting effects yet (memory), usable at once. */
export function createLocalStore(backing: LocalBacking, now: () => number = Date.now): MeetingStore {
  const records = new Map<string, StoredRecord | undefined>();
  /** Entry id → the key of its meeting, for every entry waiting in a loaded record. */
  const entryKeys = new Map<string, string>();
  const leases = new Map<string, Lease>();
  const pending = new Map<string, Pending[]>();
  const draining = new Map<string, Promise<void>>();

  /** Alias → key of every meeting in memory (this process alone writes the data, so it stays true). */
  const aliasKeys = new Map<string, string>();

  function remember(key: string, record: StoredRecord | undefined, before: StoredRecord | undefined): void {
    for (const e of before?.outbox ?? []) entryKeys.delete(e.id);
    for (const e of record?.outbox ?? []) entryKeys.set(e.id, key);
    if (before) for (const name of meetingAliases(before.meeting)) if (aliasKeys.get(name) === key) aliasKeys.delete(name);
    if (record) for (const name of meetingAliases(record.meeting)) aliasKeys.set(name, key);
    records.set(key, record);
  }

  async function load(key: string): Promise<StoredRecord | undefined> {
    if (records.has(key)) return records.get(key);
    const record = await backing.read(key);
    // Another call may have loaded it meanwhile; the first read wins.
    if (!records.has(key)) remember(key, record, undefined);
    return records.get(key);
  }

  /** Run every change queued for a key in one pass, and write once (a group commit). */
  async function drain(key: string): Promise<void> {
    for (;;) {
      const batch = pending.get(key);
      pending.delete(key);
      if (!batch || batch.length === 0) {
        // Decided in the same turn as the check, so a change queued after it starts a new drain.
        draining.delete(key);
        return;
      }
      let before: StoredRecord | undefined;
      try {
        before = await load(key);
      } catch (error) {
        for (const item of batch) item.reject(error);
        continue;
      }
      let working = before;
      const done: { item: Pending; value: unknown }[] = [];
      for (const item of batch) {
        try {
          const result = await item.apply(working);
          working = result.record;
          done.push({ item, value: result.value });
        } catch (error) {
          // This change writes nothing; the others in the batch go on from where it started.
          item.reject(error);
        }
      }
      if (working !== before && working) {
        try {
          await backing.write(key, working, before);
        } catch (error) {
          // Not written: memory stays equal to what is stored, and everyone in the batch hears why.
          for (const { item } of done) item.reject(error);
          continue;
        }
        remember(key, working, before);
      }
      for (const { item, value } of done) item.resolve(value);
    }
  }

  function enqueue<T>(key: string, apply: (record: StoredRecord | undefined) => Promise<{ record: StoredRecord | undefined; value: T }>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const list = pending.get(key) ?? [];
      list.push({ apply, resolve: (v) => resolve(v as T), reject });
      pending.set(key, list);
      if (!draining.has(key)) {
        const run = Promise.resolve().then(() => drain(key));
        draining.set(key, run);
      }
    });
  }

  /** Change the outbox of the meetings these entries belong to (through the same queue as every update). */
  async function editEntries(ids: readonly string[], edit: (entry: StoredEntry) => StoredEntry | undefined): Promise<void> {
    const byKey = new Map<string, Set<string>>();
    for (const id of ids) {
      const key = entryKeys.get(id);
      if (key === undefined) continue;
      let set = byKey.get(key);
      if (!set) byKey.set(key, (set = new Set()));
      set.add(id);
    }
    await Promise.all(
      [...byKey].map(([key, wanted]) =>
        enqueue(key, async (record) => {
          if (!record) return { record, value: undefined };
          const outbox: StoredEntry[] = [];
          for (const entry of record.outbox) {
            const edited = wanted.has(entry.id) ? edit(entry) : entry;
            if (edited) outbox.push(edited);
          }
          return { record: { ...record, outbox }, value: undefined };
        }),
      ),
    );
  }

  function claimable(entry: StoredEntry, at: number, due: number, olderThanMs: number, asked: boolean): boolean {
    const lease = leases.get(entry.id);
    if (lease && lease.until > at) return false;
    // Asked for by id, an entry waiting for its retry is taken now; a tick never before its deadline.
    if ((!asked || entry.effect.type === 'tick') && entry.notBefore && Date.parse(entry.notBefore) > due) return false;
    // The writer asks for its own entries at once; a sweeper leaves young ones (by the claimer's clock, as the engine wrote them) to it.
    return asked || Date.parse(entry.createdAt) <= due - olderThanMs;
  }

  return {
    async get(key) {
      return (await load(key))?.meeting;
    },

    async getByAlias(name) {
      const key = aliasKeys.get(name) ?? (await backing.keyOf(name));
      const meeting = key === undefined ? undefined : (await load(key))?.meeting;
      // A name left behind by a crash, or one the meeting no longer has, finds nothing.
      return meeting && meetingAliases(meeting).includes(name) ? meeting : undefined;
    },

    update<T>(key: string, change: (current: Meeting | undefined) => StoreChange<T> | Promise<StoreChange<T>>): Promise<T> {
      return enqueue(key, async (record) => {
        const result = await change(record?.meeting);
        if (!result.meeting && !(result.outbox && result.outbox.length > 0 && record)) return { record, value: result.value };
        const base: StoredRecord = result.meeting ? { meeting: result.meeting, outbox: record?.outbox ?? [] } : record!;
        return { record: withEntries(base, result.outbox ?? []), value: result.value };
      });
    },

    async claim({ owner, limit, leaseMs, ids, olderThanMs = 0, platform, workspaces, at: clockAt }) {
      const at = now();
      const due = clockAt ? clockAt.getTime() : at;
      const wanted = ids ? new Set(ids) : undefined;
      const inWorkspaces = workspaces ? new Set(workspaces) : undefined;
      const candidates: StoredEntry[] = [];
      for (const key of new Set(entryKeys.values())) {
        if (platform && !key.startsWith(`${platform}:`)) continue;
        if (inWorkspaces && !inWorkspaces.has(workspaceOfKey(key))) continue;
        for (const entry of records.get(key)?.outbox ?? []) {
          if (wanted && !wanted.has(entry.id)) continue;
          if (claimable(entry, at, due, olderThanMs, wanted !== undefined)) candidates.push(entry);
        }
      }
      // Oldest first; a change's own effects in the order it wrote them (the sort is stable).
      candidates.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
      const taken = candidates.slice(0, limit);
      // Claims are counted in memory (a claim writes nothing); a release writes the count down.
      const claimed = taken.map((entry) => {
        const claims = (leases.get(entry.id)?.claims ?? 0) + 1;
        leases.set(entry.id, { owner, until: at + leaseMs, claims });
        const { notBefore: _notBefore, ...rest } = entry;
        return { ...rest, attempts: entry.attempts + claims };
      });
      return claimed;
    },

    async renew(owner, ids, leaseMs) {
      const until = now() + leaseMs;
      for (const id of ids) {
        const lease = leases.get(id);
        if (lease?.owner === owner) leases.set(id, { ...lease, until });
      }
    },

    async settle(ids) {
      await editEntries(ids, () => undefined);
      for (const id of ids) leases.delete(id);
    },

    async settleRevision(id, rev) {
      const key = entryKeys.get(id);
      if (key === undefined) return undefined;
      let newer: { rev: number } | undefined;
      await enqueue(key, async (record) => {
        const entry = record?.outbox.find((e) => e.id === id);
        if (!record || !entry) return { record, value: undefined };
        if (entry.rev !== rev) {
          newer = { rev: entry.rev };
          return { record, value: undefined };
        }
        return { record: { ...record, outbox: record.outbox.filter((e) => e.id !== id) }, value: undefined };
      });
      if (!newer) leases.delete(id);
      return newer;
    },

    async release(id, retryAt) {
      const claims = leases.get(id)?.claims ?? 0;
      await editEntries([id], (entry) => ({ ...entry, attempts: entry.attempts + claims, notBefore: retryAt.toISOString() }));
      leases.delete(id);
    },

    async outboxDepth() {
      return entryKeys.size;
    },

    async close() {
      while (draining.size > 0) await Promise.all([...draining.values()]);
      await backing.close();
    },
  };
}
