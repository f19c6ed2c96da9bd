import { describe, expect, it } from 'vitest';
import { createProjector, fromRfConnection, type CanvasView } from './react-flow-adapter';
import { sampleDoc } from './test-doc';

const view = (over: Partial<CanvasView> = {}): CanvasView => ({
  selected: new Set(),
  problems: new Map(),
  status: new Map(),
  marks: new Map(),
  measured: new Map(),
  readOnly: false,
  ...over,
});

describe('react flow adapter', () => {
  it('maps ports to handles and back', () => {
    const doc = sampleDoc();
    const project = createProjector();
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
    const project = createProjector();
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
    const project = createProjector();
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
});
