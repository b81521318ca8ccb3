// Three real `npm start` processes on one PostgreSQL database, a slow Slack Web API: the process
// that took `/breakouts start` is SIGKILLed a seeded moment after the run's first call, and the
// others must finish the start exactly once (lease 10 s, sweep 2 s): every room made once, every
// member invited, welcomes and dial-in DMs sent, repeats only for the sends under way at the kill.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { findPostgres, describePostgres } from '../store/postgres-helpers.ts';
import { startFakeSlack, type FakeSlack } from '../slack/fakes/fake-slack.ts';
import { CHANNEL, postSigned, slashBody, TEAM, type Person } from '../slack/fakes/signed.ts';
import { crashSeed, killed, occupied, phoneCallers, quiet, seededDelay, sleep, unhandledRejections, waitFor } from './crash-harness.ts';
import { slackAttendees } from './slack-people.ts';
import { startDispatcher, type Dispatcher } from './dispatcher.ts';
import { countStart, stepsOf, waitForStart } from './slack-start-count.ts';
import { errorLines, peek, portOf, seatPeople, setUpMeeting, startFleet, type Fleet, type Peek } from './multi-process-rig.ts';

const SEED = crashSeed();
const KEY = `slack:${TEAM}:${CHANNEL}`;
const FAC: Person = { id: 'UFAC', name: 'fran' };
/** 60 attendees: 12 on the phone, 4 listening, the rest on VOIP; 10 rooms; a dial-in with a code per room. */
const PEOPLE = slackAttendees(60, { phone: 12, listening: 4 });
const ROOMS = 10;
const DIAL_IN = '+15550100';
/** Every Web API call waits this long during the start: the run takes seconds, so the kill lands inside it. */
const SLOW_MS = 120;
/** The kill comes this long (seeded, at most) after the run's first Web API call. */
const KILL_WITHIN_MS = 1_400;
/** Sends one kill may repeat: those under way when it landed (the process's send gate). */
const BOUND = 4;
/** The dead process's lease (10 s) runs out, a sweeper (every 2 s) takes the run and finishes it. */
const FINISHED_WITHIN_MS = 30_000;

const report: string[] = [];
let fake: FakeSlack;
let slowApi: Dispatcher;
let fleet: Fleet;
let db: Peek;

afterAll(() => {
  process.stderr.write(`multi-process-kill (seed ${SEED}; CRASH_SEED=${SEED} replays it):\n${report.map((l) => `  ${l}`).join('\n')}\n`);
});

describePostgres(await findPostgres(), 'Three npm start processes on one PostgreSQL, one killed in the middle of a start', (suite) => {
  beforeAll(async () => {
    fake = await startFakeSlack();
    seatPeople(fake, CHANNEL, [FAC, ...PEOPLE]);
    // The processes reach the Web API through a proxy that can be made slow.
    slowApi = await startDispatcher({ upstreams: [portOf(fake.url)] });
    db = await peek(suite.db().url);
    fleet = await startFleet({ count: 3, databaseUrl: suite.db().url, apiUrl: `${slowApi.url}/api/`, label: 'mp-kill' });
  }, 90_000);

  afterAll(async () => {
    await fleet?.close();
    await slowApi?.close();
    await fake?.close();
    await db?.close();
  });

  let seq = 0;
  async function command(words: string, trigger = `trigger-kill-${++seq}`): Promise<string> {
    const id = `k${seq}`;
    const res = await postSigned(fleet.events, slashBody(words, FAC, fake.responseUrl(id), CHANNEL, trigger));
    expect(res.status).toBe(200);
    return String((await waitFor(`the answer to “${words}”`, () => fake.responses.find((r) => r.id === id), 20_000)).body['text'] ?? '');
  }

  const delay = seededDelay(`${SEED}:kill`, KILL_WITHIN_MS);
  it(`a start whose process is SIGKILLed ${delay} ms after the run's first Web API call is finished by the other processes exactly once: every room made once, everyone invited, welcomed and DMed, at most ${BOUND} sends repeated, nothing recorded sent again, within ${FINISHED_WITHIN_MS / 1000} s (seed ${SEED})`, async () => {
    const codes = Array.from({ length: ROOMS }, (_, i) => `${i + 1}${i + 1}${i + 1}#`).join(' ');
    const dialIn = { command: `dialin ${DIAL_IN} codes ${codes}`, answer: DIAL_IN };
    const prepared = await setUpMeeting({ say: command, fake, db, key: KEY, people: PEOPLE, rooms: ROOMS, afterImport: [dialIn] });
    expect(occupied(prepared)).toHaveLength(ROOMS);
    expect(phoneCallers(prepared)).toHaveLength(12);

    // A seeded number of status checks first, so that the start lands on any of the three processes.
    for (let i = seededDelay(`${SEED}:taker`, 2); i > 0; i--) expect(await command('status')).not.toBe('');
    slowApi.delay(SLOW_MS);
    const since = fake.calls.length;
    const t0 = Date.now();
    await postSigned(fleet.events, slashBody('start', FAC, fake.responseUrl('start'), CHANNEL, 'trigger-the-start'));
    const taker = fleet.processFor('trigger-the-start');
    expect(taker).toBeDefined();
    const victim = fleet.apps[taker!]!;
    await waitFor("the run's first Web API call", () => fake.calls.slice(since).some((c) => c.method === 'conversations.create'), 20_000);
    await sleep(delay);
    victim.kill();
    await killed(victim);
    const killedAt = Date.now();
    const atKill = fake.calls.length;
    const onKill = await db.meeting(KEY);
    expect(onKill.status).toBe('started');
    const recorded = new Set(onKill.run?.steps.filter((s) => s.state !== 'pending').map((s) => s.key));

    await waitForStart('every room made, everyone invited, welcomed and DMed', () => countStart(fake, prepared, since, DIAL_IN), FINISHED_WITHIN_MS);
    const finishedMs = Date.now() - killedAt;
    await waitFor('the run recorded finished and the outbox empty', async () => (await db.meeting(KEY)).run?.finished === true && (await db.outboxDepth()) === 0, 15_000);
    await quiet(() => fake.calls.length, 2_500, 20_000);

    const count = countStart(fake, prepared, since, DIAL_IN);
    expect(count.missing).toEqual([]);
    expect(count.made).toEqual(Array(ROOMS).fill(1));
    // No channel beyond the rooms' own: a repeated prepare found the one made before.
    expect(fake.channels.size).toBe(ROOMS);
    expect(count.duplicates.total, JSON.stringify(count.duplicates.byKey)).toBeLessThanOrEqual(BOUND);
    // Nothing recorded done when the process died is sent again.
    const replayed = stepsOf(fake, prepared, fake.calls.slice(atKill)).filter((s) => recorded.has(s.step));
    expect(replayed.map((s) => `${s.step} (${s.call.method})`)).toEqual([]);
    const after = await db.meeting(KEY);
    expect(after.run?.kind).toBe('start');
    expect(after.run?.steps.filter((s) => s.state !== 'done')).toEqual([]);
    expect(await db.outboxDepth()).toBe(0);
    expect(unhandledRejections()).toEqual([]);
    expect(errorLines(fleet.apps.filter((a) => a !== victim))).toEqual([]);
    report.push(
      `start taken by process ${taker}, killed ${delay} ms after the run's first call (${atKill - since} calls and ${recorded.size} steps recorded by then); finished by the others ${finishedMs} ms after the kill, ${Date.now() - t0} ms after the start; ${fake.calls.length - since} calls in all; duplicates ${count.duplicates.total} ${JSON.stringify(count.duplicates.byKey)}`,
    );
  }, 120_000);
});
