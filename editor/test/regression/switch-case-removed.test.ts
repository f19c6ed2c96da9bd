import { describe, expect, it } from 'vitest';
import { builtinCatalog } from '@bizosaas/nodes';
import { updateParams } from '../../src/canvas/model/case-edges';
import { emptyDoc, type EditorDoc } from '../../src/canvas/model/document';
import { addNode, connect, newNode } from '../../src/canvas/model/edits';
import { nodePorts } from '../../src/canvas/model/node-geometry';
import { applyAll } from '../../src/canvas/model/operations';

// Removing a Switch's first case renumbered the rest (ports are case_1, case_2 by position) but
// left the edges on their port names: the second case took over the first one's connection, so
// retail orders went where bulk orders had gone, and the removed case's edge stayed on a port the
// canvas no longer drew.
describe('regression: removing a Switch case', () => {
  it('keeps each remaining case connected to its own next step', () => {
    const catalog = builtinCatalog();
    let doc: EditorDoc = emptyDoc();
    const made = newNode(catalog.latest('core.switch')!, { x: 0, y: 0 }, doc);
    const sw = { ...made, params: { value: '{{ $trigger.kind }}', cases: ['bulk', 'retail'] } };
    doc = applyAll(doc, addNode(sw).ops);
    const targets = ['Bulk', 'Retail'].map((name, i) => {
      const node = { ...newNode(catalog.latest('core.set')!, { x: 300, y: i * 100 }, doc), name };
      doc = applyAll(doc, addNode(node).ops);
      const edge = {
        id: `e${i}`,
        source: sw.id,
        sourceOutput: `case_${i + 1}`,
        target: node.id,
        targetInput: 'main',
      };
      doc = applyAll(doc, connect(edge).ops);
      return node;
    });

    doc = applyAll(doc, updateParams(doc, catalog, sw, { ...sw.params, cases: ['retail'] }).ops);

    const shown = nodePorts(
      doc.graph.nodes.find((n) => n.id === sw.id)!,
      catalog,
    );
    expect(shown.labels.get('case_1')).toBe('retail');
    expect(doc.graph.edges).toEqual([
      expect.objectContaining({ sourceOutput: 'case_1', target: targets[1]!.id }),
    ]);
  });
});
