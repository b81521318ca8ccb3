// Discord adapter entry point: `npm start` calls startDiscord when DISCORD_TOKEN and
// DISCORD_APPLICATION_ID are set; the bot itself is built in bot.ts.
import type { AdapterDeps, RunningAdapter } from '../../src/runtime/adapter.ts';
import type { DiscordConfig } from '../../src/runtime/config.ts';
import { createDiscordBot } from './bot.ts';

export { createDiscordBot, type DiscordBot, type DiscordBotOptions } from './bot.ts';

export async function startDiscord(deps: AdapterDeps, config: DiscordConfig): Promise<RunningAdapter> {
  const bot = createDiscordBot(deps, config);
  await bot.start();
  const guilds = bot.client.guilds.cache.size;
  const shards = bot.shards();
  return {
    name: 'discord',
    description: `Discord: logged in as ${bot.client.user?.tag ?? 'the bot'} in ${guilds} ${guilds === 1 ? 'server' : 'servers'}${shards ? ` (${shards})` : ''}`,
    health: () => bot.health(),
    stop: () => bot.stop(),
  };
}
