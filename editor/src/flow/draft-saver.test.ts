import { describe, expect, it, vi } from 'vitest';
import { builtinCatalog } from '@bizosaas/nodes';
import type { FlowGraph } from '@bizosaas/shared';
import { toGraph } from '../canvas/model/document';
import { addNote } from '../canvas/model/edits';
import { sampleDoc } from '../canvas/model/test-doc';
import { createCanvasStore } from '../canvas/store';
import { DraftSaver, type DraftApi } from './draft-saver';

class Stale extends Error {
  constructor(readonly current: number) {
    super('stale');
  }
}

/** A server holding one draft, refusing saves based on an old revision as flows.saveDraft does. */
function fakeServer(start: FlowGraph) {
  const server = { revision: 1, draft: start, saves: 0, exitSaves: 0 };
  const save = async (revision: number, graph: FlowGraph) => {
    if (revision !== server.revision) throw new Stale(server.revision);
    server.saves += 1;
    server.revision += 1;
    server.draft = graph;
    return { revision: server.revision };
  };
  const api: DraftApi = {
    save,
    saveOnExit: (revision, graph) => {
      server.exitSaves += 1;
      return save(revision, graph);
    },
    load: async () => ({ revision: server.revision, draft: server.draft }),
    conflictRevision: (e) => (e instanceof Stale ? e.current : undefined),
    message: (e) => String(e),
  };
  return { server, api };
}

const note = (id: string) =>
  addNote({ id, text: id, position: { x: 0, y: 0 }, size: { width: 100, height: 80 } });

describe('autosaving a draft', () => {
  it('saves a burst of edits once, after a pause', async () => {
    vi.useFakeTimers();
    const store = createCanvasStore(builtinCatalog(), sampleDoc());
    const { server, api } = fakeServer(toGraph(sampleDoc()));
    const saver = new DraftSaver(store, api, 1, 100);
    saver.start();
    store.getState().run(note('a'));
    store.getState().run(note('b'));
    expect(saver.current.kind).toBe('unsaved');
    await vi.advanceTimersByTimeAsync(150);
    expect(server.saves).toBe(1);
    expect(server.draft.notes?.map((n) => n.id)).toEqual(['a', 'b']);
    expect(saver.current.kind).toBe('saved');
    vi.useRealTimers();
  });

  it('stops at a stale save, then reloads theirs or overwrites with mine', async () => {
    const store = createCanvasStore(builtinCatalog(), sampleDoc());
    const { server, api } = fakeServer(toGraph(sampleDoc()));
    const saver = new DraftSaver(store, api, 1, 10_000);
    saver.start();
    server.revision = 5; // someone else saved four times
    store.getState().run(note('mine'));
    await saver.save();
    expect(saver.current).toEqual({ kind: 'conflict', theirs: 5 });
    await expect(saver.flush()).rejects.toThrow(/resolve the conflict/);

    await saver.overwriteWithMine();
    expect(saver.current.kind).toBe('saved');
    expect(server.revision).toBe(6);
    expect(server.draft.notes?.[0]?.id).toBe('mine');

    server.revision = 9;
    server.draft = toGraph(sampleDoc());
    store.getState().run(note('again'));
    await saver.save();
    await saver.reloadTheirs();
    expect(store.getState().doc.notes).toEqual([]);
    expect(await saver.flush()).toBe(9);
    await saver.dispose();
  });

  it('sends an edit made just before the tab closes at once, on a request that outlives the page', async () => {
    vi.useFakeTimers();
    const store = createCanvasStore(builtinCatalog(), sampleDoc());
    const { server, api } = fakeServer(toGraph(sampleDoc()));
    const saver = new DraftSaver(store, api, 1, 800);
    saver.start();
    store.getState().run(note('last-second'));
    // Closing now would lose it: the debounced save has not run.
    expect(saver.atRisk).toBe(true);
    saver.saveBeforeExit();
    // On its way on a keepalive request: nothing to warn about any more.
    expect(saver.atRisk).toBe(false);
    await vi.advanceTimersByTimeAsync(0);
    expect(server.exitSaves).toBe(1);
    expect(server.draft.notes?.map((n) => n.id)).toEqual(['last-second']);
    expect(saver.current.kind).toBe('saved');
    // The debounce that was pending does not save it a second time.
    await vi.advanceTimersByTimeAsync(1_000);
    expect(server.saves).toBe(1);
    saver.saveBeforeExit();
    expect(server.exitSaves).toBe(1);
    vi.useRealTimers();
  });

  it('warns before leaving while a conflict holds edits back', async () => {
    const store = createCanvasStore(builtinCatalog(), sampleDoc());
    const { server, api } = fakeServer(toGraph(sampleDoc()));
    const saver = new DraftSaver(store, api, 1, 10_000);
    saver.start();
    server.revision = 3;
    store.getState().run(note('held'));
    await saver.save();
    expect(saver.current.kind).toBe('conflict');
    saver.saveBeforeExit();
    expect(server.exitSaves).toBe(0);
    expect(saver.atRisk).toBe(true);
    await saver.reloadTheirs();
    expect(saver.atRisk).toBe(false);
  });
});
