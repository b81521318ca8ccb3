// Reads the file a person attached to a slash command (the layout CSV of import-layout): fetched
// only from the URL Discord gave for that attachment, only from Discord's CDN (or the host the
// REST client is pointed at, DISCORD_API_URL), never following a redirect, and never more than a
// set number of bytes. What cannot be read is a sentence for the person, not a crash.
import { z } from 'zod';

/** Where Discord serves attachments. */
const DISCORD_CDN_HOSTS: readonly string[] = ['cdn.discordapp.com', 'media.discordapp.net'];
/** A download that has not finished by then is given up. */
const DOWNLOAD_TIMEOUT_MS = 10_000;

/** An attachment as the interaction's resolved data describes it. */
export const AttachmentSchema = z.object({
  url: z.url(),
  name: z.string().max(1024),
  /** Bytes, as Discord says: checked before anything is fetched. */
  size: z.number().int().min(0),
});
export type AttachmentRef = z.infer<typeof AttachmentSchema>;

export type Downloaded = { readonly ok: true; readonly text: string } | { readonly ok: false; readonly message: string };

export interface DownloadOptions {
  readonly maxBytes: number;
  /** Besides Discord's CDN: the host of the REST base URL (a test's loopback fake, or a proxy). */
  readonly apiUrl?: string;
  readonly timeoutMs?: number;
}

/** A URL, or null (URL.parse is newer than the Node versions Breakouts supports). */
function parseUrl(text: string): URL | null {
  try {
    return new URL(text);
  } catch {
    return null;
  }
}

const kb = (bytes: number): string => `${Math.ceil(bytes / 1024)} KB`;

/** The attachment's text (UTF-8), or why it could not be read. */
export async function downloadAttachment(attachment: AttachmentRef, options: DownloadOptions): Promise<Downloaded> {
  const { maxBytes } = options;
  const tooBig: Downloaded = { ok: false, message: `${attachment.name} is larger than Breakouts reads (${kb(maxBytes)}). Split the layout into smaller files.` };
  if (attachment.size > maxBytes) return tooBig;
  const url = parseUrl(attachment.url);
  const api = options.apiUrl ? parseUrl(options.apiUrl) : null;
  const fromCdn = url?.protocol === 'https:' && DISCORD_CDN_HOSTS.includes(url.host);
  const fromApi = api !== null && url?.protocol === api.protocol && url.host === api.host;
  if (!url || (!fromCdn && !fromApi)) {
    return { ok: false, message: 'That attachment is not on Discord’s servers, so Breakouts did not open it. Attach the CSV file itself.' };
  }
  let response: Response;
  try {
    response = await fetch(url, { redirect: 'error', signal: AbortSignal.timeout(options.timeoutMs ?? DOWNLOAD_TIMEOUT_MS) });
  } catch {
    return { ok: false, message: `Breakouts could not download ${attachment.name} from Discord. Try again in a moment.` };
  }
  if (!response.ok || !response.body) {
    await response.body?.cancel();
    return { ok: false, message: `Discord did not hand over ${attachment.name} (HTTP ${response.status}). Try attaching it again.` };
  }
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = response.body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      // Whatever the declared size said: reading stops at the limit.
      if (total > maxBytes) {
        await reader.cancel();
        return tooBig;
      }
      chunks.push(value);
    }
  } catch {
    return { ok: false, message: `Breakouts could not download ${attachment.name} from Discord. Try again in a moment.` };
  }
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(chunks));
    return { ok: true, text: text.replace(/^\uFEFF/, '') };
  } catch {
    return { ok: false, message: `${attachment.name} is not a text file (UTF-8). Save the layout as CSV (UTF-8) and attach that.` };
  }
}
