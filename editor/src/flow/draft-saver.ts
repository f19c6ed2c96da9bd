import { fromGraph, toGraph, type EditorDoc } from '../canvas/model/document';
import type { CanvasStore } from '../canvas/store';
import type { FlowGraph } from '@bizosaas/shared';

export type SaveState =
  | { kind: 'saved' }
  | { kind: 'unsaved' }
  | { kind: 'saving' }
  | { kind: 'conflict'; theirs: number }
  | { kind: 'failed'; message: string };

/** What the saver needs from the API, so it can be tested without a server. */
export interface DraftApi {
  save(revision: number, graph: FlowGraph): Promise<{ revision: number }>;
  /** The same save on a request that outlives the page (`fetch` with `keepalive`). */
  saveOnExit(revision: number, graph: FlowGraph): Promise<{ revision: number }>;
  load(): Promise<{ revision: number; draft: FlowGraph }>;
  /** The server's revision when a save was refused as stale, else undefined. */
  conflictRevision(error: unknown): number | undefined;
  message(error: unknown): string;
}

// Long enough that a drag or a burst of typing becomes one save, short enough to lose little.
export const AUTOSAVE_DELAY_MS = 800;

/**
 * Keeps the server's draft in step with the canvas. A save carries the revision it was based on;
 * when someone else saved in between, the server refuses it and autosave stops until the builder
 * chooses: reload their version, or overwrite it with this one. Nothing is dropped silently.
 *
 * It watches the store outside React, so a drag's sixty document changes a second re-render
 * nothing; only the save state shown in the toolbar is published to React.
 */
export class DraftSaver {
  private state: SaveState = { kind: 'saved' };
  private readonly listeners = new Set<() => void>();
  private inFlight: Promise<void> | undefined;
  /** The save under way: which store revision it carries, and whether it outlives the page. */
  private sending: { local: number; outlivesPage: boolean } | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** The store revision the server's draft matches. */
  private savedAt: number;
  private unsubscribe: (() => void) | undefined;

  constructor(
    private readonly store: CanvasStore,
    private readonly api: DraftApi,
    private revision: number,
    private readonly delayMs = AUTOSAVE_DELAY_MS,
  ) {
    this.savedAt = store.getState().revision;
  }

  /** Starts watching the canvas (kept out of the constructor so building one has no effect). */
  start(): void {
    this.unsubscribe ??= this.store.subscribe((s, previous) => {
      if (s.revision === previous.revision || s.readOnly) return;
      if (this.state.kind === 'saved') this.set({ kind: 'unsaved' });
      if (this.state.kind === 'conflict') return;
      clearTimeout(this.timer);
      this.timer = setTimeout(() => void this.save(), this.delayMs);
    });
  }

  get current(): SaveState {
    return this.state;
  }

  /** For `useSyncExternalStore`. */
  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };
  getSnapshot = (): SaveState => this.state;

  private set(next: SaveState) {
    this.state = next;
    for (const listener of this.listeners) listener();
  }

  /** Saves what the canvas holds now, after any save already under way. */
  async save(): Promise<void> {
    while (this.inFlight) await this.inFlight;
    clearTimeout(this.timer);
    if (this.state.kind === 'conflict') return;
    const { doc, revision: local } = this.store.getState();
    if (local === this.savedAt) return;
    await this.send(doc, local, false);
  }

  /**
   * The tab is being hidden or closed, so the debounced save may never run: it is sent now, on a
   * request the browser completes after the page is gone. If the page lives on (the tab was only
   * hidden), its answer is taken like any save's. A save already under way is left to finish.
   */
  saveBeforeExit(): void {
    if (this.inFlight || this.state.kind === 'conflict') return;
    const { doc, revision: local } = this.store.getState();
    if (local === this.savedAt) return;
    clearTimeout(this.timer);
    void this.send(doc, local, true);
  }

  /**
   * Whether closing the page now could lose edits: some are not on the server, and no request
   * that outlives the page is carrying the latest of them.
   */
  get atRisk(): boolean {
    const local = this.store.getState().revision;
    if (local === this.savedAt) return false;
    return !(this.sending?.outlivesPage && this.sending.local === local);
  }

  private async send(doc: EditorDoc, local: number, outlivesPage: boolean) {
    this.set({ kind: 'saving' });
    this.sending = { local, outlivesPage };
    this.inFlight = this.write(doc, local, outlivesPage);
    try {
      await this.inFlight;
    } finally {
      this.inFlight = undefined;
      this.sending = undefined;
    }
  }

  private async write(doc: EditorDoc, local: number, outlivesPage: boolean) {
    try {
      const graph = toGraph(doc);
      const saved = await (outlivesPage
        ? this.api.saveOnExit(this.revision, graph)
        : this.api.save(this.revision, graph));
      this.revision = saved.revision;
      this.savedAt = local;
      this.set(this.store.getState().revision === local ? { kind: 'saved' } : { kind: 'unsaved' });
    } catch (error) {
      const theirs = this.api.conflictRevision(error);
      this.set(
        theirs !== undefined
          ? { kind: 'conflict', theirs }
          : { kind: 'failed', message: this.api.message(error) },
      );
    }
  }

  /** Saves now; resolves with the server revision the canvas then matches. */
  async flush(): Promise<number> {
    await this.save();
    const state = this.state as SaveState;
    if (state.kind === 'conflict')
      throw new Error('Someone else saved this flow; resolve the conflict first.');
    if (state.kind === 'failed') throw new Error(state.message);
    return this.revision;
  }

  /** Drops local edits for the server's draft (after a conflict, or a restore). */
  async reloadTheirs(): Promise<void> {
    const flow = await this.api.load();
    this.revision = flow.revision;
    this.store.getState().replaceDoc(fromGraph(flow.draft));
    clearTimeout(this.timer);
    this.savedAt = this.store.getState().revision;
    this.set({ kind: 'saved' });
  }

  /** Saves this canvas over the version that won the race. */
  async overwriteWithMine(): Promise<void> {
    if (this.state.kind !== 'conflict') return;
    this.revision = this.state.theirs;
    this.set({ kind: 'unsaved' });
    await this.save();
  }

  /** Stops watching; edits not yet saved are saved on the way out. */
  dispose(): Promise<void> {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    return this.save();
  }
}
