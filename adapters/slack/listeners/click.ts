// A click on a Breakouts button or select, in the engine's terms: the decoded action id, the
// meeting it names and where it was clicked (the engine decides whether the button may be used
// there), who clicked, and how to answer them. Board actions and the Move dialog read clicks so.
import type { ActionRef } from '../../../src/commands/action-id.ts';
import type { Actor, ClickOrigin, CommandName, EngineRequest, Target } from '../../../src/engine/engine.ts';
import { actionIdentity, parseModalMetadata, type BlockActionsPayload } from '../payloads.ts';
import type { Reply } from './context.ts';

export interface Click {
  readonly payload: BlockActionsPayload;
  /** The workspace (team) it came from: its token answers it. */
  readonly team: string;
  readonly ref: ActionRef;
  readonly target: Target;
  readonly actor: Actor;
  readonly reply: Reply;
  /** The channel clicked in; in the Move dialog, the one it was opened from. */
  readonly channelId: string | undefined;
  /** On the person's own copy (an ephemeral message), which an answer may replace. */
  readonly ephemeral: boolean;
  /** What the person picked in a select. */
  readonly chosen: string | undefined;
  /** The same on every delivery of this click, so a retried one changes nothing. */
  readonly requestId: string | undefined;
}

export function readClick(payload: BlockActionsPayload, ref: ActionRef, reply: Reply): Click {
  const meta = payload.view ? parseModalMetadata(payload.view.private_metadata) : undefined;
  const channelId = payload.channel?.id ?? meta?.c;
  const ephemeral = payload.container?.is_ephemeral === true;
  // With an org-wide install Slack sends no team; the person's own workspace is the one.
  const team = payload.team?.id ?? payload.user.team_id ?? '';
  // A DM's channel id starts with D: a click there, like one on an ephemeral copy, is personal.
  // Slack names the workspace of a DM too, and the engine checks it; a DM click that names none is
  // one outside any workspace's channels (only a DM's own buttons, such as "I'll go", work there).
  const origin: ClickOrigin | undefined = channelId
    ? { platform: 'slack', ...(team ? { workspaceId: team } : {}), channelId, personal: ephemeral || channelId.startsWith('D') }
    : undefined;
  return {
    payload,
    team,
    ref,
    target: origin ? { meetingId: ref.meetingId, origin } : { meetingId: ref.meetingId },
    actor: { id: payload.user.id, name: payload.user.name ?? payload.user.username ?? payload.user.id },
    reply,
    channelId,
    ephemeral,
    chosen: payload.actions[0]?.selected_option?.value,
    requestId: actionIdentity(payload),
  };
}

/** The engine request a click makes; `version` when it acts on what the board showed. */
export function clickRequest(click: Click, command: CommandName, input: unknown, options: { readonly actor?: Actor; readonly version?: number } = {}): EngineRequest {
  return {
    target: click.target,
    actor: options.actor ?? click.actor,
    command,
    input,
    ...(options.version !== undefined ? { version: options.version } : {}),
    ...(click.requestId ? { requestId: click.requestId } : {}),
  };
}
