// Playground adapter entry point (issue 5 builds it out).
import type { AdapterDeps, RunningAdapter } from '../../src/app.ts';

export interface PlaygroundOptions {
  readonly port: number;
  readonly host?: string;
}

export async function startPlayground(_deps: AdapterDeps, _options: PlaygroundOptions): Promise<RunningAdapter> {
  throw new Error('The playground is not built yet.');
}
