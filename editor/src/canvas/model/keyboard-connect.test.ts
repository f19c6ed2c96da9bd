import { describe, expect, it } from 'vitest';
import { builtinCatalog } from '@bizosaas/nodes';
import { pressPort } from './keyboard-connect';
import { sampleDoc } from './test-doc';

const catalog = builtinCatalog();

describe('connecting with the keyboard', () => {
  const doc = sampleDoc();
  const [trigger, set, cond] = doc.graph.nodes;
  const graph = { ...doc.graph, edges: [] };

  it('picks an output, then connects it to the input pressed next, and says so', () => {
    const first = pressPort(graph, catalog, undefined, {
      nodeId: set!.id,
      port: 'main',
      side: 'output',
    });
    expect(first).toMatchObject({
      kind: 'started',
      notice: expect.stringContaining('Connecting from Set output main'),
    });
    if (first.kind !== 'started') return;
    const second = pressPort(graph, catalog, first.pending, {
      nodeId: cond!.id,
      port: 'main',
      side: 'input',
    });
    expect(second).toMatchObject({
      kind: 'connected',
      edge: { source: set!.id, sourceOutput: 'main', target: cond!.id, targetInput: 'main' },
      notice: 'Connected Set main to If',
    });
  });

  it('works from the input end too, and cancels when the same port is pressed again', () => {
    const pending = { nodeId: set!.id, port: 'main', side: 'input' as const };
    expect(
      pressPort(graph, catalog, pending, { nodeId: trigger!.id, port: 'main', side: 'output' }),
    ).toMatchObject({
      kind: 'connected',
      edge: { source: trigger!.id, target: set!.id },
    });
    expect(pressPort(graph, catalog, pending, pending)).toMatchObject({ kind: 'cancelled' });
  });

  it('refuses what a drag would refuse, keeping the first end picked', () => {
    const pending = { nodeId: cond!.id, port: 'main', side: 'output' as const };
    const result = pressPort(graph, catalog, pending, {
      nodeId: cond!.id,
      port: 'main',
      side: 'input',
    });
    expect(result).toMatchObject({
      kind: 'refused',
      pending,
      notice: expect.stringContaining('Cannot connect'),
    });
  });
});
