import type { LiveEvent } from '../live.js';

/** A page: drawn into `root`, told of live events while shown, disposed when left. */
export interface View {
  title: string;
  onLive?(e: LiveEvent): void;
  dispose?(): void;
}

export type ViewFactory = (root: HTMLElement, params: string[]) => View;
