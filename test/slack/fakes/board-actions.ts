// Reading what the fake Slack recorded: the board messages in the meeting channel and the
// action ids on them, so tests press the same buttons a person would.
import { decodeAction } from '../../../src/commands/action-id.ts';
import type { RecordedCall } from './fake-slack.ts';
import type { Rig } from './harness.ts';
import { CHANNEL } from './signed.ts';

export function boardCalls(r: Rig): RecordedCall[] {
  return r.fake.calls.filter((c) => (c.method === 'chat.postMessage' || c.method === 'chat.update') && c.body['channel'] === CHANNEL);
}

export const lastBoard = (r: Rig): RecordedCall | undefined => boardCalls(r).at(-1);

/** Every action_id in some blocks (a recorded call's body, a response_url answer). */
export function actionIds(node: unknown): string[] {
  const ids: string[] = [];
  const walk = (n: unknown): void => {
    if (Array.isArray(n)) n.forEach(walk);
    else if (n && typeof n === 'object') {
      for (const [k, v] of Object.entries(n)) {
        if (k === 'action_id' && typeof v === 'string') ids.push(v);
        else walk(v);
      }
    }
  };
  walk(node);
  return ids;
}

/** The action id of a verb (and first argument) in some blocks; throws when there is none. */
export function findAction(node: unknown, verb: string, arg?: string): string {
  const id = actionIds(node).find((raw) => {
    const d = decodeAction(raw);
    return d.ok && d.ref.verb === verb && (arg === undefined || d.ref.args[0] === arg);
  });
  if (!id) throw new Error(`no ${verb} action there`);
  return id;
}

/** Replies sent to one response_url (by its id in the fake), as text. */
export function repliesTo(r: Rig, id: string): string[] {
  return r.fake.responses.filter((x) => x.id === id).map((x) => (typeof x.body['text'] === 'string' ? x.body['text'] : ''));
}
