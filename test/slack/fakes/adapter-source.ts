// Reading the Slack adapter's own source: which Web API methods it calls, in every file of
// adapters/slack and its folders, so the manifest's scopes can be checked against them.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const ADAPTER_DIR = join(import.meta.dirname, '../../../adapters/slack');

/** Every `client.<family>.<method>(` call (or `boardClient.…`, any receiver named …client) in the adapter's source. */
export function methodsCalled(): Set<string> {
  const found = new Set<string>();
  for (const file of readdirSync(ADAPTER_DIR, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'))) {
    const source = readFileSync(join(ADAPTER_DIR, file), 'utf8');
    for (const m of source.matchAll(/[cC]lient\.([a-z]+)\.([a-zA-Z]+)\(/g)) found.add(`${m[1]}.${m[2]}`);
  }
  return found;
}
