import { describe, expect, it } from 'vitest';
import { builtinCatalog } from '@bizosaas/nodes';
import { createProjector, fromRfConnection } from './react-flow-adapter';
import { quietView, sampleDoc } from './test-doc';

const view = quietView;
const catalog = builtinCatalog();

describe('react flow adapter', () => {
  it('maps ports to handles and back', () => {
    const doc = sampleDoc();
    const project = createProjector(catalog);
    const [edge] = project.edges(doc.graph.edges, new Set());
    expect(edge).toMatchObject({ sourceHandle: 'main', targetHandle: 'main' });
    expect(fromRfConnection(edge!)).toEqual({
      source: doc.graph.nodes[0]!.id,
      sourceOutput: 'main',
      target: doc.graph.nodes[1]!.id,
      targetInput: 'main',
    });
  });

  it('keeps the objects of unchanged nodes so React Flow re-renders only what moved', () => {
    const doc = sampleDoc();
    const project = createProjector(catalog);
    const first = project.nodes(doc.graph.nodes, doc.notes, view());
    const moved = { ...doc.graph.nodes[1]!, position: { x: 5, y: 5 } };
    const second = project.nodes(
      [doc.graph.nodes[0]!, moved, doc.graph.nodes[2]!],
      doc.notes,
      view(),
    );
    expect(second[0]).toBe(first[0]);
    expect(second[1]).not.toBe(first[1]);
    expect(second[2]).toBe(first[2]);
  });

  it('rebuilds a node when its badge or run state changes', () => {
    const doc = sampleDoc();
    const project = createProjector(catalog);
    const id = doc.graph.nodes[2]!.id;
    const first = project.nodes(doc.graph.nodes, doc.notes, view());
    const second = project.nodes(
      doc.graph.nodes,
      doc.notes,
      view({ status: new Map([[id, 'running']]) }),
    );
    expect(second[2]).not.toBe(first[2]);
    expect(second[2]!.data).toMatchObject({ status: 'running' });
    expect(second[0]).toBe(first[0]);
  });

  it('zoomed out, hides the nodes that are not live, telling React Flow their size and ports', () => {
    const doc = sampleDoc();
    const [trigger, set, cond] = doc.graph.nodes;
    const project = createProjector(catalog);
    const nodes = project.nodes(doc.graph.nodes, doc.notes, view({ live: new Set([set!.id]) }));
    expect(nodes.map((n) => n.hidden)).toEqual([true, false, true]);
    // Never measured: the If node's size and its two outputs, a third and two thirds down its right side.
    expect(nodes[2]).toMatchObject({ id: cond!.id, initialWidth: 220, initialHeight: 56 });
    const handles = nodes[2]!.handles!;
    expect(handles.map((h) => [h.type, h.id, h.x, Math.round(h.y)])).toEqual([
      ['target', 'main', -7, 28 - 7],
      ['source', 'true', 220 - 7, Math.round(56 / 3 - 7)],
      ['source', 'false', 220 - 7, Math.round((2 * 56) / 3 - 7)],
    ]);
    // Once React Flow has measured a node, its measurement stands.
    const measured = project.nodes(
      doc.graph.nodes,
      doc.notes,
      view({ measured: new Map([[trigger!.id, { width: 230, height: 60 }]]) }),
    );
    expect(measured[0]).toMatchObject({ measured: { width: 230, height: 60 }, hidden: false });
    expect(measured[0]!.handles).toBeUndefined();
  });

  it('marks the nodes React Flow is dragging, so it keeps drawing them', () => {
    const doc = sampleDoc();
    const id = doc.graph.nodes[1]!.id;
    const nodes = createProjector(catalog).nodes(
      doc.graph.nodes,
      doc.notes,
      view({ dragging: new Set([id]) }),
    );
    expect(nodes.map((n) => n.dragging)).toEqual([false, true, false]);
  });
});
