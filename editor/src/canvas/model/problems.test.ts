import { describe, expect, it } from 'vitest';
import { validate } from '@bizosaas/shared';
import { builtinCatalog } from '@bizosaas/nodes';
import { paramProblems, problemsByNode, sortProblems } from './problems';
import { sampleDoc } from './test-doc';

const catalog = builtinCatalog();

describe('problems', () => {
  it('puts a bad expression on the node that holds it, with its param', () => {
    const doc = sampleDoc();
    const set = doc.graph.nodes[1]!;
    const graph = {
      ...doc.graph,
      nodes: doc.graph.nodes.map((n) =>
        n.id === set.id ? { ...n, params: { values: { a: '{{ $trigger.( }}' } } } : n,
      ),
    };
    const problems = validate(graph, catalog);
    const byNode = problemsByNode(problems, new Map());
    expect(byNode.get(set.id)?.errors).toBe(1);
    expect(byNode.get(set.id)?.messages[0]).toContain('"Set"');
    expect(paramProblems(problems, set.id, 'values')).toHaveLength(1);
  });

  it('badges an edge problem on the edge target', () => {
    const byNode = problemsByNode(
      [{ code: 'DUPLICATE_EDGE', message: 'dup', severity: 'error', edgeId: 'e1' }],
      new Map([['e1', 'n2']]),
    );
    expect(byNode.get('n2')).toEqual({ errors: 1, warnings: 0, messages: ['dup'] });
  });

  it('lists errors before warnings, grouped in node order', () => {
    const sorted = sortProblems(
      [
        { code: 'UNKNOWN_VARIABLE', message: 'w', severity: 'warning', nodeId: 'a' },
        { code: 'BAD_PARAMS', message: 'e2', severity: 'error', nodeId: 'b' },
        { code: 'BAD_PARAMS', message: 'e1', severity: 'error', nodeId: 'a' },
      ],
      new Map([
        ['a', 0],
        ['b', 1],
      ]),
    );
    expect(sorted.map((p) => p.message)).toEqual(['e1', 'e2', 'w']);
  });
});
