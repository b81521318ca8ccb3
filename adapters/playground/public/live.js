// Live facilitation on the board: the timer (its end in this browser's own time zone, and a
// countdown this page counts itself, never a stream of messages), broadcast, the help queue and
// visits. The server's view says what is shown and which controls this person has; every button
// sends either its action id or the very command a person would type.
import { $, fill, h, signature } from './dom.js';
import { actionButton, buttonLook, post, state, updateButtons } from './actions.js';
import { richText } from './icons.js';

/** The server's clock minus this browser's, from the latest view: a test's clock need not be the browser's. */
let skew = 0;
/** What the countdown and the ages count from (the latest view's). */
let timer = null;
let ticking;

const serverNow = () => Date.now() + skew;

/** "12:04", "1:02:09", never negative. */
function clock(ms) {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const s = total % 60;
  const m = Math.floor(total / 60) % 60;
  const hours = Math.floor(total / 3600);
  const two = (n) => String(n).padStart(2, '0');
  return hours > 0 ? `${hours}:${two(m)}:${two(s)}` : `${m}:${two(s)}`;
}

/** A time of day in this browser's own time zone ("14:45"). */
export function localTime(iso) {
  return new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
}

/** "just now", "40 s ago", "3 min ago". */
function ago(iso) {
  const seconds = Math.max(0, Math.floor((serverNow() - Date.parse(iso)) / 1000));
  if (seconds < 5) return 'just now';
  return seconds < 60 ? `${seconds} s ago` : `${Math.floor(seconds / 60)} min ago`;
}

/** Once a second: the countdown and the ages, drawn in place (no request, no announcement to screen readers). */
function tick() {
  if (timer) {
    const left = clock(Date.parse(timer.endsAt) - serverNow());
    const text = timer.closing ? `Time is up: rooms close in ${left}` : `${left} left`;
    const el = $('timer-left');
    if (el && el.textContent !== text) el.textContent = text;
    const top = $('top-timer');
    if (top.textContent !== text) top.textContent = text;
  }
  for (const el of document.querySelectorAll('#help-list [data-age], #broadcast-last [data-age]')) {
    const text = ago(/** @type {HTMLElement} */ (el).dataset.age);
    if (el.textContent !== text) el.textContent = text;
  }
}

function keepTicking(on) {
  if (on && !ticking) ticking = setInterval(tick, 1000);
  if (!on && ticking) {
    clearInterval(ticking);
    ticking = undefined;
  }
}

/** Options of a room select, rebuilt only when the rooms change; the choice is kept when it still exists. */
function setRoomOptions(select, rooms, first) {
  const sig = signature(rooms, first ?? '');
  if (select.dataset.sig === sig) return;
  select.dataset.sig = sig;
  const value = select.value;
  fill(select, first ? h('option', { value: '' }, first) : null, rooms.map((r) => h('option', { value: r.value }, r.label)));
  if ([...select.options].some((o) => o.value === value)) select.value = value;
}

/** A button that runs a typed command (its title says the command, for anyone who would rather type). */
function commandButton(b, key) {
  return h(
    'button',
    { type: 'button', class: `btn small ${b.style}`, title: `/breakouts ${b.command}`, dataset: { key, command: b.command }, onclick: () => void post('/api/command', { text: b.command }) },
    b.label,
  );
}

let timerSig = '';
let broadcastSig = '';
let helpSig = '';
let visitSig = '';

function renderTimer(live, controls) {
  const box = $('timer-box');
  box.hidden = !(live.timer || live.plannedTimer || live.timerNote || controls);
  const sig = signature(live.timer ?? null, live.plannedTimer ?? '', live.timerNote ?? '', controls ? [controls.timerButtons, controls.timerForm] : null);
  if (sig === timerSig) return;
  timerSig = sig;
  fill(
    $('timer-state'),
    live.timer
      ? [
          // role=timer: a screen reader reads it when asked, never at every second.
          h('strong', { id: 'timer-left', class: 'timer-left', role: 'timer', 'aria-atomic': 'true' }),
          h('span', { class: 'timer-end' }, ' · rooms close at ', h('time', { id: 'timer-end', datetime: live.timer.endsAt }, localTime(live.timer.endsAt)), ' your time'),
        ]
      : live.plannedTimer
        ? h('span', { id: 'timer-planned' }, live.plannedTimer)
        : h('span', { class: 'muted' }, 'No timer. Rooms stay open until someone presses End.'),
    live.timerNote ? h('span', { class: 'timer-note' }, ' ', richText(live.timerNote)) : null,
  );
  $('timer-controls').hidden = !controls;
  if (controls) {
    fill($('timer-buttons'), controls.timerButtons.map((b) => commandButton(b, `timer:${b.command}`)));
    fill(
      $('timer-submits'),
      controls.timerForm.map((f) => h('button', { type: 'submit', class: `btn small ${f.style}`, title: `/breakouts ${f.command} <duration>`, dataset: { key: `timer-form:${f.command}`, command: f.command } }, f.label)),
    );
  }
}

