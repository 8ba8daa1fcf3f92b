/**
 * The occupied timeline during planning: non-overlapping items sorted by start sample. A few
 * thousand items at most, so a sorted array with binary search and splice beats any tree here.
 */
import type { Direction } from './visibility.js';

export interface Item {
  /** First and last sample (inclusive): the pointing is held from sample s to sample e. */
  s: number;
  e: number;
  dir: Direction;
  kind: 'start' | 'burst' | 'observation';
  /** Index of the request in the planner's list, −1 for fixed items. */
  request: number;
  /** Start of the visible run the observation lies in (compaction never leaves it). */
  runStart: number;
  label: string | null;
}

export class Timeline {
  readonly items: Item[] = [];

  /** Index of the first item whose start is after `sample`. */
  firstAfter(sample: number): number {
    let lo = 0;
    let hi = this.items.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.items[mid]!.s <= sample) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  insert(item: Item): void {
    this.items.splice(this.firstAfter(item.s), 0, item);
  }
}
