// Slack installations in the shared records, sealed with BREAKOUTS_SECRET_KEY: the @slack/oauth store
// the install flow writes to, and the adapter's look-ups. An org-wide install is kept under its enterprise,
// with a pointer per workspace seen, so a meeting's work (which knows only its workspace) finds the token.
import type { Installation, InstallationQuery, InstallationStore } from '@slack/bolt';
import { z } from 'zod';
import type { InstallationRecords } from '../../src/store/installations.ts';
import type { SecretBox } from '../../src/runtime/secret-box.ts';
import type { Logger } from '../../src/runtime/logger.ts';

const PLATFORM = 'slack';
export const TEAM_PREFIX = 'slack:team:';
export const ENTERPRISE_PREFIX = 'slack:enterprise:';
/** A workspace of an org-wide install → the enterprise whose installation serves it. */
export const ORG_TEAM_PREFIX = 'slack:org-team:';

/** Which installation a request or an event names. */
export interface InstallationRef {
  readonly teamId?: string | undefined;
  readonly enterpriseId?: string | undefined;
  readonly isEnterpriseInstall?: boolean | undefined;
}

/** The installation key: by enterprise for an org-wide install, else by workspace (team). */
export function installationKey(ref: InstallationRef): string | undefined {
  if (ref.isEnterpriseInstall) return ref.enterpriseId ? `${ENTERPRISE_PREFIX}${ref.enterpriseId}` : undefined;
  return ref.teamId ? `${TEAM_PREFIX}${ref.teamId}` : undefined;
}

const Id = z.string().min(1).max(64);
/** What Breakouts reads back from a stored installation (stored whole, as @slack/oauth made it). */
const StoredInstallationSchema = z.object({
  team: z.object({ id: Id, name: z.string().optional() }).optional(),
  enterprise: z.object({ id: Id, name: z.string().optional() }).optional(),
  user: z.object({ id: z.string(), token: z.string().optional(), scopes: z.array(z.string()).optional() }),
  bot: z.object({ token: z.string().min(1), id: z.string(), userId: z.string(), scopes: z.array(z.string()) }).optional(),
  isEnterpriseInstall: z.boolean().optional(),
  appId: z.string().optional(),
});
export type StoredInstallation = z.infer<typeof StoredInstallationSchema>;

export interface SlackInstallations extends InstallationStore {
  /** The installation `ref` names (enterprise for an org-wide install, else team), or undefined. */
  find(ref: InstallationRef): Promise<StoredInstallation | undefined>;
  /** The installation that serves a workspace: its own, or its organisation's. */
  forTeam(teamId: string): Promise<StoredInstallation | undefined>;
  /** Note that this workspace is served by its organisation's org-wide install. */
  rememberOrgTeam(teamId: string, enterpriseId: string): Promise<void>;
  /** Remove an installation (and, for an org, its workspace pointers); how many records went. */
  remove(ref: InstallationRef): Promise<number>;
  /** Keep an installation but without its user token (Slack revoked user tokens only). */
  dropUserToken(ref: InstallationRef): Promise<void>;
  /**
   * Open a few stored installations: a key that is not the one they were sealed with fails here,
   * at start, with a sentence, rather than on every command later. Answers how many were checked.
   */
  checkKey(): Promise<number>;
}

/** BREAKOUTS_SECRET_KEY does not open what is stored: start-up stops with this. */
export class InstallationKeyError extends Error {
  override readonly name = 'InstallationKeyError';
}

