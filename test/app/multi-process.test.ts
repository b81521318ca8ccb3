// Three real `npm start` processes (Slack HTTP mode) on one PostgreSQL database behind a
// round-robin dispatcher take 500 concurrent signed moves, audio changes and clicks on one meeting;
// the result must be what one serial order of those requests gives. How that is checked: a trigger
// that this test adds to its own database copies the meeting row at every commit; the `handled`
// request ids of consecutive copies give the exact order in which the store applied the requests
// that changed it. Those are replayed, in that order, through an in-memory engine (the same
// translation of Slack payloads the listeners use): every one must change the meeting there too,
// with the reply the person got, and the replayed meeting must equal the stored one after every
// commit and at the end (people, rooms, audio, prompts, versions, request ids). Each request that
// changed nothing must get the same answer on some replayed state that existed while it was in
// flight (between its send and its reply). Conflict prompts: the replay's prompts and the DMs Slack
// received must be the same, one each. The board: updates at least a second apart, the last one
// drawn from the final meeting. Nothing logged as an error. The seed (CRASH_SEED replays it) picks
// the requests; their timing, and so the order, is the machine's.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { BlockActionsSchema, slashIdentity, SlashSchema } from '../../adapters/slack/payloads.ts';
import { clickRequest, readClick } from '../../adapters/slack/listeners/click.ts';
import { renderBoard, renderDirect } from '../../adapters/slack/render.ts';
import { buildBoard } from '../../src/board/board.ts';
import { commandForAction, decodeAction } from '../../src/commands/action-id.ts';
import { parseCommandText } from '../../src/commands/parse-text.ts';
import { findConflicts } from '../../src/domain/conflicts.ts';
import { MeetingSchema, phoneRoomCount, type Meeting } from '../../src/domain/meeting.ts';
import { createSeededRandom } from '../../src/domain/random.ts';
import { createEngine, type EngineRequest } from '../../src/engine/engine.ts';
import type { Outcome } from '../../src/domain/outcome.ts';
import { systemClock } from '../../src/ports.ts';
import { createMemoryStore } from '../../src/store/store.ts';
import { findPostgres, describePostgres } from '../store/postgres-helpers.ts';
import { startFakeSlack, type FakeSlack, type RecordedCall } from '../slack/fakes/fake-slack.ts';
import { actionIds } from '../slack/fakes/board-actions.ts';
import { actionPayload, CHANNEL, formPayload, postSigned, slashBody, TEAM, type Person } from '../slack/fakes/signed.ts';
import { crashSeed, quiet, sleep, unhandledRejections, waitFor } from './crash-harness.ts';
import { slackAttendees } from './slack-people.ts';
import { startDispatcher, type Dispatcher } from './dispatcher.ts';
import { errorLines, peek, portOf, seatPeople, setUpMeeting, startFleet, type Fleet, type Peek } from './multi-process-rig.ts';

const SEED = crashSeed();
const KEY = `slack:${TEAM}:${CHANNEL}`;
const FAC: Person = { id: 'UFAC', name: 'fran' };
/** 24 attendees and the facilitator: the board keeps one room select per person (at most 25). */
const PEOPLE = slackAttendees(24, { phone: 6, listening: 3 });
const ROOMS = 5;
/** VOIP attendees moved into a phone room at the start and then left alone, to answer their prompts. */
const STEADY = PEOPLE.filter((p) => p.audio === 'voip').slice(0, 4);
const REQUESTS = 500;
/** The requests leave within this many ms of each other: all in flight together. */
const SPREAD_MS = 1_500;
const ACK_LIMIT_MS = 3_000;
/** The board's pace (one update a second), less what timers and two clocks may blur. */
const BOARD_GAP_MS = 950;
/** Clock slack between PostgreSQL's clock_timestamp() and this process's Date.now() (one machine). */
const CLOCK_SLACK_MS = 25;

type Kind = 'move' | 'audio-by-facilitator' | 'audio-own' | 'move-click' | 'confirm-phone';

