// Typed command text made ready as Slack's client makes it before sending: apart from the session,
// since it is plain text handling that needs nothing but the roster.

/**
 * What Slack's client does before sending a slash command: "@Ada Okafor" typed for someone on
 * the roster becomes the escaped mention <@id|name>, so names with spaces work (longest name first).
 */
export function escapeMentions(text: string, roster: readonly { readonly id: string; readonly name: string }[]): string {
  if (!text.includes('@')) return text;
  const byLength = [...roster].sort((a, b) => b.name.length - a.name.length);
  let out = '';
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '@' && (i === 0 || /\s/.test(text[i - 1]!))) {
      const rest = text.slice(i + 1).toLowerCase();
      const hit = byLength.find((a) => rest.startsWith(a.name.toLowerCase()) && (rest.length === a.name.length || /\s/.test(rest[a.name.length]!)));
      if (hit) {
        out += `<@${hit.id}|${hit.name.replace(/[<>|]/g, '')}>`;
        i += hit.name.length;
        continue;
      }
    }
    out += text[i];
  }
  return out;
}

/**
 * Names typed after @ that more than one person on the roster has: Slack's client makes you pick
 * one person, so the playground asks too instead of guessing.
 */
export function ambiguousMentions(text: string, roster: readonly { readonly name: string }[]): string[] {
  const counts = new Map<string, number>();
  for (const a of roster) counts.set(a.name.toLowerCase(), (counts.get(a.name.toLowerCase()) ?? 0) + 1);
  const found = new Set<string>();
  for (const [name, n] of counts) {
    if (n < 2) continue;
    const at = text.toLowerCase().indexOf(`@${name}`);
    const after = text[at + name.length + 1];
    if (at !== -1 && (at === 0 || /\s/.test(text[at - 1]!)) && (after === undefined || /\s/.test(after))) found.add(text.slice(at + 1, at + 1 + name.length));
  }
  return [...found];
}
