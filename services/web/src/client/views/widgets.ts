import { h } from '../dom.js';
import { ago, utc } from '../format.js';
import type { BurstStatus } from '../types.js';

export function statusBadge(status: BurstStatus | string): HTMLElement {
  return h('span', { class: `badge status-${status}`, 'data-status': status }, status);
}

/** A time in UTC, with how long ago in its tooltip and machine-readable `datetime`. */
export function time(iso: string, withMs = false): HTMLElement {
  return h('time', { datetime: iso, title: ago(iso) }, utc(iso, withMs));
}

export function errorBox(error: unknown): HTMLElement {
  return h('p', { class: 'error', role: 'alert' }, (error as Error).message ?? String(error));
}

export function loading(what: string): HTMLElement {
  return h('p', { class: 'muted', 'aria-busy': 'true' }, `Loading ${what}…`);
}

export function section(title: string, id: string, ...body: Array<Node | string | null | false>): HTMLElement {
  return h('section', { class: 'card', 'aria-labelledby': id }, h('h2', { id }, title), ...body);
}