interface Sent {
  readonly index: number;
  readonly kind: Kind;
  readonly body: string;
  readonly requestId: string;
  readonly responseId: string;
  /** For a confirm-phone click: the prompt it answers and the text of the DM it was on. */
  readonly prompt?: { readonly id: string; readonly text: string; readonly to: string };
  readonly sentAt: number;
}

const report: string[] = [];
let fake: FakeSlack;
let replies: Dispatcher;
/** One recording proxy per process in front of the Web API: which process made each call. */
let apiProxies: Dispatcher[];
let fleet: Fleet;
let db: Peek;

afterAll(() => {
  process.stderr.write(`multi-process (seed ${SEED}; CRASH_SEED=${SEED} replays the requests):\n${report.map((l) => `  ${l}`).join('\n')}\n`);
});

const texts = (call: RecordedCall): string => String(call.body['text'] ?? '');
const isBoard = (c: RecordedCall): boolean => c.ok && c.body['channel'] === CHANNEL && (c.method === 'chat.update' || c.method === 'chat.postMessage') && Array.isArray(c.body['blocks']);
const isDm = (c: RecordedCall): boolean => c.method === 'chat.postMessage' && String(c.body['channel'] ?? '').startsWith('U');

/** The replies on each response_url, as they reached Slack (through the recording dispatcher). */
function repliesFor(id: string): { text: string; at: number }[] {
  return replies.records
    .filter((r) => r.path === `/response/${id}`)
    .sort((a, b) => a.receivedAt - b.receivedAt)
    .map((r) => ({ text: String((JSON.parse(r.body) as Record<string, unknown>)['text'] ?? ''), at: r.receivedAt }));
}

// ---------------------------------------------------------------------------------------------
// The engine request each Slack request stands for, translated by the listeners' own code.

function slashRequest(body: string): EngineRequest {
  const s = SlashSchema.parse(Object.fromEntries(new URLSearchParams(body)));
  const parsed = parseCommandText(s.text, '/breakouts');
  if (!parsed.ok) throw new Error(`the test sent a command that does not parse: ${s.text}`);
  const requestId = slashIdentity(s);
  return {
    target: { place: { platform: 'slack', workspaceId: s.team_id, channelId: s.channel_id, mainRoomId: s.channel_id } },
    // The listener asks users.info for the name; the fake knows everyone by the name sent here.
    actor: { id: s.user_id, name: s.user_name },
    command: parsed.name,
    input: parsed.args,
    ...(requestId ? { requestId } : {}),
  };
}

function clickEngineRequest(body: string, promptId?: string): EngineRequest {
  const payload = BlockActionsSchema.parse(JSON.parse(new URLSearchParams(body).get('payload') ?? '{}'));
  const decoded = decodeAction(payload.actions[0]?.action_id);
  if (!decoded.ok) throw new Error('the test sent a button Breakouts did not make');
  const ref = promptId === undefined ? decoded.ref : { ...decoded.ref, args: [promptId] };
  const click = readClick(payload, ref, async () => {});
  const mapped = commandForAction(click.ref, click.chosen);
  if (!mapped) throw new Error(`no command behind ${ref.verb}`);
  return clickRequest(click, mapped.command, mapped.input, ref.verb === 'move' ? { version: ref.version } : {});
}

function engineRequest(sent: Sent, promptId?: string): EngineRequest {
  return sent.kind === 'move-click' || sent.kind === 'confirm-phone' ? clickEngineRequest(sent.body, promptId) : slashRequest(sent.body);
}

/** What a person was told first: a change's reply, or a refusal's sentence (a confirmation shows ✅ first). */
function answerOf(sent: Sent, outcome: Outcome): string {
  if (!outcome.ok) return outcome.message;
  return sent.kind === 'confirm-phone' && outcome.changed ? `✅ ${outcome.reply}` : outcome.reply;
}

// ---------------------------------------------------------------------------------------------
// The meeting as compared: everything a request can change (prompt ids are drawn at random, so only
// who holds a prompt for which room; updatedAt is a clock).

