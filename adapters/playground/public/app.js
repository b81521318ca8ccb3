// The playground page's browser module: draws the JSON view the server renders from the engine's
// board, sends commands and action ids back, and redraws on every server-sent update. No rules here.

const $ = (id) => /** @type {HTMLElement} */ (document.getElementById(id));

/** The server's limits table (PLAYGROUND_LIMITS.page), sent with every view. */
let LIMITS;

const state = {
  // Per tab, so two tabs can be two people (the host in one, an attendee in the other).
  as: sessionStorage.getItem('breakouts.as') || 'host',
  view: null,
  /** Room number → open, once the person has toggled it (otherwise the size decides). */
  open: new Map(),
  /** Main-room names shown; until "Show more", the limits table decides. */
  mainShown: 0,
  query: '',
  fetching: false,
  again: false,
};

/** Create an element: h('button', {class: 'btn', onclick}, 'text', child…). */
function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on')) el.addEventListener(key.slice(2), value);
    else if (key === 'class') el.className = value;
    else if (key === 'dataset') Object.assign(el.dataset, value);
    else if (key in el && typeof value !== 'string') el[key] = value;
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

function time(iso) {
  return new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

function plural(n, one, many = `${one}s`) {
  return `${n} ${n === 1 ? one : many}`;
}

// ---------------------------------------------------------------- talking to the server

async function post(path, body) {
  try {
    const res = await fetch(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ as: state.as, ...body }) });
    const reply = await res.json();
    showResult(reply.ok ? { ok: true, text: reply.reply } : { ok: false, text: reply.message });
    return reply;
  } catch {
    showResult({ ok: false, text: 'The playground server is not answering. Is `npm start` still running?' });
    return { ok: false };
  } finally {
    void refresh();
  }
}

async function refresh() {
  if (state.fetching) {
    state.again = true;
    return;
  }
  state.fetching = true;
  try {
    do {
      state.again = false;
      const res = await fetch(`/api/state?as=${encodeURIComponent(state.as)}`);
      if (res.ok) render(await res.json());
    } while (state.again);
  } catch {
    setLive('offline');
  } finally {
    state.fetching = false;
  }
}

function setLive(mode) {
  const el = $('live');
  el.dataset.state = mode;
  el.textContent = mode === 'live' ? 'Live' : mode === 'offline' ? 'Reconnecting…' : 'Connecting…';
}

function connect() {
  const events = new EventSource('/events');
  events.addEventListener('open', () => setLive('live'));
  events.addEventListener('update', () => {
    setLive('live');
    void refresh();
  });
  events.addEventListener('error', () => setLive('offline'));
  window.addEventListener('pagehide', () => events.close());
}

function showResult({ ok, text }) {
  const el = $('result');
  if (!text) {
    el.hidden = true;
    return;
  }
  el.hidden = false;
  el.dataset.kind = ok ? 'ok' : 'error';
  el.replaceChildren(
    h('span', { class: 'result-icon', 'aria-hidden': 'true' }, ok ? '✓' : '!'),
    h('span', { class: 'result-text' }, ok ? '' : 'Not done: ', text),
    h('button', { type: 'button', class: 'result-close', 'aria-label': 'Dismiss this answer', onclick: () => showResult({ ok: true, text: '' }) }, '×'),
  );
}

/** The confirm question of actions that affect everyone, in a real modal dialog. */
function confirmFirst(question) {
  const dialog = /** @type {HTMLDialogElement} */ ($('confirm'));
  $('confirm-text').textContent = question;
  return new Promise((resolve) => {
    const done = (answer) => {
      $('confirm-ok').removeEventListener('click', yes);
      $('confirm-cancel').removeEventListener('click', no);
      dialog.removeEventListener('cancel', no);
      dialog.close();
      resolve(answer);
    };
    const yes = () => done(true);
    const no = () => done(false);
    $('confirm-ok').addEventListener('click', yes);
    $('confirm-cancel').addEventListener('click', no);
    dialog.addEventListener('cancel', no);
    dialog.showModal();
    $('confirm-ok').focus();
  });
}

async function press(button) {
  if (button.verb === 'move-open') {
    const search = $('search-input');
    search.focus();
    showResult({ ok: true, text: 'Find the person, then pick their room in the list next to their name.' });
    return;
  }
  if (button.confirm && !(await confirmFirst(button.confirm))) return;
  await post('/api/action', { actionId: button.id });
}

