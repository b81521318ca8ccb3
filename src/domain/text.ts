// Display-text helpers every surface shares: cutting text to a limit and listing names. Ids and
// counts never go through these; only what a person reads is shortened.

/** Cut display text to `max` characters; an ellipsis marks the cut. */
export function fit(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, Math.max(0, max - 1))}…`;
}

/** "Ann, Bob and Cid", or "Ann, Bob and 3 more" past `max` names: the count is always exact. */
export function nameList(names: readonly string[], max: number): string {
  if (names.length === 0) return 'nobody';
  if (names.length <= max) return names.length === 1 ? names[0]! : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
  return `${names.slice(0, max).join(', ')} and ${names.length - max} more`;
}

/**
 * Invisible format characters a name could hide behind: bidirectional controls (U+202E turns
 * "evil" into "live" on screen) and every other Unicode format character (zero-width spaces, word
 * joiners, BOM, tag characters), except ZWNJ/ZWJ, which some scripts and emoji need.
 */
const INVISIBLE_FORMAT = /(?![\u200c\u200d])\p{Cf}/gu;
/** Control characters (line breaks, tabs, escapes): a name is one line of visible text. */
const CONTROL = /\p{Cc}+/gu;

/** A display name (or room name) as people will see it: no hidden characters, one line, trimmed. */
export function cleanDisplayText(text: string): string {
  return text.replace(INVISIBLE_FORMAT, '').replace(CONTROL, ' ').replace(/\s+/g, ' ').trim();
}

/** "1 person", "3 people", "1 room": the count is always exact, the noun agrees with it. */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** Rooms 1..n as a person reads them: "room 1" or "rooms 1–7". */
export function roomRange(n: number): string {
  return n === 1 ? 'room 1' : `rooms 1–${n}`;
}

/** "Move them to room 1" / "Move them to one of rooms 1–7". */
export function oneOfRooms(n: number): string {
  return n === 1 ? 'room 1' : `one of rooms 1–${n}`;
}

export interface AudioCounts {
  readonly total: number;
  readonly phone: number;
  readonly voip: number;
  readonly listening: number;
}

/**
 * The one people summary every surface shows: "12 people (📞 3 · 💻 7 · 🎧 2)". `icons` are the
 * audio icons as the surface draws them (emoji, or words where there is no emoji font).
 */
export function peopleSummary(counts: AudioCounts, icons: Readonly<Record<'phone' | 'voip' | 'listening', string>>): string {
  return `${plural(counts.total, 'person', 'people')} (${icons.phone} ${counts.phone} · ${icons.voip} ${counts.voip} · ${icons.listening} ${counts.listening})`;
}