function shape(m: Meeting): unknown {
  return {
    status: m.status,
    version: m.version,
    layoutVersion: m.layoutVersion,
    settings: m.settings,
    rooms: m.rooms,
    attendees: m.attendees,
    prompts: Object.fromEntries(Object.entries(m.prompts).sort(([a], [b]) => a.localeCompare(b)).map(([id, p]) => [id, p.room])),
    handled: m.handled ?? [],
  };
}

/** The product's rules that hold for any meeting, whatever the order of changes. */
function invariants(m: Meeting): string[] {
  const broken: string[] = [];
  const ids = m.attendees.map((a) => a.id);
  if (new Set(ids).size !== ids.length) broken.push('someone is on the roster twice');
  for (const a of m.attendees) {
    if (a.room !== null && a.room > m.rooms.length) broken.push(`${a.id} is in room ${a.room} of ${m.rooms.length}`);
    if (a.audio === 'phone' && a.room !== null && a.room > phoneRoomCount(m)) broken.push(`${a.id} is on the phone in room ${a.room}`);
  }
  const affected = new Map<string, number>();
  for (const c of findConflicts(m).values()) for (const a of c.affected) affected.set(a.id, c.room);
  for (const [id, room] of affected) if (m.prompts[id]?.room !== room) broken.push(`${id} is in the conflict in room ${room} without a prompt for it`);
  for (const [id, p] of Object.entries(m.prompts)) if (affected.get(id) !== p.room) broken.push(`${id} holds a prompt for room ${p.room} but is not in a conflict there`);
  return broken;
}

/** A throwaway engine on a copy of `meeting`, to ask what a request does there. */
async function engineOn(meeting: Meeting, seed: string) {
  const store = createMemoryStore();
  await store.update(meeting.key, () => ({ meeting: structuredClone(meeting), value: undefined }));
  return { store, engine: createEngine({ store, clock: systemClock, random: createSeededRandom(seed) }) };
}

