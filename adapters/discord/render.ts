// The one pure renderer from the neutral Board to Discord message payloads (screens.ts renders the rest):
// embeds + components within DISCORD_LIMITS. Large boards are split into pages; every id is
// made by encodeAction, every display text is cut to fit, counts never are.
import {
  ButtonStyle,
  ComponentType,
  type APIActionRowComponent,
  type APIButtonComponent,
  type APIComponentInMessageActionRow,
  type APIEmbed,
  type APIEmbedField,
} from 'discord.js';
import { encodeAction, type Verb } from '../../src/commands/action-id.ts';
import type { Board, BoardAction, BoardAttendee, BoardHelp, BoardRoom } from '../../src/board/board.ts';
import { CLAIM_LABEL } from '../../src/domain/facilitation.ts';
import type { OutcomeFile } from '../../src/domain/outcome.ts';
import { FACILITATOR_COMMAND } from './command-json.ts';
import type { Status } from '../../src/domain/meeting.ts';
import { AUDIO_ICONS } from '../../src/domain/meeting.ts';
import { DISCORD_LIMITS as L } from './limits.ts';
import { fit, nameList, peopleSummary, plural, roomRange } from '../../src/domain/text.ts';

export type Row = APIActionRowComponent<APIComponentInMessageActionRow>;
export interface DiscordPayload {
  readonly content?: string;
  readonly embeds: APIEmbed[];
  readonly components: Row[];
}

/** An answer to the person who acted, which may carry a file (the `export` CSV). */
export interface DiscordReply extends DiscordPayload {
  readonly files?: readonly OutcomeFile[];
}

const COLOURS: Readonly<Record<Status | 'conflict' | 'main', number>> = {
  draft: 0x5865f2,
  applied: 0xfee75c,
  started: 0x57f287,
  ended: 0x99aab5,
  conflict: 0xed4245,
  main: 0x4f545c,
};
type ActionStyle = ButtonStyle.Primary | ButtonStyle.Secondary | ButtonStyle.Success | ButtonStyle.Danger;
export const STYLES: Readonly<Record<BoardAction['style'], ActionStyle>> = {
  primary: ButtonStyle.Primary,
  danger: ButtonStyle.Danger,
  default: ButtonStyle.Secondary,
};
/** Longest display name shown on a board line (the full name is in Discord itself). */
const NAME_CHARS = 40;
/** The header may use at most this much of a page's 6,000 characters. */
const HEADER_CHARS = 1400;
/** The help queue's embed may use at most this much of a page's 6,000 characters. */
const HELP_CHARS = 1000;
/** Longest help note shown on the board (the whole note is in every facilitator's DM). */
const HELP_NOTE_CHARS = 120;
const HELP_COLOUR = 0xf0b232;

type Section = 'conflict' | 'rooms' | 'main';
interface Field extends APIEmbedField {
  readonly section: Section;
}
const SECTION_TITLES: Readonly<Record<Section, string>> = { conflict: '🟥 Audio conflicts', rooms: 'Rooms', main: 'Main room' };

function personLine(a: BoardAttendee): string {
  return `${a.icon} ${fit(a.name, NAME_CHARS)}${a.role === 'facilitator' ? ' ★' : ''}`;
}

/** Split `items` into field values of at most 1,024 characters, `lead` lines first. */
function chunkValue(lead: readonly string[], items: readonly string[], empty: string): string[] {
  const values: string[] = [];
  let current = lead.map((l) => fit(l, L.fieldValue)).join('\n');
  if (items.length === 0) return [current ? `${current}\n${empty}` : empty].map((v) => fit(v, L.fieldValue));
  let sep = current ? '\n' : '';
  for (const item of items) {
    if (current.length + sep.length + item.length > L.fieldValue) {
      values.push(current);
      current = item;
    } else {
      current += sep + item;
    }
    sep = ', ';
  }
  values.push(current);
  return values;
}

