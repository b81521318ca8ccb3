// The room board: head (title, actions, progress, key), rooms and the main room, and the search.
// Rows and room cards are kept by key (person id, room number) between redraws: a change updates
// or moves the few nodes it concerns, so a move at 1,000 people is drawn in one short pass.
import { $, fill, h, place, plural, signature } from './dom.js';
import { actionButton, buttonLook, post, state, updateButtons } from './actions.js';
import { audioIcon, audioLabel, icon, richText } from './icons.js';

/** Person id → their board row: { el, sig, room, conflict, query, select }. */
const rows = new Map();
/** Room number → its card: { el, summary, body, headSig, bodySig }. */
const cards = new Map();
/** Person id → the action id their room select sends (it carries the board version, so it changes). */
let moveIds = new Map();
/** The room list every select shows once focused, and the label of each room in it. */
let moveTemplate = h('select');
let moveLabels = new Map();
let targetsSig = '';
/** Which redraw this is: rows not drawn in the latest one are forgotten. */
let generation = 0;

const COMMIT_KEYS_OPEN_LIST = new Set([' ', 'F4']);

/**
 * A room select. It holds only the current room until it is focused or pressed (at 1,000 people,
 * 1,000 full selects take long to lay out). Arrow keys only choose: Enter, a pick from the open
 * list or leaving the select moves the person, so going through the rooms moves nobody.
 */
function moveSelect(person, key, currentRoom) {
  const select = h('select', { class: 'move', 'aria-label': `Move ${person.name} to`, dataset: { key, moveFor: person.id } });
  showRoom(select, currentRoom());
  let typed = false;
  const fillList = () => {
    if (select.options.length > 1) return;
    select.replaceChildren(.../** @type {HTMLSelectElement} */ (moveTemplate.cloneNode(true)).children);
    select.value = currentRoom();
  };
  const commit = () => {
    const room = currentRoom();
    const value = select.value;
    if (!select.isConnected || value === room || value === select.dataset.sent) return;
    select.dataset.sent = value;
    void post('/api/action', { actionId: moveIds.get(person.id), value }).then((reply) => {
      if (reply.ok) return;
      delete select.dataset.sent;
      if (select.value === value) select.value = currentRoom();
    });
  };
  select.addEventListener('focus', fillList);
  select.addEventListener('pointerdown', () => {
    typed = false;
    fillList();
  });
  select.addEventListener('keydown', (event) => {
    if (event.key === 'Enter') {
      event.preventDefault();
      typed = false;
      commit();
    } else if (event.key === 'Escape') {
      typed = false;
      select.value = currentRoom();
    } else if (COMMIT_KEYS_OPEN_LIST.has(event.key) || event.altKey) {
      // These open the list; a pick made in it is a choice.
      typed = false;
    } else if (event.key !== 'Tab' && event.key !== 'Shift') {
      typed = true;
    }
  });
  select.addEventListener('change', () => {
    if (typed) {
      typed = false;
      return;
    }
    commit();
  });
  select.addEventListener('blur', commit);
  return select;
}

/** Show `room` in a select: its one option when the list is not open, else just the value. */
function showRoom(select, room) {
  delete select.dataset.sent;
  if (select.options.length > 1 && document.activeElement === select) {
    select.value = room;
    return;
  }
  const label = moveLabels.get(room) ?? room;
  const only = select.options.length === 1 ? select.options[0] : null;
  if (only) {
    // Updated in place: a shuffle changes 1,000 selects, and new option elements cost more.
    only.value = room;
    if (only.textContent !== label) only.textContent = label;
  } else {
    select.replaceChildren(h('option', { value: room }, label));
  }
  select.value = room;
}

/** The name, with the searched part (only it) marked. */
function nameParts(name, query) {
  const at = query === '' ? -1 : name.toLowerCase().indexOf(query);
  if (at === -1) return [name];
  return [name.slice(0, at), h('mark', {}, name.slice(at, at + query.length)), name.slice(at + query.length)];
}

function nameSpan(name) {
  // The tooltip tells the whole name when the row cuts it off.
  return h('span', { class: 'name', title: name }, nameParts(name, state.query));
}

function rowSignature(person) {
  return signature(person.name, person.audio, person.role, person.waiting ?? '', Boolean(person.moveId));
}

