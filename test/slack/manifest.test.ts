// manifests/slack.yaml stays in sync with the generator, carries the command table, and asks
// for exactly the scopes the Web API calls in adapters/slack need.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { z } from 'zod';
import { TYPED_COMMANDS as COMMANDS } from '../../src/commands/registry.ts';
import { botScopes, MANIFEST_PATH, manifestYaml, METHOD_SCOPES, slackManifest } from '../../adapters/slack/manifest.ts';
import { methodsCalled } from './fakes/adapter-source.ts';

const Manifest = z.object({
  features: z.object({
    slash_commands: z.array(z.object({ command: z.string(), usage_hint: z.string(), should_escape: z.boolean(), url: z.string().optional() })),
  }),
  oauth_config: z.object({ scopes: z.object({ bot: z.array(z.string()) }) }),
  settings: z.object({ interactivity: z.object({ is_enabled: z.boolean(), request_url: z.string().optional() }), socket_mode_enabled: z.boolean() }),
});

describe('the Slack manifest', () => {
  it('the committed manifests/slack.yaml is what the generator writes', () => {
    expect(readFileSync(MANIFEST_PATH, 'utf8')).toBe(manifestYaml());
  });

  it('asks for exactly the scopes the adapter’s Web API calls need', () => {
    const called = methodsCalled();
    expect([...called].sort()).toEqual(Object.keys(METHOD_SCOPES).sort());
    const needed = new Set<string>(['commands']);
    for (const method of called) for (const scope of METHOD_SCOPES[method as keyof typeof METHOD_SCOPES]) needed.add(scope);
    const manifest = Manifest.parse(parse(readFileSync(MANIFEST_PATH, 'utf8')));
    expect(manifest.oauth_config.scopes.bot).toEqual([...needed].sort());
    expect(botScopes()).toEqual([...needed].sort());
  });

  it('has /breakouts with should_escape, a usage hint from the command table, interactivity and Socket Mode on', () => {
    const manifest = Manifest.parse(slackManifest());
    const [command] = manifest.features.slash_commands;
    expect(command?.command).toBe('/breakouts');
    expect(command?.should_escape).toBe(true);
    expect(command?.url).toBeUndefined();
    for (const c of COMMANDS) expect(command?.usage_hint).toContain(c.name);
    expect(command!.usage_hint.length).toBeLessThanOrEqual(1000);
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
    expect(manifest.settings.socket_mode_enabled).toBe(true);
  });

  it('the HTTP variant points the command, interactivity and select options at /slack/events', () => {
    const manifest = Manifest.parse(slackManifest({ httpUrl: 'https://breakouts.example.com/' }));
    expect(manifest.features.slash_commands[0]?.url).toBe('https://breakouts.example.com/slack/events');
    expect(manifest.settings.interactivity.request_url).toBe('https://breakouts.example.com/slack/events');
    expect(manifest.settings.socket_mode_enabled).toBe(false);
  });
});
