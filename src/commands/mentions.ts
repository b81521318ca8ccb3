// How people are named in typed text: Slack's escaped mentions (<@U123|name>), plain <@U123>, and
// @name; and the words of a command, keeping a mention or "quoted text" together. The slash parser
// and the commands that take a list of people (together, apart) read text the same way.

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
