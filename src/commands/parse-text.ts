// Slash-command text → a command name and a raw argument object, following the command definitions.
// Slack sends users as escaped mentions (<@U123|name>); plain <@U123> and @name work too.
import type { ArgSpec } from './define.ts';
import { usage } from './help.ts';
import { normaliseAudio } from './inputs.ts';
import { helpText, TYPED_COMMANDS, typedCommand, type CommandName } from './registry.ts';
import { AUDIO_KINDS } from '../domain/meeting.ts';
import { parseUserToken, tokenize } from './mentions.ts';

export type ParsedText =
  | { readonly ok: true; readonly name: CommandName; readonly args: Record<string, unknown> }
  | { readonly ok: false; readonly message: string };

// The mention grammar lives in mentions.ts, which commands can import without importing this parser
// (and with it every command): re-exported here for everything that reads typed text.
export { parseUserToken, tokenize } from './mentions.ts';

/** Whether a word can be this argument's value (or, for a keyword argument, its keyword). */
function fits(arg: ArgSpec, word: string): boolean {
  if (arg.keyword !== undefined) return word.toLowerCase() === arg.keyword;
  if (arg.kind === 'integer') return /^[0-9]+$/.test(word);
  if (arg.kind === 'choice') return (arg.choices ?? []).includes(word.toLowerCase());
  return true;
}

function isAudioWord(text: string): boolean {
  return (AUDIO_KINDS as readonly unknown[]).includes(normaliseAudio(text));
}

/** The command a typo most likely meant: at most two letters off, or undefined. */
export function closestCommand(word: string): string | undefined {
  const w = word.toLowerCase();
  let best: { name: string; distance: number } | undefined;
  for (const c of TYPED_COMMANDS) {
    const d = editDistance(w, c.name);
    if (d <= 2 && (!best || d < best.distance)) best = { name: c.name, distance: d };
  }
  return best?.name;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row.push(Math.min(previous[j]! + 1, row[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1)));
    }
    previous = row;
  }
  return previous[b.length]!;
}

export function parseCommandText(text: string, prefix = '/breakouts'): ParsedText {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: true, name: 'help', args: {} };
  const [first, ...rest] = tokenize(trimmed);
  const spec = typedCommand(first ?? '');
  if (!spec) {
    const guess = closestCommand(first ?? '');
    return {
      ok: false,
      message: `“${first}” is not a Breakouts command.${guess ? ` Did you mean ${prefix} ${guess}?` : ''}\n\n${helpText(undefined, prefix)}`,
    };
  }
  const args: Record<string, unknown> = {};
  let i = 0;
  for (const [index, arg] of spec.args.entries()) {
    // An optional word that does not fit here but fits a later argument leaves this one out
    // ("distribute new": no room count; "distribute size 4": the word size names its value).
    const word = rest[i];
    if (word !== undefined && !arg.required && !fits(arg, word) && spec.args.slice(index + 1).some((later) => fits(later, word))) continue;
    if (arg.keyword !== undefined) {
      if (word?.toLowerCase() !== arg.keyword) continue;
      i++;
    }
    if (arg.kind === 'rest') {
      const value = rest.slice(i).join(' ');
      if (value !== '') args[arg.name] = value;
      i = rest.length;
      continue;
    }
    const token = rest[i];
    if (token === undefined) break;
    const end = arg.until === undefined ? -1 : rest.findIndex((t, j) => j > i && t.toLowerCase() === arg.until);
    if (end !== -1) {
      // "dialin +44 20 7946 0958 codes 111# 222#": the words up to the keyword are one value.
      args[arg.name] = rest.slice(i, end).join(' ');
      i = end + 1;
      continue;
    }
    if (arg.kind === 'user') {
      const ref = parseUserToken(token);
      if (!ref) return { ok: false, message: `“${token}” is not a person: mention them with @ and pick them from the list.\nUsage: ${usage(spec, prefix)}` };
      args[arg.name] = ref;
    } else if (arg.kind === 'audio' && rest[i + 1] !== undefined && isAudioWord(`${token} ${rest[i + 1]}`)) {
      // Two-word names of an audio connection: "Just Listening", "dial in", "computer audio".
      args[arg.name] = `${token} ${rest[i + 1]}`;
      i++;
    } else {
      args[arg.name] = token;
    }
    i++;
  }
  if (i < rest.length) {
    return { ok: false, message: `Too many words after “${spec.name}”: “${rest.slice(i).join(' ')}”.\nUsage: ${usage(spec, prefix)}` };
  }
  return { ok: true, name: spec.name, args };
}
