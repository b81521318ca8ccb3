// Slack under load (issue 10): 16 senders post signed `/breakouts move` commands for 5 s to the
// real Bolt app over HTTP, boards paced as in production (1 s); how long after a move's ack the
// board first shows it, how often the board is updated, and how many moves are acknowledged.
import { decodeAction } from '../src/commands/action-id.ts';
import type { Meeting } from '../src/domain/meeting.ts';
import type { MeetingStore } from '../src/store/port.ts';
import { createMemoryStore } from '../src/store/store.ts';
import type { RecordedCall } from '../test/slack/fakes/fake-slack.ts';
import { startRig, type Rig } from '../test/slack/fakes/harness.ts';
import { CHANNEL, SIGNING_SECRET, slashBody, TEAM } from '../test/slack/fakes/signed.ts';
import { median, percentile, round, runSenders } from './measure.ts';
import type { NotedRow } from './store.ts';

const FAC = { id: 'UFAC', name: 'fran' };
const PEOPLE = 40;
const ROOMS = 8;
const SENDERS = 16;
const DURATION_MS = 5_000;
/** The production pace: at most one chat.update per board per second. */
const BOARD_PACE_MS = 1_000;
const place = { platform: 'slack' as const, workspaceId: TEAM, channelId: CHANNEL, mainRoomId: CHANNEL };

/** What a sender knows of one move: which, and when it was sent and acknowledged (epoch ms). */
interface SentMove {
  readonly trigger: string;
  readonly person: string;
  readonly room: number;
  readonly status: number;
  readonly sentAt: number;
  readonly ackAt: number;
}

/**
 * The senders run in their own thread, as Slack's servers would on their own machines: an ack is
 * timed when it reached them, not when this busy process next looked. Each sender moves its own
 * people (sender s has people s, s+16, …), each to the room after the one it last sent them to.
 */
const SENDERS_CODE = `
const { parentPort, workerData } = require('node:worker_threads');
const { createHmac } = require('node:crypto');
const { url, secret, base, responseBase, senders, durationMs, people, rooms } = workerData;
const now = () => performance.timeOrigin + performance.now();
async function sender(s, until, out) {
  const mine = people.filter((_, i) => i % senders === s);
  const at = new Map(mine.map((p) => [p.id, p.room ?? 0]));
  for (let k = 0; now() < until; k++) {
    const p = mine[k % mine.length];
    const room = (at.get(p.id) % rooms) + 1;
    at.set(p.id, room);
    const trigger = 'load-' + s + '-' + k;
    const body = new URLSearchParams({ ...base, text: 'move <@' + p.id + '|' + p.name + '> ' + room, trigger_id: trigger, response_url: responseBase + trigger }).toString();
    const timestamp = Math.floor(Date.now() / 1000);
    const signature = 'v0=' + createHmac('sha256', secret).update('v0:' + timestamp + ':' + body).digest('hex');
    const sentAt = now();
    const res = await fetch(url, { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-slack-request-timestamp': String(timestamp), 'x-slack-signature': signature } });
    const ackAt = now();
    await res.text();
    out.push({ trigger, person: p.id, room, status: res.status, sentAt, ackAt });
  }
}
(async () => {
  const out = [];
  const until = now() + durationMs;
  await Promise.all(Array.from({ length: senders }, (_, s) => sender(s, until, out)));
  parentPort.postMessage({ moves: out });
})().catch((error) => parentPort.postMessage({ error: String(error) }));
`;

function sendMoves(rig: Rig, people: readonly { id: string; name: string; room: number | null }[]): Promise<SentMove[]> {
  const base = Object.fromEntries(new URLSearchParams(slashBody('', FAC, '')));
  return runSenders<SentMove>(SENDERS_CODE, { url: rig.url, secret: SIGNING_SECRET, base, responseBase: rig.fake.responseUrl(''), senders: SENDERS, durationMs: DURATION_MS, people, rooms: ROOMS });
}

