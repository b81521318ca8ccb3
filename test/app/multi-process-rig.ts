// What the multi-process tests and bench share: several real `npm start` processes in Slack HTTP
// mode on one PostgreSQL database and one fake Web API, a round-robin dispatcher in front of them,
// and reading the meeting and the outbox straight from the database.
import pg from 'pg';
import { expect } from 'vitest';
import { MeetingSchema, type Audio, type Meeting } from '../../src/domain/meeting.ts';
import type { FakeSlack } from '../slack/fakes/fake-slack.ts';
import { SIGNING_SECRET } from '../slack/fakes/signed.ts';
import { killAll, quiet, slackPort, startBreakouts, tempFolder, removeFolder, waitFor, type Breakouts } from './crash-harness.ts';
import { startDispatcher, type Dispatcher } from './dispatcher.ts';

export const BOT_TOKEN = 'xoxb-1-2-multiprocess';

export interface Fleet {
  readonly apps: readonly Breakouts[];
  readonly ports: readonly number[];
  /** The load balancer: `${dispatcher.url}/slack/events` reaches the processes in turn. */
  readonly dispatcher: Dispatcher;
  readonly events: string;
  /** Which process (by index) took a request whose body contains `text` (the first such). */
  processFor(text: string): number | undefined;
  close(): Promise<void>;
}

export interface FleetOptions {
  readonly count: number;
  readonly databaseUrl: string;
  /** The Web API base URL every process calls (the fake's, or a slow proxy in front of it). */
  readonly apiUrl: string;
  /** A Web API base URL per process instead (a recording proxy each, to tell who called what). */
  readonly apiUrlFor?: (index: number) => string;
  readonly label: string;
  readonly env?: Readonly<Record<string, string>>;
}

/** Start `count` processes on one database (each in its own empty folder) and a dispatcher in front. */
export async function startFleet(options: FleetOptions): Promise<Fleet> {
  const folders: string[] = [];
  const apps: Breakouts[] = [];
  for (let i = 0; i < options.count; i++) {
    const folder = await tempFolder(`${options.label}-${i}`);
    folders.push(folder);
    apps.push(
      startBreakouts(
        `${options.label}-${i}`,
        {
          SLACK_BOT_TOKEN: BOT_TOKEN,
          SLACK_SIGNING_SECRET: SIGNING_SECRET,
          SLACK_API_URL: options.apiUrlFor?.(i) ?? options.apiUrl,
          PORT: '0',
          HOST: '127.0.0.1',
          DATABASE_URL: options.databaseUrl,
          BREAKOUTS_DB: folder,
          ...options.env,
        },
        folder,
      ),
    );
  }
  const ports = await Promise.all(apps.map((app) => slackPort(app, 60_000)));
  const dispatcher = await startDispatcher({ upstreams: ports });
  return {
    apps,
    ports,
    dispatcher,
    events: `${dispatcher.url}/slack/events`,
    processFor: (text) => dispatcher.find(text)[0]?.upstream,
    async close() {
      await dispatcher.close();
      await killAll();
      await Promise.all(folders.map(removeFolder));
    },
  };
}

/** Every line of the processes' output that reports an error (pino level "error", or an unhandled failure). */
export function errorLines(apps: readonly Breakouts[]): string[] {
  return apps.flatMap((app) =>
    app
      .output()
      .split('\n')
      .filter((line) => /"level":"error"|unhandled|uncaught|TypeError|ReferenceError/i.test(line))
      .map((line) => `${app.label}: ${line.slice(0, 600)}`),
  );
}

/** The people the fake knows (users.info) and the channel's members (conversations.members, for import). */
export function seatPeople(fake: FakeSlack, channel: string, people: readonly { id: string; name: string }[]): void {
  for (const p of people) fake.users.set(p.id, { id: p.id, name: p.name });
  fake.members.set(channel, new Set(['UBOT', ...people.map((p) => p.id)]));
}

export interface MeetingSetup {
  /** Sends a /breakouts command through the fleet; resolves with its answer. */
  readonly say: (words: string) => Promise<string>;
  readonly fake: FakeSlack;
  readonly db: Peek;
  readonly key: string;
  readonly people: readonly { readonly id: string; readonly name: string; readonly audio: Audio }[];
  readonly rooms: number;
  /** Commands sent right after the import (a dial-in, say), each with what its answer must contain. */
  readonly afterImport?: readonly { readonly command: string; readonly answer: string }[];
}

/**
 * The meeting set up through the fleet as a facilitator does it: import the channel, each person's
 * audio other than VOIP, distribute with no audio conflict; then, once the fake's calls and the
 * outbox are quiet, the meeting as stored.
 */
export async function setUpMeeting(setup: MeetingSetup): Promise<Meeting> {
  const { say, people } = setup;
  expect(await say('import')).toContain(`Added ${people.length} people`);
  for (const { command, answer } of setup.afterImport ?? []) expect(await say(command)).toContain(answer);
  for (const p of people.filter((x) => x.audio !== 'voip')) expect(await say(`audio ${p.audio} <@${p.id}|${p.name}>`)).toContain(`audio is now ${p.audio}`);
  expect(await say(`distribute ${setup.rooms}`)).toContain('No audio conflicts');
  await quiet(() => setup.fake.calls.length, 1_500);
  await waitFor('the outbox to empty', async () => (await setup.db.outboxDepth()) === 0, 15_000);
  return setup.db.meeting(setup.key);
}

/** A connection to the test's database, to read what the processes stored. */
export interface Peek {
  meeting(key: string): Promise<Meeting>;
  outboxDepth(): Promise<number>;
  query<R extends pg.QueryResultRow>(sql: string, values?: unknown[]): Promise<R[]>;
  close(): Promise<void>;
}

export async function peek(url: string): Promise<Peek> {
  const client = new pg.Client({ connectionString: url, application_name: 'breakouts-test-peek' });
  await client.connect();
  return {
    async meeting(key) {
      const { rows } = await client.query<{ data: unknown }>('SELECT data FROM meetings WHERE key = $1', [key]);
      if (!rows[0]) throw new Error(`no meeting ${key} stored`);
      return MeetingSchema.parse(rows[0].data);
    },
    async outboxDepth() {
      const { rows } = await client.query<{ n: number }>('SELECT count(*)::integer AS n FROM outbox');
      return rows[0]?.n ?? 0;
    },
    async query<R extends pg.QueryResultRow>(sql: string, values?: unknown[]) {
      return (await client.query<R>(sql, values)).rows;
    },
    close: () => client.end(),
  };
}

/** The port of a fake's or server's base URL. */
export const portOf = (url: string): number => Number(new URL(url).port);
