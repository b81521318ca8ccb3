// Files both ways. Out: a file for the person who asked (the `export` CSV), in their direct messages
// with Breakouts, by Slack's upload flow (files.uploadV2: get an upload URL, send the bytes, complete
// the upload into a conversation). Slack only completes an upload into a conversation id (D…), never a
// user id, so the DM is opened first (conversations.open). In: a CSV chosen in a dialog's file input,
// read with the bot token from Slack's file host only. A refusal becomes a sentence, never a lost reply.
import type { webApi } from '@slack/bolt';
import { z } from 'zod';
import type { OutcomeFile } from '../../src/domain/outcome.ts';
import type { Logger } from '../../src/runtime/logger.ts';
import { describeSlackError, slackErrorCode } from './errors.ts';
import { fitMrkdwn } from './limits.ts';

type WebClient = webApi.WebClient;

const OpenResult = z.object({ channel: z.object({ id: z.string().min(1) }) });

/** The scopes each step needs, for the sentence when a workspace installed before them refuses. */
const NEEDED = 'im:write and files:write';

export type FileSent = { readonly ok: true; readonly where: string } | { readonly ok: false; readonly reason: string };

/** Send `file` to `user` in their DM with the app; `note` is the message that comes with it. */
export async function sendFileTo(client: WebClient, user: string, file: OutcomeFile, note: string, logger: Logger): Promise<FileSent> {
  try {
    const opened = OpenResult.parse(await client.conversations.open({ users: user }));
    await client.files.uploadV2({
      channel_id: opened.channel.id,
      filename: file.name,
      title: file.name,
      content: file.content,
      initial_comment: fitMrkdwn(note, 1000),
    });
    return { ok: true, where: `📎 ${file.name} is in your direct messages with Breakouts.` };
  } catch (error) {
    // The reply still goes out: the file is what failed, and the person is told why.
    const code = slackErrorCode(error);
    logger.warn('a file for the person was not sent', { file: file.name, code, error });
    const why = code === 'missing_scope' ? `Slack refused it (missing_scope): reinstall the app so it gets the ${NEEDED} scopes.` : (describeSlackError(error) ?? 'Slack did not take the upload; try again in a moment.');
    return { ok: false, reason: `${file.name} could not be sent. ${why}` };
  }
}

/** files.info's answer: where the file's bytes are (url_private_download, else url_private) and how many. */
const FileInfo = z.object({
  file: z.object({
    name: z.string().max(255).optional(),
    size: z.number().int().nonnegative().optional(),
    url_private: z.string().url().optional(),
    url_private_download: z.string().url().optional(),
  }),
});

export type FileRead = { readonly ok: true; readonly text: string; readonly name: string } | { readonly ok: false; readonly reason: string };

/** How long a download of a shared file may take before the person is told to try again. */
const DOWNLOAD_TIMEOUT_MS = 15_000;

/**
 * Only Slack's own file hosts (and the Web API's host, for GovSlack or a test's fake) ever see the
 * bot token: a URL anywhere else is refused before a byte is sent.
 */
function slackFileHost(url: URL, apiUrl: string): boolean {
  if (url.origin === new URL(apiUrl).origin) return true;
  return url.protocol === 'https:' && (url.hostname === 'files.slack.com' || url.hostname.endsWith('.slack.com') || url.hostname.endsWith('.slack-gov.com'));
}

/** The body, read only up to `max` bytes (a larger file is refused without reading the rest). */
async function readCapped(res: Response, max: number): Promise<Uint8Array | undefined> {
  if (!res.body) return new Uint8Array();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of res.body) {
    total += chunk.byteLength;
    if (total > max) {
      await res.body.cancel().catch(() => undefined);
      return undefined;
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/**
 * The text of a file someone shared with Breakouts (a CSV chosen in a dialog's file input): its
 * address from files.info (files:read), then its bytes with the bot token, as UTF-8 text of at
 * most `maxBytes`. Every way this can fail is a sentence saying what to do.
 */
export async function readSharedFile(client: WebClient, fileId: string, maxBytes: number, logger: Logger): Promise<FileRead> {
  const tooBig = `is larger than ${Math.round(maxBytes / 1000)} KB: split it, or import the rest with a second file`;
  let info: z.infer<typeof FileInfo>['file'];
  try {
    info = FileInfo.parse(await client.files.info({ file: fileId })).file;
  } catch (error) {
    const code = slackErrorCode(error);
    logger.warn('a shared file could not be looked up', { file: fileId, code, error });
    const why = code === 'missing_scope' ? 'Slack refused it (missing_scope): reinstall the app so it gets the files:read scope.' : (describeSlackError(error) ?? 'Slack did not say where the file is; try again in a moment.');
    return { ok: false, reason: `The file could not be read. ${why}` };
  }
  const name = info.name ?? 'the file';
  if (info.size !== undefined && info.size > maxBytes) return { ok: false, reason: `${name} ${tooBig}.` };
  const where = info.url_private_download ?? info.url_private;
  const url = where === undefined ? undefined : new URL(where);
  if (!url || !slackFileHost(url, client.slackApiUrl)) {
    logger.warn('a shared file is not on a Slack file host', { file: fileId, host: url?.host });
    return { ok: false, reason: `${name} could not be read: Slack gave no address for it on its own file host. Paste the layout instead.` };
  }
  try {
    // Redirects are not followed: Slack answers a token without files:read with a sign-in page elsewhere.
    const res = await fetch(url, { headers: { authorization: `Bearer ${client.token ?? ''}` }, redirect: 'manual', signal: AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS) });
    const type = res.headers.get('content-type') ?? '';
    if (res.status !== 200 || type.startsWith('text/html')) {
      await res.body?.cancel().catch(() => undefined);
      logger.warn('a shared file was not handed over', { file: fileId, status: res.status, type });
      return { ok: false, reason: `${name} could not be read: Slack did not hand it over (HTTP ${res.status}). If this keeps happening, reinstall the app so it gets the files:read scope, or paste the layout instead.` };
    }
    const bytes = await readCapped(res, maxBytes);
    if (!bytes) return { ok: false, reason: `${name} ${tooBig}.` };
    try {
      return { ok: true, name, text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
    } catch {
      return { ok: false, reason: `${name} is not UTF-8 text. Save it as “CSV UTF-8” and try again.` };
    }
  } catch (error) {
    logger.warn('a shared file could not be downloaded', { file: fileId, error });
    return { ok: false, reason: `${name} could not be downloaded from Slack in time; try again in a moment.` };
  }
}