/**
 * The memory store, watched: the version each request's change wrote (the engine stamps the
 * request id into `handled`), so a board can be told apart as showing a move or not.
 */
function watchedStore(versions: Map<string, number>): MeetingStore {
  const store = createMemoryStore();
  return {
    ...store,
    update: (key, change) =>
      store.update(key, async (current) => {
        const result = await change(current);
        const written: Meeting | undefined = result.meeting;
        const request = written?.handled?.at(-1);
        if (written && request !== undefined && request !== current?.handled?.at(-1)) versions.set(request, written.version);
        return result;
      }),
  };
}

/** One chat.update of the board: when (epoch ms), the version it was drawn from, and who is in which room. */
interface BoardUpdate {
  readonly at: number;
  readonly version: number;
  readonly roomOf: ReadonlyMap<string, number>;
}

const NameInText = /Person (\d{2})\b/g;

function readBoard(call: RecordedCall, idOfName: ReadonlyMap<string, string>): BoardUpdate {
  const blocks = Array.isArray(call.body['blocks']) ? (call.body['blocks'] as unknown[]) : [];
  let version = -1;
  const roomOf = new Map<string, number>();
  for (const block of blocks) {
    if (!block || typeof block !== 'object') continue;
    const b = block as { block_id?: unknown; text?: { text?: unknown }; elements?: unknown };
    if (typeof b.block_id === 'string' && b.block_id.startsWith('room-') && typeof b.text?.text === 'string') {
      const room = Number(b.block_id.slice('room-'.length));
      for (const match of b.text.text.matchAll(NameInText)) {
        const id = idOfName.get(`Person ${match[1]}`);
        if (id) roomOf.set(id, room);
      }
    }
    for (const element of Array.isArray(b.elements) ? b.elements : []) {
      const decoded = decodeAction((element as { action_id?: unknown }).action_id);
      if (decoded.ok) version = Math.max(version, decoded.ref.version);
    }
  }
  if (version < 0) throw new Error('a board update carries no action id to read its version from');
  return { at: performance.timeOrigin + call.at, version, roomOf };
}


