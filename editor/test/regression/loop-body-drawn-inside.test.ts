import { describe, expect, it } from 'vitest';
import { builtinCatalog } from '@bizosaas/nodes';
import type { FlowGraph } from '@bizosaas/shared';
import { containerSizes } from '../../src/canvas/model/containers';
import { fromGraph } from '../../src/canvas/model/document';
import { CONTAINER_HEADER } from '../../src/canvas/model/node-geometry';
import { createProjector } from '../../src/canvas/model/react-flow-adapter';
import { quietView } from '../../src/canvas/model/test-doc';

// A For-each with a Set inside built through the API (the Set at its loop's origin, 0,0) was drawn
// exactly on top of the loop: the loop was an ordinary 220 px node and its body had nowhere to go.
describe('regression: a loop body built through the API', () => {
  it('is drawn inside the loop, below its header, in a loop sized to hold it', () => {
    const catalog = builtinCatalog();
    const graph: FlowGraph = {
      schemaVersion: 2,
      settings: { variables: {} },
      nodes: [
        {
          id: 't',
          type: 'core.manual_trigger',
          typeVersion: 1,
          name: 'Start',
          position: { x: 0, y: 0 },
          params: {},
          onError: 'fail',
        },
        {
          id: 'loop',
          type: 'core.for_each',
          typeVersion: 1,
          name: 'Lines',
          position: { x: 300, y: 0 },
          params: { items: '{{ $trigger.lines }}', concurrency: 1 },
          onError: 'fail',
        },
        {
          id: 'set',
          type: 'core.set',
          typeVersion: 1,
          name: 'Line',
          position: { x: 0, y: 0 },
          parentId: 'loop',
          params: { values: {} },
          onError: 'fail',
        },
      ],
      edges: [],
    };
    const doc = fromGraph(graph);
    const containers = containerSizes(doc.graph.nodes, catalog, new Map());
    const nodes = createProjector(catalog).nodes(doc.graph.nodes, [], quietView({ containers }));

    const loop = nodes.find((n) => n.id === 'loop')!;
    const set = nodes.find((n) => n.id === 'set')!;
    // React Flow draws a parent before its children.
    expect(nodes.indexOf(loop)).toBeLessThan(nodes.indexOf(set));
    expect(set.parentId).toBe('loop');
    expect(set.position.y).toBeGreaterThan(CONTAINER_HEADER);
    expect(set.position.x).toBeGreaterThan(0);
    expect(loop.width).toBeGreaterThanOrEqual(set.position.x + 220);
    expect(loop.height).toBeGreaterThanOrEqual(set.position.y + 56);
  });
});
