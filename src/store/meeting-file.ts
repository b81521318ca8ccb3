// One meeting's files in the data folder: where they are, and lowdb's adapter that reads the
// meeting file with the changes its journal holds since (validated with zod, damage named) and
// writes it whole, atomically, with its mode kept.
import { join } from 'node:path';
import type { Adapter } from 'lowdb';
import { readIfExists, replaceFile } from './atomic-file.ts';
import { storeWriteError, StoreUnavailableError } from './failures.ts';
import { applyLine, JournalError, journalLines } from './journal.ts';
import type { StoredRecord } from './local-store.ts';
import { RECORD_VERSION, StoredRecordSchema } from './records.ts';

export const meetingFilePath = (folder: string, id: string): string => join(folder, 'meetings', `${id}.json`);
export const journalFilePath = (folder: string, id: string, generation: number): string => join(folder, 'journal', `${id}.${generation}.jsonl`);

/** A meeting file as read or written: the record and the generation of its journal (0: none). */
export interface MeetingFile {
  readonly record: StoredRecord;
  readonly generation: number;
}

/** Replace a file atomically, keeping the mode of the one it replaces (0644 for a new one). */
export async function writeAtomically(path: string, text: string): Promise<void> {
  try {
    await replaceFile(path, text);
  } catch (error) {
    throw storeWriteError(error, path);
  }
}

/**
 * lowdb's adapter for one meeting's file: read with the changes its journal holds since, and
 * validated with zod (a damaged file or journal names its meeting); written whole and
 * atomically, with the file's mode kept.
 */
export function recordAdapter(path: string, journalPath: (generation: number) => string, key: string): Adapter<MeetingFile | null> {
  return {
    async read() {
      const text = await readIfExists(path);
      if (text === undefined) return null;
      let json: { schemaVersion?: unknown; journal?: unknown; meeting?: unknown; outbox?: unknown };
      try {
        json = JSON.parse(text) as typeof json;
      } catch (error) {
        throw damaged(key, path, (error as Error).message);
      }
      if (typeof json !== 'object' || json === null) throw damaged(key, path, 'not a meeting record');
      const generation = json.journal ?? 0;
      if (typeof generation !== 'number' || !Number.isInteger(generation) || generation < 0) throw damaged(key, path, 'journal: not a generation number');
      const raw = { meeting: json.meeting, outbox: json.outbox ?? [] };
      if (generation > 0) {
        const journal = journalPath(generation);
        const lines = (await readIfExists(journal)) ?? '';
        try {
          for (const line of journalLines(lines)) applyLine(raw, line);
        } catch (error) {
          if (error instanceof JournalError) throw damaged(key, journal, error.message);
          throw error;
        }
      }
      const parsed = StoredRecordSchema.safeParse({ schemaVersion: json.schemaVersion, ...raw });
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw damaged(key, generation > 0 ? `${path} (with its journal ${journalPath(generation)})` : path, issue ? `${issue.path.join('.')}: ${issue.message}` : 'not a meeting record');
      }
      return { record: { meeting: parsed.data.meeting, outbox: parsed.data.outbox }, generation };
    },
    async write(data) {
      if (data) {
        const { record, generation } = data;
        await writeAtomically(path, JSON.stringify({ schemaVersion: RECORD_VERSION, journal: generation, meeting: record.meeting, outbox: record.outbox }));
      }
    },
  };
}

function damaged(key: string, path: string, why: string): StoreUnavailableError {
  return new StoreUnavailableError(
    `The data file of meeting ${key} is damaged (${why}). Breakouts has not changed it; the other meetings go on. Restore it from a backup, or move it aside to start this meeting afresh. File: ${path}`,
  );
}
