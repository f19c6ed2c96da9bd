import { describe, expect, it } from 'vitest';
import { builtinCatalog } from '@bizosaas/nodes';
import { checkConnection } from './connection-rules';
import { addNode, newNode } from './edits';
import { applyAll } from './operations';
import { sampleDoc } from './test-doc';

const catalog = builtinCatalog();

describe('connection rules', () => {
  const doc = sampleDoc();
  const [trigger, set, cond] = doc.graph.nodes as [
    (typeof doc.graph.nodes)[0],
    (typeof doc.graph.nodes)[0],
    (typeof doc.graph.nodes)[0],
  ];
  const check = (
    source: string,
    sourceOutput: string,
    target: string,
    targetInput = 'main',
    graph = doc.graph,
  ) => checkConnection(graph, catalog, { source, sourceOutput, target, targetInput });

  it('accepts a new branch to a free input', () => {
    const withHttp = applyAll(
      doc,
      addNode(newNode(catalog.latest('core.http_request')!, { x: 0, y: 0 }, doc)).ops,
    );
    const http = withHttp.graph.nodes[3]!;
    expect(check(cond.id, 'true', http.id, 'main', withHttp.graph)).toEqual({ ok: true });
  });

  it('refuses a back edge that would form a cycle', () => {
    const verdict = check(cond.id, 'true', trigger.id);
    expect(verdict.ok).toBe(false);
    const withMerge = applyAll(
      doc,
      addNode(newNode(catalog.latest('core.merge')!, { x: 0, y: 0 }, doc)).ops,
    );
    expect(check(cond.id, 'false', set.id, 'main', withMerge.graph)).toMatchObject({ ok: false });
  });

  it('refuses ports the node type does not have', () => {
    expect(check(set.id, 'true', cond.id)).toMatchObject({
      ok: false,
      reason: '"Set" has no output "true"',
    });
    expect(check(trigger.id, 'main', set.id, 'other')).toMatchObject({ ok: false });
  });

  it('refuses a second edge into a single input and a node into itself', () => {
    expect(check(trigger.id, 'main', cond.id)).toMatchObject({
      ok: false,
      reason: expect.stringContaining('takes one edge'),
    });
    expect(check(set.id, 'main', set.id)).toMatchObject({ ok: false });
  });

  it('lets a merge take several inputs', () => {
    const withMerge = applyAll(
      doc,
      addNode(newNode(catalog.latest('core.merge')!, { x: 0, y: 0 }, doc)).ops,
    );
    const merge = withMerge.graph.nodes[3]!;
    const graph = {
      ...withMerge.graph,
      edges: [
        ...withMerge.graph.edges,
        { id: 'm1', source: cond.id, sourceOutput: 'true', target: merge.id, targetInput: 'main' },
      ],
    };
    expect(check(cond.id, 'false', merge.id, 'main', graph)).toEqual({ ok: true });
  });

  it('offers the error output only when the node routes its errors', () => {
    expect(check(set.id, 'error', cond.id)).toMatchObject({ ok: false });
  });
});
