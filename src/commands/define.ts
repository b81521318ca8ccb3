// One definition per command: its input (zod), how it is typed (arguments), who may run it, what
// it says about itself, which board buttons stand for it, and what it does. The slash parser, help,
// the Slack manifest, the Discord command JSON, the action-id codec and every permission sentence
// are derived from these definitions (registry.ts); nothing about a command lives anywhere else.
import type { z } from 'zod';
import type { Actor } from '../domain/actor.ts';
import type { Meeting } from '../domain/meeting.ts';
import type { Random } from '../ports.ts';
import type { Effect, OutcomeFile, Refusal } from '../domain/outcome.ts';

export type ArgKind = 'integer' | 'user' | 'audio' | 'room' | 'text' | 'choice' | 'rest';

/** One argument as people type it (slash text) and as Discord offers it (an option). */
export interface ArgSpec {
  readonly name: string;
  readonly kind: ArgKind;
  readonly description: string;
  readonly required: boolean;
  readonly min?: number;
  readonly max?: number;
  readonly choices?: readonly string[];
  /** In slash text, a several-word value that ends at this keyword (the next argument follows it). */
  readonly until?: string;
  /** In slash text, the value follows this word ("size 4"); without the word the argument is left out. */
  readonly keyword?: string;
  /** How usage() shows the argument, when its name alone would not say enough. */
  readonly label?: string;
}

/**
 * Who may run a command: anyone; facilitators; anyone for themselves and facilitators for
 * others; or only Breakouts itself (platform events, the runner's bookkeeping).
 */
export type Permission = 'anyone' | 'facilitator' | 'self-or-facilitator' | 'system';

/** What a handler is given: a private copy of the meeting to change, and the parsed input. */
export interface Ctx<I> {
  readonly meeting: Meeting;
  readonly actor: Actor;
  readonly input: I;
  /** The version this change will get. */
  readonly next: number;
  readonly random: Random;
  /** The engine's clock reading for this change (timers, help requests). */
  readonly now: Date;
  /** The actor may manage this meeting (a facilitator, or someone the platform says may). */
  readonly facilitator: boolean;
}

/** What a handler did: a reply, effects, and whether anything changed. */
export interface Applied {
  readonly ok: true;
  readonly reply: string;
  readonly effects?: readonly Effect[];
  /** false: nothing changed, nothing is written. */
  readonly changed: boolean;
  /** false: a change no board action can be based on (run progress) keeps the board's version. */
  readonly bump?: boolean;
  /** A file for the person who acted (the `export` CSV). */
  readonly file?: OutcomeFile;
}

export type HandlerResult = Applied | Refusal;

/** A change: written, the board redrawn. */
export function changed(reply: string, options: { effects?: readonly Effect[]; bump?: boolean } = {}): Applied {
  return { ok: true, reply, changed: true, ...options };
}

/** No change: nothing written, only the reply. */
export function unchanged(reply: string, effects?: readonly Effect[]): Applied {
  return effects ? { ok: true, reply, changed: false, effects } : { ok: true, reply, changed: false };
}

/** No change: the reply and a file for the person who asked. */
export function withFile(reply: string, file: OutcomeFile): Applied {
  return { ok: true, reply, changed: false, file };
}

/**
 * A board button (or select) that stands for the command. The action id carries `verb` (as its
 * short `code`) and up to two arguments; `input` turns them, and what the person picked in a
 * select, into the command's input — or undefined when a choice is still missing (the adapter then
 * shows its own picker).
 */
export interface ButtonBinding<V extends string = string> {
  readonly verb: V;
  readonly code: string;
  /** Whether a genuine id of this verb could carry these arguments (a tampered one is refused). */
  readonly accepts?: (args: readonly string[]) => boolean;
  readonly input: (args: readonly string[], chosen: string | undefined) => Record<string, unknown> | undefined;
}

/** A button whose id carries nothing but the command: the command with no input. */
export function plainButton<const V extends string>(verb: V, code: string, input: Record<string, unknown> = {}): ButtonBinding<V> {
  return { verb, code, input: () => input };
}

export interface CommandDefinition<N extends string = string, S extends z.ZodType = z.ZodType, B extends readonly ButtonBinding[] = readonly ButtonBinding[]> {
  readonly name: N;
  /** Parses the raw input (typed text, options, button arguments); its output is what `handle` gets. */
  readonly input: S;
  /** Arguments as typed after the command name; none for commands that are never typed. */
  readonly args: readonly ArgSpec[];
  /** Typed as `/breakouts <name>`; false for buttons in DMs, platform events and bookkeeping. */
  readonly typed: boolean;
  readonly summary: string;
  readonly permission: Permission;
  /** "Only a facilitator can <does>." */
  readonly does: string;
  /** Run on a channel with no meeting, it creates one. */
  readonly creates: boolean;
  /** A person acting for themselves (Discord's open /breakouts-me carries these). */
  readonly forAttendees: boolean;
  /** The board's version does not matter: it never acts on what a board showed (join, my audio). */
  readonly personal: boolean;
  /**
   * Run progress and platform resource ids: the change copies only rooms, resources and the run
   * (a start records one step per room and per DM), and moves nobody.
   */
  readonly bookkeeping: boolean;
  readonly buttons: B;
  /** A click built on an older board may still go ahead when what it acts on has not changed since. */
  readonly stillValid?: (meeting: Meeting, input: z.output<S>, version: number) => boolean;
  /** The answer in a channel with no meeting yet, when the command needs none (help). */
  readonly withoutMeeting?: (input: z.output<S>) => string;
  handle(ctx: Ctx<z.output<S>>): HandlerResult;
}

type Optional = 'args' | 'typed' | 'does' | 'creates' | 'forAttendees' | 'personal' | 'bookkeeping';
type Spec<N extends string, S extends z.ZodType> = Omit<CommandDefinition<N, S>, Optional | 'buttons'> & Partial<Pick<CommandDefinition<N, S>, Optional>>;

/**
 * A definition with the usual defaults (typed, for facilitators' eyes, no buttons …). The verbs of
 * its buttons keep their literal names, so the action-id codec's verbs are a checked union.
 */
export function defineCommand<const N extends string, S extends z.ZodType, const B extends readonly ButtonBinding[]>(
  definition: Spec<N, S> & { readonly buttons: B },
): CommandDefinition<N, S, B>;
export function defineCommand<const N extends string, S extends z.ZodType>(definition: Spec<N, S>): CommandDefinition<N, S, readonly []>;
export function defineCommand(definition: Spec<string, z.ZodType> & { readonly buttons?: readonly ButtonBinding[] }): CommandDefinition {
  return {
    args: [],
    typed: true,
    does: `use ${definition.name}`,
    creates: false,
    forAttendees: false,
    personal: false,
    bookkeeping: false,
    buttons: [],
    ...definition,
  };
}
