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
import type { Board, BoardAction, BoardAttendee, BoardRoom } from '../../src/board/board.ts';
import type { Status } from '../../src/domain/meeting.ts';
import { AUDIO_ICONS } from '../../src/domain/meeting.ts';
import { DISCORD_LIMITS as L } from './limits.ts';
import { fit, peopleSummary, plural, roomRange } from '../../src/domain/text.ts';

export type Row = APIActionRowComponent<APIComponentInMessageActionRow>;
export interface DiscordPayload {
  readonly content?: string;
  readonly embeds: APIEmbed[];
  readonly components: Row[];
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
  // Counts and the number are never cut; only the room's name gives way.
  const fixed = `${mark}${room.number}.  (${counts})${phone}`;
  const name = `${mark}${room.number}. ${fit(room.name, L.fieldName - fixed.length)} (${counts})${phone}`;
  const lead = [...(room.conflict ? [`**${room.conflict.reason}**`] : []), ...room.warnings.map((w) => `⚠️ ${w}`)];
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

function headerEmbed(board: Board, page: number, pages: number): APIEmbed {
  const lines = [
    `**${board.statusLabel}**`,
    `Key: ${board.key.map((k) => `${k.icon} ${k.label}`).join(' · ')} · ★ facilitator`,
    `${peopleSummary(board.counts, AUDIO_ICONS)} · ${plural(board.rooms.length, 'room')} · phone ${roomRange(board.phoneRooms)}${board.dialIn ? ` · dial-in ${board.dialIn}` : ''}`,
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

/** Pack the fields into pages that each fit in one message beside the header. */
function paginate(fields: readonly Field[]): Field[][] {
  const budget = L.embedTotalChars - HEADER_CHARS;
  const pages: Field[][] = [];
  let page: Field[] = [];
  let chars = 0;
  let embeds = 1;
  let fieldsInEmbed = 0;
  let section: Section | undefined;
  for (const f of fields) {
    const opensEmbed = f.section !== section || fieldsInEmbed === L.embedFields;
    const cost = f.name.length + f.value.length + (opensEmbed ? SECTION_TITLES[f.section].length : 0);
    if (page.length > 0 && (chars + cost > budget || (opensEmbed && embeds + 1 > L.embedsPerMessage))) {
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
  return paginate([...conflicts, ...rooms, ...mainFields(board)]);
}

export function button(meetingId: string, version: number, verb: Verb, label: string, style: ActionStyle, args: string[] = []): APIButtonComponent {
  return { type: ComponentType.Button, custom_id: encodeAction({ verb, meetingId, version, args }), label: fit(label, L.buttonLabel), style };
}

export function rows(buttons: readonly APIButtonComponent[]): Row[] {
  const out: Row[] = [];
  for (let i = 0; i < buttons.length; i += L.buttonsPerRow) out.push({ type: ComponentType.ActionRow, components: buttons.slice(i, i + L.buttonsPerRow) });
  return out;
}

/** The shared board message: page 1, the actions, and the move select. */
export function renderBoard(board: Board): DiscordPayload {
  const pages = boardPages(board);
  const embeds = [headerEmbed(board, 1, pages.length), ...fieldEmbeds(pages[0] ?? [])];
  const buttons = board.actions
    .filter((a) => a.verb !== 'move-open')
    .map((a) => button(board.meetingId, board.version, a.verb, a.label, STYLES[a.style]));
  if (pages.length > 1) buttons.push(button(board.meetingId, board.version, 'page', `More (page 2 of ${pages.length}) ›`, ButtonStyle.Secondary, ['2']));
  const components = rows(buttons);
  if (board.actions.some((a) => a.verb === 'move-open')) {
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
  return { embeds: [headerEmbed(board, page, pages.length), ...fieldEmbeds(pages[page - 1] ?? [])], components: rows(nav) };
}
