// Every Bolt listener Breakouts has, registered on one app: the /breakouts command, board buttons
// and selects (with the Move dialog), and the Move dialog's person search. They only translate:
// the engine decides, and the shared delivery flow carries out what it answered.
import type { App } from '@slack/bolt';
import { registerBoardActions } from './board-actions.ts';
import { createListenerContext, type ListenerDeps } from './context.ts';
import { registerPersonSearch } from './person-search.ts';
import { registerSlashCommand } from './slash-command.ts';

export type { ListenerDeps } from './context.ts';
export { SLASH_COMMAND } from './slash-command.ts';

export function registerListeners(app: App, deps: ListenerDeps): void {
  const ctx = createListenerContext(deps);
  registerSlashCommand(app, ctx);
  registerBoardActions(app, ctx);
  registerPersonSearch(app, ctx);
  app.error(async (error) => {
    deps.logger.error('Bolt error', { error });
  });
}
