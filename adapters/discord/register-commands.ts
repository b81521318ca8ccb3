// `npm run register-commands`: PUT manifests/discord-commands.json to one guild (DISCORD_GUILD_ID,
// instant, for development) or globally. `--write` regenerates the manifest from the command table.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { REST, Routes } from 'discord.js';
import { z } from 'zod';
import { ConfigError, loadConfig, type DiscordConfig } from '../../src/runtime/config.ts';
import { discordCommandsJsonText } from './command-json.ts';
import { inviteUrl } from './invite.ts';
import { nameList } from '../../src/domain/text.ts';

export const MANIFEST_PATH = fileURLToPath(new URL('../../manifests/discord-commands.json', import.meta.url));

const ManifestSchema = z.array(z.object({ name: z.string().min(1).max(32), description: z.string().min(1).max(100) }).loose()).min(1);

/** Register the committed manifest; answers with one sentence saying where. */
export async function registerCommands(config: DiscordConfig, manifestPath: string = MANIFEST_PATH): Promise<string> {
  const { token, applicationId, guildId, apiUrl } = config;
  const body = ManifestSchema.parse(JSON.parse(readFileSync(manifestPath, 'utf8')));
  const rest = new REST({ ...(apiUrl ? { api: apiUrl } : {}), retries: 1 }).setToken(token);
  const route = guildId ? Routes.applicationGuildCommands(applicationId, guildId) : Routes.applicationCommands(applicationId);
  await rest.put(route, { body });
  return `Registered ${nameList(body.map((c) => `/${c.name}`), body.length)} ${guildId ? `in server ${guildId} (available now)` : 'globally (may take up to an hour to appear)'}.`;
}

async function main(): Promise<void> {
  if (process.argv.includes('--write')) {
    writeFileSync(MANIFEST_PATH, discordCommandsJsonText());
    process.stdout.write(`Wrote ${MANIFEST_PATH}\n`);
    return;
  }
  if (existsSync('.env')) process.loadEnvFile('.env');
  const config = loadConfig(process.env);
  if (!config.discord) throw new ConfigError('Set DISCORD_TOKEN and DISCORD_APPLICATION_ID to register the Discord commands.');
  process.stdout.write(`${await registerCommands(config.discord)}\n`);
  process.stdout.write(`Invite the bot to a server with: ${inviteUrl(config.discord.applicationId)}\n`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    process.stderr.write(`register-commands failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
