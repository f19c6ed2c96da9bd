import { describe, expect, it } from 'vitest';
import { builtinCatalog } from '@bizosaas/nodes';
import { findNodes } from './find-nodes';
import { sampleDoc } from './test-doc';

const catalog = builtinCatalog();

describe('finding a node', () => {
  const nodes = sampleDoc().graph.nodes.map((n, i) => ({
    ...n,
    name: ['Start', 'Set price', 'Is it big?'][i]!,
  }));

  it('matches every word against the name and the type, case aside', () => {
    expect(findNodes(nodes, catalog, 'SET').map((n) => n.name)).toEqual(['Set price']);
    expect(findNodes(nodes, catalog, 'price set').map((n) => n.name)).toEqual(['Set price']);
    // "If" is the type of "Is it big?".
    expect(findNodes(nodes, catalog, 'if')).toEqual([
      { id: nodes[2]!.id, name: 'Is it big?', type: 'If' },
    ]);
    expect(findNodes(nodes, catalog, 'nothing like it')).toEqual([]);
  });

  it('lists names that start with the query first, the rest in the order of the flow', () => {
    expect(findNodes(nodes, catalog, 'i').map((n) => n.name)).toEqual([
      'Is it big?',
      'Start',
      'Set price',
    ]);
    expect(findNodes(nodes, catalog, '', 2)).toHaveLength(2);
  });
});
