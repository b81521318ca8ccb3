// Discord's rate limits through the real discord.js on the loopback fake: each 429 (Discord's own,
// the shared REST proxy's bare one, a global one, one on an interaction callback) is reported to
// the metrics once, by route without ids; and the shared REST proxy in front of two clients makes
// them share a bucket Discord said is spent.
import { REST, Routes } from 'discord.js';
import { afterEach, describe, expect, test } from 'vitest';
import { z } from 'zod';
import { discordRoute } from '../../adapters/discord/rate-limits.ts';
import type { Platform } from '../../src/domain/meeting.ts';
import type { Metrics } from '../../src/runtime/metrics.ts';
import { FakeDiscord, IDS } from './fakes/fake-discord.ts';
import { startBot, TOKEN, waitFor } from './fakes/harness.ts';
import { meetingIn, postedBoard, slash } from './helpers.ts';
import { startRestProxy } from './rest-proxy-rig.ts';

let cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  cleanups = [];
});

/** The observer the bot reports to, keeping what it was told about rate limits. */
function recordingMetrics(): Metrics & { readonly limited: [Platform, string][] } {
  const limited: [Platform, string][] = [];
  return { limited, commandFinished() {}, effectDelivered() {}, boardShown() {}, rateLimited: (platform, route) => void limited.push([platform, route]) };
}

const BOARD_EDIT = new RegExp(`^/channels/${IDS.text}/messages/\\d+$`);
const CALLBACK = /^\/interactions\/\d+\/[^/]+\/callback$/;

