import type { Reception } from '@svom/vhf-sim';

/**
 * Receptions waiting for their `receivedAt`: a station posts what it heard only once it heard
 * it, so the queue hands out, per station, what is due by a given wall-clock time.
 */
type Queued = { atMs: number; reception: Reception };

export class ReceptionQueue {
  #items: Queued[] = [];

  get size(): number {
    return this.#items.length;
  }

  push(receptions: readonly Reception[]): void {
    for (const reception of receptions) this.#items.push({ atMs: Date.parse(reception.receivedAt), reception });
    this.#items.sort((a, b) => a.atMs - b.atMs);
  }

  /** Puts back receptions a station could not deliver, to go first next time. */
  requeue(receptions: readonly Reception[]): void {
    this.#items.unshift(...receptions.map((reception) => ({ atMs: 0, reception })));
  }

  /** Due receptions by station, each list in `receivedAt` order, at most `maxPerStation` each. */
  takeDue(nowMs: number, maxPerStation: number): Map<string, Reception[]> {
    const byStation = new Map<string, Reception[]>();
    const keep: Queued[] = [];
    let i = 0;
    for (; i < this.#items.length && this.#items[i]!.atMs <= nowMs; i++) {
      const item = this.#items[i]!;
      let list = byStation.get(item.reception.stationId);
      if (!list) byStation.set(item.reception.stationId, (list = []));
      if (list.length < maxPerStation) list.push(item.reception);
      else keep.push(item);
    }
    this.#items = [...keep, ...this.#items.slice(i)];
    return byStation;
  }
}
