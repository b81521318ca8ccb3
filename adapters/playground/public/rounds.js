// Rounds that remember, on the page: the main channel's posts (each round's digest at End), and the
// facilitators' panel (distribute same / new / by size / with facilitators, the room cap, who places
// people, keep together or apart, past rounds and their CSV, a layout to import from a CSV file or
// the paste box). Every control sends the command a person would type; the server's view says what
// is shown, and the engine decides.
import { $, fill, h, plural, signature, time } from './dom.js';
import { confirmFirst, post, showResult, state } from './actions.js';
import { richText } from './icons.js';
import { localTime } from './live.js';

let mainSig = '';
let panelSig = '';

/** The main channel's newest posts (digests), newest first, their lines kept. */
function renderMainChannel(view) {
  const posts = view.board ? view.main : [];
  $('main-channel').hidden = posts.length === 0;
  const sig = signature(posts.map((p) => p.id));
  if (sig === mainSig) return;
  mainSig = sig;
  fill(
    $('main-posts'),
    posts.map((p) =>
      h('li', { class: 'main-post', dataset: { kind: p.kind, post: String(p.id) } }, h('p', { class: 'main-text' }, richText(p.text)), h('time', { datetime: p.at, class: 'muted small' }, time(p.at))),
    ),
  );
}

/** A button that runs a typed command; `pressed` draws a switch's state. */
function commandButton(b, key) {
  return h(
    'button',
    {
      type: 'button',
      class: `btn small ${b.style}`,
      title: `/breakouts ${b.command}`,
      'aria-pressed': b.pressed === undefined ? undefined : String(b.pressed),
      dataset: { key, command: b.command },
      onclick: () => void post('/api/command', { text: b.command }),
    },
    b.label,
  );
}

/** "Round 2 · 09:00–09:15 · 12 people in 3 rooms" (times in this browser's own time zone). */
function roundLine(r) {
  const when = r.endedAt ? `${localTime(r.startedAt)}–${localTime(r.endedAt)}` : `${localTime(r.startedAt)}, going on`;
  return h('li', { dataset: { round: String(r.number) } }, h('strong', {}, `Round ${r.number}`), ` · ${when} · ${plural(r.people, 'person', 'people')} in ${plural(r.rooms, 'room')}`);
}

/** What the folded panel says about itself: "2 rounds · cap 4 · attendees choose · 1 group". */
function panelStatus(panel, mode) {
  return [
    panel.roundCount > 0 ? plural(panel.roundCount, 'round') : '',
    panel.roomCap !== undefined ? `cap ${panel.roomCap}` : '',
    mode === 'choose' ? 'attendees choose' : '',
    panel.constraints.length > 0 ? plural(panel.constraints.length, 'group') : '',
    panel.waitingRows > 0 ? `${panel.waitingRows} waiting to join` : '',
  ]
    .filter(Boolean)
    .join(' · ');
}

function renderPanel(view) {
  const panel = view.board?.roundsPanel;
  $('rounds-panel').hidden = !panel;
  if (!panel) return;
  const sig = signature(panel, view.board.mode);
  if (sig === panelSig) return;
  panelSig = sig;
  $('rounds-status').textContent = panelStatus(panel, view.board.mode);
  fill(
    $('round-submits'),
    panel.distribute.map((b) =>
      h('button', { type: 'submit', class: `btn small ${b.style}`, title: `/breakouts distribute${b.words ? ` ${b.words}` : ''}`, dataset: { key: `round:${b.words}`, words: b.words } }, b.label),
    ),
  );
  fill($('mode-buttons'), panel.mode.map((b) => commandButton(b, `mode:${b.command}`)));
  $('cap-state').textContent = panel.roomCap === undefined ? 'No room cap: rooms take any number.' : `No room takes more than ${panel.roomCap} people.`;
  fill(
    $('groups-list'),
    panel.constraints.length === 0
      ? h('li', { class: 'muted small' }, 'No groups kept together or apart.')
      : [
          panel.constraints.map((c) => h('li', { dataset: { kind: c.kind } }, h('strong', {}, c.kind === 'together' ? 'Together: ' : 'Apart: '), c.names.join(', '))),
          h('li', {}, commandButton({ label: 'Clear all', command: 'constraints clear', style: 'default' }, 'groups:clear')),
        ],
  );
  $('round-count').textContent = panel.roundCount > 0 ? `(${panel.roundCount})` : '';
  fill(
    $('round-list'),
    panel.rounds.length === 0 ? h('li', { class: 'muted small' }, 'No round yet: every Start records one.') : panel.rounds.map(roundLine),
    panel.roundCount > panel.rounds.length ? h('li', { class: 'muted small' }, `and ${panel.roundCount - panel.rounds.length} earlier`) : null,
  );
  fill($('history-buttons'), commandButton(panel.export, 'export'), commandButton({ label: 'List rounds', command: 'rounds', style: 'default' }, 'rounds'));
  $('layout-waiting').textContent = panel.waitingRows > 0 ? `${plural(panel.waitingRows, 'imported row')} ${panel.waitingRows === 1 ? 'waits' : 'wait'} for their person to join.` : '';
}