function buildRow(person) {
  const entry = { sig: rowSignature(person), room: '', conflict: false, query: state.query, select: null, name: null, el: null };
  entry.name = nameSpan(person.name);
  entry.select = person.moveId ? moveSelect(person, `move:${person.id}`, () => entry.room) : null;
  const match = state.query !== '' && person.name.toLowerCase().includes(state.query);
  entry.el = h(
    'li',
    { class: `person${match ? ' match' : ''}`, dataset: { person: person.id, audio: person.audio } },
    audioIcon(person.audio),
    entry.name,
    person.role === 'facilitator' ? h('span', { class: 'badge role' }, 'facilitator') : null,
    person.waiting ? h('span', { class: 'waiting' }, person.waiting) : null,
    entry.select,
  );
  return entry;
}

/** The row of a person on the board, reused when only their room, conflict or the search changed. */
function rowFor(person, room) {
  let entry = rows.get(person.id);
  if (!entry || entry.sig !== rowSignature(person)) {
    entry = buildRow(person);
    rows.set(person.id, entry);
  }
  entry.seen = generation;
  if (entry.conflict !== person.conflict) {
    entry.conflict = person.conflict;
    entry.el.classList.toggle('in-conflict', person.conflict);
  }
  if (entry.query !== state.query) {
    entry.query = state.query;
    fill(entry.name, nameParts(person.name, state.query));
    entry.el.classList.toggle('match', state.query !== '' && person.name.toLowerCase().includes(state.query));
  }
  if (entry.room !== room) {
    entry.room = room;
    if (entry.select) showRoom(entry.select, room);
  }
  return entry.el;
}

/** Counts by audio: icon and number, each named ("4 Phone"). */
function mix(counts) {
  return ['phone', 'voip', 'listening']
    .filter((audio) => counts[audio] > 0)
    .map((audio) => h('span', { class: 'mix-item', title: `${counts[audio]} ${audioLabel(audio)}` }, audioIcon(audio, `${counts[audio]} ${audioLabel(audio)}`), h('span', { 'aria-hidden': 'true' }, String(counts[audio]))));
}

/** Large meetings start collapsed, except rooms in conflict: their red reason must be seen. */
function isOpen(room, total) {
  if (state.open.has(room.number)) return state.open.get(room.number);
  return Boolean(room.conflict) || total <= state.limits.collapseAbove;
}

function currentRoom(number) {
  return state.view?.board?.rooms.find((r) => r.number === number);
}

function buildCard(number) {
  const details = h('details', { class: 'room', dataset: { room: String(number) } });
  const summary = h('summary', { dataset: { key: `room:${number}` }, 'aria-expanded': 'false' });
  details.append(summary);
  const card = { el: details, summary, body: null, headSig: '', bodySig: '', list: null };
  details.addEventListener('toggle', () => {
    const room = currentRoom(number);
    if (!room) return;
    // Drawing a room open fires a toggle too; only a change from what was drawn is the person's
    // choice, so rooms still collapse when the meeting grows past the limit.
    if (details.open !== isOpen(room, state.view.board.counts.total)) state.open.set(number, details.open);
    summary.setAttribute('aria-expanded', String(details.open));
    if (details.open) drawBody(card, room);
    else dropBody(card);
  });
  return card;
}

function drawHead(card, room, matches) {
  const sig = signature(room.name, room.size, room.counts, room.conflict ?? '', room.warnings, room.phoneAllowed, matches);
  if (card.headSig === sig) return;
  card.headSig = sig;
  card.el.className = `room${room.conflict ? ' conflict' : ''}${matches ? ' has-match' : ''}`;
  card.el.dataset.conflict = room.conflict ? 'true' : 'false';
  card.el.dataset.size = String(room.size);
  fill(
    card.summary,
    h('span', { class: 'chevron-box' }, icon('chevron')),
    h('span', { class: 'room-no' }, String(room.number)),
    h('span', { class: 'room-name', title: room.name }, room.name),
    // Counts and badges share the second line (and wrap), so the name keeps the whole first one.
    h(
      'span',
      { class: 'room-info' },
      h('span', { class: 'room-meta' }, h('span', { class: 'count' }, plural(room.size, 'person', 'people')), h('span', { class: 'mix' }, mix(room.counts))),
      h(
        'span',
        { class: 'badges' },
        room.conflict ? h('span', { class: 'badge danger' }, 'Audio conflict') : null,
        room.warnings.length > 0 && !room.conflict ? h('span', { class: 'badge warn', title: room.warnings.join(' ') }, icon('warning', 'Warning')) : null,
        room.phoneAllowed ? h('span', { class: 'badge phone', title: 'Phone attendees may use this room' }, icon('phone'), 'Phone OK') : null,
        matches ? h('span', { class: 'badge found' }, `${matches} found`) : null,
      ),
    ),
  );
}

