// Small readers over what the fake Discord recorded: the board message, its buttons and
// selects, the meeting behind a voice channel, and "run a slash command and wait for its answer".
import { z } from 'zod';
import { discordPlace } from '../../adapters/discord/meeting-index.ts';
import type { Meeting } from '../../src/domain/meeting.ts';
import { IDS } from './fakes/fake-discord.ts';
import { waitFor, type Harness } from './fakes/harness.ts';

const ComponentSchema = z.object({ type: z.number(), custom_id: z.string().optional(), label: z.string().optional() }).loose();
const RowsSchema = z.array(z.object({ type: z.literal(1), components: z.array(ComponentSchema) }));
export type StoredMessage = NonNullable<ReturnType<Harness['fake']['reply']>>;

export function components(message: { components: unknown[] }): z.infer<typeof ComponentSchema>[] {
  return RowsSchema.parse(message.components).flatMap((r) => r.components);
}

/** The custom id of the button whose label starts with `label` (or the first component of `type`). */
export function idOf(message: { components: unknown[] }, label: string | number): string {
  const found = components(message).find((c) => (typeof label === 'number' ? c.type === label : c.label?.startsWith(label)));
  if (!found?.custom_id) throw new Error(`no component ${label} in ${JSON.stringify(message.components)}`);
  return found.custom_id;
}

/** What the readers need: the fake and an engine (a harness, or one of several bots on one fake). */
type Reader = Pick<Harness, 'fake' | 'engine'>;

export function boardMessage(h: Reader, channelId: string = IDS.text): StoredMessage {
  const board = h.fake.channelMessages(channelId)[0];
  if (!board) throw new Error('no board posted');
  return board;
}

export async function postedBoard(h: Reader, channelId: string = IDS.text): Promise<StoredMessage> {
  return waitFor('the board', () => h.fake.channelMessages(channelId)[0]);
}

export async function meetingIn(h: Reader, voiceId: string = IDS.voice, guildId: string = IDS.guild): Promise<Meeting> {
  const meeting = await h.engine.get({ place: discordPlace(guildId, voiceId) });
  if (!meeting) throw new Error('no meeting');
  return meeting;
}

/** Wait until the person who used the interaction sees an answer (text or embeds). */
export async function answerOf(h: Reader, token: string): Promise<StoredMessage> {
  return waitFor(`answer to ${token}`, () => {
    const r = h.fake.reply(token);
    return r && (r.content !== '' || r.embeds.length > 0 || r.components.length > 0) ? r : undefined;
  });
}

export async function slash(
  h: Reader,
  userId: string,
  sub: string,
  options: { name: string; type: number; value: string | number }[] = [],
  opts: { command?: string; permissions?: bigint; channelId?: string } = {},
): Promise<string> {
  const token = h.fake.slash(userId, sub, options, opts);
  return (await answerOf(h, token)).content;
}

export async function runFinished(h: Reader, kind: 'apply' | 'start' | 'end', voiceId: string = IDS.voice, guildId: string = IDS.guild): Promise<Meeting> {
  return waitFor(`${kind} finished`, async () => {
    const m = await meetingIn(h, voiceId, guildId);
    return m.run?.kind === kind && m.run.finished ? m : undefined;
  }, 10_000);
}
