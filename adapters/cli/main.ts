// Process entry of the `breakouts` CLI (bin/breakouts.js loads this through tsx).
import { nodeIo, runCli } from './cli.ts';

process.exitCode = await runCli(process.argv.slice(2), nodeIo);
