// Durations as people type and read them: "90s", "15m", "1h", "1h30m", "+5m", "-2m"; and back to
// words ("15 min", "1 h 30 min", "45 s").

const UNIT_SECONDS: Readonly<Record<string, number>> = { s: 1, sec: 1, secs: 1, second: 1, seconds: 1, m: 60, min: 60, mins: 60, minute: 60, minutes: 60, h: 3600, hr: 3600, hour: 3600, hours: 3600 };

/**
 * Seconds in a typed duration, or undefined when it is not one. A bare number is minutes (what
 * people mean by "timer 10"). Parts add up: "1h30m", "1h 30m".
 */
export function parseDuration(text: string): number | undefined {
  const trimmed = text.trim().toLowerCase();
  if (/^\d{1,4}$/.test(trimmed)) return Number(trimmed) * 60;
  let total = 0;
  let matched = 0;
  const spaced = trimmed.replace(/\s+/g, ' ');
  for (const m of spaced.matchAll(/\s*(\d{1,5})\s*([a-z]+)/g)) {
    const unit = UNIT_SECONDS[m[2]!];
    if (unit === undefined) return undefined;
    total += Number(m[1]) * unit;
    matched += m[0].length;
  }
  return matched === spaced.length && matched > 0 ? total : undefined;
}

/** "45 s", "15 min", "1 h", "1 h 30 min", "2 min 30 s". */
export function formatDuration(totalSeconds: number): string {
  const s = Math.max(0, Math.round(totalSeconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  const parts: string[] = [];
  if (h) parts.push(`${h} h`);
  if (m) parts.push(`${m} min`);
  if (sec && h === 0) parts.push(`${sec} s`);
  return parts.length > 0 ? parts.join(' ') : '0 s';
}
