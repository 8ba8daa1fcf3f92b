// The text/event-stream format (WHATWG HTML, "Server-sent events", parsing an event stream), read
// by hand because the page reads /events with fetch(), not EventSource: EventSource gives up for
// good on any answer but a 200 (a 503 while the service sheds load, a 429) and hides the answer's
// Retry-After, so a page could not know when to come back.

/** One dispatched event: its name (`message` when the stream names none) and its data lines joined. */
export interface SseEvent {
  event: string;
  data: string;
}

/** Cuts a stream's text, chunk by chunk, into events; comments (`: heartbeat`) and ids are skipped. */
export class SseParser {
  #buffer = '';
  #event = '';
  #data: string[] = [];
  /** A chunk ended on `\r`: a `\n` opening the next one belongs to that line end. */
  #afterCr = false;

  /** The events completed by this chunk, in order. */
  push(chunk: string): SseEvent[] {
    let text = chunk;
    if (this.#afterCr && text.startsWith('\n')) text = text.slice(1);
    this.#afterCr = text.endsWith('\r');
    this.#buffer += text;
    const events: SseEvent[] = [];
    const lines = this.#buffer.split(/\r\n|\r|\n/);
    // The last piece has no line end yet: keep it for the next chunk.
    this.#buffer = lines.pop() ?? '';
    for (const line of lines) {
      const event = this.#line(line);
      if (event) events.push(event);
    }
    return events;
  }

  #line(line: string): SseEvent | undefined {
    if (line === '') {
      // A blank line dispatches; an event with no data line is dropped, as the standard says.
      const event =
        this.#data.length > 0 ? { event: this.#event || 'message', data: this.#data.join('\n') } : undefined;
      this.#event = '';
      this.#data = [];
      return event;
    }
    if (line.startsWith(':')) return undefined;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'event') this.#event = value;
    else if (field === 'data') this.#data.push(value);
    return undefined;
  }
}
