// One question to the store with a deadline: how many effects wait. Health checks and metric
// scrapes ask it; a store that hangs (a database behind a dead network) must not hang them too.
import type { MeetingStore } from '../store/port.ts';

export type StoreProbe = { readonly ok: true; readonly depth: number } | { readonly ok: false; readonly reason: string; readonly error?: unknown };

/** Default deadline: well inside a load balancer's usual 5 s health-check timeout. */
export const PROBE_TIMEOUT_MS = 2_000;

export async function probeStore(store: Pick<MeetingStore, 'outboxDepth'>, timeoutMs = PROBE_TIMEOUT_MS): Promise<StoreProbe> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<StoreProbe>((resolve) => {
    timer = setTimeout(() => resolve({ ok: false, reason: `the store did not answer within ${timeoutMs / 1000} s` }), timeoutMs);
  });
  const read = store.outboxDepth().then(
    (depth): StoreProbe => ({ ok: true, depth }),
    // The error's own words stay in the log: a driver's message may quote the connection string.
    (error: unknown): StoreProbe => ({ ok: false, reason: 'the store could not be read (the log has the error)', error }),
  );
  try {
    return await Promise.race([read, late]);
  } finally {
    clearTimeout(timer);
  }
}