export function createSlackInstallations(records: InstallationRecords, box: SecretBox, logger: Logger): SlackInstallations {
  async function read(key: string): Promise<StoredInstallation | undefined> {
    const sealed = await records.get(key);
    if (sealed === undefined) return undefined;
    // The record's key is bound into the seal: an installation copied under another key does not open.
    let json: unknown;
    try {
      json = JSON.parse(box.open(sealed, key));
    } catch (error) {
      if (error instanceof SyntaxError) json = undefined;
      else throw error;
    }
    const parsed = StoredInstallationSchema.safeParse(json);
    if (!parsed.success) {
      logger.error('A stored Slack installation does not read as one; its workspace is treated as not installed until it installs Breakouts again.', { key });
      return undefined;
    }
    return parsed.data;
  }

  async function find(ref: InstallationRef): Promise<StoredInstallation | undefined> {
    const key = installationKey(ref);
    return key ? read(key) : undefined;
  }

  async function remove(ref: InstallationRef): Promise<number> {
    const key = installationKey(ref);
    if (!key) return 0;
    let removed = (await records.delete(key)) ? 1 : 0;
    if (ref.isEnterpriseInstall && ref.enterpriseId) {
      const enterprise = ref.enterpriseId;
      removed += await records.deleteWhere(ORG_TEAM_PREFIX, (record) => {
        try {
          return box.open(record.sealed, record.key) === enterprise;
        } catch {
          return false;
        }
      });
    }
    return removed;
  }

  return {
    async storeInstallation(installation) {
      const key = installationKey({ teamId: installation.team?.id, enterpriseId: installation.enterprise?.id, isEnterpriseInstall: installation.isEnterpriseInstall === true });
      if (!key) throw new Error('Slack sent an installation without a workspace or enterprise id.');
      await records.put(key, PLATFORM, box.seal(JSON.stringify(installation), key));
      logger.info('Slack installation stored.', { key, bot: installation.bot !== undefined });
    },

    async fetchInstallation(query) {
      const found = await find(query);
      if (!found) throw new Error(`No Slack installation for ${installationKey(query) ?? 'this request'}.`);
      return toInstallation(found);
    },

    async deleteInstallation(query: InstallationQuery<boolean>) {
      await remove(query);
    },

    find,
    remove,

    async forTeam(teamId) {
      const own = await read(`${TEAM_PREFIX}${teamId}`);
      if (own) return own;
      const pointerKey = `${ORG_TEAM_PREFIX}${teamId}`;
      const pointer = await records.get(pointerKey);
      if (pointer === undefined) return undefined;
      return read(`${ENTERPRISE_PREFIX}${box.open(pointer, pointerKey)}`);
    },

    async rememberOrgTeam(teamId, enterpriseId) {
      const key = `${ORG_TEAM_PREFIX}${teamId}`;
      await records.put(key, PLATFORM, box.seal(enterpriseId, key));
    },

    async dropUserToken(ref) {
      const key = installationKey(ref);
      const found = key ? await read(key) : undefined;
      if (!key || !found?.user.token) return;
      await records.put(key, PLATFORM, box.seal(JSON.stringify({ ...found, user: { id: found.user.id, scopes: found.user.scopes } }), key));
    },

    async checkKey() {
      const sample = await records.list('slack:', 3);
      for (const record of sample) {
        try {
          box.open(record.sealed, record.key);
        } catch (error) {
          throw new InstallationKeyError(
            `${error instanceof Error ? error.message : String(error)} It failed on the stored Slack installation ${record.key}. If that key is lost, delete the stored installations and install Breakouts into each workspace again through /slack/install.`,
          );
        }
      }
      return sample.length;
    },
  };
}

/** The stored value in @slack/oauth's Installation shape (for its InstallProvider). */
function toInstallation(found: StoredInstallation): Installation {
  return {
    team: found.team ? { id: found.team.id, ...(found.team.name !== undefined ? { name: found.team.name } : {}) } : undefined,
    enterprise: found.enterprise ? { id: found.enterprise.id, ...(found.enterprise.name !== undefined ? { name: found.enterprise.name } : {}) } : undefined,
    user: { id: found.user.id, token: found.user.token, scopes: found.user.scopes },
    ...(found.bot ? { bot: found.bot } : {}),
    isEnterpriseInstall: found.isEnterpriseInstall ?? false,
    ...(found.appId !== undefined ? { appId: found.appId } : {}),
    authVersion: 'v2',
  };
}