function roomFields(room: BoardRoom): Field[] {
  const c = room.counts;
  const counts = `${room.attendees.length} · ${AUDIO_ICONS.phone}${c.phone} ${AUDIO_ICONS.voip}${c.voip} ${AUDIO_ICONS.listening}${c.listening}`;
  const mark = room.conflict ? '🟥 ' : '';
  const phone = room.phoneAllowed ? ' · phone ok' : '';
  const help = room.helpAsked ? ' · 🙋 help asked' : '';
  // Counts and the number are never cut; only the room's name gives way.
  const fixed = `${mark}${room.number}.  (${counts})${phone}${help}`;
  const name = `${mark}${room.number}. ${fit(room.name, L.fieldName - fixed.length)} (${counts})${phone}${help}`;
  const visiting = room.visitors.length > 0 ? [`👀 Visiting: ${nameList(room.visitors.map((v) => fit(v, NAME_CHARS)), 5)}`] : [];
  const lead = [...(room.conflict ? [`**${room.conflict.reason}**`] : []), ...room.warnings.map((w) => `⚠️ ${w}`), ...visiting];
  const section: Section = room.conflict ? 'conflict' : 'rooms';
  return chunkValue(lead, room.attendees.map(personLine), '*(empty)*').map((value, i) => ({
    section,
    name: i === 0 ? name : fit(`${room.number}. ${room.name} (continued)`, L.fieldName),
    value,
    inline: false,
  }));
}

function mainFields(board: Board): Field[] {
  const groups = new Map<string, BoardAttendee[]>();
  for (const a of board.main) {
    const key = a.waiting ?? '';
    let list = groups.get(key);
    if (!list) groups.set(key, (list = []));
    list.push(a);
  }
  if (groups.size === 0) return [{ section: 'main', name: `${board.mainHeading} (0)`, value: '*(nobody)*', inline: false }];
  const fields: Field[] = [];
  for (const [reason, people] of groups) {
    const title = reason ? `Waiting (${people.length}): ${reason}` : `${board.mainHeading} (${people.length})`;
    chunkValue([], people.map(personLine), '').forEach((value, i) =>
      fields.push({ section: 'main', name: fit(i === 0 ? title : `${title} (continued)`, L.fieldName), value, inline: false }),
    );
  }
  return fields;
}

/** A time every reader sees in their own time zone: "14:05" and "in 12 minutes", drawn by Discord, never a ticking message. */
const at = (seconds: number, style: 't' | 'R'): string => `<t:${seconds}:${style}>`;

/** The timer and the last broadcast, right under the status. */
function facilitationLines(board: Board): string[] {
  const lines: string[] = [];
  const t = board.timer;
  if (t) lines.push(`⏱ ${t.closing ? '**Time is up**: rooms close' : 'Rooms close'} at ${at(t.endsAtSeconds, 't')} (${at(t.endsAtSeconds, 'R')})`);
  if (board.plannedTimer) lines.push(`⏱ ${board.plannedTimer}`);
  if (board.timerNote) lines.push(`⏱ ${fit(board.timerNote, 200)}`);
  const b = board.broadcast;
  if (b) {
    const to = b.room === undefined ? 'every room' : (board.rooms.find((r) => r.number === b.room)?.name ?? `room ${b.room}`);
    lines.push(fit(`📣 Last broadcast ${at(b.atSeconds, 'R')} to ${to}: ${b.text}`, 300));
  }
  return lines;
}

/** How people are placed (when attendees choose) and what the last distribute said about repeats. */
function roundLines(board: Board): string[] {
  const lines: string[] = [];
  if (board.mode === 'choose') lines.push('🚪 **Attendees choose their own room**: press “Choose your room” below.');
  if (board.repeats) lines.push(`🔁 ${fit(board.repeats.line, 200)}`);
  return lines;
}

function headerEmbed(board: Board, page: number, pages: number): APIEmbed {
  const lines = [
    `**${board.statusLabel}**`,
    ...facilitationLines(board),
    `Key: ${board.key.map((k) => `${k.icon} ${k.label}`).join(' · ')} · ★ facilitator`,
    `${peopleSummary(board.counts, AUDIO_ICONS)} · ${plural(board.rooms.length, 'room')} · phone ${roomRange(board.phoneRooms)}${board.roomCap !== undefined ? ` · at most ${board.roomCap} per room` : ''}${board.dialIn ? ` · dial-in ${board.dialIn}` : ''}`,
    ...roundLines(board),
  ];
  if (board.lastRound) lines.push(`**${board.roomsHeading}**`);
  const p = board.progress;
  if (p) {
    lines.push(`**${p.label}: ${p.done}/${p.total}**${p.failed ? ` (${p.failed} failed)` : ''}`);
    for (const note of p.notes.slice(0, 3)) lines.push(`• ${fit(note, 200)}`);
  }
  for (const w of board.warnings) lines.push(`⚠️ ${fit(w, 200)}`);
  const footer = `Page ${page} of ${pages} · board v${board.version}`;
  const title = fit(board.title, 100);
  const description = fit(lines.join('\n'), HEADER_CHARS - title.length - footer.length);
  return {
    title,
    description,
    color: board.conflictCount > 0 ? COLOURS.conflict : COLOURS[board.status],
    footer: { text: footer },
  };
}