describePostgres(await findPostgres(), 'Three npm start processes on one PostgreSQL behind a round-robin dispatcher', (suite) => {
  beforeAll(async () => {
    fake = await startFakeSlack();
    seatPeople(fake, CHANNEL, [FAC, ...PEOPLE]);
    // response_url answers pass through a recorder on their way to the fake: when each arrived.
    replies = await startDispatcher({ upstreams: [portOf(fake.url)] });
    db = await peek(suite.db().url);
    apiProxies = await Promise.all([0, 1, 2].map(() => startDispatcher({ upstreams: [portOf(fake.url)] })));
    fleet = await startFleet({ count: 3, databaseUrl: suite.db().url, apiUrl: fake.apiUrl, apiUrlFor: (i) => `${apiProxies[i]!.url}/api/`, label: 'mp' });
  }, 90_000);

  afterAll(async () => {
    await fleet?.close();
    await replies?.close();
    await Promise.all((apiProxies ?? []).map((p) => p.close()));
    await fake?.close();
    await db?.close();
  });

  let setupSeq = 0;
  async function setup(text: string, user: Person = FAC): Promise<string> {
    const id = `setup-${++setupSeq}`;
    const res = await postSigned(fleet.events, slashBody(text, user, `${replies.url}/response/${id}`, CHANNEL, `trigger-${id}`));
    expect(res.status).toBe(200);
    return (await waitFor(`the answer to “${text}”`, () => repliesFor(id)[0], 15_000)).text;
  }

  it(`500 concurrent signed moves, audio changes and clicks over three processes end in the meeting one serial order of them gives, every conflict prompted by exactly one DM, acks within 3 s, the board at most once a second and showing the end (seed ${SEED})`, async () => {
    // The meeting, set up through the dispatcher (so by all three processes).
    const before = await setUpMeeting({ say: setup, fake, db, key: KEY, people: PEOPLE, rooms: ROOMS });
    expect(invariants(before)).toEqual([]);

    // Every commit of the meeting row from now on, copied with the database's clock.
    await suite.db().query(`CREATE TABLE mp_history (seq bigserial PRIMARY KEY, version integer NOT NULL, data jsonb NOT NULL, at timestamptz NOT NULL DEFAULT clock_timestamp())`);
    await suite.db().query(`CREATE FUNCTION mp_record() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN INSERT INTO mp_history (version, data) VALUES (NEW.version, NEW.data); RETURN NULL; END $$`);
    await suite.db().query(`CREATE TRIGGER mp_record AFTER UPDATE ON meetings FOR EACH ROW EXECUTE FUNCTION mp_record()`);

    // ---- The storm: 500 requests, each built when it leaves from what Slack shows at that moment.
    const random = createSeededRandom(`${SEED}:storm`);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(random.next() * list.length)]!;
    const rooms = [...Array.from({ length: ROOMS }, (_, i) => String(i + 1)), 'main'];
    const stormCalls = fake.calls.length;
    // The steady go into a phone room first thing and are left alone: their prompts stand long enough to be answered.
    const phoneRoom = before.attendees.find((a) => a.audio === 'phone' && a.room !== null)!.room!;
    const movable = PEOPLE.filter((p) => !STEADY.includes(p));
    const plans = Array.from({ length: REQUESTS }, (_, index) => ({
      index,
      steady: STEADY[index],
      roll: random.next(),
      person: pick(movable),
      room: pick(rooms),
      audio: pick(['phone', 'voip', 'listening'] as const),
      at: index < STEADY.length ? 0 : Math.floor(random.next() * SPREAD_MS),
      choice: random.next(),
    }));
    const sent: Sent[] = [];

    function build(plan: (typeof plans)[number]): Omit<Sent, 'sentAt'> {
      const { index, person: p } = plan;
      const responseId = `r${index}`;
      const responseUrl = `${replies.url}/response/${responseId}`;
      const trigger = `mp-${index}`;
      const requestId = `slack:${TEAM}:${trigger}`;
      const slash = (kind: Kind, text: string, user: Person) => ({ index, kind, requestId, responseId, body: slashBody(text, user, responseUrl, CHANNEL, trigger) });
      if (plan.steady) return slash('move', `move <@${plan.steady.id}|${plan.steady.name}> ${phoneRoom}`, FAC);
      if (plan.roll >= 0.88) {
        // "I've switched to phone" on a conflict prompt that reached Slack (maybe an old one).
        const prompts = fake.calls.slice(stormCalls).filter((c) => isDm(c) && texts(c).startsWith('Audio conflict in'));
        if (prompts.length > 0) {
          // Half the time someone steady's (their prompt likely still stands); mostly the newest a person got.
          const steady = prompts.filter((c) => STEADY.some((x) => x.id === c.body['channel']));
          const pool = plan.choice < 0.5 && steady.length > 0 ? steady : prompts;
          const c = plan.choice < 0.5 ? plan.choice / 0.5 : (plan.choice - 0.5) / 0.5;
          const recipients = [...new Set(pool.map((x) => String(x.body['channel'])))];
          const dm = c < 0.8 ? pool.filter((x) => x.body['channel'] === recipients[Math.floor((c / 0.8) * recipients.length)]).at(-1)! : pool[Math.floor(((c - 0.8) / 0.2) * pool.length)]!;
          const actionId = actionIds(dm.body['blocks'])[0] ?? '';
          const decoded = decodeAction(actionId);
          const to = String(dm.body['channel']);
          const user = PEOPLE.find((x) => x.id === to)!;
          const body = formPayload(actionPayload(actionId, user, { channel: `D${to.slice(1)}`, responseUrl, triggerId: trigger }));
          return { index, kind: 'confirm-phone', requestId, responseId, body, prompt: { id: decoded.ok ? (decoded.ref.args[0] ?? '') : '', text: texts(dm), to } };
        }
      }
      if (plan.roll >= 0.6) {
        // A room picked in the person's select on the board as Slack shows it now (possibly stale).
        const board = fake.calls.filter(isBoard).at(-1);
        const actionId = actionIds(board?.body['blocks']).find((id) => {
          const d = decodeAction(id);
          return d.ok && d.ref.verb === 'move' && d.ref.args[0] === p.id;
        });
        if (actionId) return { index, kind: 'move-click', requestId, responseId, body: formPayload(actionPayload(actionId, FAC, { selected: plan.room, responseUrl, triggerId: trigger })) };
      }
      if (plan.roll >= 0.47) return slash('audio-own', `audio ${plan.audio}`, p);
      if (plan.roll >= 0.35) return slash('audio-by-facilitator', `audio ${plan.audio} <@${p.id}|${p.name}>`, FAC);
      return slash('move', `move <@${p.id}|${p.name}> ${plan.room}`, FAC);
    }

    const t0 = Date.now();
    const acks = await Promise.all(
      plans.map(async (plan) => {
        await sleep(plan.at);
        const request = { ...build(plan), sentAt: Date.now() };
        sent.push(request);
        return { request, res: await postSigned(fleet.events, request.body) };
      }),
    );
    const byRequestId = new Map(sent.map((s) => [s.requestId, s]));
    await waitFor('an answer to every request', () => sent.every((s) => repliesFor(s.responseId).length > 0), 60_000, () => `${sent.filter((s) => repliesFor(s.responseId).length === 0).length} unanswered`);
    await quiet(() => fake.calls.length, 2_000, 30_000);
    await waitFor('the outbox to empty', async () => (await db.outboxDepth()) === 0, 20_000);
    const stormMs = Date.now() - t0;

    // (a) Every ack in time, none a server error, the load spread over the three processes.
    const storm = fleet.dispatcher.records.filter((r) => r.receivedAt >= t0);
    expect(storm).toHaveLength(REQUESTS);
    expect(storm.filter((r) => r.status !== 200).map((r) => `${r.status} from process ${r.upstream}`)).toEqual([]);
    const slowest = Math.max(...storm.map((r) => r.ms));
    expect(slowest).toBeLessThan(ACK_LIMIT_MS);
    expect(acks.every((a) => a.res.status === 200)).toBe(true);
    const perProcess = [0, 1, 2].map((i) => storm.filter((r) => r.upstream === i).length);
    const ackTimes = storm.map((r) => r.ms).sort((a, b) => a - b);
    const quantile = (q: number): number => ackTimes[Math.min(ackTimes.length - 1, Math.ceil(q * ackTimes.length) - 1)] ?? NaN;
    const slowestAt = storm.find((r) => r.ms === slowest);

    // (b) The order the store applied the changes in, from the copies of each commit.
    const history = (await suite.db().query<{ version: number; data: unknown; at: number }>('SELECT version, data, extract(epoch FROM at) * 1000 AS at FROM mp_history ORDER BY seq')).map((h) => ({
      version: h.version,
      meeting: MeetingSchema.parse(h.data),
      at: Number(h.at),
    }));
    const after = await db.meeting(KEY);
    expect(history.at(-1)?.version).toBe(after.version);
    let known = before.handled ?? [];
    let version = before.version;
    const groups: { ids: string[]; at: number; meeting: Meeting }[] = [];
    for (const h of history) {
      const ids = h.meeting.handled ?? [];
      const last = known.at(-1);
      const from = last === undefined ? 0 : ids.lastIndexOf(last) + 1;
      // More than 100 changes in one commit would leave some out of `handled`: the order is then not known.
      expect(from > 0 || last === undefined, `a commit at version ${h.version} changed more than the 100 request ids a meeting remembers`).toBe(true);
      const fresh = ids.slice(from);
      // Every change a request made counts the version up once; bookkeeping (the board's message) does not.
      expect(h.version - version, `commit at version ${h.version}`).toBe(fresh.length);
      groups.push({ ids: fresh, at: h.at, meeting: h.meeting });
      known = ids;
      version = h.version;
    }
    const order = groups.flatMap((g) => g.ids);
    expect(new Set(order).size).toBe(order.length);
    expect(order.every((id) => byRequestId.has(id))).toBe(true);

    // Replay the changes in that order; compare after every commit, and keep every state in between.
    const replay = await engineOn(before, `${SEED}:replay`);
    const states: Meeting[] = [before];
    /** After how many replayed changes each commit was written, and when. */
    const commits: { end: number; at: number }[] = [];
    const replayedPrompts: { to: string; text: string; promptId: string }[] = [];
    const promptIds = new Map<string, string>(); // real prompt id → the replay's, for prompts a commit shows
    const replayText = new Map<string, string>(); // replay prompt id → its DM text
    const mismatches: string[] = [];
    for (const group of groups) {
      for (const id of group.ids) {
        const request = byRequestId.get(id)!;
        let promptId: string | undefined;
        if (request.prompt) {
          // Prompt ids are random: the replay's prompt that stands for the one clicked, by its commit or its words.
          const current = (await replay.engine.get({ place: { platform: 'slack', workspaceId: TEAM, channelId: CHANNEL, mainRoomId: CHANNEL } }))?.prompts[request.prompt.to];
          promptId = promptIds.get(request.prompt.id) ?? current?.id;
          if (!promptId || replayText.get(promptId) !== request.prompt.text) mismatches.push(`${id} (${request.kind}) confirmed a prompt the replay does not have as the person's current one`);
        }
        const outcome = await replay.engine.execute(engineRequest(request, promptId));
        const real = repliesFor(request.responseId)[0];
        if (!outcome.ok || !outcome.changed) {
          mismatches.push(`${id} (${request.kind}) changed the stored meeting but not the replay: ${outcome.ok ? outcome.reply : outcome.message}`);
          continue;
        }
        if (real?.text !== answerOf(request, outcome)) mismatches.push(`${id} (${request.kind}) was answered ${JSON.stringify(real?.text)}; in the serial order ${JSON.stringify(answerOf(request, outcome))}`);
        // Applied while it was in flight: after it was sent, before its answer came.
        if (group.at < request.sentAt - CLOCK_SLACK_MS || (real && group.at > real.at + CLOCK_SLACK_MS)) mismatches.push(`${id} was committed at ${group.at}, outside its flight ${request.sentAt}..${real?.at}`);
        for (const effect of outcome.effects) {
          if (effect.type !== 'dm' || effect.message.kind !== 'conflict-prompt') continue;
          const text = renderDirect(effect.message, outcome.meeting.version).text;
          replayedPrompts.push({ to: effect.to, text, promptId: effect.message.promptId });
          replayText.set(effect.message.promptId, text);
        }
        states.push(outcome.meeting);
      }
      const now = states.at(-1)!;
      expect(shape(now), `the replay after the commit of version ${group.meeting.version}`).toEqual(shape(group.meeting));
      for (const [person, p] of Object.entries(group.meeting.prompts)) {
        const mine = now.prompts[person];
        if (mine) promptIds.set(p.id, mine.id);
      }
      commits.push({ end: states.length - 1, at: group.at });
    }
    expect(mismatches).toEqual([]);
    expect(shape(states.at(-1)!)).toEqual(shape(after));
    expect(invariants(after)).toEqual([]);

    // Requests that changed nothing: the same answer on some state that existed while each was in flight.
    const unchanged = sent.filter((s) => !order.includes(s.requestId));
    const unexplained: string[] = [];
    for (const request of unchanged) {
      const real = repliesFor(request.responseId)[0]!;
      const lo = commits.filter((c) => c.at < request.sentAt - CLOCK_SLACK_MS).at(-1)?.end ?? 0;
      const hi = commits.filter((c) => c.at <= real.at + CLOCK_SLACK_MS).at(-1)?.end ?? 0;
      let found = false;
      for (let i = hi; i >= lo && !found; i--) {
        const probe = await engineOn(states[i]!, `${SEED}:probe`);
        const promptId = request.prompt ? promptIds.get(request.prompt.id) : undefined;
        const outcome = await probe.engine.execute(engineRequest(request, promptId));
        found = !(outcome.ok && outcome.changed) && answerOf(request, outcome) === real.text;
        await probe.store.close();
      }
      if (!found) unexplained.push(`${request.requestId} (${request.kind}) answered ${JSON.stringify(real.text)}: no state between its send and its answer (changes ${lo}..${hi}) gives that`);
    }
    expect(unexplained).toEqual([]);

    // (c) One DM per conflict prompt the serial order issues, and no other DM.
    const dms = fake.calls.slice(stormCalls).filter(isDm);
    const sentPrompts = dms.filter((c) => texts(c).startsWith('Audio conflict in'));
    expect(dms.filter((c) => !texts(c).startsWith('Audio conflict in')).map(texts)).toEqual([]);
    const key = (to: string, text: string): string => `${to} ← ${text}`;
    expect(sentPrompts.map((c) => key(String(c.body['channel']), texts(c))).sort()).toEqual(replayedPrompts.map((p) => key(p.to, p.text)).sort());
    const dmPromptIds = sentPrompts.map((c) => actionIds(c.body['blocks']).map(decodeAction).find((d) => d.ok)?.ref.args[0]);
    expect(new Set(dmPromptIds).size).toBe(sentPrompts.length);
    for (const [person, p] of Object.entries(after.prompts)) expect(dmPromptIds.filter((id) => id === p.id), `the standing prompt of ${person}`).toHaveLength(1);

    // (d) The board: never twice within a second, and last drawn from the final meeting.
    const boards = fake.calls.slice(stormCalls).filter(isBoard);
    // Who drew each: the board's calls as each process's proxy saw them.
    const drawn = apiProxies
      .flatMap((proxy, process) => proxy.records.filter((r) => r.receivedAt >= t0 && (r.path === '/api/chat.update' || r.path === '/api/chat.postMessage') && new URLSearchParams(r.body).get('channel') === CHANNEL).map((r) => ({ process, at: r.receivedAt })))
      .sort((a, b) => a.at - b.at);
    expect(drawn).toHaveLength(boards.length);
    const gaps = boards.slice(1).map((c, i) => c.at - boards[i]!.at);
    const close = drawn.slice(1).flatMap((d, i) => (d.at - drawn[i]!.at < BOARD_GAP_MS ? [`${d.at - drawn[i]!.at} ms: process ${drawn[i]!.process} then ${d.process}`] : []));
    const kinds = (list: readonly Sent[]): string => {
      const counts = new Map<Kind, number>();
      for (const s of list) counts.set(s.kind, (counts.get(s.kind) ?? 0) + 1);
      return [...counts].map(([k, n]) => `${k} ${n}`).join(', ');
    };
    report.push(
      `${REQUESTS} requests (${kinds(sent)}) over processes ${perProcess.join('/')}; acks p50 ${Math.round(quantile(0.5))} ms, p99 ${Math.round(quantile(0.99))} ms, slowest ${Math.round(slowest)} ms (process ${slowestAt?.upstream}, ${slowestAt ? slowestAt.receivedAt - t0 : 0} ms into the storm); ${order.length} changed the meeting (${kinds(order.map((id) => byRequestId.get(id)!))}) in ${groups.length} commits, ${unchanged.length} changed nothing; ${sentPrompts.length} conflict DMs; ${boards.length} board updates, closest ${Math.round(Math.min(...gaps))} ms apart; all done in ${stormMs} ms`,
    );
    // Soft, so that one failure here still lets the checks below say what they see.
    expect.soft(close, `${boards.length} board updates`).toEqual([]);
    expect(boards.at(-1)?.body['blocks']).toEqual(JSON.parse(JSON.stringify(renderBoard(buildBoard(after)).blocks)));

    // (e) Nothing went wrong inside any process.
    expect(unhandledRejections()).toEqual([]);
    expect(errorLines(fleet.apps)).toEqual([]);
  }, 120_000);
});
