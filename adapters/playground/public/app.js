// The playground page's entry module: keeps the page live (the server's event stream announces
// each change; the page fetches the view and draws it once), turns the controls off while the
// server cannot be reached, and wires the forms. No rules here: the server's view decides.
import { $ } from './dom.js';
import { post, showResult, state } from './actions.js';
import { icon, setAudioChoices } from './icons.js';
import { renderHead, renderTop } from './head.js';
import { setMoveTargets } from './people.js';
import { renderRooms } from './rooms.js';
import { renderFeed, renderInbox, renderYou } from './side.js';
import { renderLive } from './live.js';
import { renderRounds } from './rounds.js';

let fetching = false;
let again = false;

/** Fetch the view and draw it; a change announced meanwhile is fetched right after (never twice at once). */
async function refresh() {
  if (fetching) {
    again = true;
    return;
  }
  fetching = true;
  try {
    do {
      again = false;
      const res = await fetch(`/api/state?as=${encodeURIComponent(state.as)}`);
      if (res.ok) render(await res.json());
    } while (again);
  } catch {
    setOnline(false);
  } finally {
    fetching = false;
  }
}

function render(view) {
  const active = document.activeElement instanceof HTMLElement ? document.activeElement : null;
  const focusKey = active?.dataset.key;
  state.view = view;
  state.limits = view.limits;
  setAudioChoices(view.audioChoices);
  const board = view.board;
  setMoveTargets(board);
  renderTop(board);
  renderHead(board);
  renderLive(view);
  renderRounds(view);
  renderRooms(board);
  renderYou(view);
  renderInbox(view, actAs);
  renderFeed(view);
  // Rows are kept between redraws, so focus usually stays put; a row that was rebuilt or moved
  // gets it back by its key.
  if (focusKey && (!active?.isConnected || document.activeElement !== active)) {
    /** @type {HTMLElement | null} */ (document.querySelector(`[data-key="${CSS.escape(focusKey)}"]`))?.focus();
  }
}

function actAs(id) {
  state.as = id;
  sessionStorage.setItem('breakouts.as', id);
  // The last answer was to the previous person; it would read as this one's.
  showResult({ kind: 'ok', text: '' });
  void refresh();
}

// ---------------------------------------------------------------- live updates and being offline

/** Unknown until the event stream opens or fails. */
let online = null;

/** Offline: every control is off (one disabled fieldset holds them all) and a banner says why. */
function setOnline(value) {
  // Every update says "online": the page is touched only when that changes (a touched page is drawn again).
  if (online === value) return;
  online = value;
  const live = $('live');
  live.dataset.state = value ? 'live' : 'offline';
  live.textContent = value ? 'Live' : 'Reconnecting…';
  /** @type {HTMLFieldSetElement} */ ($('controls')).disabled = !value;
  $('offline').hidden = value;
}

function connect() {
  const events = new EventSource('/events');
  events.addEventListener('open', () => setOnline(true));
  events.addEventListener('update', () => {
    setOnline(true);
    void refresh();
  });
  events.addEventListener('error', () => {
    setOnline(false);
    // The browser retries on its own unless the server answered with something else than the stream.
    if (events.readyState === EventSource.CLOSED) setTimeout(connect, 2000);
  });
  window.addEventListener('pagehide', () => events.close(), { once: true });
}

// ---------------------------------------------------------------- wiring

$('command-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const input = /** @type {HTMLInputElement} */ ($('command-input'));
  void post('/api/command', { text: input.value }).then((reply) => {
    if (reply.ok) input.value = '';
  });
});

$('as-select').addEventListener('change', (event) => actAs(/** @type {HTMLSelectElement} */ (event.target).value));

$('add-many').addEventListener('submit', (event) => {
  event.preventDefault();
  const form = new FormData(/** @type {HTMLFormElement} */ (event.target));
  const num = (name) => Number(form.get(name));
  void post('/api/people', { count: num('count'), mix: { phone: num('phone'), voip: num('voip'), listening: num('listening') } });
});

$('add-one').addEventListener('submit', (event) => {
  const formEl = /** @type {HTMLFormElement} */ (event.target);
  event.preventDefault();
  const form = new FormData(formEl);
  void post('/api/people', { name: String(form.get('name') ?? ''), audio: String(form.get('audio') ?? 'voip') }).then((reply) => {
    if (reply.ok) formEl.reset();
  });
});

let searchTimer;
$('search-input').addEventListener('input', (event) => {
  clearTimeout(searchTimer);
  const value = /** @type {HTMLInputElement} */ (event.target).value.trim().toLowerCase();
  searchTimer = setTimeout(() => {
    state.query = value;
    if (state.view) renderRooms(state.view.board);
  }, 80);
});

function setAllRooms(open) {
  for (const room of state.view?.board?.rooms ?? []) state.open.set(room.number, open);
  if (state.view) renderRooms(state.view.board);
}
$('expand-all').addEventListener('click', () => setAllRooms(true));
$('collapse-all').addEventListener('click', () => setAllRooms(false));

// Static icons of the page shell (the form's audio labels, the offline banner).
for (const el of document.querySelectorAll('[data-icon]')) el.replaceWith(icon(/** @type {HTMLElement} */ (el).dataset.icon ?? ''));

connect();
void refresh();
