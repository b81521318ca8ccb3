// The configuration of Slack for many workspaces: the OAuth variables, their companions, and the
// sentences that stop start-up when one is missing, malformed or combined with the single-token mode.
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/runtime/config.ts';
import { configProblem } from '../runtime/config-problem.ts';
import { SIGNING_SECRET } from './fakes/signed.ts';

const KEY = 'a-secret-key-of-48-characters-0123456789abcdefgh';
const OAUTH = {
  SLACK_CLIENT_ID: '1234567890.9876543210',
  SLACK_CLIENT_SECRET: '0123456789abcdef0123456789abcdef',
  SLACK_STATE_SECRET: 'state-secret-0123456789',
  SLACK_SIGNING_SECRET: SIGNING_SECRET,
  BREAKOUTS_SECRET_KEY: KEY,
};

describe('Slack OAuth configuration', () => {
  it('the client id, client secret, state secret, signing secret and secret key make an HTTP-mode Slack with no bot token of its own', () => {
    const config = loadConfig({ ...OAUTH, SLACK_REDIRECT_URI: 'https://breakouts.example.com/slack/oauth_redirect' });
    expect(config.slack).toEqual({
      signingSecret: SIGNING_SECRET,
      oauth: {
        clientId: OAUTH.SLACK_CLIENT_ID,
        clientSecret: OAUTH.SLACK_CLIENT_SECRET,
        stateSecret: OAUTH.SLACK_STATE_SECRET,
        secretKey: KEY,
        redirectUri: 'https://breakouts.example.com/slack/oauth_redirect',
      },
    });
    expect(config.playground).toBe(false);
  });

  it('one OAuth variable alone names every missing companion and where to find it', () => {
    const message = configProblem({ SLACK_CLIENT_ID: OAUTH.SLACK_CLIENT_ID });
    for (const name of ['SLACK_CLIENT_SECRET', 'SLACK_STATE_SECRET', 'SLACK_SIGNING_SECRET', 'BREAKOUTS_SECRET_KEY']) expect(message).toContain(`${name}: missing with the Slack OAuth settings`);
    expect(message).toContain('Basic Information → App Credentials');
  });

  it('a missing BREAKOUTS_SECRET_KEY stops start-up saying what it is for', () => {
    const { BREAKOUTS_SECRET_KEY: _key, ...rest } = OAUTH;
    expect(configProblem(rest)).toMatch(/BREAKOUTS_SECRET_KEY: missing .*encrypts the stored Slack tokens/);
  });

  it('a short BREAKOUTS_SECRET_KEY stops start-up with the length it needs, and the key is not repeated', () => {
    const message = configProblem({ ...OAUTH, BREAKOUTS_SECRET_KEY: 'short-key-31-characters-long-xx' });
    expect(message).toMatch(/BREAKOUTS_SECRET_KEY must be at least 32 characters/);
    expect(message).not.toContain('short-key-31');
  });

  it('SLACK_BOT_TOKEN beside the OAuth settings is refused: one workspace or many, not both', () => {
    expect(configProblem({ ...OAUTH, SLACK_BOT_TOKEN: 'xoxb-1-2-abc' })).toMatch(/SLACK_BOT_TOKEN: set either SLACK_BOT_TOKEN \(one workspace\) or SLACK_CLIENT_ID/);
  });

  it('SLACK_APP_TOKEN beside the OAuth settings is refused: the install flow runs in HTTP mode', () => {
    expect(configProblem({ ...OAUTH, SLACK_APP_TOKEN: 'xapp-1-abc' })).toMatch(/SLACK_APP_TOKEN: the install flow runs in HTTP mode/);
  });

  it('malformed client id, client secret, state secret and redirect URL are each named with what they must look like', () => {
    const message = configProblem({ ...OAUTH, SLACK_CLIENT_ID: 'abc', SLACK_CLIENT_SECRET: 'not-hex', SLACK_STATE_SECRET: 'short', SLACK_REDIRECT_URI: 'https://breakouts.example.com/callback' });
    expect(message).toMatch(/SLACK_CLIENT_ID: SLACK_CLIENT_ID must be the Client ID/);
    expect(message).toMatch(/SLACK_CLIENT_SECRET: SLACK_CLIENT_SECRET must be the hex Client Secret/);
    expect(message).toMatch(/SLACK_STATE_SECRET: SLACK_STATE_SECRET must be a random string of at least 16 characters/);
    expect(message).toMatch(/SLACK_REDIRECT_URI: SLACK_REDIRECT_URI must be the public URL of \/slack\/oauth_redirect/);
  });

  it('the single-workspace settings still load as before, with no OAuth section', () => {
    const config = loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1-2-abc', SLACK_SIGNING_SECRET: SIGNING_SECRET });
    expect(config.slack).toEqual({ botToken: 'xoxb-1-2-abc', signingSecret: SIGNING_SECRET });
  });
});
