// What Slack says about a person (users.info): the roster's display name, and whether they own or
// administer the workspace (who may always manage a meeting). Asked with that workspace's token, and
// cached per workspace and person for a while, bounded, so a busy meeting does not ask on every click.
import { z } from 'zod';
import type { Logger } from '../../src/runtime/logger.ts';
import { slackErrorCode } from './errors.ts';
import type { Workspaces } from './workspaces.ts';

const UserInfo = z.object({
  user: z.object({
    id: z.string(),
    name: z.string().optional(),
    real_name: z.string().optional(),
    deleted: z.boolean().optional(),
    is_bot: z.boolean().optional(),
    is_admin: z.boolean().optional(),
    is_owner: z.boolean().optional(),
    is_primary_owner: z.boolean().optional(),
    profile: z.object({ display_name: z.string().optional(), real_name: z.string().optional() }).optional(),
  }),
});

export interface SlackPerson {
  readonly id: string;
  /** The name people see in Slack, if Slack gave one. */
  readonly name: string | undefined;
  readonly deleted: boolean;
  readonly bot: boolean;
  /** A workspace owner or admin. */
  readonly admin: boolean;
}

/** Every question names the workspace (team) it is asked in. */
export interface UserDirectory {
  /** users.info for one person, from the cache when it is fresh. Throws what the Web API throws. */
  lookup(team: string, id: string): Promise<SlackPerson | undefined>;
  /** A display name for the roster; `fallback` when Slack says nothing or cannot be asked. */
  displayName(team: string, id: string, fallback: string): Promise<string>;
  /** Whether Slack says this person is a workspace owner or admin (false when it cannot be asked). */
  isAdmin(team: string, id: string): Promise<boolean>;
  /** Only what is cached: for answers that must go out at once (the person search). */
  cachedAdmin(team: string, id: string): boolean;
}

export interface UserDirectoryOptions {
  readonly workspaces: Workspaces;
  readonly logger: Logger;
  readonly now: () => number;
  /** How long an answer is trusted (an admin demoted in Slack loses the right within this). */
  readonly ttlMs?: number;
  readonly limit?: number;
}

function bestName(user: z.infer<typeof UserInfo>['user']): string | undefined {
  const name = user.profile?.display_name || user.profile?.real_name || user.real_name || user.name;
  return name?.trim() || undefined;
}

export function createUserDirectory(options: UserDirectoryOptions): UserDirectory {
  const { workspaces, logger, now } = options;
  const ttlMs = options.ttlMs ?? 10 * 60_000;
  const limit = options.limit ?? 5000;
  const cache = new Map<string, { person: SlackPerson | undefined; at: number }>();

  function cached(key: string): { person: SlackPerson | undefined } | undefined {
    const hit = cache.get(key);
    if (!hit) return undefined;
    if (now() - hit.at > ttlMs) {
      cache.delete(key);
      return undefined;
    }
    return hit;
  }

  async function lookup(team: string, id: string): Promise<SlackPerson | undefined> {
    const key = `${team}:${id}`;
    const hit = cached(key);
    if (hit) return hit.person;
    const { client } = await workspaces.get(team);
    let raw: unknown;
    try {
      raw = await client.users.info({ user: id });
    } catch (error) {
      // Slack's definite "no such person" is an answer worth keeping; other failures are not.
      if (slackErrorCode(error) !== 'user_not_found') throw error;
    }
    const parsed = UserInfo.safeParse(raw);
    const person: SlackPerson | undefined = parsed.success
      ? {
          id,
          name: bestName(parsed.data.user),
          deleted: parsed.data.user.deleted ?? false,
          bot: parsed.data.user.is_bot ?? false,
          admin: parsed.data.user.is_admin === true || parsed.data.user.is_owner === true || parsed.data.user.is_primary_owner === true,
        }
      : undefined;
    cache.delete(key);
    cache.set(key, { person, at: now() });
    // Oldest first in a Map: drop from the front.
    for (const key of cache.keys()) {
      if (cache.size <= limit) break;
      cache.delete(key);
    }
    return person;
  }

  return {
    lookup,
    async displayName(team, id, fallback) {
      try {
        return (await lookup(team, id))?.name ?? fallback;
      } catch (error) {
        logger.debug('users.info failed; using the username', { user: id, code: slackErrorCode(error) });
        return fallback;
      }
    },
    async isAdmin(team, id) {
      try {
        return (await lookup(team, id))?.admin ?? false;
      } catch (error) {
        logger.warn('users.info failed; treating the person as not a workspace admin', { user: id, code: slackErrorCode(error) });
        return false;
      }
    },
    cachedAdmin(team, id) {
      return cached(`${team}:${id}`)?.person?.admin ?? false;
    },
  };
}
