// End to end through the real Bolt app over HTTP: signed requests in, Web API calls recorded by
// the fake Slack. Covers the board, moves, conflict DMs, apply/start/end, safety and errors.
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { encodeAction, decodeAction } from '../../src/action-id.ts';
import type { Audio, Place } from '../../src/domain.ts';
import { startRig, type Rig } from './fakes/harness.ts';
import { CHANNEL, TEAM, type Person } from './fakes/signed.ts';
import type { RecordedCall } from './fakes/fake-slack.ts';

const FAC: Person = { id: 'UFAC', name: 'fran' };
const place: Place = { platform: 'slack', workspaceId: TEAM, channelId: CHANNEL, mainRoomId: CHANNEL };

let rig: Rig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

async function open(options: Parameters<typeof startRig>[0] = {}): Promise<Rig> {
  rig = await startRig(options);
  return rig;
}

/** A meeting made by FAC with these people on the roster (ids U1…), through the engine. */
async function seed(r: Rig, people: readonly { audio: Audio }[], rooms?: number): Promise<void> {
  const input = { people: people.map((p, i) => ({ id: `U${i + 1}`, name: `person${i + 1}`, audio: p.audio })) };
  const outcome = await r.engine.execute({ target: { place }, actor: FAC, command: 'import', input });
  expect(outcome.ok).toBe(true);
  for (const p of input.people) r.fake.users.set(p.id, { id: p.id, name: p.name });
  if (rooms !== undefined) {
    const res = await r.command(`distribute ${rooms}`, FAC);
    expect(res.status).toBe(200);
  }
}

const Blocks = z.array(z.record(z.string(), z.unknown()));

/** Every action_id in a recorded call's blocks (or view). */
function actionIds(call: RecordedCall | undefined): string[] {
  const ids: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      for (const [k, v] of Object.entries(node)) {
        if (k === 'action_id' && typeof v === 'string') ids.push(v);
        else walk(v);
      }
    }
  };
  walk(call?.body['blocks'] ?? call?.body['view']);
  return ids;
}

function findAction(call: RecordedCall | undefined, verb: string, arg?: string): string {
  const id = actionIds(call).find((raw) => {
    const d = decodeAction(raw);
    return d.ok && d.ref.verb === verb && (arg === undefined || d.ref.args[0] === arg);
  });
  if (!id) throw new Error(`no ${verb} action on the board`);
  return id;
}

function boardCalls(r: Rig): RecordedCall[] {
  return r.fake.calls.filter((c) => (c.method === 'chat.postMessage' || c.method === 'chat.update') && c.body['channel'] === CHANNEL);
}
const lastBoard = (r: Rig): RecordedCall | undefined => boardCalls(r).at(-1);
const dms = (r: Rig): RecordedCall[] => r.fake.callsOf('chat.postMessage').filter((c) => String(c.body['channel']).startsWith('U'));
const text = (call: RecordedCall | undefined): string => JSON.stringify(call?.body['blocks'] ?? '') + String(call?.body['text'] ?? '');

describe('the board', () => {
  it('distribute posts one board message, and the next change updates that same message', async () => {
    const r = await open();
    await seed(r, [{ audio: 'voip' }, { audio: 'voip' }, { audio: 'listening' }, { audio: 'voip' }]);
    const res = await r.command('distribute 2', FAC);
    expect(res.status).toBe(200);
    const posts = boardCalls(r);
    expect(posts.map((c) => c.method)).toEqual(['chat.postMessage']);
    expect(Blocks.parse(posts[0]!.body['blocks']).length).toBeGreaterThan(3);
    expect(text(posts[0])).toContain('Breakout 1');
    expect(r.replies().join('\n')).toMatch(/Placed 4 people in 2 rooms/);
    const meeting = await r.meeting();
    expect(meeting.resources['boardTs']).toBeDefined();

    await r.command('rename 1 Garden', FAC);
    const update = lastBoard(r);
    expect(update?.method).toBe('chat.update');
    expect(update?.body['ts']).toBe(meeting.resources['boardTs']);
    expect(text(update)).toContain('Garden');
    expect(boardCalls(r).filter((c) => c.method === 'chat.postMessage')).toHaveLength(1);
  });

  it('shows status, the audio key, rooms with icons, warnings and every button the issue lists', async () => {
    const r = await open();
    await seed(r, [{ audio: 'phone' }, { audio: 'voip' }, { audio: 'listening' }], 3);
    const board = text(lastBoard(r));
    for (const piece of ['Draft', 'Key:', '📞', '💻', '🎧', 'Main room', 'single person']) expect(board).toContain(piece);
    const verbs = actionIds(lastBoard(r)).map((id) => decodeAction(id)).flatMap((d) => (d.ok ? [d.ref.verb] : []));
    for (const verb of ['distribute', 'shuffle', 'apply', 'start', 'move-open', 'join', 'audio', 'move']) expect(verbs).toContain(verb);
  });

  it('unknown subcommands and bad arguments answer with usage; help explains every command', async () => {
    const r = await open();
    await r.command('dance', FAC);
    expect(r.replies().at(-1)).toMatch(/not a Breakouts command/);
    await r.command('rooms lots', FAC);
    expect(r.replies().at(-1)).toMatch(/Usage: \/breakouts rooms <count>/);
    await r.command('help', FAC);
    for (const name of ['distribute', 'shuffle', 'move', 'apply', 'start', 'end', 'audio', 'join', 'leave', 'status', 'import']) {
      expect(r.replies().at(-1)).toContain(`/breakouts ${name}`);
    }
    expect(boardCalls(r)).toHaveLength(0);
  });
});
