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

  it('the OAuth variant registers the redirect URL and subscribes to app_uninstalled and tokens_revoked at /slack/events, with the same bot scopes', () => {
    const oauth = z
      .object({
        oauth_config: z.object({ redirect_urls: z.array(z.string()), scopes: z.object({ bot: z.array(z.string()) }) }),
        settings: z.object({ event_subscriptions: z.object({ request_url: z.string(), bot_events: z.array(z.string()) }), socket_mode_enabled: z.boolean() }),
      })
      .parse(slackManifest({ httpUrl: 'https://breakouts.example.com/', oauth: true }));
    expect(oauth.oauth_config.redirect_urls).toEqual(['https://breakouts.example.com/slack/oauth_redirect']);
    expect(oauth.oauth_config.scopes.bot).toEqual(botScopes());
    expect(oauth.settings.event_subscriptions).toEqual({ request_url: 'https://breakouts.example.com/slack/events', bot_events: ['app_uninstalled', 'tokens_revoked'] });
    expect(oauth.settings.socket_mode_enabled).toBe(false);
    // Without OAuth no event is subscribed to.
    expect(JSON.stringify(slackManifest({ httpUrl: 'https://breakouts.example.com/' }))).not.toContain('event_subscriptions');
  });

  it('an OAuth manifest without a public URL is refused: Socket Mode apps cannot be installed into other workspaces', () => {
    expect(() => slackManifest({ oauth: true })).toThrow(/Socket Mode apps cannot be installed into other workspaces/);
  });
});