describe('rate limits as metrics', () => {
  test.each<{ what: string; method: string; path: RegExp; headers: Record<string, string>; body: Record<string, unknown>; route: string }>([
    {
      what: 'Discord’s 429 on a spent bucket',
      method: 'PATCH',
      path: BOARD_EDIT,
      headers: { 'retry-after': '0.1', 'x-ratelimit-limit': '5', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset-after': '0.1', 'x-ratelimit-bucket': 'b1', 'x-ratelimit-scope': 'user' },
      body: { message: 'You are being rate limited.', retry_after: 0.1, global: false },
      route: '/channels/:id/messages/:id',
    },
    { what: 'the shared REST proxy’s bare 429 with Retry-After', method: 'PATCH', path: BOARD_EDIT, headers: { 'retry-after': '0.1' }, body: {}, route: '/channels/:id/messages/:id' },
    {
      what: 'a global 429',
      method: 'PATCH',
      path: BOARD_EDIT,
      headers: { 'retry-after': '0.1', 'x-ratelimit-global': 'true', 'x-ratelimit-scope': 'global' },
      body: { message: 'You are being rate limited.', retry_after: 0.1, global: true },
      route: '/channels/:id/messages/:id',
    },
    { what: 'a 429 on an interaction callback', method: 'POST', path: CALLBACK, headers: { 'retry-after': '0.1' }, body: { message: 'You are being rate limited.', retry_after: 0.1, global: false }, route: '/interactions/:id/:token/callback' },
  ])('$what is reported once, on its route without ids, and the call still goes through', async ({ method, path, headers, body, route }) => {
    const fake = await new FakeDiscord({ members: 4 }).start();
    cleanups.push(() => fake.stop());
    const metrics = recordingMetrics();
    const { bot, engine } = await startBot(fake, { metrics });
    cleanups.push(() => bot.stop());
    const h = { fake, engine };
    await slash(h, IDS.facilitator, 'distribute', [{ name: 'rooms', type: 4, value: 2 }]);
    await postedBoard(h);
    await waitFor('board remembered', async () => (await meetingIn(h)).resources['boardMessage']);
    expect(metrics.limited).toEqual([]);

    fake.fail({ method, path, status: 429, headers, body, times: 1 });
    expect(await slash(h, IDS.facilitator, 'rooms', [{ name: 'count', type: 4, value: 3 }])).toContain('3');
    await waitFor('the board with 3 rooms', () => JSON.stringify(fake.channelMessages(IDS.text)[0]?.embeds).includes('3. Breakout 3'));
    expect(fake.calls.filter((c) => c.status === 429)).toHaveLength(1);
    expect(metrics.limited).toEqual([['discord', route]]);
  });

  test('a route label has no ids in it, whatever their length', () => {
    expect(discordRoute('/channels/300000000000000001/messages/12345678901234567890')).toBe('/channels/:id/messages/:id');
    expect(discordRoute('/guilds/:id/members/:id?with_counts=true')).toBe('/guilds/:id/members/:id');
    expect(discordRoute('/webhooks/:id/:token/messages/@original')).toBe('/webhooks/:id/:token/messages/@original');
  });
});

/** The shared REST proxy in front of the fake, stopped after the test; answers its API base URL. */
async function restProxy(fake: FakeDiscord): Promise<string> {
  const proxy = await startRestProxy(fake);
  cleanups.push(() => proxy.close());
  return proxy.url;
}

describe('the shared REST proxy', () => {
  test('two processes behind it share a bucket: once Discord says it is spent, the other’s call waits at the proxy instead of reaching Discord', async () => {
    const fake = await new FakeDiscord().start();
    cleanups.push(() => fake.stop());
    const api = await restProxy(fake);
    const [first, second] = [new REST({ api, retries: 0 }).setToken(TOKEN), new REST({ api, retries: 0 }).setToken(TOKEN)];
    const answered: number[] = [];
    second.on('response', (_request, response) => void answered.push(response.status));
    const posted = z.object({ id: z.string() }).parse(await first.post(Routes.channelMessages(IDS.text), { body: { content: 'board' } }));
    const edit = new RegExp(`^/channels/${IDS.text}/messages/${posted.id}$`);
    fake.rateLimit({ method: 'PATCH', path: edit, windowMs: 1500 });

    const one = first.patch(Routes.channelMessage(IDS.text, posted.id), { body: { content: 'one' } });
    await waitFor('Discord’s 429 to the first process', () => fake.callsTo('PATCH', edit).some((c) => c.status === 429));
    const two = second.patch(Routes.channelMessage(IDS.text, posted.id), { body: { content: 'two' } });
    await Promise.all([one, two]);

    expect(answered[0]).toBe(429);
    expect(fake.callsTo('PATCH', edit).filter((c) => c.status === 429)).toHaveLength(1);
    expect(fake.callsTo('PATCH', edit).filter((c) => c.status === 200)).toHaveLength(2);
  });

  test('it refuses a call with another bot’s token, forwards calls whose token is in the path (interaction callbacks), and passes Discord’s errors on as they are', async () => {
    const fake = await new FakeDiscord().start();
    cleanups.push(() => fake.stop());
    const api = await restProxy(fake);
    const foreign = await fetch(`${api}/v10/channels/${IDS.text}/messages`, { method: 'POST', headers: { authorization: 'Bot someone-else', 'content-type': 'application/json' }, body: '{"content":"x"}' });
    expect(foreign.status).toBe(401);
    expect(await foreign.json()).toMatchObject({ message: 'This proxy serves one bot: use the DISCORD_TOKEN it was started with.' });
    expect(fake.calls).toEqual([]);

    const { token, id } = fake.interactionBase(IDS.facilitator, 0n, IDS.text);
    const callback = await fetch(`${api}/v10/interactions/${id}/${token}/callback`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"type":5,"data":{"flags":64}}' });
    expect(callback.status).toBe(204);
    expect(fake.responses.get(token)?.callbacks.map((c) => c.type)).toEqual([5]);

    const missing = await fetch(`${api}/v10/channels/${IDS.text}/messages/1`, { method: 'PATCH', headers: { authorization: `Bot ${TOKEN}`, 'content-type': 'application/json' }, body: '{"content":"x"}' });
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ message: 'Unknown Message', code: 10008 });
  });
});
