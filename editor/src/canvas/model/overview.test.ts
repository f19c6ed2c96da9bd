import { describe, expect, it } from 'vitest';
import { builtinCatalog } from '@bizosaas/nodes';
import { drawOverview, nodeAt, nodeBoxes, nodesWithin } from './overview';
import { sampleDoc } from './test-doc';

const catalog = builtinCatalog();
const quiet = { problems: new Map(), status: new Map(), marks: new Map() };

describe('zoomed-out overview', () => {
  it('places every node, a child relative to its container, measured or at its expected size', () => {
    const doc = sampleDoc();
    const [trigger, set] = doc.graph.nodes;
    const nodes = [
      ...doc.graph.nodes,
      { ...set!, id: 'child', parentId: set!.id, position: { x: 100, y: 90 } },
    ];
    const boxes = nodeBoxes(nodes, catalog, new Map([[trigger!.id, { width: 240, height: 70 }]]));
    expect(boxes.get(trigger!.id)).toMatchObject({ x: 0, y: 0, width: 240, height: 70 });
    expect(boxes.get(set!.id)).toMatchObject({ x: 200, y: 0, width: 220, height: 56 });
    expect(boxes.get('child')).toMatchObject({ x: 300, y: 90 });
  });

  it('draws each node as a box in one path per colour, leaving out the live ones', () => {
    const doc = sampleDoc();
    const [trigger, , cond] = doc.graph.nodes;
    const boxes = nodeBoxes(doc.graph.nodes, catalog, new Map());
    const drawing = drawOverview(
      doc.graph,
      boxes,
      catalog,
      { ...quiet, status: new Map([[trigger!.id, 'succeeded']]) },
      new Set([cond!.id]),
    );
    expect(drawing.count).toBe(2);
    expect(drawing.boxes).toEqual([
      { tone: 'status-succeeded', d: 'M0 0h220v56h-220z' },
      { tone: 'plain', d: 'M200 0h220v56h-220z' },
    ]);
    // A live node keeps its edges: they follow it while it is dragged.
    expect(drawing.edges.match(/M/g)).toHaveLength(2);
  });

  it('runs an edge from its output on the right side to its input on the left', () => {
    const doc = sampleDoc();
    const [, set, cond] = doc.graph.nodes;
    const graph = {
      ...doc.graph,
      nodes: [set!, { ...cond!, position: { x: 600, y: 100 } }],
      edges: [
        { id: 'x', source: cond!.id, sourceOutput: 'false', target: set!.id, targetInput: 'main' },
      ],
    };
    const drawing = drawOverview(
      graph,
      nodeBoxes(graph.nodes, catalog, new Map()),
      catalog,
      quiet,
      new Set(),
    );
    // The If node's false output is two thirds down its right side; Set's one input halfway down.
    expect(drawing.edges).toBe('M820 137C1130 137 -110 28 200 28');
  });

  it('colours a node by its run state first, then a comparison, then errors', () => {
    const doc = sampleDoc();
    const id = doc.graph.nodes[0]!.id;
    const boxes = nodeBoxes(doc.graph.nodes, catalog, new Map());
    const tone = (view: Partial<typeof quiet>) =>
      drawOverview(doc.graph, boxes, catalog, { ...quiet, ...view }, new Set()).boxes.find((b) =>
        b.d.startsWith('M0 0'),
      )?.tone;
    const errors = new Map([[id, { errors: 1, warnings: 0, messages: ['bad'] }]]);
    expect(tone({ problems: errors })).toBe('has-errors');
    expect(tone({ problems: errors, marks: new Map([[id, 'changed']]) })).toBe('diff-changed');
    expect(
      tone({
        problems: errors,
        marks: new Map([[id, 'changed']]),
        status: new Map([[id, 'failed']]),
      }),
    ).toBe('status-failed');
  });

  it('finds the topmost node under a point and the nodes wholly inside a box', () => {
    const boxes = new Map(
      [
        { id: 'a', x: 0, y: 0, width: 100, height: 50 },
        { id: 'b', x: 50, y: 25, width: 100, height: 50 },
        { id: 'c', x: 300, y: 0, width: 100, height: 50 },
      ].map((b) => [b.id, b]),
    );
    expect(nodeAt(boxes, 10, 10)).toBe('a');
    expect(nodeAt(boxes, 60, 30)).toBe('b');
    expect(nodeAt(boxes, 200, 10)).toBeUndefined();
    expect(nodesWithin(boxes, { x: -1, y: -1, width: 160, height: 80 })).toEqual(['a', 'b']);
    expect(nodesWithin(boxes, { x: -1, y: -1, width: 120, height: 80 })).toEqual(['a']);
  });
});
