// Discord adapter entry point (issue 4 builds it out).
import type { AdapterDeps, RunningAdapter } from '../../src/app.ts';
import type { DiscordConfig } from '../../src/config.ts';

export async function startDiscord(_deps: AdapterDeps, _config: DiscordConfig): Promise<RunningAdapter> {
  throw new Error('The Discord adapter is not built yet.');
}
