// Keeps the engine platform-neutral and layered: no file in src/ imports a chat SDK or an adapter,
// and no two modules import each other in a circle. The
// composition root that starts the adapters (adapters/main.ts) loads each one only when asked.
import { readdir, readFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const src = join(root, 'src');

/** Every module specifier in a file: static imports/exports, side-effect imports, dynamic import(). */
function specifiers(code: string): string[] {
  const found: string[] = [];
  const patterns = [
    /\b(?:import|export)\s+(?:type\s+)?[^'"`;]*?\sfrom\s*['"]([^'"]+)['"]/g,
    /\bimport\s*['"]([^'"]+)['"]/g,
    /\bimport\s*\(\s*['"`]([^'"`]+)['"`]\s*\)/g,
    /\brequire\s*\(\s*['"`]([^'"`]+)['"`]\s*\)/g,
  ];
  for (const re of patterns) for (const m of code.matchAll(re)) found.push(m[1]!);
  return found;
}

async function sourceFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile() && /\.(ts|js|mjs|cjs)$/.test(e.name)).map((e) => join(e.parentPath, e.name));
}

function forbidden(file: string, specifier: string): string | undefined {
  if (/^@slack\//.test(specifier)) return 'a Slack SDK';
  if (/^discord\.js(\/|$)/.test(specifier) || /^@discordjs\//.test(specifier)) return 'discord.js';
  const target = specifier.startsWith('.') ? relative(root, resolve(dirname(file), specifier)) : '';
  if (target.startsWith('adapters')) return 'an adapter';
  return undefined;
}

describe('engine boundaries', () => {
  test('the import scanner finds static, type-only, side-effect and dynamic imports', () => {
    const code = [
      "import { App } from '@slack/bolt';",
      "import type { Client } from 'discord.js';",
      "export { x } from '../adapters/slack/render.ts';",
      "import 'discord.js/side-effect';",
      "const m = await import('../adapters/discord/index.ts');",
    ].join('\n');
    expect(specifiers(code).sort()).toEqual(['../adapters/discord/index.ts', '../adapters/slack/render.ts', '@slack/bolt', 'discord.js', 'discord.js/side-effect']);
  });

  test('src/ never imports @slack/*, discord.js or adapters/', async () => {
    const violations: string[] = [];
    const files = await sourceFiles(src);
    expect(files.length).toBeGreaterThan(10);
    for (const file of files) {
      for (const spec of specifiers(await readFile(file, 'utf8'))) {
        const what = forbidden(file, spec);
        if (what) violations.push(`${relative(root, file)} imports ${what}: ${spec}`);
      }
    }
    expect(violations).toEqual([]);
  });

  test('src/ has no import cycles: every module can be read before the ones that import it', async () => {
    // Type-only imports are erased at run time, so only value imports can form a cycle.
    const valueImports = (code: string): string[] => specifiers(code.replace(/^\s*(?:import|export)\s+type\s[^;]*;/gm, '')).filter((s) => s.startsWith('.'));
    const graph = new Map<string, string[]>();
    for (const file of await sourceFiles(src)) graph.set(file, valueImports(await readFile(file, 'utf8')).map((s) => resolve(dirname(file), s)));
    const cycles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const visit = (file: string, path: string[]): void => {
      if (state.get(file) === 'done') return;
      if (state.get(file) === 'open') {
        cycles.push([...path.slice(path.indexOf(file)), file].map((f) => relative(src, f)).join(' → '));
        return;
      }
      state.set(file, 'open');
      for (const next of graph.get(file) ?? []) visit(next, [...path, file]);
      state.set(file, 'done');
    };
    for (const file of graph.keys()) visit(file, []);
    expect(cycles).toEqual([]);
  });

  test('the composition root loads each adapter only lazily, so a Slack-only bot never loads discord.js', async () => {
    const main = await readFile(join(root, 'adapters', 'main.ts'), 'utf8');
    const staticAdapter = specifiers(main.replace(/\bimport\s*\([^)]*\)/g, '')).filter((s) => /^\.\/(slack|discord|playground)\//.test(s));
    const lazy = specifiers(main).filter((s) => /^\.\/(slack|discord|playground)\//.test(s));
    expect(lazy.sort()).toEqual(['./discord/index.ts', './playground/index.ts', './slack/index.ts']);
    expect(staticAdapter).toEqual([]);
  });
});
