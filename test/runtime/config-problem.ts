// For the configuration tests: the sentence loadConfig stops start-up with for an environment.
import { expect } from 'vitest';
import { ConfigError, loadConfig } from '../../src/runtime/config.ts';

/** The ConfigError's message for this environment; fails the test when it is anything else or loads. */
export function configProblem(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).message;
  }
  throw new Error(`the configuration loaded, though a ConfigError was expected: ${JSON.stringify(env)}`);
}
