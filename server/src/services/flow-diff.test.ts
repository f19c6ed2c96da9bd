import { describe, expect, it } from 'vitest';
import type { FlowGraph } from '@bizosaas/shared';
import { diffGraphs } from './flow-diff.js';

const graph = (discount: number, extra: Record<string, unknown> = {}): FlowGraph =>
  ({
    schemaVersion: 2,
    nodes: [
      {
        id: 'approve',
        type: 'core.approval',
        typeVersion: 1,
        name: 'Discount',
        position: { x: 0, y: 0 },
        onError: 'fail',
        params: { title: 'Approve', details: { Discount: discount }, ...extra },
      },
    ],
    edges: [],
    settings: { variables: {} },
  }) as FlowGraph;

describe('the diff of two versions', () => {
  it('gives each changed value with its old and new value, not only the field', () => {
    const diff = diffGraphs(graph(10), graph(15, { tags: ['a', 'b'] }));
    expect(diff.nodes.changed).toEqual([
      {
        id: 'approve',
        name: 'Discount',
        type: 'core.approval',
        fields: ['params'],
        changes: [
          { path: ['params', 'details', 'Discount'], before: 10, after: 15 },
          { path: ['params', 'tags'], before: null, after: ['a', 'b'] },
        ],
      },
    ]);
    expect(diff.identical).toBe(false);
  });

  it('finds nothing between a graph and itself', () => {
    expect(diffGraphs(graph(10), graph(10)).identical).toBe(true);
  });
});
