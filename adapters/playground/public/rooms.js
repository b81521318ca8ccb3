// The rooms of the board, the main room and the search: room cards kept by number between
// redraws (a collapsed room draws no rows), and search results that mark only the matched text.
import { $, fill, h, place, plural, signature, time } from './dom.js';
import { actionButton, buttonLook, state, updateButtons } from './actions.js';
import { audioIcon, audioLabel, icon, richText } from './icons.js';
import { forgetUnseenRows, moveSelect, nameSpan, roomLabel, rowFor, startRedraw } from './people.js';

/** Room number → its card: { el, summary, body, headSig, bodySig }. */
const cards = new Map();

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
  const sig = signature(room.name, room.size, room.counts, room.conflict ?? '', room.warnings, room.phoneAllowed, matches, room.status, room.helpAsked, room.visitors, room.cap ?? 0);
  if (card.headSig === sig) return;
  card.headSig = sig;
  card.el.className = `room${room.conflict ? ' conflict' : ''}${matches ? ' has-match' : ''}`;
  card.el.dataset.conflict = room.conflict ? 'true' : 'false';
  card.el.dataset.size = String(room.size);
  card.el.dataset.help = room.helpAsked ? 'asked' : '';
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
        room.helpAsked ? h('span', { class: 'badge help' }, icon('hand'), 'Help asked') : null,
        room.visitors.length > 0 ? h('span', { class: 'badge visit', title: 'Visiting: not counted in the room' }, `Visiting: ${room.visitors.join(', ')}`) : null,
        room.phoneAllowed ? h('span', { class: 'badge phone', title: 'Phone attendees may use this room' }, icon('phone'), 'Phone OK') : null,
        // The room cap: "3 / 4", and full when nobody more can come in.
        room.cap !== undefined
          ? h('span', { class: `badge cap${room.full ? ' full' : ''}`, dataset: { cap: String(room.cap) }, title: `No more than ${room.cap} people in this room (room-cap)` }, room.full ? `Full · ${room.size} / ${room.cap}` : `${room.size} / ${room.cap}`)
          : null,
        matches ? h('span', { class: 'badge found' }, `${matches} found`) : null,
      ),
      // What the platform shows for the room at a glance (Discord: voice channel status; Slack: channel topic).
      room.status ? h('span', { class: 'room-status', title: 'Room status (Discord voice channel status, Slack channel topic)' }, richText(room.status)) : null,
    ),
  );
}

/** The room's chat: its welcome message (with Ask for help for the people in it) and what was posted there. */
function drawChat(card, room) {
  const key = (m) => `chat:${room.number}:${m.id}`;
  const withButtons = room.chat.filter((m) => m.button);
  updateButtons(withButtons.map((m) => m.button), (_b, i) => key(withButtons[i]));
  const sig = signature(room.chat.map((m) => ({ ...m, button: m.button ? buttonLook(m.button) : null })));
  if (card.chatSig === sig) return;
  card.chatSig = sig;
  fill(
    card.chat,
    room.chat.length === 0
      ? null
      : [
          h('h3', { class: 'chat-title' }, `${room.name} chat`),
          h(
            'ol',
            { class: 'chat', 'aria-label': `Messages in ${room.name}` },
            room.chat.map((m) =>
              h(
                'li',
                { dataset: { kind: m.kind, chat: String(m.id) } },
                h('span', { class: 'chat-text' }, richText(m.text)),
                h('time', { datetime: m.at, class: 'muted small' }, time(m.at)),
                m.button ? actionButton(m.button, key(m)) : null,
              ),
            ),
          ),
        ],
  );
}

function drawBody(card, room) {
  if (!card.body) {
    card.notes = h('div', { class: 'room-notes' });
    card.list = h('ul', { class: 'people' });
    card.empty = h('p', { class: 'muted small' }, 'Nobody here yet.');
    card.chat = h('div', { class: 'room-chat' });
    card.body = h('div', { class: 'room-body' }, card.notes, card.list, card.chat);
    card.bodySig = '';
    card.chatSig = '';
    card.el.append(card.body);
  }
  const sig = signature(room.conflict ?? '', room.warnings);
  if (card.bodySig !== sig) {
    card.bodySig = sig;
    fill(card.notes, room.conflict ? h('p', { class: 'conflict-reason' }, richText(room.conflict)) : null, room.warnings.map((w) => h('p', { class: 'room-warning' }, richText(w))));
  }
  const roomKey = String(room.number);
  place(card.list, room.people.map((p) => rowFor(p, roomKey)));
  if (room.people.length === 0) card.list.after(card.empty);
  else card.empty.remove();
  drawChat(card, room);
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
      h('span', { class: 'where muted' }, room ? `in ${roomLabel(where) ?? room.name}` : 'in the main room'),
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
  startRedraw();
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
  forgetUnseenRows();
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