function actionButton(button, key) {
  return h(
    'button',
    {
      type: 'button',
      class: `btn ${button.style}`,
      dataset: { key, verb: button.verb },
      'aria-pressed': button.pressed === undefined ? undefined : String(button.pressed),
      onclick: () => void press(button),
    },
    button.label,
  );
}

// ---------------------------------------------------------------- drawing

let moveTemplate = h('select');
let moveLabels = new Map();

/**
 * A room select per person. It holds only the current room until it is focused or pressed: at
 * 1,000 people, 1,000 full selects take seconds to lay out; this way a redraw stays fast.
 */
function moveSelect(person, keyPrefix = 'move') {
  // The key brings focus back after a redraw; the search list's copy has its own, so focus stays where the person was working.
  const select = h(
    'select',
    { class: 'move', 'aria-label': `Move ${person.name} to`, dataset: { key: `${keyPrefix}:${person.id}`, moveFor: person.id } },
    h('option', { value: person.room }, moveLabels.get(person.room) ?? person.room),
  );
  const fill = () => {
    if (select.options.length > 1) return;
    select.replaceChildren(.../** @type {HTMLSelectElement} */ (moveTemplate.cloneNode(true)).children);
    select.value = person.room;
  };
  select.addEventListener('focus', fill);
  select.addEventListener('pointerdown', fill);
  select.addEventListener('change', () => {
    void post('/api/action', { actionId: person.moveId, value: select.value });
  });
  return select;
}

function personRow(person, room) {
  const q = state.query;
  const match = q !== '' && person.name.toLowerCase().includes(q);
  return h(
    'li',
    { class: `person${person.conflict ? ' in-conflict' : ''}${match ? ' match' : ''}`, dataset: { person: person.id, audio: person.audio } },
    h('span', { class: 'icon', role: 'img', title: person.audio, 'aria-label': person.audio }, person.icon),
    h('span', { class: 'name' }, person.name),
    person.role === 'facilitator' ? h('span', { class: 'badge role' }, 'facilitator') : null,
    person.waiting ? h('span', { class: 'waiting' }, person.waiting) : null,
    person.moveId ? moveSelect({ ...person, room }) : null,
  );
}

function mixText(counts) {
  return [counts.phone ? `📞 ${counts.phone}` : '', counts.voip ? `💻 ${counts.voip}` : '', counts.listening ? `🎧 ${counts.listening}` : ''].filter(Boolean).join('  ');
}

/** Large meetings start collapsed, except rooms in conflict: their red reason must be seen. */
function isOpen(room, total) {
  if (state.open.has(room.number)) return state.open.get(room.number);
  return Boolean(room.conflict) || total <= LIMITS.collapseAbove;
}

function roomBody(room) {
  return h(
    'div',
    { class: 'room-body' },
    room.conflict ? h('p', { class: 'conflict-reason' }, room.conflict) : null,
    room.warnings.map((w) => h('p', { class: 'room-warning' }, w)),
    room.people.length === 0 ? h('p', { class: 'muted small' }, 'Nobody here yet.') : h('ul', { class: 'people' }, room.people.map((p) => personRow(p, String(room.number)))),
  );
}

function roomCard(room, total, matches) {
  const open = isOpen(room, total);
  const details = h('details', {
    class: `room${room.conflict ? ' conflict' : ''}${matches ? ' has-match' : ''}`,
    open,
    dataset: { room: String(room.number), conflict: room.conflict ? 'true' : 'false', size: String(room.size) },
  });
  const summary = h(
    'summary',
    { dataset: { key: `room:${room.number}` } },
    h('span', { class: 'room-no' }, String(room.number)),
    h('span', { class: 'room-name' }, room.name),
    h('span', { class: 'room-meta' }, h('span', { class: 'count', title: 'people in this room' }, plural(room.size, 'person', 'people')), h('span', { class: 'mix' }, mixText(room.counts))),
    h(
      'span',
      { class: 'badges' },
      room.conflict ? h('span', { class: 'badge danger' }, 'Audio conflict') : null,
      room.warnings.length > 0 && !room.conflict ? h('span', { class: 'badge warn', title: room.warnings.join(' ') }, '⚠') : null,
      room.phoneAllowed ? h('span', { class: 'badge phone', title: 'Phone attendees may use this room' }, '📞 ok') : null,
      matches ? h('span', { class: 'badge found' }, `${matches} found`) : null,
    ),
  );
  details.append(summary);
  if (open) details.append(roomBody(room));
  details.addEventListener('toggle', () => {
    // Drawing a room open fires a toggle too; only a change from what was drawn is the person's
    // choice, so rooms still collapse when the meeting grows past the limit.
    if (details.open !== isOpen(room, total)) state.open.set(room.number, details.open);
    const body = details.querySelector('.room-body');
    if (details.open && !body) details.append(roomBody(room));
  });
  return details;
}