function renderBroadcast(live, controls) {
  const open = controls?.openRooms ?? [];
  const box = $('broadcast-box');
  box.hidden = !(live.broadcast || open.length > 0);
  $('broadcast-form').hidden = open.length === 0;
  setRoomOptions(/** @type {HTMLSelectElement} */ ($('broadcast-room')), open, 'Every open room');
  const sig = signature(live.broadcast ?? null);
  if (sig === broadcastSig) return;
  broadcastSig = sig;
  const b = live.broadcast;
  fill(
    $('broadcast-last'),
    b
      ? [
          h('span', { class: 'muted' }, 'Last broadcast, at ', h('time', { datetime: b.at }, localTime(b.at)), ' (', h('span', { dataset: { age: b.at } }, ago(b.at)), `) to ${b.roomName ?? 'every room'}: `),
          h('span', { class: 'broadcast-text' }, richText(b.text)),
        ]
      : null,
  );
}

function renderHelp(board, live, controls) {
  const box = $('help-box');
  box.hidden = !(live.help.length > 0 || (controls && board.status === 'started'));
  const claimKey = (r) => `help:${r.id}`;
  const claims = live.help.filter((r) => r.claim);
  updateButtons(claims.map((r) => r.claim), (_b, i) => claimKey(claims[i]));
  const sig = signature(live.help.map((r) => ({ ...r, claim: r.claim ? buttonLook(r.claim) : null })));
  if (sig === helpSig) return;
  helpSig = sig;
  const open = live.help.filter((r) => r.state === 'open').length;
  $('help-count').textContent = live.help.length > 0 ? `(${open} waiting)` : '';
  fill(
    $('help-list'),
    live.help.length === 0
      ? h('li', { class: 'muted small' }, 'Nobody is waiting for help.')
      : live.help.map((r) =>
          h(
            'li',
            { class: `help-item ${r.state}`, dataset: { help: r.id, room: String(r.room), state: r.state } },
            h(
              'p',
              { class: 'help-what' },
              h('strong', {}, r.roomName),
              ` — ${r.askers.join(', ')} asked `,
              h('span', { dataset: { age: r.at } }, ago(r.at)),
              r.note ? [': “', r.note, '”'] : null,
            ),
            r.state === 'claimed' ? h('p', { class: 'help-who' }, `${r.claimedBy ?? 'Someone'} is on it`) : null,
            r.claim ? actionButton(r.claim, claimKey(r)) : null,
          ),
        ),
  );
}

function renderVisit(live, controls) {
  const open = controls?.openRooms ?? [];
  $('visit-box').hidden = open.length === 0;
  setRoomOptions(/** @type {HTMLSelectElement} */ ($('visit-room')), open);
  const sig = signature(controls?.visiting ?? '');
  if (sig === visitSig) return;
  visitSig = sig;
  $('visit-back').hidden = !controls?.visiting;
  $('visiting').textContent = controls?.visiting ? `You are visiting ${controls.visiting}.` : '';
}

export function renderLive(view) {
  skew = Date.parse(view.now) - Date.now();
  const board = view.board;
  const live = board?.live;
  const controls = live?.controls;
  const panel = $('live-panel');
  const shown = Boolean(live && (controls || live.timer || live.plannedTimer || live.timerNote || live.broadcast || live.help.length > 0));
  panel.hidden = !shown;
  timer = live?.timer ?? null;
  $('top-timer').hidden = !timer;
  if (!live) {
    keepTicking(false);
    return;
  }
  renderTimer(live, controls);
  renderBroadcast(live, controls);
  renderHelp(board, live, controls);
  renderVisit(live, controls);
  tick();
  keepTicking(Boolean(timer || live.help.length > 0 || live.broadcast));
}

// ---------------------------------------------------------------- forms (wired once)

$('timer-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const submitter = /** @type {HTMLElement | null} */ (/** @type {SubmitEvent} */ (event).submitter);
  const command = submitter?.dataset.command ?? 'timer';
  const input = /** @type {HTMLInputElement} */ ($('timer-input'));
  const duration = input.value.trim();
  // Start needs no duration (it runs the planned timer, if any); setting a timer does.
  void post('/api/command', { text: duration ? `${command} ${duration}` : command }).then((reply) => {
    if (reply.ok) input.value = '';
  });
});

const broadcastInput = /** @type {HTMLTextAreaElement} */ ($('broadcast-input'));
function countBroadcast() {
  const limit = state.limits?.broadcastChars;
  const n = broadcastInput.value.length;
  $('broadcast-count').textContent = limit && n > 0 ? `${n} / ${limit}` : '';
}
broadcastInput.addEventListener('input', countBroadcast);
// Enter sends, Shift+Enter is a new line (as in a chat).
broadcastInput.addEventListener('keydown', (event) => {
  if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
    event.preventDefault();
    /** @type {HTMLFormElement} */ ($('broadcast-form')).requestSubmit();
  }
});

$('broadcast-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const text = broadcastInput.value.trim();
  const room = /** @type {HTMLSelectElement} */ ($('broadcast-room')).value;
  void post('/api/command', { text: `broadcast ${room ? `room ${room} ` : ''}${text}` }).then((reply) => {
    if (!reply.ok) return;
    broadcastInput.value = '';
    countBroadcast();
  });
});

$('visit-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const room = /** @type {HTMLSelectElement} */ ($('visit-room')).value;
  if (room) void post('/api/command', { text: `visit ${room}` });
});
$('visit-back').addEventListener('click', () => void post('/api/command', { text: 'visit main' }));
