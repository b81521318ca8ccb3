// zod's own wording ("Too small: expected string to have >=1 characters") is for developers. This
// error map turns every issue a schema did not word itself into a short phrase a person can act on;
// pass it to safeParse wherever a failed parse reaches a person.
import type { z } from 'zod';

type Issue = z.core.$ZodRawIssue;

function sizeWord(origin: unknown): string {
  return origin === 'string' ? 'characters' : origin === 'array' || origin === 'set' ? 'items' : '';
}

/** A phrase that follows the field's name: "name is empty", "count must be a whole number". */
export function humanIssue(issue: Issue): string {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined || issue.input === null ? 'is missing' : `must be ${issue.expected === 'number' ? 'a number' : issue.expected === 'string' ? 'text' : `a ${String(issue.expected)}`}`;
    case 'too_small': {
      if (issue.origin === 'string' && issue.minimum === 1) return 'is empty';
      const unit = sizeWord(issue.origin);
      return unit ? `needs at least ${String(issue.minimum)} ${unit}` : `must be at least ${String(issue.minimum)}`;
    }
    case 'too_big': {
      const unit = sizeWord(issue.origin);
      return unit ? `is too long (at most ${String(issue.maximum)} ${unit})` : `must be at most ${String(issue.maximum)}`;
    }
    case 'invalid_value':
      return `must be one of: ${issue.values.map(String).join(', ')}`;
    case 'unrecognized_keys':
      return `has something Breakouts does not know (${issue.keys.join(', ')})`;
    case 'not_multiple_of':
      return 'must be a whole number';
    default:
      return 'is not valid';
  }
}

/** Per-parse options: `schema.safeParse(value, HUMAN_ERRORS)`; words a schema chose itself still win. */
export const HUMAN_ERRORS = { error: humanIssue } as const;