/** " · phone rooms 1–7"; nothing before there are rooms. */
function phoneRoomsText(n) {
  return n === 0 ? '' : n === 1 ? ' · phone room 1' : ` · phone rooms 1–${n}`;
}

function renderHead(board) {
  const head = $('board-head');
  if (!board) {
    head.replaceChildren(
      h(
        'div',
        { class: 'card empty' },
        h('h2', {}, 'No meeting in this channel yet'),
        h('p', {}, 'Add some simulated attendees on the right (you are the host, so you become the facilitator), then press Distribute. Or type ', h('code', {}, 'distribute'), ' above.'),
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
      board.actions.length > 0 ? h('div', { class: 'button-row actions', role: 'toolbar', 'aria-label': 'Board actions' }, board.actions.map((a) => actionButton(a, `action:${a.verb}`))) : null,
      progress
        ? h(
            'div',
            { class: 'progress', dataset: { kind: progress.kind, finished: String(progress.finished) } },
            h('label', { for: 'run-progress' }, `${progress.label}: ${progress.done} of ${progress.total} steps${progress.failed ? ` (${progress.failed} failed)` : ''}`),
            h('progress', { id: 'run-progress', max: Math.max(progress.total, 1), value: progress.total === 0 ? 1 : progress.done + progress.failed }),
            progress.notes.map((n) => h('p', { class: 'small muted' }, n)),
          )
        : null,
      board.warnings.length > 0 ? h('ul', { class: 'warnings', 'aria-label': 'Warnings' }, board.warnings.map((w) => h('li', {}, w))) : null,
      h('p', { class: 'key small' }, h('strong', {}, 'Key '), board.key.map((k) => h('span', { class: 'key-item' }, `${k.icon} ${k.label}`))),
    ),
  );
}

function renderSearch(board) {
  const all = board ? [...board.rooms.flatMap((r) => r.people.map((p) => ({ person: p, room: r }))), ...board.main.map((p) => ({ person: p, room: null }))] : [];
  const q = state.query;
  const found = q === '' ? [] : all.filter(({ person }) => person.name.toLowerCase().includes(q));
  $('search-count').textContent = q === '' ? '' : found.length === 0 ? 'Nobody by that name.' : `${plural(found.length, 'match', 'matches')}`;
  const list = found.slice(0, LIMITS.searchResults).map(({ person, room }) =>
    h(
      'li',
      { class: 'person match', dataset: { person: person.id, audio: person.audio } },
      h('span', { class: 'icon', role: 'img', title: person.audio, 'aria-label': person.audio }, person.icon),
      h('span', { class: 'name' }, person.name),
      h('span', { class: 'where muted' }, room ? `in ${room.number} · ${room.name}` : 'in the main room'),
      room
        ? h(
            'button',
            {
              type: 'button',
              class: 'btn small',
              dataset: { key: `show:${person.id}` },
              onclick: () => {
                state.open.set(room.number, true);
                renderRooms(state.view.board);
                const card = document.querySelector(`details[data-room="${room.number}"]`);
                card?.scrollIntoView({ block: 'center' });
                card?.querySelector('summary')?.focus();
              },
            },
            'Show room',
          )
        : null,
      person.moveId ? moveSelect({ ...person, room: room ? String(room.number) : 'main' }, 'found-move') : null,
    ),
  );
  $('search-results').replaceChildren(
    found.length > 0
      ? h(
          'div',
          { class: 'card search-results' },
          h('ul', { class: 'people', 'aria-label': 'Search results' }, list),
          found.length > LIMITS.searchResults ? h('p', { class: 'small muted' }, `Showing ${LIMITS.searchResults} of ${found.length}: type more of the name.`) : null,
        )
      : '',
  );
  const perRoom = new Map();
  for (const { room } of found) if (room) perRoom.set(room.number, (perRoom.get(room.number) ?? 0) + 1);
  return perRoom;
}

function renderRooms(board) {
  const matches = renderSearch(board);
  const rooms = board ? board.rooms : [];
  $('rooms').replaceChildren(...rooms.map((r) => roomCard(r, board.counts.total, matches.get(r.number) ?? 0)));
}

function renderMain(board) {
  if (!board) {
    $('main-room').replaceChildren();
    return;
  }
  const people = board.main;
  const shown = people.slice(0, Math.max(state.mainShown, LIMITS.mainRoomNames));
  $('main-room').replaceChildren(
    h(
      'section',
      { class: 'card main-room', dataset: { room: 'main' }, 'aria-labelledby': 'main-room-title' },
      h('h2', { id: 'main-room-title' }, 'Main room ', h('span', { class: 'count' }, plural(people.length, 'person', 'people'))),
      board.suggestAddRoom ? h('p', { class: 'room-warning' }, 'Some people could not be placed: adding a room lets Distribute place them.') : null,
      people.length === 0 ? h('p', { class: 'muted small' }, 'Everyone is in a breakout room.') : h('ul', { class: 'people' }, shown.map((p) => personRow(p, 'main'))),
      people.length > shown.length
        ? h(
            'button',
            {
              type: 'button',
              class: 'btn small',
              dataset: { key: 'main-more' },
              onclick: () => {
                state.mainShown = shown.length + LIMITS.mainRoomNames * 5;
                renderMain(state.view.board);
              },
            },
            `Show ${Math.min(LIMITS.mainRoomNames * 5, people.length - shown.length)} more of ${people.length}`,
          )
        : null,
    ),
  );
}

let shownRoster = '';

function renderYou(view) {
  const select = /** @type {HTMLSelectElement} */ ($('as-select'));
  // Rebuilt only when the roster changed, so an open list is not closed under the pointer.
  const roster = view.people.map((p) => `${p.id}\t${p.label}`).join('\n');
  if (shownRoster !== roster) {
    select.replaceChildren(...view.people.map((p) => h('option', { value: p.id }, p.label)));
    shownRoster = roster;
  }
  select.value = view.you.id;
  if (state.as !== view.you.id) {
    state.as = view.you.id;
    sessionStorage.setItem('breakouts.as', state.as);
  }
  const you = view.you;
  const audio = view.audioChoices.find((c) => c.audio === you.audio);
  $('you-info').textContent = you.onRoster
    ? `${you.role === 'facilitator' ? 'Facilitator' : 'Attendee'} · ${audio ? `${audio.icon} ${audio.label}` : you.audio} · in ${you.where}`
    : view.board
      ? 'Not on the roster yet: press Join.'
      : 'There is no meeting yet.';
  $('you-actions').replaceChildren(...you.actions.map((a, i) => actionButton(a, `you:${a.verb}:${i}`)));
}

function renderInbox(view) {
  $('inbox-title').textContent = `Inbox of ${view.you.name}${view.inbox.length ? ` (${view.inbox.length})` : ''}`;
  $('inbox').replaceChildren(
    view.inbox.length === 0
      ? h('p', { class: 'muted small' }, 'No direct messages.')
      : h(
          'ol',
          { class: 'inbox', 'aria-label': 'Direct messages' },
          view.inbox.map((m) =>
            h(
              'li',
              { class: 'dm', dataset: { kind: m.kind, message: String(m.id) } },
              h('div', { class: 'dm-head' }, h('strong', {}, m.title), h('time', { datetime: m.at, class: 'muted small' }, time(m.at))),
              h('p', { class: 'dm-text' }, m.text),
              m.button
                ? h(
                    'button',
                    {
                      type: 'button',
                      class: 'btn primary',
                      dataset: { key: `dm:${m.id}` },
                      onclick: () => void post('/api/action', { actionId: m.button.id, value: String(m.id) }),
                    },
                    m.button.label,
                  )
                : null,
              m.answer ? h('p', { class: `dm-answer ${m.answer.ok ? 'ok' : 'error'}` }, m.answer.text) : null,
            ),
          ),
        ),
  );
  const others = view.dmCounts.filter((d) => d.id !== view.you.id);
  $('dm-people').replaceChildren(
    others.length === 0
      ? ''
      : h(
          'div',
          { class: 'dm-people' },
          h('p', { class: 'small muted' }, 'Others with messages (read as them):'),
          h(
            'div',
            { class: 'button-row' },
            others.slice(0, LIMITS.inboxPeople).map((d) => h('button', { type: 'button', class: 'btn small', dataset: { key: `inbox:${d.id}` }, onclick: () => actAs(d.id) }, `${d.name} · ${d.count}`)),
            others.length > LIMITS.inboxPeople ? h('span', { class: 'small muted' }, `and ${others.length - LIMITS.inboxPeople} more`) : null,
          ),
        ),
  );
}

const FEED_TAGS = { apply: 'Apply', start: 'Start', end: 'End' };

function renderFeed(view) {
  const shown = view.feed.slice(0, LIMITS.feedEntries);
  $('feed').replaceChildren(
    ...(shown.length === 0
      ? [h('li', { class: 'muted small' }, 'Nothing yet. Press Apply and Start to see what each room gets.')]
      : shown.map((e) =>
          h(
            'li',
            { dataset: { kind: e.kind, run: e.run ?? '' } },
            h('span', { class: `tag ${e.run ?? e.kind}` }, e.run ? FEED_TAGS[e.run] : e.kind === 'dm' ? 'DM' : 'Live'),
            h('span', { class: 'feed-text' }, e.text),
            h('time', { datetime: e.at, class: 'muted small' }, time(e.at)),
          ),
        )),
    ...(view.feed.length > shown.length ? [h('li', { class: 'muted small' }, `${view.feed.length - shown.length} older entries not shown.`)] : []),
  );
}

function renderTop(board) {
  const status = $('status');
  status.dataset.status = board ? board.status : 'none';
  status.textContent = board ? board.statusLabel : 'No meeting yet';
  $('summary').textContent = board
    ? `${board.counts.total} people · ${board.counts.placed} placed · 📞 ${board.counts.phone} 💻 ${board.counts.voip} 🎧 ${board.counts.listening}${board.conflictCount ? ` · ${plural(board.conflictCount, 'conflict')}` : ''}`
    : '';
  const boardEl = $('board');
  boardEl.dataset.version = board ? String(board.version) : '';
  boardEl.dataset.status = board ? board.status : 'none';
  $('board-tools').hidden = !board || board.counts.total === 0;
}

function render(view) {
  const focusKey = document.activeElement instanceof HTMLElement ? document.activeElement.dataset.key : undefined;
  state.view = view;
  LIMITS = view.limits;
  const board = view.board;
  if (board) {
    const options = (group) => board.moveTargets.filter((t) => t.group === group).map((t) => h('option', { value: t.value }, t.label));
    const phone = options('phone');
    const other = options('other');
    moveTemplate = h(
      'select',
      {},
      options('main'),
      phone.length > 0 ? h('optgroup', { label: '📞 Rooms open to phone attendees' }, phone) : null,
      other.length > 0 ? h('optgroup', { label: 'Other rooms' }, other) : null,
    );
    moveLabels = new Map(board.moveTargets.map((t) => [t.value, t.label]));
  }
  renderTop(board);
  renderHead(board);
  renderRooms(board);
  renderMain(board);
  renderYou(view);
  renderInbox(view);
  renderFeed(view);
  if (focusKey) /** @type {HTMLElement | null} */ (document.querySelector(`[data-key="${CSS.escape(focusKey)}"]`))?.focus();
}

function actAs(id) {
  state.as = id;
  sessionStorage.setItem('breakouts.as', id);
  // The last answer was to the previous person; it would read as this one's.
  showResult({ ok: true, text: '' });
  void refresh();
}

// ---------------------------------------------------------------- wiring

$('command-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const input = /** @type {HTMLInputElement} */ ($('command-input'));
  const text = input.value;
  void post('/api/command', { text }).then((reply) => {
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

connect();
void refresh();
