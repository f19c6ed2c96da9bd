import { describe, expect, it } from 'vitest';
import { builtinCatalog } from '@bizosaas/nodes';
import { addNote } from '../../src/canvas/model/edits';
import { sampleDoc } from '../../src/canvas/model/test-doc';
import { createCanvasStore } from '../../src/canvas/store';
import { DraftSaver } from '../../src/flow/draft-saver';

// React's strict mode builds a component's state twice and keeps one. A saver that subscribed in
// its constructor left the discarded twin autosaving with the same revision, so every second save
// came back as a false "changed elsewhere" conflict.
describe('regression: a saver that was built but never started', () => {
  it('never saves', async () => {
    const store = createCanvasStore(builtinCatalog(), sampleDoc());
    let saves = 0;
    new DraftSaver(
      store,
      {
        save: async () => ({ revision: ++saves + 1 }),
        saveOnExit: async () => ({ revision: ++saves + 1 }),
        load: () => Promise.reject(new Error('unused')),
        conflictRevision: () => undefined,
        message: String,
      },
      1,
      1,
    );
    store
      .getState()
      .run(addNote({ id: 'n', text: '', position: { x: 0, y: 0 }, size: { width: 1, height: 1 } }));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(saves).toBe(0);
  });
});