export function embedChars(embeds: readonly APIEmbed[]): number {
  let n = 0;
  for (const e of embeds) {
    n += (e.title ?? '').length + (e.description ?? '').length + (e.footer?.text ?? '').length + (e.author?.name ?? '').length;
    for (const f of e.fields ?? []) n += f.name.length + f.value.length;
  }
  return n;
}

function helpLine(h: BoardHelp): string {
  const who = nameList(h.askers.map((n) => fit(n, NAME_CHARS)), 3);
  const asked = `asked ${at(Math.floor(Date.parse(h.at) / 1000), 'R')}`;
  if (h.state === 'claimed') return `${h.roomName} — ${who} ${asked} — **${fit(h.claimedBy ?? 'someone', NAME_CHARS)}** is on it`;
  return `**${h.roomName}** — ${who} ${asked}${h.note ? `: “${fit(h.note, HELP_NOTE_CHARS)}”` : ''}`;
}

/** The help queue (open requests oldest first, then those someone is on), whole lines within its budget. */
export function helpEmbed(board: Board): APIEmbed | undefined {
  if (board.help.length === 0) return undefined;
  const open = board.help.filter((h) => h.state === 'open').length;
  const title = `🙋 Help requests: ${open} waiting${open < board.help.length ? `, ${board.help.length - open} on the way` : ''}`;
  const lines: string[] = [];
  let used = 0;
  for (const [i, h] of board.help.entries()) {
    const line = helpLine(h);
    const rest = `… and ${board.help.length - i} more: take one with /${FACILITATOR_COMMAND} claim <room>`;
    if (used + line.length + 1 > HELP_CHARS - rest.length) {
      lines.push(rest);
      break;
    }
    lines.push(line);
    used += line.length + 1;
  }
  return { title, description: lines.join('\n'), color: HELP_COLOUR };
}

/** What the help embed takes of every page (each page keeps room for it, so pages are the same on the board and in /status). */
function reserved(board: Board): { readonly chars: number; readonly embeds: number } {
  const help = helpEmbed(board);
  return help ? { chars: (help.title ?? '').length + (help.description ?? '').length, embeds: 1 } : { chars: 0, embeds: 0 };
}

/** Pack the fields into pages that each fit in one message beside the header (and the help queue). */
function paginate(fields: readonly Field[], reserve: { readonly chars: number; readonly embeds: number }): Field[][] {
  const budget = L.embedTotalChars - HEADER_CHARS - reserve.chars;
  const pages: Field[][] = [];
  let page: Field[] = [];
  let chars = 0;
  let embeds = 1;
  let fieldsInEmbed = 0;
  let section: Section | undefined;
  for (const f of fields) {
    const opensEmbed = f.section !== section || fieldsInEmbed === L.embedFields;
    const cost = f.name.length + f.value.length + (opensEmbed ? SECTION_TITLES[f.section].length : 0);
    if (page.length > 0 && (chars + cost > budget || (opensEmbed && embeds + reserve.embeds + 1 > L.embedsPerMessage))) {
      pages.push(page);
      page = [];
      chars = 0;
      embeds = 1;
      fieldsInEmbed = 0;
      section = undefined;
    }
    if (f.section !== section || fieldsInEmbed === L.embedFields) {
      embeds++;
      fieldsInEmbed = 0;
      section = f.section;
      chars += SECTION_TITLES[f.section].length;
    }
    page.push(f);
    fieldsInEmbed++;
    chars += f.name.length + f.value.length;
  }
  if (page.length > 0 || pages.length === 0) pages.push(page);
  return pages;
}

function fieldEmbeds(fields: readonly Field[]): APIEmbed[] {
  const embeds: APIEmbed[] = [];
  let current: (APIEmbed & { fields: APIEmbedField[] }) | undefined;
  let section: Section | undefined;
  for (const f of fields) {
    if (!current || f.section !== section || current.fields.length === L.embedFields) {
      section = f.section;
      current = { title: SECTION_TITLES[f.section], color: f.section === 'conflict' ? COLOURS.conflict : f.section === 'main' ? COLOURS.main : COLOURS.draft, fields: [] };
      embeds.push(current);
    }
    current.fields.push({ name: f.name, value: f.value, inline: false });
  }
  return embeds;
}