function drawBody(card, room) {
  if (!card.body) {
    card.notes = h('div', { class: 'room-notes' });
    card.list = h('ul', { class: 'people' });
    card.empty = h('p', { class: 'muted small' }, 'Nobody here yet.');
    card.body = h('div', { class: 'room-body' }, card.notes, card.list);
    card.bodySig = '';
    card.el.append(card.body);
  }
  const sig = signature(room.conflict ?? '', room.warnings);
  if (card.bodySig !== sig) {
    card.bodySig = sig;
    fill(card.notes, room.conflict ? h('p', { class: 'conflict-reason' }, richText(room.conflict)) : null, room.warnings.map((w) => h('p', { class: 'room-warning' }, richText(w))));
  }
  const roomKey = String(room.number);
  place(card.list, room.people.map((p) => rowFor(p, roomKey)));
  if (room.people.length === 0) card.body.append(card.empty);
  else card.empty.remove();
}

function dropBody(card) {
  card.body?.remove();
  card.body = null;
}

function roomCard(room, total, matches) {
  let card = cards.get(room.number);
  if (!card) {
    card = buildCard(room.number);
    cards.set(room.number, card);
  }
  drawHead(card, room, matches);
  const open = isOpen(room, total);
  if (card.el.open !== open) card.el.open = open;
  if (card.summary.getAttribute('aria-expanded') !== String(open)) card.summary.setAttribute('aria-expanded', String(open));
  if (open) drawBody(card, room);
  else dropBody(card);
  return card.el;
}

/** Where the board's sticky bars end: a room scrolled to shows below them. */
function stickyHeight() {
  let height = 0;
  for (const el of document.querySelectorAll('.topbar, .command')) if (getComputedStyle(el).position === 'sticky') height += el.getBoundingClientRect().height;
  return height;
}

export function revealRoom(number) {
  state.open.set(number, true);
  renderRooms(state.view.board);
  const summary = cards.get(number)?.summary;
  if (!summary) return;
  window.scrollBy({ top: summary.getBoundingClientRect().top - stickyHeight() - 12, behavior: 'instant' });
  summary.focus({ preventScroll: true });
}

function renderSearch(board) {
  const q = state.query;
  const found = [];
  if (board && q !== '') {
    for (const room of board.rooms) for (const person of room.people) if (person.name.toLowerCase().includes(q)) found.push({ person, room });
    for (const person of board.main) if (person.name.toLowerCase().includes(q)) found.push({ person, room: null });
  }
  $('search-count').textContent = q === '' ? '' : found.length === 0 ? 'Nobody by that name.' : plural(found.length, 'match', 'matches');
  // At most a few dozen rows: drawn afresh (their selects' keys differ from the board's).
  const list = found.slice(0, state.limits.searchResults).map(({ person, room }) => {
    const where = room ? String(room.number) : 'main';
    return h(
      'li',
      { class: 'person match', dataset: { person: person.id, audio: person.audio } },
      audioIcon(person.audio),
      nameSpan(person.name),
      h('span', { class: 'where muted' }, room ? `in ${moveLabels.get(where) ?? room.name}` : 'in the main room'),
      room ? h('button', { type: 'button', class: 'btn small', dataset: { key: `show:${person.id}` }, onclick: () => revealRoom(room.number) }, 'Show room') : null,
      person.moveId ? moveSelect(person, `found-move:${person.id}`, () => where) : null,
    );
  });
  fill(
    $('search-results'),
    found.length > 0
      ? h(
          'div',
          { class: 'card search-results' },
          h('ul', { class: 'people', 'aria-label': 'Search results' }, list),
          found.length > state.limits.searchResults ? h('p', { class: 'small muted' }, `Showing ${state.limits.searchResults} of ${found.length}: type more of the name.`) : null,
        )
      : null,
  );
  const perRoom = new Map();
  for (const { room } of found) if (room) perRoom.set(room.number, (perRoom.get(room.number) ?? 0) + 1);
  return perRoom;
}

