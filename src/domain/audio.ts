// How people name an audio connection, in any of its usual words.

/** "Just Listening", "VOIP", "listen-only" … → the canonical audio kind. */
export function normaliseAudio(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const v = value.trim().toLowerCase().replace(/[\s_-]+/g, ' ');
  const aliases: Record<string, string> = {
    phone: 'phone',
    telephone: 'phone',
    'dial in': 'phone',
    voip: 'voip',
    computer: 'voip',
    'computer audio': 'voip',
    listening: 'listening',
    listen: 'listening',
    'just listening': 'listening',
    'listen only': 'listening',
  };
  return aliases[v] ?? value;
}
