import { describe, expect, it } from 'vitest';
import { builtinCatalog } from '@bizosaas/nodes';
import { newNode } from './edits';
import { CONTAINER_HEADER, nodePorts, portPlaces } from './node-geometry';
import { emptyDoc } from './document';

const catalog = builtinCatalog();
const make = (type: string, params: Record<string, unknown> = {}) => {
  const node = newNode(catalog.latest(type)!, { x: 0, y: 0 }, emptyDoc());
  return { ...node, params: { ...node.params, ...params } } as typeof node;
};

describe('ports on the canvas', () => {
  it("shows a Switch's cases as one port each, labelled with their values, and the fallback", () => {
    const node = make('core.switch', {
      value: '{{ $trigger.body.kind }}',
      cases: ['bulk', 3, 'retail'],
    });
    const { outputs, labels } = nodePorts(node, catalog);
    expect(outputs).toEqual(['case_1', 'case_2', 'case_3', 'fallback']);
    expect([...labels.values()]).toEqual(['bulk', '3', 'retail']);
  });

  it("keeps a loop's input and done level with its header and its body port inside", () => {
    const loop = make('core.for_each');
    const { inputs, outputs } = portPlaces(loop, catalog, { width: 400, height: 300 });
    expect(inputs[0]).toMatchObject({ port: 'main', left: 0 });
    expect(inputs[0]!.top).toBeLessThan(CONTAINER_HEADER);
    const body = outputs.find((p) => p.port === 'body')!;
    const done = outputs.find((p) => p.port === 'done')!;
    expect(body.top).toBeGreaterThan(CONTAINER_HEADER);
    expect(body.left).toBeGreaterThan(0);
    expect(body.left).toBeLessThan(100);
    expect(done).toMatchObject({ left: 400 });
    expect(done.top).toBeLessThan(CONTAINER_HEADER);
  });
});
