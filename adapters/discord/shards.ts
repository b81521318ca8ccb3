// Gateway shards, run in this process by one discord.js Client (DISCORD_SHARDS, DISCORD_SHARD_IDS):
// the Client options, which shard a server's events arrive on, and whether every shard this
// process runs is connected (for GET /healthz).
import { ShardClientUtil, Status, type Client, type ClientOptions } from 'discord.js';
import type { AdapterHealth } from '../../src/runtime/adapter.ts';
import type { DiscordConfig } from '../../src/runtime/config.ts';

/**
 * The Client's shard options. With ids, this process runs those of `count`; without, all of them
 * ('auto': as many as Discord recommends, read at login). Unset: discord.js's single shard.
 */
export function shardOptions(shards: DiscordConfig['shards']): Pick<ClientOptions, 'shards' | 'shardCount'> {
  if (!shards) return {};
  if (shards.count === 'auto') return { shards: 'auto' };
  const all = Array.from({ length: shards.count }, (_, id) => id);
  return { shards: [...(shards.ids ?? all)], shardCount: shards.count };
}

/** The shard ids this Client runs and their total (known once it has logged in). */
export function runningShards(client: Client): { readonly ids: readonly number[]; readonly count: number } {
  const { shards, shardCount } = client.options;
  return { ids: Array.isArray(shards) ? shards : [], count: shardCount ?? 1 };
}

/** Whether this process runs the shard a server's events arrive on. */
export function runsShardOf(client: Client, guildId: string): boolean {
  const { ids, count } = runningShards(client);
  return ids.includes(ShardClientUtil.shardIdForGuildId(guildId, count));
}

/** "shards 0–3 of 8", "shard 1 of 2", "shards 0, 2 of 4". */
export function describeShards(ids: readonly number[], count: number): string {
  const contiguous = ids.length > 1 && ids.every((id, i) => i === 0 || id === ids[i - 1]! + 1);
  const list = contiguous ? `${ids[0]}–${ids[ids.length - 1]}` : ids.join(', ');
  return `${ids.length === 1 ? 'shard' : 'shards'} ${list} of ${count}`;
}

/**
 * Ok only when every shard this process runs is connected and ready: a shard that is down (or
 * resuming) receives none of its servers' commands or voice changes, so the reason names it.
 */
export function shardHealth(client: Client): AdapterHealth {
  const shards = [...client.ws.shards.values()];
  if (shards.length === 0) return { ok: false, reason: 'Discord gateway not connected' };
  const down = shards.filter((s) => s.status !== Status.Ready).map((s) => s.id);
  if (down.length > 0) return { ok: false, reason: `Discord ${describeShards(down, runningShards(client).count)} ${down.length === 1 ? 'is' : 'are'} not connected` };
  // Every shard is up but the Client is not ready yet: it still waits for its servers.
  return client.isReady() ? { ok: true } : { ok: false, reason: 'Discord gateway not connected' };
}