export function boardPages(board: Board): Field[][] {
  // Conflict rooms come first, in their own red embed, so they are seen on page 1.
  const conflicts = board.rooms.filter((r) => r.conflict).flatMap(roomFields);
  const rooms = board.rooms.filter((r) => !r.conflict).flatMap(roomFields);
  return paginate([...conflicts, ...rooms, ...mainFields(board)], reserved(board));
}

export function button(meetingId: string, version: number, verb: Verb, label: string, style: ActionStyle, args: string[] = []): APIButtonComponent {
  return { type: ComponentType.Button, custom_id: encodeAction({ verb, meetingId, version, args }), label: fit(label, L.buttonLabel), style };
}

export function rows(buttons: readonly APIButtonComponent[]): Row[] {
  const out: Row[] = [];
  for (let i = 0; i < buttons.length; i += L.buttonsPerRow) out.push({ type: ComponentType.ActionRow, components: buttons.slice(i, i + L.buttonsPerRow) });
  return out;
}

/** The board is seen by a facilitator (the shared board, or a facilitator's own copy): they may take help requests. */
const forFacilitator = (board: Board): boolean => board.actions.some((a) => a.facilitatorOnly);

/**
 * "I'll go" for each open help request, oldest first, in the action rows left over (at most
 * `rowsLeft` rows of 5); the help embed lists the rest, taken with /breakouts claim <room>.
 */
function claimRows(board: Board, rowsLeft: number): Row[] {
  if (!forFacilitator(board) || rowsLeft <= 0) return [];
  const open = board.help.filter((h) => h.state === 'open').slice(0, rowsLeft * L.buttonsPerRow);
  return rows(open.map((h) => button(board.meetingId, board.version, 'claim', `🙋 ${CLAIM_LABEL}: ${h.roomName}`, ButtonStyle.Success, [h.id])));
}

/** The header, the help queue (page 1), and the page's fields. */
function pageEmbeds(board: Board, pages: readonly Field[][], page: number): APIEmbed[] {
  const help = page === 1 ? helpEmbed(board) : undefined;
  return [headerEmbed(board, page, pages.length), ...(help ? [help] : []), ...fieldEmbeds(pages[page - 1] ?? [])];
}

/** The shared board message: page 1, the actions, "I'll go" for open help requests, and the move select. */
export function renderBoard(board: Board): DiscordPayload {
  const pages = boardPages(board);
  const embeds = pageEmbeds(board, pages, 1);
  const buttons = board.actions
    .filter((a) => a.verb !== 'move-open')
    .map((a) => button(board.meetingId, board.version, a.verb, a.label, STYLES[a.style]));
  if (pages.length > 1) buttons.push(button(board.meetingId, board.version, 'page', `More (page 2 of ${pages.length}) ›`, ButtonStyle.Secondary, ['2']));
  const components = rows(buttons);
  const select = board.actions.some((a) => a.verb === 'move-open');
  components.push(...claimRows(board, L.actionRows - components.length - (select ? 1 : 0)));
  if (select) {
    components.push({
      type: ComponentType.ActionRow,
      components: [
        {
          type: ComponentType.UserSelect,
          custom_id: encodeAction({ verb: 'move-open', meetingId: board.meetingId, version: board.version, args: [] }),
          placeholder: 'Move someone: pick a person, then a room…',
          min_values: 1,
          max_values: 1,
        },
      ],
    });
  }
  return { embeds, components: components.slice(0, L.actionRows) };
}

/** Another page of a large board, for one person (ephemeral), with previous/next buttons. */
export function renderBoardPage(board: Board, requested: number): DiscordPayload {
  const pages = boardPages(board);
  const page = Math.min(Math.max(1, requested), pages.length);
  const nav: APIButtonComponent[] = [];
  if (page > 1) nav.push(button(board.meetingId, board.version, 'page', '‹ Previous', ButtonStyle.Secondary, [String(page - 1)]));
  if (page < pages.length) nav.push(button(board.meetingId, board.version, 'page', 'Next ›', ButtonStyle.Secondary, [String(page + 1)]));
  const components = rows(nav);
  if (page === 1) components.push(...claimRows(board, L.actionRows - components.length));
  return { embeds: pageEmbeds(board, pages, page), components };
}
