// What the page sends to the server (commands, action ids, people to add) and how it shows the
// answer: done, done with a warning (an audio conflict), or not done and why. It never redraws by
// itself: the server's event stream announces every change, and each change is drawn once.
import { $, fill, h } from './dom.js';
import { icon, richText } from './icons.js';

export const state = {
  // Per tab, so two tabs can be two people (the host in one, an attendee in the other).
  as: sessionStorage.getItem('breakouts.as') || 'host',
  view: null,
  /** The server's limits table (PLAYGROUND_LIMITS.page), sent with every view. */
  limits: null,
  /** Room number → open, once the person has toggled it (otherwise the size decides). */
  open: new Map(),
  /** Main-room names shown; until "Show more", the limits table decides. */
  mainShown: 0,
  query: '',
};

const RESULT = {
  ok: { icon: 'check', label: 'Done', role: 'status' },
  warning: { icon: 'warning', label: 'Warning', role: 'alert' },
  error: { icon: 'error', label: 'Not done', role: 'alert' },
};

/** The answer box under the command line: { kind: 'ok' | 'warning' | 'error', text }. */
export function showResult({ kind, text }) {
  const el = $('result');
  if (!text) {
    el.hidden = true;
    el.replaceChildren();
    return;
  }
  const look = RESULT[kind];
  el.hidden = false;
  el.dataset.kind = kind;
  el.setAttribute('role', look.role);
  fill(
    el,
    h('span', { class: 'result-icon', role: 'img', 'aria-label': look.label }, icon(look.icon)),
    h('span', { class: 'result-text' }, kind === 'error' ? 'Not done: ' : '', richText(text)),
    h('button', { type: 'button', class: 'result-close', 'aria-label': 'Dismiss this answer', onclick: () => showResult({ kind: 'ok', text: '' }) }, icon('close')),
  );
}

/** The download link's object URL, freed when another file replaces it. */
let fileUrl;

/**
 * A file in the answer (the `export` CSV), as a chat attachment: a download link in the answer
 * box, downloaded at once since the person just asked for it.
 */
function offerFile(file) {
  if (fileUrl) URL.revokeObjectURL(fileUrl);
  fileUrl = URL.createObjectURL(new Blob([file.content], { type: file.mime }));
  const link = h('a', { class: 'file-link', href: fileUrl, download: file.name, dataset: { file: file.name } }, icon('download'), `Download ${file.name}`);
  $('result').querySelector('.result-text')?.append(h('br'), link);
  link.click();
}

/** Bring a page screen into view (the layout import box, the room picker), as Slack opens a modal. */
function openScreen(name) {
  const screen = /** @type {HTMLElement | null} */ (document.querySelector(`[data-screen="${CSS.escape(name)}"]`));
  if (!screen || screen.closest('[hidden]')) return;
  const folded = screen.closest('details');
  if (folded && !folded.open) folded.open = true;
  screen.scrollIntoView({ block: 'center', behavior: 'instant' });
  /** @type {HTMLElement | null} */ (screen.querySelector('input, button, textarea, select'))?.focus({ preventScroll: true });
}

export async function post(path, body) {
  try {
    const res = await fetch(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ as: state.as, ...body }) });
    const reply = await res.json();
    showResult(reply.ok ? { kind: reply.warning ? 'warning' : 'ok', text: reply.reply } : { kind: 'error', text: reply.message });
    if (reply.ok && reply.file) offerFile(reply.file);
    if (reply.ok && reply.open) openScreen(reply.open);
    return reply;
  } catch {
    showResult({ kind: 'error', text: 'The playground server is not answering. Is `npm start` still running?' });
    return { ok: false };
  }
}

/**
 * The confirm question of actions that affect everyone, in a dialog that is modal for the person
 * (a backdrop over the page, focus kept in it, Escape cancels, aria-modal for screen readers) but
 * opened with show(), not showModal(): making a 1,000-row page inert and back restyles all of it,
 * which would delay drawing the change the person just confirmed.
 */
export function confirmFirst(question) {
  const dialog = /** @type {HTMLDialogElement} */ ($('confirm'));
  const backdrop = $('confirm-backdrop');
  const ok = $('confirm-ok');
  const cancel = $('confirm-cancel');
  const before = document.activeElement instanceof HTMLElement ? document.activeElement : null;
  $('confirm-text').textContent = question;
  return new Promise((resolve) => {
    const done = (answer) => {
      ok.removeEventListener('click', yes);
      cancel.removeEventListener('click', no);
      backdrop.removeEventListener('click', no);
      dialog.removeEventListener('keydown', keys);
      dialog.close();
      backdrop.hidden = true;
      before?.focus({ preventScroll: true });
      resolve(answer);
    };
    const yes = () => done(true);
    const no = () => done(false);
    const keys = (event) => {
      if (event.key === 'Escape') {
        event.preventDefault();
        no();
      } else if (event.key === 'Tab') {
        // Two buttons: Tab and Shift+Tab go from one to the other and never leave the dialog.
        event.preventDefault();
        (document.activeElement === ok ? cancel : ok).focus();
      }
    };
    ok.addEventListener('click', yes);
    cancel.addEventListener('click', no);
    backdrop.addEventListener('click', no);
    dialog.addEventListener('keydown', keys);
    backdrop.hidden = false;
    dialog.show();
    ok.focus();
  });
}

async function press(button) {
  if (button.verb === 'move-open') {
    $('search-input').focus();
    showResult({ kind: 'ok', text: 'Find the person, then pick their room in the list next to their name.' });
    return;
  }
  if (button.confirm && !(await confirmFirst(button.confirm))) return;
  // Where it sits matters to the engine as on any platform (Ask for help is pressed in the person's room).
  await post('/api/action', { actionId: button.id, ...(button.where ? { where: button.where } : {}) });
}

/** Button key → the button as the latest view has it: its action id carries the board version. */
const latest = new Map();

/** Keep buttons drawn earlier pointing at the latest action ids, so they need not be redrawn. */
export function updateButtons(buttons, keyOf) {
  buttons.forEach((b, i) => latest.set(keyOf(b, i), b));
}

/** What a button looks like; its id is left out (it changes with every version, the look does not). */
export function buttonLook(button) {
  return [button.verb, button.label, button.style, button.confirm ?? '', button.pressed ?? '', button.audio ?? '', button.where ?? '', button.typed ?? ''];
}

export function actionButton(button, key) {
  latest.set(key, button);
  return h(
    'button',
    {
      type: 'button',
      class: `btn ${button.style}`,
      dataset: { key, verb: button.verb },
      // Every button has a typed command: the tooltip says it.
      title: button.typed ? `Or type /breakouts ${button.typed}` : undefined,
      'aria-pressed': button.pressed === undefined ? undefined : String(button.pressed),
      onclick: () => void press(latest.get(key) ?? button),
    },
    button.audio ? icon(button.audio) : null,
    button.label,
  );
}
