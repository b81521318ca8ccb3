// The single data file of earlier versions ({schemaVersion: 1, meetings: {key: meeting}}): read
// only to migrate it into the data folder, validated like any other data, never written.
import { z } from 'zod';
import { MeetingSchema, meetingKey, type Meeting } from '../domain/meeting.ts';
import { StoreLoadError } from './failures.ts';

export const LEGACY_SCHEMA_VERSION = 1;

const FileSchema = z.object({
  schemaVersion: z.number().int(),
  // Checked as a plain object only: its entries are read from the parsed JSON itself, because a
  // copy made by assignment would turn a "__proto__" entry into a prototype and silently drop it.
  meetings: z.custom<Record<string, unknown>>((v) => typeof v === 'object' && v !== null && !Array.isArray(v)),
});

export interface LegacyFile {
  readonly schemaVersion: number;
  readonly meetings: Readonly<Record<string, Meeting>>;
}

function fixHint(path: string): string {
  return `Breakouts has not changed it (nor migrated it). Restore it from a backup or move it aside, or point BREAKOUTS_DB at another folder. File: ${path}`;
}

/** Parse and validate a legacy data file's text; throws StoreLoadError saying what is wrong. */
export function parseLegacyFile(text: string, path: string): LegacyFile {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new StoreLoadError(`The data file is not valid JSON (${(error as Error).message}). ${fixHint(path)}`);
  }
  const outer = FileSchema.safeParse(json);
  if (!outer.success) {
    throw new StoreLoadError(`The data file is not a Breakouts data file (no schemaVersion/meetings). ${fixHint(path)}`);
  }
  if (outer.data.schemaVersion !== LEGACY_SCHEMA_VERSION) {
    throw new StoreLoadError(
      `The data file has schema version ${outer.data.schemaVersion}; this Breakouts reads version ${LEGACY_SCHEMA_VERSION}${outer.data.schemaVersion > LEGACY_SCHEMA_VERSION ? ' (it was written by a newer Breakouts: upgrade)' : ''}. ${fixHint(path)}`,
    );
  }
  // No prototype: a "__proto__" entry is an entry like any other (and refused below), never a setter.
  const meetings: Record<string, Meeting> = Object.create(null) as Record<string, Meeting>;
  for (const [key, raw] of Object.entries(outer.data.meetings)) {
    const parsed = MeetingSchema.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new StoreLoadError(`Meeting “${key}” in the data file is damaged (${issue ? `${issue.path.join('.')}: ${issue.message}` : 'invalid'}). ${fixHint(path)}`);
    }
    if (parsed.data.key !== key || key !== meetingKey(parsed.data.place)) {
      throw new StoreLoadError(`Meeting “${key}” in the data file is filed under the wrong key. ${fixHint(path)}`);
    }
    meetings[key] = parsed.data;
  }
  return { schemaVersion: LEGACY_SCHEMA_VERSION, meetings };
}
