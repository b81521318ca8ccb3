// The board's person rows and their room selects: kept by person id between redraws, so a move
// at 1,000 people updates one row; a select holds one option until it is used, and only Enter, a
// pick from the open list or leaving it moves the person (arrow keys only choose).
import { fill, h, signature } from './dom.js';
import { post, state } from './actions.js';
import { audioIcon } from './icons.js';

/** Person id → their board row: { el, sig, room, conflict, query, select }. */
const rows = new Map();
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
export function moveSelect(person, key, currentRoom) {
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
  if (select.dataset.sent !== undefined) delete select.dataset.sent;
  const options = select.options;
  if (options.length > 1 && document.activeElement === select) {
    select.value = room;
    return;
  }
  const label = moveLabels.get(room) ?? room;
  if (options.length === 1) {
    // Updated in place: a shuffle changes 1,000 selects, and new option elements cost more. A
    // lone option is the chosen one: setting the select's value too costs as much again.
    const only = options[0];
    if (only.value !== room) only.value = room;
    if (only.textContent !== label) only.textContent = label;
    return;
  }
  select.replaceChildren(h('option', { value: room }, label));
}

/** The name, with the searched part (only it) marked. */
function nameParts(name, query) {
  const at = query === '' ? -1 : name.toLowerCase().indexOf(query);
  if (at === -1) return [name];
  return [name.slice(0, at), h('mark', {}, name.slice(at, at + query.length)), name.slice(at + query.length)];
}

export function nameSpan(name) {
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
export function rowFor(person, room) {
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



/** A redraw begins: rows drawn in it are marked, so the ones no longer on the board can be forgotten. */
export function startRedraw() {
  generation++;
}

export function forgetUnseenRows() {
  for (const [id, entry] of rows) if (entry.seen !== generation) rows.delete(id);
}

/** How the room list names a room ("Breakout 4", "3 · Design"). */
export function roomLabel(value) {
  return moveLabels.get(value);
}
