// Every Bolt listener Breakouts has, registered on one app: the /breakouts command, board buttons
// and selects (with the Move dialog), the Move dialog's person search and the layout import dialog.
// They only translate: the engine decides, and the shared delivery flow carries out what it answered.
import type { App, CodedError } from '@slack/bolt';
import { registerBoardActions } from './board-actions.ts';
import { createListenerContext, type ListenerDeps } from './context.ts';
import { registerImportDialog } from './import-layout.ts';
import { registerPersonSearch } from './person-search.ts';
import { registerSlashCommand } from './slash-command.ts';

export type { ListenerDeps } from './context.ts';
export { SLASH_COMMAND } from './slash-command.ts';

export interface ListenerOptions {
  /**
   * A request Bolt could not authorize (OAuth: no installation for its workspace). Bolt runs no
   * listener for it; this says so once, clearly, and tells the person.
   */
  readonly authorizeFailed?: (error: CodedError, body: unknown) => Promise<void>;
}

/** Bolt's code for a failed authorize (its ErrorCode.AuthorizationError). */
const AUTHORIZATION_ERROR = 'slack_bolt_authorization_error';

export function registerListeners(app: App, deps: ListenerDeps, options: ListenerOptions = {}): void {
  const ctx = createListenerContext(deps);
  registerSlashCommand(app, ctx);
  registerBoardActions(app, ctx);
  registerPersonSearch(app, ctx);
  registerImportDialog(app, ctx);
  // Extended (the App is made with extendedErrorHandler): the request's body comes with the error.
  app.error(async ({ error, body }: { readonly error: CodedError; readonly body: unknown }) => {
    if (error.code === AUTHORIZATION_ERROR && options.authorizeFailed) {
      await options.authorizeFailed(error, body).catch((again: unknown) => deps.logger.error('Bolt error', { error: again }));
      return;
    }
    deps.logger.error('Bolt error', { error });
  });
}
