import { describe, expect, it } from 'vitest';
import { builtinCatalog } from '@bizosaas/nodes';
import { newNode } from '../../src/canvas/model/edits';
import { emptyDoc } from '../../src/canvas/model/document';
import { parseLoose } from '../../src/canvas/model/loose-json';
import { nodePorts } from '../../src/canvas/model/node-geometry';

// The Switch always showed ports case_1…case_5 plus fallback whatever its cases, and a case typed
// as "bulk" was stored as the string "\"bulk\"" (quotes included), so it never matched bulk.
describe('regression: a Switch with two cases', () => {
  it('shows two case ports, labelled with the values typed, plus fallback', () => {
    const catalog = builtinCatalog();
    const made = newNode(catalog.latest('core.switch')!, { x: 0, y: 0 }, emptyDoc());
    const node = {
      ...made,
      params: { value: '{{ $trigger.kind }}', cases: ['"bulk"', 'retail'].map(parseLoose) },
    };
    expect(node.params.cases).toEqual(['bulk', 'retail']);
    const { outputs, labels } = nodePorts(node, catalog);
    expect(outputs).toEqual(['case_1', 'case_2', 'fallback']);
    expect(labels.get('case_1')).toBe('bulk');
  });
});