export function renderRounds(view) {
  renderMainChannel(view);
  renderPanel(view);
}

// ---------------------------------------------------------------- forms (wired once)

// Folded or not, as this person left it (per tab, like who they act as).
const roundsPanel = /** @type {HTMLDetailsElement} */ ($('rounds-panel'));
roundsPanel.open = sessionStorage.getItem('breakouts.rounds-open') === 'true';
roundsPanel.addEventListener('toggle', () => sessionStorage.setItem('breakouts.rounds-open', String(roundsPanel.open)));

$('round-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const submitter = /** @type {HTMLElement | null} */ (/** @type {SubmitEvent} */ (event).submitter);
  const size = /** @type {HTMLInputElement} */ ($('round-size')).value.trim();
  const facilitators = /** @type {HTMLInputElement} */ ($('round-facilitators')).checked;
  const words = ['distribute', submitter?.dataset.words ?? '', size ? `size ${size}` : '', facilitators ? 'facilitators' : ''].filter(Boolean);
  void post('/api/command', { text: words.join(' ') });
});

$('cap-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const input = /** @type {HTMLInputElement} */ ($('cap-input'));
  const cap = input.value.trim();
  if (!cap) {
    input.focus();
    return;
  }
  void post('/api/command', { text: `room-cap ${cap}` }).then((reply) => {
    if (reply.ok) input.value = '';
  });
});
$('cap-off').addEventListener('click', () => void post('/api/command', { text: 'room-cap off' }));

$('groups-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const submitter = /** @type {HTMLElement | null} */ (/** @type {SubmitEvent} */ (event).submitter);
  const input = /** @type {HTMLInputElement} */ ($('groups-input'));
  const people = input.value.trim();
  void post('/api/command', { text: `${submitter?.dataset.command ?? 'together'} ${people}` }).then((reply) => {
    if (reply.ok) input.value = '';
  });
});

/** The engine's answer to an import, kept in the box (the rows it could not match are listed there). */
function showImport(reply) {
  const el = $('layout-result');
  el.hidden = false;
  el.dataset.kind = reply.ok ? (reply.warning ? 'warning' : 'ok') : 'error';
  fill(el, richText(reply.ok ? reply.reply : reply.message));
}

async function importLayout(csv) {
  const limit = state.limits?.layoutChars ?? Infinity;
  if (csv.length > limit) {
    const reply = { ok: false, message: `That file is too large for one import (over ${limit} characters). Split it, or import the rows that matter first.` };
    showResult({ kind: 'error', text: reply.message });
    showImport(reply);
    return reply;
  }
  let reply = await post('/api/layout', { csv });
  // Rooms are open and the layout moves people out of theirs: the engine names them and asks first.
  // The dialog's OK is the go-ahead, so the sentence on how to give it elsewhere is left out.
  if (!reply.ok && reply.code === 'needs-confirmation' && (await confirmFirst(reply.message.replace(/ To go ahead,.*$/s, '')))) reply = await post('/api/layout', { csv, confirm: true });
  if (reply.ok || reply.message) showImport(reply);
  return reply;
}

// A chosen file is imported at once, as a file attached to the command is on Discord.
$('layout-file').addEventListener('change', (event) => {
  const input = /** @type {HTMLInputElement} */ (event.target);
  const file = input.files?.[0];
  if (!file) return;
  void file.text().then(async (csv) => {
    await importLayout(csv);
    // The same file can be chosen again (after fixing the roster, say).
    input.value = '';
  });
});

$('layout-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const text = /** @type {HTMLTextAreaElement} */ ($('layout-text'));
  const csv = text.value.trim();
  if (!csv) {
    text.focus();
    return;
  }
  void importLayout(csv).then((reply) => {
    if (reply.ok) text.value = '';
  });
});
