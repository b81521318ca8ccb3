// A meeting file's journal: what changed between two records, as one short line, so that a
// change costs what changed (a step marked done, an effect settled) rather than a rewrite of the
// whole meeting. Records are immutable values: an unchanged part is the same object before and
// after, so the difference is found by following only the parts that are not.
//
// A line is {"m": [ops], "o": outbox change}. An op is [path, value] (set) or [path] (delete a
// key); arrays that grow are changed element by element, arrays that shrink are set whole. The
// outbox changes by entry id: removed ids, then entries put in place (or appended when new),
// which is how the store changes it; any other order is written out whole.
import type { StoredEntry, StoredRecord } from './local-store.ts';

type Path = (string | number)[];
type Op = [Path, unknown] | [Path];

interface OutboxChange {
  /** Ids removed. */
  readonly r?: string[];
  /** Entries changed in place, or new at the end. */
  readonly p?: StoredEntry[];
  /** The whole outbox, when it did not change in the store's usual way. */
  readonly all?: readonly StoredEntry[];
}

export interface JournalLine {
  readonly m?: Op[];
  readonly o?: OutboxChange;
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Ops that turn `before` into `after`, found below `path` (a stack shared by the walk: copied only into an op). */
function diffValue(before: unknown, after: unknown, path: Path, ops: Op[]): void {
  if (before === after) return;
  if (isObject(before) && isObject(after)) {
    for (const key in after) {
      const value = after[key];
      const old = Object.hasOwn(before, key) ? before[key] : undefined;
      if (value === old) continue;
      path.push(key);
      if (value === undefined) ops.push([[...path]]);
      else if (old === undefined) ops.push([[...path], value]);
      else diffValue(old, value, path, ops);
      path.pop();
    }
    for (const key in before) if (before[key] !== undefined && !Object.hasOwn(after, key)) ops.push([[...path, key]]);
    return;
  }
  if (Array.isArray(before) && Array.isArray(after) && after.length >= before.length) {
    for (let i = 0; i < after.length; i++) {
      if (i < before.length && before[i] === after[i]) continue;
      path.push(i);
      if (i < before.length) diffValue(before[i], after[i], path, ops);
      else ops.push([[...path], after[i]]);
      path.pop();
    }
    return;
  }
  ops.push([[...path], after]);
}

function diffOutbox(before: readonly StoredEntry[], after: readonly StoredEntry[]): OutboxChange | undefined {
  if (before === after) return undefined;
  const kept = new Set(after.map((e) => e.id));
  const removed = before.filter((e) => !kept.has(e.id)).map((e) => e.id);
  const previous = new Map(before.map((e) => [e.id, e]));
  const put = after.filter((e) => previous.get(e.id) !== e);
  // Applied to `before`, does this give `after` in its order? Otherwise write the outbox whole.
  const order = applyOutbox(before, { r: removed, p: put }).map((e) => e.id);
  if (order.length !== after.length || order.some((id, i) => id !== after[i]!.id)) return { all: after };
  if (removed.length === 0 && put.length === 0) return undefined;
  return { ...(removed.length > 0 ? { r: removed } : {}), ...(put.length > 0 ? { p: put } : {}) };
}

function applyOutbox(outbox: readonly StoredEntry[], change: OutboxChange): StoredEntry[] {
  if (change.all) return [...change.all];
  const removed = new Set(change.r ?? []);
  const result = outbox.filter((e) => !removed.has(e.id));
  const at = new Map(result.map((e, i) => [e.id, i]));
  for (const entry of change.p ?? []) {
    const i = at.get(entry.id);
    if (i === undefined) {
      at.set(entry.id, result.length);
      result.push(entry);
    } else result[i] = entry;
  }
  return result;
}

/** The line that turns `before` into `after`; undefined when nothing changed. */
export function journalLine(before: StoredRecord, after: StoredRecord): JournalLine | undefined {
  const ops: Op[] = [];
  diffValue(before.meeting, after.meeting, [], ops);
  const outbox = diffOutbox(before.outbox, after.outbox);
  if (ops.length === 0 && !outbox) return undefined;
  return { ...(ops.length > 0 ? { m: ops } : {}), ...(outbox ? { o: outbox } : {}) };
}

/** Why a line cannot be applied (thrown by applyLine, caught by the reader). */
export class JournalError extends Error {}

function setAt(root: Json, path: Path, value: unknown, remove: boolean): void {
  if (path.length === 0) throw new JournalError('an op without a path');
  let parent: unknown = root;
  // Own properties only: a path never reaches a prototype.
  for (const key of path.slice(0, -1)) {
    const owned = (typeof key === 'string' && isObject(parent)) || (typeof key === 'number' && Array.isArray(parent));
    parent = owned && Object.hasOwn(parent as object, key) ? (parent as Record<string | number, unknown>)[key] : undefined;
    if (typeof parent !== 'object' || parent === null) throw new JournalError(`nothing at ${path.join('.')}`);
  }
  const last = path[path.length - 1]!;
  if (Array.isArray(parent) && typeof last === 'number' && Number.isInteger(last) && last >= 0 && last <= parent.length && !remove) {
    parent[last] = value;
  } else if (isObject(parent) && typeof last === 'string' && last !== '__proto__') {
    if (remove) delete parent[last];
    else parent[last] = value;
  } else throw new JournalError(`cannot change ${path.join('.')}`);
}

/** Apply one parsed line to a record read as JSON (changed in place). */
export function applyLine(record: { meeting: unknown; outbox: unknown }, line: unknown): void {
  if (!isObject(line)) throw new JournalError('a line that is not an object');
  const { m, o } = line as { m?: unknown; o?: unknown };
  if (m !== undefined) {
    if (!Array.isArray(m) || !isObject(record.meeting)) throw new JournalError('meeting changes that are not a list');
    for (const op of m) {
      if (!Array.isArray(op) || !Array.isArray(op[0]) || (op.length !== 1 && op.length !== 2)) throw new JournalError('an op that is not [path] or [path, value]');
      setAt(record.meeting, op[0] as Path, op[1], op.length === 1);
    }
  }
  if (o !== undefined) {
    if (!isObject(o) || !Array.isArray(record.outbox)) throw new JournalError('an outbox change that is not an object');
    // Entries are validated with the whole record afterwards; here they only need ids.
    const entries = (list: unknown): StoredEntry[] => {
      if (!Array.isArray(list) || list.some((e) => !isObject(e) || typeof e.id !== 'string')) throw new JournalError('outbox entries without ids');
      return list as StoredEntry[];
    };
    if (o.r !== undefined && (!Array.isArray(o.r) || o.r.some((id) => typeof id !== 'string'))) throw new JournalError('removed outbox ids that are not strings');
    const change: OutboxChange = {
      ...(o.all !== undefined ? { all: entries(o.all) } : {}),
      ...(o.r !== undefined ? { r: o.r as string[] } : {}),
      ...(o.p !== undefined ? { p: entries(o.p) } : {}),
    };
    record.outbox = applyOutbox(record.outbox as StoredEntry[], change);
  }
}

/**
 * The complete lines of a journal's text. A last line without its newline is a write cut short by
 * a crash: it is left out (that change was never reported as saved). Any other line that does not
 * parse is damage, thrown as a JournalError naming its line number.
 */
export function journalLines(text: string): unknown[] {
  const parts = text.split('\n');
  parts.pop(); // '' after the last newline, or the torn line of a write cut short
  return parts.map((part, i) => {
    try {
      return JSON.parse(part) as unknown;
    } catch {
      throw new JournalError(`line ${i + 1} of its journal is not JSON`);
    }
  });
}
