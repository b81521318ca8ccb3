// The board's rooms and main room as embed fields, and how they are packed into pages: each page
// is one message beside the header (and, on every page's budget, the help queue).
import type { APIEmbed, APIEmbedField } from 'discord.js';
import type { Board, BoardAttendee, BoardRoom } from '../../src/board/board.ts';
import { AUDIO_ICONS } from '../../src/domain/meeting.ts';
import { DISCORD_LIMITS as L } from './limits.ts';
import { fit, nameList } from '../../src/domain/text.ts';
import { COLOURS, HEADER_CHARS, helpEmbed, NAME_CHARS } from './render-header.ts';

type Section = 'conflict' | 'rooms' | 'main';
export interface Field extends APIEmbedField {
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

export function fieldEmbeds(fields: readonly Field[]): APIEmbed[] {
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

