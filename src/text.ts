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
