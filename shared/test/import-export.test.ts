import { describe, expect, test } from 'vitest';
import { compile, exportFlow, importFlow, ProblemCode } from '../src/index.js';
import { catalog, leadIntake } from './fixtures/catalog.js';

describe('export and import', () => {
  test('an exported flow reads back as the same graph and compiles to the same definition', () => {
    const graph = leadIntake();
    const text = exportFlow(graph);
    expect(JSON.parse(text)).toMatchObject({ schemaVersion: 2 });
    const imported = importFlow(text);
    expect(imported).toEqual({ ok: true, graph });
    if (imported.ok)
      expect(compile(imported.graph, catalog).hash).toBe(compile(graph, catalog).hash);
  });

  test('a version-1 document saved from React Flow is upgraded', () => {
    const v1 = {
      schemaVersion: 1,
      nodes: [
        {
          id: 't',
          type: 'core.manual_trigger',
          typeVersion: 1,
          name: 'Start',
          position: { x: 0, y: 0 },
          params: {},
        },
        {
          id: 'call',
          type: 'core.http_request',
          typeVersion: 1,
          name: 'Call',
          position: { x: 200, y: 0 },
          params: { url: 'https://api.test/x', method: 'GET' },
          connectionId: 'c1',
          continueOnFail: true,
        },
        {
          id: 'gate',
          type: 'core.if',
          typeVersion: 1,
          name: 'Gate',
          position: { x: 400, y: 0 },
          params: { condition: true },
        },
        {
          id: 'done',
          type: 'core.set',
          typeVersion: 1,
          name: 'Done',
          position: { x: 600, y: 0 },
          params: { values: {} },
        },
      ],
      edges: [
        { id: 'e1', source: 't', sourceHandle: null, target: 'call', targetHandle: null },
        { id: 'e2', source: 'call', sourceHandle: null, target: 'gate', targetHandle: null },
        { id: 'e3', source: 'gate', sourceHandle: 'true', target: 'done', targetHandle: 'main' },
      ],
    };
    const imported = importFlow(JSON.stringify(v1));
    expect(imported.ok).toBe(true);
    if (!imported.ok) return;
    expect(imported.upgradedFrom).toBe(1);
    expect(imported.graph.schemaVersion).toBe(2);
    expect(imported.graph.nodes.find((n) => n.id === 'call')).toMatchObject({
      onError: 'continue',
    });
    expect(imported.graph.nodes.find((n) => n.id === 'call')).not.toHaveProperty('continueOnFail');
    expect(imported.graph.nodes.find((n) => n.id === 'gate')).toMatchObject({ onError: 'fail' });
    expect(imported.graph.edges).toEqual([
      { id: 'e1', source: 't', sourceOutput: 'main', target: 'call', targetInput: 'main' },
      { id: 'e2', source: 'call', sourceOutput: 'main', target: 'gate', targetInput: 'main' },
      { id: 'e3', source: 'gate', sourceOutput: 'true', target: 'done', targetInput: 'main' },
    ]);
    expect(() => compile(imported.graph, catalog)).not.toThrow();
  });

  test('a document without schemaVersion is read as version 1', () => {
    const imported = importFlow({ nodes: [], edges: [] });
    expect(imported).toMatchObject({ ok: true, upgradedFrom: 1 });
  });

  test.each([
    ['not JSON', '{"nodes": [', ProblemCode.INVALID_JSON],
    [
      'a document from the future',
      JSON.stringify({ schemaVersion: 3, nodes: [], edges: [] }),
      ProblemCode.UNSUPPORTED_SCHEMA_VERSION,
    ],
    [
      'a version that is not a number',
      { schemaVersion: 'two', nodes: [], edges: [] },
      ProblemCode.UNSUPPORTED_SCHEMA_VERSION,
    ],
    ['a JSON array', '[]', ProblemCode.INVALID_DOCUMENT],
    [
      'nodes missing their fields',
      { schemaVersion: 2, nodes: [{ id: 'x' }], edges: [] },
      ProblemCode.INVALID_DOCUMENT,
    ],
  ])('%s is refused with %s, never a throw', (_story, input, code) => {
    const imported = importFlow(input);
    expect(imported.ok).toBe(false);
    if (!imported.ok) {
      expect(imported.problems[0]?.code).toBe(code);
      expect(imported.problems[0]?.severity).toBe('error');
    }
  });

  test('invalid document problems name the path of the bad field', () => {
    const imported = importFlow({ schemaVersion: 2, nodes: [{ id: 'x' }], edges: [] });
    expect(imported.ok ? [] : imported.problems.map((p) => p.message)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^nodes\.0\.type: /)]),
    );
  });
});
