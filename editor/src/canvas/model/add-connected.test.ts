import { describe, expect, it } from 'vitest';
import { builtinCatalog } from '@bizosaas/nodes';
import { validate } from '@bizosaas/shared';
import { addConnected, mainOutput } from './add-connected';
import { addNode, newNode } from './edits';
import { applyAll } from './operations';
import { sampleDoc } from './test-doc';

const catalog = builtinCatalog();
const delay = catalog.latest('core.delay')!;

describe('adding the next node', () => {
  it('connects it to the output it hangs from, placed to the right of its source', () => {
    const doc = sampleDoc();
    const cond = doc.graph.nodes.find((n) => n.type === 'core.if')!;
    expect(mainOutput(cond, catalog)).toBe('true');
    const { command, node, connected } = addConnected(
      doc,
      catalog,
      delay,
      { nodeId: cond.id, port: 'false' },
      new Map(),
    );
    expect(connected).toBe(true);
    const next = applyAll(doc, command.ops);
    expect(next.graph.edges.at(-1)).toMatchObject({
      source: cond.id,
      sourceOutput: 'false',
      target: node.id,
      targetInput: 'main',
    });
    expect(node.position.x).toBeGreaterThan(cond.position.x + 220);
    expect(node.position.y).toBeGreaterThan(cond.position.y);
  });

  it('does not stack a second next node on the first', () => {
    let doc = sampleDoc();
    const set = doc.graph.nodes.find((n) => n.type === 'core.set')!;
    const first = addConnected(doc, catalog, delay, { nodeId: set.id, port: 'main' }, new Map());
    doc = applyAll(doc, first.command.ops);
    const second = addConnected(doc, catalog, delay, { nodeId: set.id, port: 'main' }, new Map());
    expect(second.node.position.y).not.toBe(first.node.position.y);
  });

  it("puts a node added after a loop's body inside the loop, wired to the body", () => {
    let doc = sampleDoc();
    const loop = newNode(catalog.latest('core.for_each')!, { x: 700, y: 0 }, doc);
    doc = applyAll(doc, addNode(loop).ops);
    expect(mainOutput(loop, catalog)).toBe('body');
    const { command, node, connected } = addConnected(
      doc,
      catalog,
      catalog.latest('core.set')!,
      { nodeId: loop.id, port: 'body' },
      new Map(),
    );
    expect(connected).toBe(true);
    expect(node.parentId).toBe(loop.id);
    const next = applyAll(doc, command.ops);
    expect(validate(next.graph, catalog).filter((p) => p.code === 'EDGE_CROSSES_LOOP')).toEqual([]);
  });

  it('adds a trigger unconnected, since nothing may lead into one', () => {
    const doc = sampleDoc();
    const set = doc.graph.nodes.find((n) => n.type === 'core.set')!;
    const trigger = catalog.latest('core.manual_trigger')!;
    const result = addConnected(doc, catalog, trigger, { nodeId: set.id, port: 'main' }, new Map());
    expect(result.connected).toBe(false);
    expect(result.command.ops).toHaveLength(1);
  });
});
