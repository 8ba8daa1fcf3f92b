import { stat, statSync, type Stats } from 'node:fs';
import type { PublishedEvent, SubscriberInfo, VtpLogger } from '@svom/vtp';
import { readSubscriberFilterFile, SubscriberFilters } from './subscriber-filters.js';

/**
 * The rules of the filter file in force, read again whenever the file changes: a restart would
 * cut every subscriber's connection. The file's stat is polled and compared with the one it had
 * when last read (which also sees a file replaced on a bind mount, and an edit made before the
 * polling started). A bad file at start stops the service; a bad edit later is logged and the
 * rules in force stay.
 */
export class WatchedSubscriberFilters {
  #current: SubscriberFilters;
  /** The file as it was when last read: a change is judged against it, not against the previous poll. */
  #read: { mtimeMs: number; size: number };
  #timer: NodeJS.Timeout | undefined;
  /** Times the file was read again and its rules taken. */
  reloads = 0;

  /** @throws Error naming the file and the field when the file is bad at start. */
  constructor(
    private readonly path: string,
    private readonly logger: VtpLogger,
    private readonly pollMs = 2000,
  ) {
    // Stat first: an edit between the two is then seen as a change at the next poll.
    this.#read = stamp(statSync(path));
    this.#current = new SubscriberFilters(readSubscriberFilterFile(path));
  }

  /** The broker's `filter`. */
  readonly accepts = (subscriber: SubscriberInfo, event: PublishedEvent): boolean =>
    this.#current.accepts(subscriber, event);

  get rules(): number {
    return this.#current.size;
  }

  start(): void {
    this.#timer ??= setInterval(
      () =>
        stat(
          this.path,
          (error, stats) => void (error || this.#timer === undefined ? undefined : this.#onChange(stats)),
        ),
      this.pollMs,
    ).unref();
  }

  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
    this.#current.dispose();
  }

  readonly #onChange = (now: Stats): void => {
    if (now.mtimeMs === this.#read.mtimeMs && now.size === this.#read.size) return;
    this.#read = stamp(now);
    let next: SubscriberFilters;
    try {
      next = new SubscriberFilters(readSubscriberFilterFile(this.path));
    } catch (error) {
      this.logger.warn(
        { err: error, file: this.path },
        'VTP subscriber filters not reloaded: the file is not valid; the rules in force stay',
      );
      return;
    }
    const previous = this.#current;
    this.#current = next;
    previous.dispose();
    this.reloads++;
    this.logger.info({ file: this.path, rules: next.size }, 'VTP subscriber filters reloaded');
  };
}

const stamp = (stats: Stats) => ({ mtimeMs: stats.mtimeMs, size: stats.size });
