// One queue per key (a meeting, a board): tasks of a key run one after another, keys never wait for
// each other, and a key's queue is forgotten once it drains. The store serialises updates with it;
// board publishers use runLatest, so changes that arrive during an update merge into one next update.

export interface KeyedQueue {
  /** Run `task` after every earlier task of this key; its result or error is the caller's alone. */
  run<T>(key: string, task: () => Promise<T>): Promise<T>;
  /**
   * Like run, but a task still waiting for its turn is shared: whoever asks meanwhile gets that
   * one, which reads the newest state when it starts. At most one runs and one waits per key.
   */
  runLatest(key: string, task: () => Promise<void>): Promise<void>;
  /** Resolves once every task queued so far has finished (shutdown, tests). */
  drained(): Promise<void>;
}

export function createKeyedQueue(): KeyedQueue {
  const tails = new Map<string, Promise<unknown>>();
  const waiting = new Map<string, Promise<void>>();

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
    runLatest(key, task) {
      const shared = waiting.get(key);
      if (shared) return shared;
      const next = run(key, async () => {
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
