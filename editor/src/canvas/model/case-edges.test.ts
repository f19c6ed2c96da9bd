import { describe, expect, it } from 'vitest';
import { builtinCatalog } from '@bizosaas/nodes';
import type { JsonValue } from '@bizosaas/shared';
import { caseMapping, updateParams } from './case-edges';
import { emptyDoc, type EditorDoc } from './document';
import { addNode, connect, newNode } from './edits';
import { invert, applyAll } from './operations';

const catalog = builtinCatalog();

/** A Switch on three cases, each case and the fallback wired to a Set of its own. */
function switchDoc() {
  let doc: EditorDoc = emptyDoc();
  const add = (type: string, name: string, params?: Record<string, JsonValue>) => {
    const made = newNode(catalog.latest(type)!, { x: 0, y: 0 }, doc);
    const node = { ...made, name, params: params ?? made.params };
    doc = applyAll(doc, addNode(node).ops);
    return node;
  };
  const sw = add('core.switch', 'Switch', {
    value: '{{ $trigger.kind }}',
    cases: ['bulk', 'retail', 3],
  });
  for (const [port, name] of [
    ['case_1', 'Bulk'],
    ['case_2', 'Retail'],
    ['case_3', 'Three'],
    ['fallback', 'Other'],
  ] as const) {
    const target = add('core.set', name);
    doc = applyAll(
      doc,
      connect({
        id: `e-${name}`,
        source: sw.id,
        sourceOutput: port,
        target: target.id,
        targetInput: 'main',
      }).ops,
    );
  }
  return { doc, sw };
}

/** Which Set each of the Switch's ports leads to. */
const wiring = (doc: EditorDoc) =>
  Object.fromEntries(
    doc.graph.edges.map((e) => [
      e.sourceOutput,
      doc.graph.nodes.find((n) => n.id === e.target)!.name,
    ]),
  );

describe("a Switch's case edges", () => {
  it('follow their cases when a case is removed, and the removed case takes its edge along', () => {
    const { doc, sw } = switchDoc();
    const command = updateParams(doc, catalog, sw, { ...sw.params, cases: ['retail', 3] });
    const after = applyAll(doc, command.ops);
    expect(wiring(after)).toEqual({ case_1: 'Retail', case_2: 'Three', fallback: 'Other' });
    // One undo step puts every edge back as it was, in its place.
    const undone = applyAll(after, command.ops.map(invert).reverse());
    expect(undone.graph.edges).toEqual(doc.graph.edges);
  });

  it('stay where they are when a case is edited in place or one is added', () => {
    const { doc, sw } = switchDoc();
    for (const cases of [
      ['bulk', 'wholesale', 3],
      ['bulk', 'retail', 3, ''],
    ]) {
      const command = updateParams(doc, catalog, sw, { ...sw.params, cases });
      expect(command.ops.map((op) => op.kind)).toEqual(['updateNode']);
    }
  });

  it('map each old case to its place in the new list', () => {
    const map = (before: JsonValue[], after: JsonValue[]) =>
      before.map((_, i) => caseMapping(before, after)(i));
    expect(map(['a', 'b', 'c'], ['a', 'c'])).toEqual([0, undefined, 1]);
    expect(map(['a', 'b', 'c'], ['b', 'c'])).toEqual([undefined, 0, 1]);
    expect(map(['a', 'b', 'c'], ['a', 'b'])).toEqual([0, 1, undefined]);
    expect(map(['a', 'c'], ['a', 'b', 'c'])).toEqual([0, 2]);
    expect(map(['a', 'b'], ['a', 'x'])).toEqual([0, 1]);
  });
});
