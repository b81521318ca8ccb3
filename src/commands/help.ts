// Usage lines and help text, written from the command definitions: what `/breakouts help` says,
// what the Slack manifest shows as a usage hint, and the usage line under every refusal of bad input.
import type { z } from 'zod';
import type { CommandDefinition } from './define.ts';

type Described = Pick<CommandDefinition, 'name' | 'args' | 'summary' | 'permission'>;

export function usage(command: Pick<CommandDefinition, 'name' | 'args'>, prefix = '/breakouts'): string {
  const args = command.args.map((a) => {
    const label = (a.label ?? (a.kind === 'choice' || a.kind === 'audio' ? (a.choices ?? []).join('|') : a.kind === 'room' ? `<room|main>` : a.name)).replace(/^<|>$/g, '');
    // A keyword argument shows its word and then its value: [size <size>].
    const shown = a.keyword !== undefined ? `${a.keyword} <${label}>` : label;
    return a.required ? `<${shown}>` : `[${shown}]`;
  });
  return [prefix, command.name, ...args].join(' ');
}

/** All typed commands, or one of them in detail when `topic` names it. */
export function helpText(commands: readonly Described[], topic?: string, prefix = '/breakouts'): string {
  const spec = topic ? commands.find((c) => c.name === topic.toLowerCase()) : undefined;
  if (spec) {
    const lines = [`${usage(spec, prefix)} — ${spec.summary}.`];
    for (const a of spec.args) lines.push(`  ${a.name}: ${a.description}${a.required ? '' : ' (optional)'}`);
    if (spec.permission === 'facilitator') lines.push('  Facilitators only.');
    return lines.join('\n');
  }
  const lines = [
    ...(topic ? [`There is no command “${topic}”; here are all of them.`, ''] : []),
    'Breakouts splits a meeting into breakout rooms and keeps audio compatible: phone attendees only in rooms 1–7 (phone-rooms), never with VOIP or listening attendees.',
    '',
    ...commands.map((c) => `• ${usage(c, prefix)} — ${c.summary}${c.permission === 'facilitator' ? ' (facilitators)' : ''}`),
    '',
    `Users: ${prefix === '/breakouts' ? '@mention them' : 'pick them'}. Audio: 📞 phone, 💻 voip, 🎧 listening ("Just Listening" works too).`,
    `More on one command: ${prefix} help <command>.`,
  ];
  return lines.join('\n');
}

/** "/breakouts move: to must be a room number from 1 to 50, or main." plus the usage line. */
export function describeInputIssues(definition: Pick<CommandDefinition, 'name' | 'args' | 'typed'>, error: z.ZodError, raw: unknown): string {
  const given = (field: string): boolean => typeof raw === 'object' && raw !== null && Object.getOwnPropertyDescriptor(raw, field)?.value !== undefined;
  const seen = new Set<string>();
  const lines: string[] = [];
  for (const issue of error.issues) {
    const field = issue.path.length > 0 ? String(issue.path[0]) : '';
    if (seen.has(field)) continue;
    seen.add(field);
    if (!field) lines.push(issue.message);
    else if (!given(field)) lines.push(`${field} is missing`);
    else lines.push(`${field} ${issue.message}`);
  }
  const usageLine = definition.typed ? `\nUsage: ${usage(definition)} (more: /breakouts help ${definition.name})` : '';
  return `/breakouts ${definition.name}: ${lines.join('; ')}. Nothing was changed.${usageLine}`;
}