async function seed(rig: Rig): Promise<Meeting> {
  const people = Array.from({ length: PEOPLE }, (_, i) => ({ id: `U${String(i + 1).padStart(6, '0')}`, name: `Person ${String(i + 1).padStart(2, '0')}`, audio: 'voip' }));
  const imported = await rig.engine.execute({ target: { place }, actor: FAC, command: 'import', input: { people } });
  if (!imported.ok) throw new Error(imported.message);
  if ((await rig.command(`distribute ${ROOMS}`, FAC)).status !== 200) throw new Error('distribute was not acknowledged');
  await rig.fake.waitFor(() => rig.fake.callsOf('chat.postMessage').some((c) => c.body['channel'] === CHANNEL));
  // Rooms open: every move is a live one (an invite and a DM besides the board), as in a real session.
  if ((await rig.command('start', FAC)).status !== 200) throw new Error('start was not acknowledged');
  for (const until = Date.now() + 15_000; !(await rig.meeting()).run?.finished; ) {
    if (Date.now() > until) throw new Error('the start did not finish within 15 s');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  await rig.slack.deliverer.idle();
  // Let the start's last board update's pace run out, so the first move is not held by it.
  await new Promise((resolve) => setTimeout(resolve, BOARD_PACE_MS));
  return rig.meeting();
}

export async function benchSlackLoad(): Promise<NotedRow[]> {
  const versions = new Map<string, number>();
  const rig = await startRig({ processBeforeResponse: false, boardPaceMs: BOARD_PACE_MS, store: watchedStore(versions), seed: 'slack-load' });
  try {
    const meeting = await seed(rig);
    const people = meeting.attendees.filter((a) => a.id !== FAC.id).map((a) => ({ id: a.id, name: a.name, room: a.room }));
    const idOfName = new Map(people.map((p) => [p.name, p.id]));
    const callsBefore = rig.fake.calls.length;

    const moves = await sendMoves(rig, people);
    const changed = moves.flatMap((m) => {
      const version = versions.get(`slack:${TEAM}:${m.trigger}`);
      return version === undefined ? [] : [{ ...m, version }];
    });
    const newest = Math.max(...changed.map((m) => m.version));
    const boardUpdates = (): RecordedCall[] => rig.fake.calls.slice(callsBefore).filter((c) => c.method === 'chat.update' && c.body['channel'] === CHANNEL);
    // Everything sent is worked off (the backlog after the senders stop), and the board catches up.
    await rig.fake.waitFor(() => boardUpdates().some((c) => readBoard(c, idOfName).version >= newest), 60_000);
    await rig.slack.deliverer.idle();
    const boards = boardUpdates().map((c) => readBoard(c, idOfName));

    // A move is shown by the first board drawn from its version or a later one.
    const lags: number[] = [];
    for (const m of changed) {
      const shown = boards.find((b) => b.version >= m.version);
      if (shown) lags.push(shown.at - m.ackAt);
    }
    // Check the reading: on each board, everyone's latest move as of its version is where it shows them.
    let misplaced = 0;
    for (const board of boards) {
      const latest = new Map<string, number>();
      for (const m of [...changed].sort((a, b) => a.version - b.version)) if (m.version <= board.version) latest.set(m.person, m.room);
      for (const [person, room] of latest) if (board.roomOf.get(person) !== room) misplaced++;
    }

    const acked = moves.filter((m) => m.status === 200);
    const lastAck = Math.max(...acked.map((m) => m.ackAt));
    const times = boards.map((b) => b.at);
    const first = times[0]!;
    const last = times[times.length - 1]!;
    const gaps = times.slice(1).map((t, i) => t - times[i]!);
    // Updates per second between the first and the last (one interval per update after the first).
    const perSecond = gaps.length > 0 ? gaps.length / ((last - first) / 1000) : 0;
    const busiestSecond = Math.max(...times.map((t) => times.filter((u) => u >= t && u < t + 1000).length));
    const acks = acked.map((m) => m.ackAt - m.sentAt);
    const p50 = percentile(lags, 0.5);
    const p99 = percentile(lags, 0.99);
    const setup = `${SENDERS} senders, ${DURATION_MS / 1000} s, ${PEOPLE} people in ${ROOMS} open rooms, board pace ${BOARD_PACE_MS} ms`;
    const unshown = changed.length - lags.length;
    const lagNote = `${setup}; ${lags.length} moves that changed the meeting (of ${moves.length} sent), max ${round(Math.max(...lags))} ms${unshown > 0 ? `, ${unshown} never shown` : ''}; boards misreading a move: ${misplaced}; last board ${round(last - lastAck)} ms after the last ack`;
    return [
      { name: 'slack board lag under load, p50', median_ms: round(p50), note: lagNote },
      { name: 'slack board lag under load, p99', median_ms: round(p99), target: 2_000, note: lagNote },
      {
        name: 'chat.update calls per second per board',
        median_ms: null,
        count: round(perSecond),
        target: 1,
        note: `${boards.length} board updates over ${round((last - first) / 1000)} s; gaps between updates: min ${round(Math.min(...gaps))} ms, median ${round(median(gaps))} ms, max ${round(Math.max(...gaps))} ms; at most ${busiestSecond} in any 1 s`,
      },
      {
        name: 'moves acknowledged per second',
        median_ms: null,
        count: round(acked.length / (DURATION_MS / 1000)),
        note: `${acked.length} of ${moves.length} acknowledged with 200; ack p50 ${round(percentile(acks, 0.5))} ms, p99 ${round(percentile(acks, 0.99))} ms`,
      },
    ];
  } finally {
    await rig.close();
  }
}

if (process.argv[1]?.endsWith('bench/slack-load.ts')) {
  for (const row of await benchSlackLoad()) process.stdout.write(`${JSON.stringify(row)}\n`);
}
