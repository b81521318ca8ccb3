// A file for the person who asked (the `export` CSV), in their direct messages with Breakouts:
// Slack's upload flow (files.uploadV2: get an upload URL, send the bytes, complete the upload into a
// conversation). Slack only completes an upload into a conversation id (D…), never a user id, so the
// DM is opened first (conversations.open). A refusal becomes a sentence, never a lost reply.
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
