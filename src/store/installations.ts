// Where an app installed into many workspaces keeps each installation: opaque sealed text under a
// key the adapter chooses (the store never sees a token in the clear), in memory, in the data folder
// or in PostgreSQL. The adapter seals and opens; the store only keeps, finds and forgets.

export interface InstallationRecord {
  readonly key: string;
  /** Which platform's installation this is ("slack"): lets an operator tell rows apart. */
  readonly platform: string;
  /** What the adapter sealed (runtime/secret-box.ts); opaque here. */
  readonly sealed: string;
}

export interface InstallationRecords {
  /** The sealed text under `key`, or undefined. */
  get(key: string): Promise<string | undefined>;
  /** Write (or replace) the record under `key`. */
  put(key: string, platform: string, sealed: string): Promise<void>;
  /** Remove the record under `key`; true when there was one. */
  delete(key: string): Promise<boolean>;
  /** Records whose key starts with `prefix`, ordered by key, at most `limit` of them. */
  list(prefix: string, limit?: number): Promise<InstallationRecord[]>;
  /** Remove every record under `prefix` that `matches` (all of them without it); answers how many went. */
  deleteWhere(prefix: string, matches?: (record: InstallationRecord) => boolean): Promise<number>;
  close(): Promise<void>;
}

export function createMemoryInstallationRecords(): InstallationRecords {
  const records = new Map<string, InstallationRecord>();
  const under = (prefix: string): InstallationRecord[] =>
    [...records.values()].filter((r) => r.key.startsWith(prefix)).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return {
    async get(key) {
      return records.get(key)?.sealed;
    },
    async put(key, platform, sealed) {
      records.set(key, { key, platform, sealed });
    },
    async delete(key) {
      return records.delete(key);
    },
    async list(prefix, limit = Number.POSITIVE_INFINITY) {
      return under(prefix).slice(0, limit);
    },
    async deleteWhere(prefix, matches = () => true) {
      let removed = 0;
      for (const record of under(prefix)) if (matches(record) && records.delete(record.key)) removed++;
      return removed;
    },
    async close() {},
  };
}
