// The side panel: who you are (and your audio), your simulated inbox, who else has messages, and
// what the platform would do. Each part is redrawn only when its own data changed.
import { $, fill, h, signature, time } from './dom.js';
import { actionButton, buttonLook, post, state, updateButtons } from './actions.js';
import { audioIcon, richText } from './icons.js';

let shownRoster = '';
let youSig = '';
let inboxSig = '';
let feedSig = '';

export function renderYou(view) {
  const select = /** @type {HTMLSelectElement} */ ($('as-select'));
  // Rebuilt only when the roster changed, so an open list is not closed under the pointer.
  const roster = signature(view.people);
  if (shownRoster !== roster) {
    select.replaceChildren(...view.people.map((p) => h('option', { value: p.id }, p.label)));
    shownRoster = roster;
  }
  select.value = view.you.id;
  const youKey = (a, i) => `you:${a.verb}:${i}`;
  const pickKey = (a) => `pick:${a.typed ?? a.label}`;
  updateButtons(view.you.actions, youKey);
  updateButtons(view.you.pick?.rooms ?? [], pickKey);
  const pick = view.you.pick ? { ...view.you.pick, rooms: view.you.pick.rooms.map(buttonLook) } : null;
  const sig = signature({ ...view.you, actions: view.you.actions.map(buttonLook), pick }, view.board !== null);
  if (sig === youSig) return;
  youSig = sig;
  const you = view.you;
  fill(
    $('you-info'),
    you.onRoster
      ? [
          `${you.role === 'facilitator' ? 'Facilitator' : 'Attendee'} · `,
          you.audio ? h('span', { class: 'mix-item' }, audioIcon(you.audio, ''), view.audioChoices.find((c) => c.audio === you.audio)?.label ?? you.audio) : '',
          ` · in ${you.where}`,
        ]
      : view.board
        ? 'Not on the roster yet: press Join.'
        : 'There is no meeting yet.',
  );
  $('you-actions').replaceChildren(...you.actions.map((a, i) => actionButton(a, youKey(a, i))));
  // Choose mode: only the rooms this person may pick (open to their audio, under the cap).
  $('you-pick').hidden = !you.pick;
  fill($('pick-rooms'), (you.pick?.rooms ?? []).map((a) => actionButton(a, pickKey(a))));
  $('pick-none').textContent = you.pick?.none ?? '';
}

export function renderInbox(view, actAs) {
  const count = view.inbox.length;
  $('inbox-title').textContent = `Inbox of ${view.you.name}${count ? ` (${count})` : ''}`;
  $('jump-inbox-count').textContent = count ? `\u00a0(${count})` : '';
  const sig = signature(view.inbox, view.dmCounts, view.you.id);
  if (sig === inboxSig) return;
  inboxSig = sig;
  fill(
    $('inbox'),
    count === 0
      ? h('p', { class: 'muted small' }, 'No direct messages.')
      : h(
          'ol',
          { class: 'inbox', 'aria-label': 'Direct messages' },
          view.inbox.map((m) =>
            h(
              'li',
              { class: `dm${m.settled ? ' settled' : ''}`, dataset: { kind: m.kind, message: String(m.id) } },
              h('div', { class: 'dm-head' }, h('strong', {}, m.title), h('time', { datetime: m.at, class: 'muted small' }, time(m.at))),
              h('p', { class: 'dm-text' }, richText(m.text)),
              m.button
                ? h(
                    'button',
                    { type: 'button', class: 'btn primary', dataset: { key: `dm:${m.id}` }, onclick: () => void post('/api/action', { actionId: m.button.id, value: String(m.id), where: 'dm' }) },
                    m.button.label,
                  )
                : null,
              m.answer ? h('p', { class: `dm-answer ${m.answer.ok ? 'ok' : 'error'}` }, richText(m.answer.text)) : null,
            ),
          ),
        ),
  );
  const others = view.dmCounts.filter((d) => d.id !== view.you.id);
  const most = state.limits.inboxPeople;
  fill(
    $('dm-people'),
    others.length === 0
      ? null
      : h(
          'div',
          { class: 'dm-people' },
          h('p', { class: 'small muted' }, 'Others with messages (read as them):'),
          h(
            'div',
            { class: 'button-row' },
            others.slice(0, most).map((d) => h('button', { type: 'button', class: 'btn small', dataset: { key: `inbox:${d.id}` }, onclick: () => actAs(d.id) }, `${d.name} · ${d.count}`)),
            others.length > most ? h('span', { class: 'small muted' }, `and ${others.length - most} more`) : null,
          ),
        ),
  );
}

const FEED_TAGS = { apply: 'Apply', start: 'Start', end: 'End' };
const KIND_TAGS = { dm: 'DM', 'dm-update': 'DM', note: 'Note', 'room-post': 'Room', visit: 'Visit', 'main-post': 'Main', 'room-cap': 'Room' };

export function renderFeed(view) {
  const shown = view.feed.slice(0, state.limits.feedEntries);
  // Entries never change once written: the newest id and the count say whether anything did.
  const sig = signature(view.feed[0]?.id ?? 0, view.feed.length);
  if (sig === feedSig) return;
  feedSig = sig;
  fill(
    $('feed'),
    shown.length === 0
      ? h('li', { class: 'muted small' }, 'Nothing yet. Press Apply and Start to see what each room gets.')
      : shown.map((e) =>
          h(
            'li',
            { dataset: { kind: e.kind, run: e.run ?? '' } },
            h('span', { class: `tag ${e.run ?? e.kind}` }, e.run ? FEED_TAGS[e.run] : (KIND_TAGS[e.kind] ?? 'Live')),
            h('span', { class: 'feed-text' }, richText(e.text)),
            h('time', { datetime: e.at, class: 'muted small' }, time(e.at)),
          ),
        ),
    view.feed.length > shown.length ? h('li', { class: 'muted small' }, `${view.feed.length - shown.length} older entries not shown.`) : null,
  );
}
