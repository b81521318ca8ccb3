// The page's icons as inline SVG, drawn in the page's own colours: no emoji font needed (without
// one every emoji is a box). Each icon has a text name for screen readers and tooltips, and
// emoji in the engine's text (conflict reasons, status) become these icons with their names.

const SVG = 'http://www.w3.org/2000/svg';

/** 24×24 outlines, stroked in currentColor. */
const SHAPES = {
  phone: [['path', { d: 'M6.5 3h3l1.8 4.5-2.3 1.4a11 11 0 0 0 6.1 6.1l1.4-2.3 4.5 1.8v3a2 2 0 0 1-2.2 2A17 17 0 0 1 4.5 5.2 2 2 0 0 1 6.5 3z' }]],
  voip: [
    ['rect', { x: 4, y: 5, width: 16, height: 11, rx: 1.5 }],
    ['path', { d: 'M2 19.5h20' }],
  ],
  listening: [
    ['path', { d: 'M4 17v-4a8 8 0 0 1 16 0v4' }],
    ['path', { d: 'M4 14h3v6H5.5A1.5 1.5 0 0 1 4 18.5zM20 14h-3v6h1.5a1.5 1.5 0 0 0 1.5-1.5z' }],
  ],
  chevron: [['path', { d: 'M9 5.5l6.5 6.5L9 18.5' }]],
  warning: [
    ['path', { d: 'M12 3.5l9.5 16.5h-19z' }],
    ['path', { d: 'M12 10v4.5M12 17.2v.3' }],
  ],
  check: [['path', { d: 'M5 12.5l4.5 4.5L19 7.5' }]],
  error: [
    ['circle', { cx: 12, cy: 12, r: 9 }],
    ['path', { d: 'M12 7.5v5.5M12 16.2v.3' }],
  ],
  close: [['path', { d: 'M6.5 6.5l11 11M17.5 6.5l-11 11' }]],
  conflict: [['rect', { x: 4, y: 4, width: 16, height: 16, rx: 3, fill: 'currentColor' }]],
  timer: [
    ['circle', { cx: 12, cy: 13.5, r: 7.5 }],
    ['path', { d: 'M12 9.5v4l2.5 2M9.5 3h5M12 3v3' }],
  ],
  hand: [['path', { d: 'M8 12.5V6a1.5 1.5 0 0 1 3 0v5M11 10.5V4.5a1.5 1.5 0 0 1 3 0v6M14 10.5V6a1.5 1.5 0 0 1 3 0v7.5a6.5 6.5 0 0 1-6.5 6.5A5.5 5.5 0 0 1 6 17.6L3.8 13.7a1.4 1.4 0 0 1 2.4-1.4L8 14.5' }]],
  megaphone: [
    ['path', { d: 'M3.5 10v4h3l7 4.5v-13l-7 4.5z' }],
    ['path', { d: 'M6.5 14l1.5 5.5h2.5L9.5 15M17 9a4 4 0 0 1 0 6M19.5 6.5a7.5 7.5 0 0 1 0 11' }],
  ],
  download: [['path', { d: 'M12 4v11M7.5 10.5L12 15l4.5-4.5M5 19.5h14' }]],
  offline: [
    ['path', { d: 'M3 3l18 18' }],
    ['path', { d: 'M8.5 16.5a5 5 0 0 1 7 0M5 12.5a10 10 0 0 1 5-2.6M19 12.5a10 10 0 0 0-2.4-1.7M2 8.8a15 15 0 0 1 6-3.2M22 8.8A15 15 0 0 0 12 5' }],
  ],
};

/**
 * An icon. With a label it is an image of that name (role img); without, it is decoration next
 * to text that already says it (hidden from screen readers).
 */
export function icon(name, label) {
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('class', `icon icon-${name}`);
  svg.setAttribute('focusable', 'false');
  if (label) {
    svg.setAttribute('role', 'img');
    svg.setAttribute('aria-label', label);
  } else {
    svg.setAttribute('aria-hidden', 'true');
  }
  for (const [tag, attrs] of SHAPES[name] ?? []) {
    const part = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attrs)) part.setAttribute(k, String(v));
    svg.append(part);
  }
  return svg;
}

/** Audio names, from the server's view (its one table of labels). */
let audioLabels = { phone: 'Phone', voip: 'VOIP (computer audio)', listening: 'Just listening' };
/** Emoji → icon name, for text written by the engine. */
let glyphs = new Map([
  ['📞', 'phone'],
  ['💻', 'voip'],
  ['🎧', 'listening'],
]);

export function setAudioChoices(choices) {
  audioLabels = Object.fromEntries(choices.map((c) => [c.audio, c.label]));
  glyphs = new Map(choices.map((c) => [c.icon, c.audio]));
}

export function audioLabel(audio) {
  return audioLabels[audio] ?? audio;
}

/** A person's or a count's audio: its icon, named (screen readers, tooltip). */
export function audioIcon(audio, label = audioLabel(audio)) {
  return icon(audio, label);
}

const OTHER_GLYPHS = new Map([
  ['⚠', ['warning', 'Warning']],
  ['🟥', ['conflict', 'Conflict']],
  ['⏱', ['timer', 'Timer']],
  ['🙋', ['hand', 'Help']],
  ['📣', ['megaphone', 'Broadcast']],
]);

/**
 * The engine's text with its emoji drawn as icons: "📞 Ann" → [phone icon] Ann. The names stay
 * text; only the known pictographs are replaced (and a stray variation selector dropped).
 */
export function richText(text) {
  const parts = [];
  let plain = '';
  for (const ch of String(text)) {
    if (ch === '\uFE0F') continue;
    const audio = glyphs.get(ch);
    const other = OTHER_GLYPHS.get(ch);
    if (audio === undefined && other === undefined) {
      plain += ch;
      continue;
    }
    if (plain) parts.push(plain);
    plain = '';
    parts.push(audio !== undefined ? audioIcon(audio) : icon(other[0], other[1]));
  }
  if (plain) parts.push(plain);
  return parts;
}
