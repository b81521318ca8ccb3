// Simulated attendees for the playground's side panel: N people with an audio mix, or one by
// name, as the PersonInput list the engine's `import` command takes. Names only; no rules.
import type { Audio } from '../../src/domain/meeting.ts';
import type { PersonInput } from '../../src/commands/inputs.ts';
import type { Random } from '../../src/ports.ts';
import { shuffleInPlace } from '../../src/domain/random.ts';

const FIRST = [
  'Ada', 'Ben', 'Chloe', 'Dev', 'Elif', 'Femi', 'Grace', 'Hiro', 'Ines', 'Jonas', 'Kemi', 'Leo', 'Maya', 'Nils', 'Omar', 'Priya',
  'Quinn', 'Rosa', 'Sami', 'Tariq', 'Uma', 'Vera', 'Wen', 'Xavi', 'Yara', 'Zoe', 'Amir', 'Bea', 'Caleb', 'Dina', 'Emil', 'Farah',
] as const;
const LAST = [
  'Okafor', 'Lindqvist', 'Moreau', 'Tanaka', 'Kowalski', 'Haddad', 'Silva', 'Nakamura', 'Novak', 'Achebe', 'Ferreira', 'Berg',
  'Costa', 'Dubois', 'Ivanova', 'Jensen', 'Khan', 'Larsen', 'Mendes', 'Nguyen', 'Olsen', 'Petrov', 'Rossi', 'Schmidt',
  'Tan', 'Ueda', 'Varga', 'Weber', 'Yilmaz', 'Zhou', 'Alvarez', 'Brown',
] as const;

export interface AudioMix {
  readonly phone: number;
  readonly voip: number;
  readonly listening: number;
}

/** Split `count` by the mix's weights, largest remainders first, so the parts add up exactly. */
export function splitByMix(count: number, mix: AudioMix): Record<Audio, number> {
  const kinds: Audio[] = ['phone', 'voip', 'listening'];
  const total = mix.phone + mix.voip + mix.listening;
  if (total <= 0) return { phone: 0, voip: count, listening: 0 };
  const exact = kinds.map((k) => (count * mix[k]) / total);
  const parts = exact.map(Math.floor);
  const order = kinds.map((_, i) => i).sort((a, b) => exact[b]! - parts[b]! - (exact[a]! - parts[a]!));
  for (let left = count - parts.reduce((s, n) => s + n, 0), i = 0; left > 0; left--, i++) parts[order[i % 3]!]!++;
  return { phone: parts[0]!, voip: parts[1]!, listening: parts[2]! };
}

function simulatedName(n: number): string {
  // Each block of FIRST.length names shifts the surname, so neighbours differ and pairs never repeat.
  const first = FIRST[n % FIRST.length]!;
  const last = LAST[((n % FIRST.length) + Math.floor(n / FIRST.length)) % LAST.length]!;
  const round = Math.floor(n / (FIRST.length * LAST.length));
  return round === 0 ? `${first} ${last}` : `${first} ${last} ${round + 1}`;
}

/** `count` new people (ids sim-1, sim-2 … after the ones taken) with audio shuffled by the mix. */
export function simulatedPeople(taken: ReadonlySet<string>, count: number, mix: AudioMix, random: Random): PersonInput[] {
  const split = splitByMix(count, mix);
  const audio: Audio[] = [
    ...Array<Audio>(split.phone).fill('phone'),
    ...Array<Audio>(split.voip).fill('voip'),
    ...Array<Audio>(split.listening).fill('listening'),
  ];
  shuffleInPlace(audio, random);
  const people: PersonInput[] = [];
  let n = 0;
  for (const kind of audio) {
    while (taken.has(`sim-${n + 1}`)) n++;
    people.push({ id: `sim-${n + 1}`, name: simulatedName(n), audio: kind });
    n++;
  }
  return people;
}

/** One person by name: a readable id derived from the name, unique on the roster. */
export function namedPerson(taken: ReadonlySet<string>, name: string, audio: Audio): PersonInput {
  const base = `p-${name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 24) || 'person'}`;
  let id = base;
  for (let i = 2; taken.has(id); i++) id = `${base}-${i}`;
  return { id, name: name.trim(), audio };
}

/**
 * The playground's stand-in for a workspace directory's e-mail addresses (what Slack's
 * users.lookupByEmail answers from): each person's name as first.last@example.com.
 */
export function simulatedEmail(name: string): string {
  const local = name.toLowerCase().normalize('NFKD').replace(/[\u0300-\u036f]/g, '').replace(/[^a-z0-9]+/g, '.').replace(/^\.|\.$/g, '');
  return `${local || 'person'}@example.com`;
}
