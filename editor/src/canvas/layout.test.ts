import { describe, expect, it } from 'vitest';
import ELK from 'elkjs/lib/elk.bundled.js';
import { builtinCatalog } from '@bizosaas/nodes';
import type { FlowGraph, NodeInstance } from '@bizosaas/shared';
import { campaignFlow, leadIntakeFlow } from '@bizosaas/scripts/demo-flows';
import { layoutPositions } from './layout';
import { containerSizes } from './model/containers';
import { fromGraph, type EditorDoc } from './model/document';
import { BODY_ORIGIN, nodeSize } from './model/node-geometry';

const catalog = builtinCatalog();
const measured = new Map();

/** Top-level boxes of a document with the given positions. */
function boxes(doc: EditorDoc, positions: ReadonlyMap<string, { x: number; y: number }>) {
  const nodes = doc.graph.nodes.map((n) => ({ ...n, position: positions.get(n.id) ?? n.position }));
  const sizes = containerSizes(nodes, catalog, measured);
  return new Map(
    nodes.map((n) => [
      n.id,
      { ...n.position, ...(sizes.get(n.id) ?? nodeSize(n, catalog, measured)), node: n },
    ]),
  );
}

/** Every edge between siblings runs left to right, and no two siblings overlap. */
function readable(doc: EditorDoc, positions: ReadonlyMap<string, { x: number; y: number }>) {
  const b = boxes(doc, positions);
  for (const e of doc.graph.edges) {
    const s = b.get(e.source)!;
    const t = b.get(e.target)!;
    if (s.node.parentId !== t.node.parentId) continue;
    expect(s.x + s.width, `${s.node.name} → ${t.node.name}`).toBeLessThan(t.x);
  }
  const list = [...b.values()];
  for (const [i, p] of list.entries())
    for (const q of list.slice(i + 1)) {
      if (p.node.parentId !== q.node.parentId) continue;
      const apart =
        p.x + p.width <= q.x ||
        q.x + q.width <= p.x ||
        p.y + p.height <= q.y ||
        q.y + q.height <= p.y;
      expect(apart, `${p.node.name} and ${q.node.name} overlap`).toBe(true);
    }
}

describe('auto-layout', () => {
  it('leaves no edge of the demo flows running back and no node on another, as they are stored', async () => {
    for (const flow of [campaignFlow('http://demo'), leadIntakeFlow('http://demo')]) {
      const doc = fromGraph(flow.graph as FlowGraph);
      readable(doc, new Map());
      readable(doc, await layoutPositions(new ELK(), doc, catalog, measured));
    }
  });

  it('lays a loop out as a container: its body inside it, right of the body port and below the header', async () => {
    const node = (id: string, type: string, x: number, parentId?: string): NodeInstance => ({
      id,
      type,
      typeVersion: 1,
      name: id,
      position: { x, y: 0 },
      params: type === 'core.for_each' ? { items: '{{ $trigger.lines }}', concurrency: 1 } : {},
      onError: 'fail',
      ...(parentId ? { parentId } : {}),
    });
    const edge = (source: string, sourceOutput: string, target: string) => ({
      id: `${source}-${target}`,
      source,
      sourceOutput,
      target,
      targetInput: 'main',
    });
    const doc = fromGraph({
      schemaVersion: 2,
      settings: { variables: {} },
      nodes: [
        node('start', 'core.manual_trigger', 0),
        node('loop', 'core.for_each', 0),
        node('a', 'core.set', 0, 'loop'),
        node('b', 'core.delay', 0, 'loop'),
        node('after', 'core.noop', 0),
      ],
      edges: [
        edge('start', 'main', 'loop'),
        edge('loop', 'body', 'a'),
        edge('a', 'main', 'b'),
        edge('loop', 'done', 'after'),
      ],
    });
    const positions = await layoutPositions(new ELK(), doc, catalog, measured);
    readable(doc, positions);
    for (const id of ['a', 'b']) {
      expect(positions.get(id)!.x).toBeGreaterThanOrEqual(BODY_ORIGIN.x);
      expect(positions.get(id)!.y).toBeGreaterThanOrEqual(BODY_ORIGIN.y);
    }
    expect(positions.get('b')!.x).toBeGreaterThan(positions.get('a')!.x + 220);
  });
});
