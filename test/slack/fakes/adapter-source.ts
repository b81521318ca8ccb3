// Reading the Slack adapter's own source: which Web API methods it calls, in every file of
// adapters/slack and its folders, so the manifest's scopes can be checked against them.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const ADAPTER_DIR = join(import.meta.dirname, '../../../adapters/slack');

/** The SDK's helpers that are several Web API calls: files.uploadV2 asks for an upload URL, then completes the upload. */
const SDK_FLOWS: Readonly<Record<string, readonly string[]>> = {
  'files.uploadV2': ['files.getUploadURLExternal', 'files.completeUploadExternal'],
};

/** Every `client.<family>.<method>(` call (or `boardClient.…`, any receiver named …client) in the adapter's source. */
export function methodsCalled(): Set<string> {
  const found = new Set<string>();
  for (const file of readdirSync(ADAPTER_DIR, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'))) {
    const source = readFileSync(join(ADAPTER_DIR, file), 'utf8');
    for (const m of source.matchAll(/[cC]lient\.([a-z]+)\.([a-zA-Z0-9]+)\(/g)) {
      const method = `${m[1]}.${m[2]}`;
      for (const called of SDK_FLOWS[method] ?? [method]) found.add(called);
    }
  }
  return found;
}
