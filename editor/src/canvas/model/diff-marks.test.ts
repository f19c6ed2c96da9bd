import { describe, expect, it } from 'vitest';
import { comparisonGraph } from './diff-marks';
import { sampleDoc } from './test-doc';

describe('version comparison', () => {
  it('shows the newer graph with removed nodes put back, each node marked', () => {
    const from = sampleDoc().graph;
    const [trigger, set, cond] = from.nodes;
    const added = { ...set!, id: 'added', name: 'Added' };
    const to = {
      ...from,
      nodes: [trigger!, { ...set!, params: { values: { a: 1 } } }, added],
      edges: from.edges.filter((e) => e.target !== cond!.id),
    };
    const { graph, marks } = comparisonGraph(from, to, {
      nodes: {
        added: [{ id: 'added' }],
        removed: [{ id: cond!.id }],
        changed: [{ id: set!.id, fields: ['params'] }],
      },
    });
    expect(graph.nodes.map((n) => n.id)).toEqual([trigger!.id, set!.id, 'added', cond!.id]);
    expect(graph.edges.some((e) => e.target === cond!.id)).toBe(true);
    expect(Object.fromEntries(marks)).toEqual({
      added: 'added',
      [cond!.id]: 'removed',
      [set!.id]: 'changed',
    });
  });
});
