/**
 * The packet keys this process is writing right now. Copies of one packet reach the FSC from
 * several stations within milliseconds; if two requests race for a key in PostgreSQL, the
 * second waits for the first's row lock *while holding its own*, and a third queues behind it:
 * a convoy. Waiting here instead, before the transaction starts and holding nothing, breaks the
 * chain; the database's unique key still decides (several instances, a timeout here).
 */
export class InflightKeys {
  #writing = new Map<string, Promise<void>>();

  /** Waits (at most `maxWaitMs`) for other requests writing any of `keys`, then claims them. */
  async claim(keys: Iterable<string>, maxWaitMs = 2000): Promise<() => void> {
    const waits = new Set<Promise<void>>();
    for (const key of keys) {
      const busy = this.#writing.get(key);
      if (busy) waits.add(busy);
    }
    if (waits.size) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        Promise.all(waits),
        new Promise<void>((resolve) => (timer = setTimeout(resolve, maxWaitMs))),
      ]);
      clearTimeout(timer);
    }
    let release!: () => void;
    const done = new Promise<void>((resolve) => (release = resolve));
    const mine: string[] = [];
    for (const key of keys) {
      if (!this.#writing.has(key)) {
        this.#writing.set(key, done);
        mine.push(key);
      }
    }
    return () => {
      for (const key of mine) if (this.#writing.get(key) === done) this.#writing.delete(key);
      release();
    };
  }
}
