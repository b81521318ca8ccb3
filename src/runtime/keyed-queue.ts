// One queue per key (a meeting, a board): tasks of a key run one after another, keys never wait for
// each other, and a key's queue is forgotten once it drains. The store serialises updates with it;
// board publishers use runLatest, so changes that arrive during an update merge into one next update.

export interface KeyedQueue {
  /** Run `task` after every earlier task of this key; its result or error is the caller's alone. */
  run<T>(key: string, task: () => Promise<T>): Promise<T>;
  /**
   * Like run, but a task still waiting for its turn is shared: whoever asks meanwhile gets that
   * one, which reads the newest state when it starts. At most one runs and one waits per key.
   * With `minIntervalMs`, a key's tasks start at least that far apart (a platform's pace), and
   * everything asked for meanwhile merges into the next one.
   */
  runLatest(key: string, task: () => Promise<void>, minIntervalMs?: number): Promise<void>;
  /** Resolves once every task queued so far has finished (shutdown, tests). */
  drained(): Promise<void>;
}

export function createKeyedQueue(): KeyedQueue {
  const tails = new Map<string, Promise<unknown>>();
  const waiting = new Map<string, Promise<void>>();
  /** When the last paced task of a key started (kept only while it matters). */
  const started = new Map<string, number>();

  function run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = tails.get(key) ?? Promise.resolve();
    const result = previous.then(task);
    // The queue goes on after a failure (the caller still sees it) and is dropped once idle.
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    tails.set(key, tail);
    void tail.then(() => {
      if (tails.get(key) === tail) tails.delete(key);
    });
    return result;
  }

  return {
    run,
    runLatest(key, task, minIntervalMs = 0) {
      const shared = waiting.get(key);
      if (shared) return shared;
      const next = run(key, async () => {
        if (minIntervalMs > 0) {
          const wait = (started.get(key) ?? -Infinity) + minIntervalMs - Date.now();
          if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
          started.set(key, Date.now());
          // Forgotten once it no longer holds anything back.
          setTimeout(() => {
            if ((started.get(key) ?? 0) + minIntervalMs <= Date.now()) started.delete(key);
          }, minIntervalMs).unref();
        }
        waiting.delete(key);
        await task();
      });
      waiting.set(key, next);
      return next;
    },
    async drained() {
      await Promise.all([...tails.values()]);
    },
  };
}
