// The head of the board: title, counts, actions, progress, warnings and the audio key, and the
// top bar's status and summary. Redrawn only when what they show changes.
import { $, fill, h, plural, signature } from './dom.js';
import { actionButton, buttonLook, updateButtons } from './actions.js';
import { audioIcon, richText } from './icons.js';

/** " · phone rooms 1–7"; nothing before there are rooms. */
function phoneRoomsText(n) {
  return n === 0 ? '' : n === 1 ? ' · phone room 1' : ` · phone rooms 1–${n}`;
}

let headSig = '';
const actionKey = (a) => `action:${a.verb}`;

export function renderHead(board) {
  const head = $('board-head');
  // The action ids change with every version; the buttons are redrawn only when they look different.
  if (board) updateButtons(board.actions, actionKey);
  const sig = board ? signature({ ...board, actions: board.actions.map(buttonLook), rooms: null, main: null, moveTargets: null, version: null, meetingId: null, live: null, roundsPanel: null }) : 'none';
  if (sig === headSig) return;
  headSig = sig;
  if (!board) {
    head.replaceChildren(
      h(
        'div',
        { class: 'card empty' },
        h('h2', {}, 'No meeting in this channel yet'),
        h(
          'p',
          {},
          'Add some ',
          h('a', { href: '#add-panel' }, 'simulated attendees'),
          ' ',
          // The side panel is on the right in a wide window and below the board in a narrow one.
          h('span', { class: 'where-wide' }, 'on the right'),
          h('span', { class: 'where-narrow' }, 'below'),
          ' (you are the host, so you become the facilitator), then press Distribute. Or type ',
          h('code', {}, 'distribute'),
          ' above.',
        ),
      ),
    );
    return;
  }
  const progress = board.progress;
  head.replaceChildren(
    h(
      'div',
      { class: 'card board-card' },
      h(
        'div',
        { class: 'board-title' },
        h('h1', {}, board.title),
        h('span', { class: 'muted' }, `${plural(board.counts.total, 'person', 'people')} · ${plural(board.roomCount, 'room')}${phoneRoomsText(board.phoneRooms)}${board.dialIn ? ` · dial-in ${board.dialIn}` : ''}`),
      ),
      board.actions.length > 0 ? h('div', { class: 'button-row actions', role: 'toolbar', 'aria-label': 'Board actions' }, board.actions.map((a) => actionButton(a, actionKey(a)))) : null,
      progress
        ? h(
            'div',
            { class: 'progress', dataset: { kind: progress.kind, finished: String(progress.finished) } },
            h('label', { for: 'run-progress' }, `${progress.label}: ${progress.done} of ${progress.total} steps${progress.failed ? ` (${progress.failed} failed)` : ''}`),
            h('progress', { id: 'run-progress', max: Math.max(progress.total, 1), value: progress.total === 0 ? 1 : progress.done + progress.failed }),
            progress.notes.map((n) => h('p', { class: 'small muted' }, richText(n))),
          )
        : null,
      board.mode === 'choose' ? h('p', { id: 'mode-note', class: 'mode-note small' }, 'Attendees choose their own room (“Choose your room” under “You are”); facilitators can still move anyone.') : null,
      // How many pairs meet again after distribute same or new, beside what a random shuffle would give.
      board.repeats ? h('p', { id: 'repeats', class: 'repeats' }, board.repeats) : null,
      board.warnings.length > 0 ? h('ul', { class: 'warnings', 'aria-label': 'Warnings' }, board.warnings.map((w) => h('li', {}, richText(w)))) : null,
      h('p', { class: 'key small' }, h('strong', {}, 'Key '), board.key.map((k) => h('span', { class: 'key-item' }, audioIcon(k.audio, ''), k.label))),
    ),
  );
}

export function renderTop(board) {
  const status = $('status');
  status.dataset.status = board ? board.status : 'none';
  status.textContent = board ? board.statusLabel : 'No meeting yet';
  fill(
    $('summary'),
    board
      ? [
          `${board.counts.total} people · ${board.counts.placed} placed · `,
          h('span', { class: 'mix' }, ['phone', 'voip', 'listening'].map((audio) => h('span', { class: 'mix-item' }, audioIcon(audio), String(board.counts[audio])))),
          board.conflictCount ? ` · ${plural(board.conflictCount, 'conflict')}` : '',
        ]
      : null,
  );
  const boardEl = $('board');
  boardEl.dataset.version = board ? String(board.version) : '';
  boardEl.dataset.status = board ? board.status : 'none';
  $('board-tools').hidden = !board || board.counts.total === 0;
}

