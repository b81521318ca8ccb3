// Slash-command text → a command name and a raw argument object, following the command table.
// Slack sends users as escaped mentions (<@U123|name>); plain <@U123> and @name work too.
import { COMMANDS_BY_NAME, helpText, usage, type CommandName } from './commands.ts';

export type ParsedText =
  | { readonly ok: true; readonly name: CommandName; readonly args: Record<string, unknown> }
  | { readonly ok: false; readonly message: string };

const MENTION = /^<@([A-Za-z0-9_.-]+)(?:\|([^>]*))?>$/;

export function parseUserToken(token: string): { id: string; name?: string } | { name: string } | undefined {
  const m = MENTION.exec(token);
  if (m) return m[2] ? { id: m[1]!, name: m[2] } : { id: m[1]! };
  if (token.startsWith('@') && token.length > 1) return { name: token.slice(1) };
  return undefined;
}

/** Split on white space, keeping <@U1|two words> and "quoted text" together. */
export function tokenize(text: string): string[] {
  const tokens: string[] = [];
  const re = /<@[^>]*>|"([^"]*)"|\S+/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) tokens.push(m[1] ?? m[0]);
  return tokens;
}

export function parseCommandText(text: string, prefix = '/breakouts'): ParsedText {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: true, name: 'help', args: {} };
  const [first, ...rest] = tokenize(trimmed);
  const spec = COMMANDS_BY_NAME.get((first ?? '').toLowerCase());
  if (!spec) {
    return {
      ok: false,
      message: `“${first}” is not a Breakouts command.\n\n${helpText(undefined, prefix)}`,
    };
  }
  const args: Record<string, unknown> = {};
  let i = 0;
  for (const arg of spec.args) {
    if (arg.kind === 'rest') {
      const value = rest.slice(i).join(' ');
      if (value !== '') args[arg.name] = value;
      i = rest.length;
      continue;
    }
    const token = rest[i];
    if (token === undefined) break;
    if (arg.kind === 'user') {
      const ref = parseUserToken(token);
      if (!ref) return { ok: false, message: `“${token}” is not a person: mention them with @ (for example @${token}).\nUsage: ${usage(spec, prefix)}` };
      args[arg.name] = ref;
    } else if (arg.kind === 'audio' && arg.name === 'audio' && token.toLowerCase() === 'just' && rest[i + 1]?.toLowerCase() === 'listening') {
      args[arg.name] = 'just listening';
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