/** Rooms (and the search that marks them). Rows not drawn this time are forgotten. */
export function renderRooms(board) {
  generation++;
  const matches = renderSearch(board);
  const rooms = board ? board.rooms : [];
  // After the end the rooms are the last round's layout, not where people are now: say so.
  const heading = $('rooms-heading');
  heading.hidden = !board?.lastRound;
  if (board?.lastRound) heading.textContent = board.roomsHeading;
  place(
    $('rooms'),
    rooms.map((r) => roomCard(r, board.counts.total, matches.get(r.number) ?? 0)),
  );
  for (const number of cards.keys()) if (!rooms.some((r) => r.number === number)) cards.delete(number);
  renderMain(board);
  for (const [id, entry] of rows) if (entry.seen !== generation) rows.delete(id);
}

let mainCard;

function renderMain(board) {
  if (!board) {
    $('main-room').replaceChildren();
    mainCard = undefined;
    return;
  }
  if (!mainCard) {
    mainCard = {
      title: h('span'),
      count: h('span', { class: 'count' }),
      note: h('div'),
      list: h('ul', { class: 'people' }),
      empty: h('p', { class: 'muted small' }, 'Everyone is in a breakout room.'),
      more: h('div'),
    };
    $('main-room').replaceChildren(
      h(
        'section',
        { class: 'card main-room', dataset: { room: 'main' }, 'aria-labelledby': 'main-room-title' },
        h('h2', { id: 'main-room-title' }, mainCard.title, ' ', mainCard.count),
        mainCard.note,
        mainCard.list,
        mainCard.empty,
        mainCard.more,
      ),
    );
  }
  const people = board.main;
  const shown = people.slice(0, Math.max(state.mainShown, state.limits.mainRoomNames));
  mainCard.title.textContent = board.mainHeading;
  mainCard.count.textContent = plural(people.length, 'person', 'people');
  fill(mainCard.note, board.suggestAddRoom ? h('p', { class: 'room-warning' }, 'Some people could not be placed: adding a room lets Distribute place them.') : null);
  place(mainCard.list, shown.map((p) => rowFor(p, 'main')));
  mainCard.empty.hidden = people.length > 0;
  const left = people.length - shown.length;
  fill(
    mainCard.more,
    left > 0
      ? h(
          'button',
          {
            type: 'button',
            class: 'btn small',
            dataset: { key: 'main-more' },
            onclick: () => {
              state.mainShown = shown.length + state.limits.mainRoomNames * 5;
              renderRooms(state.view.board);
            },
          },
          `Show ${Math.min(state.limits.mainRoomNames * 5, left)} more of ${people.length}`,
        )
      : null,
  );
}

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
  const sig = board ? signature({ ...board, actions: board.actions.map(buttonLook), rooms: null, main: null, moveTargets: null, version: null, meetingId: null }) : 'none';
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

/** The room list of every select, rebuilt only when the rooms change. */
export function setMoveTargets(board) {
  moveIds = new Map();
  if (!board) return;
  for (const room of board.rooms) for (const p of room.people) if (p.moveId) moveIds.set(p.id, p.moveId);
  for (const p of board.main) if (p.moveId) moveIds.set(p.id, p.moveId);
  const sig = signature(board.moveTargets);
  if (sig === targetsSig) return;
  targetsSig = sig;
  const options = (group) => board.moveTargets.filter((t) => t.group === group).map((t) => h('option', { value: t.value }, t.label));
  const phone = options('phone');
  const other = options('other');
  moveTemplate = h(
    'select',
    {},
    options('main'),
    phone.length > 0 ? h('optgroup', { label: 'Rooms open to phone attendees' }, phone) : null,
    other.length > 0 ? h('optgroup', { label: 'Other rooms' }, other) : null,
  );
  moveLabels = new Map(board.moveTargets.map((t) => [t.value, t.label]));
  // Rows drawn before keep their room's old label: redraw them with the new names.
  rows.clear();
}

