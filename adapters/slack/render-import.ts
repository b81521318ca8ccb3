// The layout import dialog (a CSV file or a pasted layout) and what it shows once submitted; its
// ids are read back by listeners/import-layout.ts (and intake.ts) when the dialog is submitted.
import { fitMrkdwn, SLACK_LIMITS as L } from './limits.ts';
import { fit } from '../../src/domain/text.ts';
import { mrkdwn, plain, type Block, type ModalView } from './render-blocks.ts';

export const IMPORT_CALLBACK = 'breakouts-import';
export const IMPORT_FILE_BLOCK = 'layout-file';
export const IMPORT_FILE_INPUT = 'file';
export const IMPORT_BLOCK = 'layout';
export const IMPORT_INPUT = 'csv';
export const IMPORT_CONFIRM_BLOCK = 'layout-confirm';
export const IMPORT_CONFIRM_INPUT = 'confirm';
/** Slack's cap on a plain_text_input (longer layouts: choose the CSV file instead). */
export const IMPORT_PASTE_MAX = L.textInput;
const IMPORT_HELP =
  'One row per person: `email` (or `id` or `name`), `room`, and optionally `audio` (phone, voip or listening), with a header row. Choose the CSV file, or paste it for a short layout. People land in their room the moment they join; rows that match nobody are listed, never fatal.';

/** What the import dialog carries: the channel it was opened from (its meeting). */
export interface ImportModalState {
  readonly channelId: string;
  /** The text to show again (after a refusal), and what went wrong with it. */
  readonly csv?: string;
  readonly note?: string;
  /** Rooms are open: the dialog offers the go-ahead to move people who are in a room now. */
  readonly live?: boolean;
}

/** The import dialog: a CSV file input, or a multiline paste box; while rooms are open, the go-ahead to move people. */
export function renderImportModal(state: ImportModalState): ModalView {
  const blocks: Block[] = [];
  if (state.note) blocks.push({ type: 'section', text: mrkdwn(`⚠️ ${fitMrkdwn(state.note, 2000)}`) });
  blocks.push({ type: 'section', text: mrkdwn(IMPORT_HELP) });
  blocks.push({
    type: 'input',
    block_id: IMPORT_FILE_BLOCK,
    optional: true,
    label: plain('CSV file', L.inputLabel),
    element: { type: 'file_input', action_id: IMPORT_FILE_INPUT, filetypes: ['csv', 'txt'], max_files: 1 },
  });
  blocks.push({
    type: 'input',
    block_id: IMPORT_BLOCK,
    optional: true,
    label: plain('…or paste the layout', L.inputLabel),
    element: {
      type: 'plain_text_input',
      action_id: IMPORT_INPUT,
      multiline: true,
      max_length: IMPORT_PASTE_MAX,
      placeholder: plain('email,room,audio\nana@example.com,1,voip\nBo Chen,2', L.placeholder),
      ...(state.csv ? { initial_value: state.csv.slice(0, IMPORT_PASTE_MAX) } : {}),
    },
  });
  if (state.live) {
    blocks.push({
      type: 'input',
      block_id: IMPORT_CONFIRM_BLOCK,
      optional: true,
      label: plain('Rooms are open', L.inputLabel),
      element: {
        type: 'checkboxes',
        action_id: IMPORT_CONFIRM_INPUT,
        options: [{ text: plain('Move people now', L.optionText), value: 'confirm', description: plain('Moves them at once; phone callers are sent what to dial', L.optionText) }],
      },
    });
  }
  return {
    type: 'modal',
    callback_id: IMPORT_CALLBACK,
    title: plain('Import a layout', L.modalTitle),
    submit: plain('Import', L.modalButton),
    close: plain('Cancel', L.modalButton),
    private_metadata: fit(JSON.stringify({ c: state.channelId, r: 0 }), L.privateMetadata),
    blocks,
  };
}

/** The import dialog once submitted: first "importing…", then what the import did (or why not). */
export function renderImportResult(text: string): ModalView {
  return {
    type: 'modal',
    callback_id: IMPORT_CALLBACK,
    title: plain('Import a layout', L.modalTitle),
    close: plain('Done', L.modalButton),
    blocks: [{ type: 'section', text: mrkdwn(fitMrkdwn(text, L.sectionText)) }],
  };
}
