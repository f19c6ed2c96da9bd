import { describe, expect, it } from 'vitest';
import { CLIPBOARD_KIND, copy, parse, paste, serialize } from './clipboard';
import { applyAll } from './operations';
import { sampleDoc } from './test-doc';

describe('clipboard', () => {
  it('copies the selected nodes with only the edges between them', () => {
    const doc = sampleDoc();
    const [, set, cond] = doc.graph.nodes;
    const fragment = copy(doc, { nodes: new Set([set!.id, cond!.id]), notes: new Set() })!;
    expect(fragment.kind).toBe(CLIPBOARD_KIND);
    expect(fragment.nodes.map((n) => n.name)).toEqual(['Set', 'If']);
    expect(fragment.edges.map((e) => e.id)).toEqual(['e2']);
  });

  it('round-trips through clipboard text, as between two tabs', () => {
    const doc = sampleDoc();
    const fragment = copy(doc, {
      nodes: new Set(doc.graph.nodes.map((n) => n.id)),
      notes: new Set(),
    })!;
    expect(parse(serialize(fragment))).toEqual(fragment);
  });

  it('ignores text that is not our fragment', () => {
    expect(parse('hello')).toBeUndefined();
    expect(parse('{"nodes": []}')).toBeUndefined();
    expect(
      parse(JSON.stringify({ kind: CLIPBOARD_KIND, version: 1, nodes: [{ id: 'x' }], edges: [] })),
    ).toBeUndefined();
  });

  it('pastes with new ids, unique names, rewired edges and an offset', () => {
    const doc = sampleDoc();
    const [, set, cond] = doc.graph.nodes;
    const fragment = copy(doc, { nodes: new Set([set!.id, cond!.id]), notes: new Set() })!;
    const { command, ids } = paste(doc, fragment, { x: 40, y: 40 });
    const next = applyAll(doc, command.ops);
    expect(next.graph.nodes.map((n) => n.name)).toEqual([
      'Manual trigger',
      'Set',
      'If',
      'Set 2',
      'If 2',
    ]);
    const pasted = next.graph.nodes.slice(3);
    expect(pasted.map((n) => n.id)).toEqual(ids.nodes);
    expect(pasted.every((n) => n.id !== set!.id && n.id !== cond!.id)).toBe(true);
    expect(pasted[0]!.position).toEqual({ x: set!.position.x + 40, y: set!.position.y + 40 });
    const edge = next.graph.edges[2]!;
    expect([edge.source, edge.target]).toEqual(ids.nodes);
    expect(edge.id).not.toBe('e2');
  });

  it('pastes twice without clashing names', () => {
    const doc = sampleDoc();
    const fragment = copy(doc, { nodes: new Set([doc.graph.nodes[1]!.id]), notes: new Set() })!;
    const once = applyAll(doc, paste(doc, fragment, { x: 0, y: 0 }).command.ops);
    const twice = applyAll(once, paste(once, fragment, { x: 0, y: 0 }).command.ops);
    expect(twice.graph.nodes.map((n) => n.name)).toEqual([
      'Manual trigger',
      'Set',
      'If',
      'Set 2',
      'Set 3',
    ]);
  });
});
