import { describe, expect, it } from 'vitest';
import { builtinCatalog } from '@bizosaas/nodes';
import { compile, validate } from '@bizosaas/shared';
import { changeMembership, containerAt, containerSizes, dropTargets } from './containers';
import { emptyDoc, type EditorDoc } from './document';
import { addNode, connect, newNode } from './edits';
import { applyAll } from './operations';
import { CONTAINER_HEADER, CONTAINER_PADDING } from './node-geometry';

const catalog = builtinCatalog();

/** Manual trigger → For each (items from the trigger) with a free-standing Set beside it. */
function loopDoc(): { doc: EditorDoc; ids: Record<'trigger' | 'loop' | 'set', string> } {
  let doc = emptyDoc();
  const add = (type: string, x: number, y = 0) => {
    const node = newNode(catalog.latest(type)!, { x, y }, doc);
    doc = applyAll(doc, addNode(node).ops);
    return node.id;
  };
  const trigger = add('core.manual_trigger', 0);
  const loop = add('core.for_each', 300);
  const set = add('core.set', 1000, 400);
  doc = applyAll(
    doc,
    connect({ id: 'e1', source: trigger, sourceOutput: 'main', target: loop, targetInput: 'main' })
      .ops,
  );
  const loopNode = doc.graph.nodes.find((n) => n.id === loop)!;
  doc = {
    ...doc,
    graph: {
      ...doc.graph,
      nodes: doc.graph.nodes.map((n) =>
        n.id === loop
          ? { ...loopNode, params: { ...n.params, items: '{{ $trigger.body.lines }}' } }
          : n,
      ),
    },
  };
  return { doc, ids: { trigger, loop, set } };
}

/** The loop's body port wired to the Set. */
const wireBody = (doc: EditorDoc, ids: { loop: string; set: string }) =>
  applyAll(
    doc,
    connect({
      id: 'body',
      source: ids.loop,
      sourceOutput: 'body',
      target: ids.set,
      targetInput: 'main',
    }).ops,
  );

const errors = (doc: EditorDoc) =>
  validate(doc.graph, catalog).filter((p) => p.severity === 'error');

describe('loop containers', () => {
  it('are as large as their body, and never smaller than an empty drop zone', () => {
    const { doc, ids } = loopDoc();
    const empty = containerSizes(doc.graph.nodes, catalog, new Map()).get(ids.loop)!;
    expect(empty.height).toBeGreaterThan(CONTAINER_HEADER + 60);
    const inside = {
      ...doc,
      graph: {
        ...doc.graph,
        nodes: doc.graph.nodes.map((n) =>
          n.id === ids.set ? { ...n, parentId: ids.loop, position: { x: 500, y: 300 } } : n,
        ),
      },
    };
    const grown = containerSizes(inside.graph.nodes, catalog, new Map()).get(ids.loop)!;
    expect(grown.width).toBe(500 + 220 + CONTAINER_PADDING);
    expect(grown.height).toBe(300 + 56 + CONTAINER_PADDING);
  });

  it('take a node dropped on their body, which then wires from the body port and compiles', () => {
    const { doc, ids } = loopDoc();
    const sizes = containerSizes(doc.graph.nodes, catalog, new Map());
    // The loop sits at (300, 0): a point below its header is in its body, one in the header is not.
    expect(
      containerAt(doc.graph.nodes, catalog, sizes, { x: 400, y: CONTAINER_HEADER + 20 })?.id,
    ).toBe(ids.loop);
    expect(containerAt(doc.graph.nodes, catalog, sizes, { x: 400, y: 10 })).toBeUndefined();

    const change = changeMembership(
      doc,
      catalog,
      new Map([[ids.set, { parentId: ids.loop, absolute: { x: 380, y: 100 } }]]),
    );
    expect(change.ok).toBe(true);
    if (!change.ok) return;
    expect(change.command.label).toBe('Move Set into For each');
    let next = applyAll(doc, change.command.ops);
    const set = next.graph.nodes.find((n) => n.id === ids.set)!;
    expect(set.parentId).toBe(ids.loop);
    expect(set.position).toEqual({ x: 80, y: 100 });
    next = wireBody(next, ids);
    expect(errors(next)).toEqual([]);
    const definition = compile(next.graph, catalog);
    expect(JSON.stringify(definition)).toContain(ids.set);
  });

  it('let a node be dragged out, dropping the edges that would cross the loop, in one undo step', () => {
    const { doc, ids } = loopDoc();
    const into = changeMembership(
      doc,
      catalog,
      new Map([[ids.set, { parentId: ids.loop, absolute: { x: 380, y: 100 } }]]),
    );
    if (!into.ok) throw new Error(into.reason);
    let inside = applyAll(doc, into.command.ops);
    inside = wireBody(inside, ids);
    const out = changeMembership(
      inside,
      catalog,
      new Map([[ids.set, { parentId: undefined, absolute: { x: 1200, y: 500 } }]]),
    );
    if (!out.ok) throw new Error(out.reason);
    expect(out.removedEdges).toBe(1);
    const outside = applyAll(inside, out.command.ops);
    const set = outside.graph.nodes.find((n) => n.id === ids.set)!;
    expect(set.parentId).toBeUndefined();
    expect(set.position).toEqual({ x: 1200, y: 500 });
    expect(outside.graph.edges.map((e) => e.id)).toEqual(['e1']);
    expect(errors(outside).some((p) => p.code === 'EDGE_CROSSES_LOOP')).toBe(false);
  });

  it('refuse a trigger, and a loop dropped into itself', () => {
    const { doc, ids } = loopDoc();
    const trigger = changeMembership(
      doc,
      catalog,
      new Map([[ids.trigger, { parentId: ids.loop, absolute: { x: 380, y: 100 } }]]),
    );
    expect(trigger).toMatchObject({
      ok: false,
      reason: expect.stringContaining('cannot sit inside a loop'),
    });
    const itself = changeMembership(
      doc,
      catalog,
      new Map([[ids.loop, { parentId: ids.loop, absolute: { x: 380, y: 100 } }]]),
    );
    expect(itself).toMatchObject({ ok: false, reason: expect.stringContaining('inside itself') });
  });

  it('tell which dragged nodes change loops where they were dropped', () => {
    const { doc, ids } = loopDoc();
    const at = (id: string, position: { x: number; y: number }, parentId?: string) => ({
      ...doc,
      graph: {
        ...doc.graph,
        nodes: doc.graph.nodes.map((n) =>
          n.id === id ? { ...n, position, ...(parentId ? { parentId } : {}) } : n,
        ),
      },
    });
    const targets = (d: EditorDoc, dragged: string[]) =>
      dropTargets(
        d.graph.nodes,
        catalog,
        containerSizes(doc.graph.nodes, catalog, new Map()),
        new Map(),
        new Set(dragged),
      );
    // Dropped over the loop's body (the loop is at 300, 0).
    expect(targets(at(ids.set, { x: 320, y: 100 }), [ids.set]).get(ids.set)).toEqual({
      parentId: ids.loop,
      absolute: { x: 320, y: 100 },
    });
    // Dragged from inside the loop to far below it.
    const out = at(ids.set, { x: 100, y: 900 }, ids.loop);
    expect(targets(out, [ids.set]).get(ids.set)?.parentId).toBeUndefined();
    expect(targets(out, [ids.set]).has(ids.set)).toBe(true);
    // Inside a loop dragged along with it: it stays where it is.
    expect(targets(at(ids.set, { x: 100, y: 100 }, ids.loop), [ids.set, ids.loop]).size).toBe(0);
  });
});
