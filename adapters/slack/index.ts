// Slack adapter entry point (issue 3 builds it out).
import type { AdapterDeps, RunningAdapter } from '../../src/app.ts';
import type { SlackConfig } from '../../src/config.ts';

export async function startSlack(_deps: AdapterDeps, _config: SlackConfig): Promise<RunningAdapter> {
  throw new Error('The Slack adapter is not built yet.');
}
