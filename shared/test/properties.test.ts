import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  compile,
  completeNode,
  definitionHash,
  exportFlow,
  importFlow,
  startScope,
  validate,
  validateAndCompile,
  type DefinitionScope,
  type FlowGraph,
} from '../src/index.js';
import { NodeInstanceSchema, parseNodeInstance } from '../src/flow-graph.js';
import { catalog, edge, node } from './fixtures/catalog.js';
import { buildFlow } from './fixtures/flows.js';

// Each property runs a bounded number of cases so the whole suite stays well under 30 s on 2 cores.
const choices = fc.array(fc.nat({ max: 1_000 }), { minLength: 1, maxLength: 40 });
const flows = choices.map((c) => buildFlow(c));

const shuffled = <T>(items: T[], seed: number): T[] => {
  const out = [...items];
  let s = seed || 1;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1_103_515_245 + 12_345) % 2_147_483_648;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
};

describe('generated valid flows', () => {
  test('every generated flow validates without errors and compiles, keeping every node', () => {
    fc.assert(
      fc.property(flows, (g) => {
        const errors = validate(g, catalog).filter((p) => p.severity === 'error');
        expect(errors).toEqual([]);
        const def = compile(g, catalog);
        const count = (scope: DefinitionScope): number =>
          scope.nodes.reduce((n, node) => n + 1 + (node.body ? count(node.body) : 0), 0);
        expect(count(def)).toBe(g.nodes.length);
      }),
      { numRuns: 150 },
    );
  });

  test('compile is deterministic: byte-identical JSON whatever the order of nodes and edges', () => {
    fc.assert(
      fc.property(flows, fc.nat(), (g, seed) => {
        const first = JSON.stringify(compile(g, catalog));
        expect(JSON.stringify(compile(g, catalog))).toBe(first);
        const reordered: FlowGraph = {
          ...g,
          nodes: shuffled(g.nodes, seed),
          edges: shuffled(g.edges, seed + 1),
        };
        expect(JSON.stringify(compile(reordered, catalog))).toBe(first);
      }),
      { numRuns: 100 },
    );
  });

  test('the hash is the canonical-JSON hash, so it survives storage that reorders keys', () => {
    fc.assert(
      fc.property(flows, (g) => {
        const def = compile(g, catalog);
        expect(definitionHash(def)).toBe(def.hash);
        const reversed = JSON.parse(JSON.stringify(def), (_k, v: unknown) =>
          v && typeof v === 'object' && !Array.isArray(v)
            ? Object.fromEntries(Object.entries(v).reverse())
            : v,
        ) as typeof def;
        expect(definitionHash(reversed)).toBe(def.hash);
      }),
      { numRuns: 50 },
    );
  });

  test('export → import round-trips to the same graph and the same definition', () => {
    fc.assert(
      fc.property(flows, (g) => {
        const imported = importFlow(exportFlow(g));
        expect(imported.ok).toBe(true);
        if (!imported.ok) return;
        expect(imported.graph).toEqual(g);
        expect(compile(imported.graph, catalog).hash).toBe(compile(g, catalog).hash);
      }),
      { numRuns: 100 },
    );
  });

  test('whatever ports fire, every node of every scope is decided exactly once', () => {
    fc.assert(
      fc.property(flows, fc.array(fc.nat(), { minLength: 1, maxLength: 20 }), (g, picks) => {
        const def = compile(g, catalog);
        let cursor = 0;
        const runScope = (scope: DefinitionScope) => {
          const { state, step } = startScope(scope);
          const decided = [...step.skipped];
          const queue = [...step.ready];
          for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
            decided.push(id);
            const node = scope.nodes.find((n) => n.id === id);
            if (node?.body && (picks[cursor++ % picks.length] as number) % 2 === 0)
              runScope(node.body);
            const ports = Object.keys(node?.successors ?? {}).filter((p) => p !== 'error');
            // Branching nodes fire one port, chosen by the test; others fire all they have.
            const fired =
              node?.type === 'core.if' || node?.type === 'core.switch'
                ? [ports[(picks[cursor++ % picks.length] as number) % ports.length] as string]
                : ports;
            const next = completeNode(scope, state, id, fired);
            queue.push(...next.ready);
            decided.push(...next.skipped);
          }
          expect([...decided].sort()).toEqual(scope.nodes.map((n) => n.id).sort());
        };
        runScope(def);
      }),
      { numRuns: 100 },
    );
  });
});

type Mutation = (x: FlowGraph) => unknown;
// Once a mutation has replaced `nodes` or `edges` with garbage, later structural edits do nothing.
const safe =
  (m: Mutation): Mutation =>
  (x) =>
    Array.isArray(x.nodes) && Array.isArray(x.edges) ? m(x) : x;

/** What a user (or a buggy client) can do to a flow: each yields a graph that may or may not be valid. */
const mutation = (g: FlowGraph) => {
  const ids = [...g.nodes.map((n) => n.id), 'ghost'];
  const id = fc.constantFrom(...ids);
  const anyPort = fc.constantFrom(
    'main',
    'true',
    'false',
    'body',
    'done',
    'error',
    'case_2',
    'nope',
  );
  const index = fc.nat({ max: Math.max(0, g.nodes.length - 1) });
  const edgeIndex = fc.nat({ max: Math.max(0, g.edges.length - 1) });
  return fc
    .oneof(
      index.map((i) => (x: FlowGraph) => ({ ...x, nodes: x.nodes.filter((_, j) => j !== i) })),
      edgeIndex.map((i) => (x: FlowGraph) => ({ ...x, edges: x.edges.filter((_, j) => j !== i) })),
      fc.tuple(id, id, anyPort, anyPort).map(([s, t, so, ti]) => (x: FlowGraph) => ({
        ...x,
        edges: [...x.edges, edge(s, t, so, ti)],
      })),
      fc.tuple(index, id).map(([i, parent]) => (x: FlowGraph) => ({
        ...x,
        nodes: x.nodes.map((n, j) => (j === i ? { ...n, parentId: parent } : n)),
      })),
      fc
        .tuple(
          index,
          fc.constantFrom(
            'core.if',
            'core.merge',
            'core.for_each',
            'core.manual_trigger',
            'acme.unknown',
          ),
        )
        .map(([i, type]) => (x: FlowGraph) => ({
          ...x,
          nodes: x.nodes.map((n, j) => (j === i ? { ...n, type } : n)),
        })),
      fc.tuple(index, fc.string({ maxLength: 30 })).map(([i, text]) => (x: FlowGraph) => ({
        ...x,
        nodes: x.nodes.map((n, j) =>
          j === i && typeof n === 'object' && n !== null
            ? { ...n, params: { ...n.params, values: { v: `{{ ${text} }}` }, url: `{{${text}` } }
            : n,
        ),
      })),
      fc.tuple(index, index).map(([i, k]) => (x: FlowGraph) => ({
        ...x,
        nodes: x.nodes.map((n, j) =>
          j === i && typeof n === 'object' && n !== null
            ? { ...n, name: x.nodes[k]?.name ?? n.name, id: x.nodes[k]?.id ?? n.id }
            : n,
        ),
      })),
      fc
        .tuple(fc.constantFrom('nodes', 'edges', 'settings', 'schemaVersion'), fc.anything())
        .map(([key, value]) => (x: FlowGraph) => ({
          ...x,
          [key]: value,
        })),
      fc.tuple(index, fc.anything()).map(([i, value]) => (x: FlowGraph) => ({
        ...x,
        nodes: x.nodes.map((n, j) => (j === i ? value : n)),
      })),
    )
    .map((m) => safe(m as Mutation));
};

describe('random mutations of valid flows', () => {
  test('either stay valid and compile, or yield problems — never a throw, never a hang', () => {
    fc.assert(
      fc.property(
        flows.chain((g) =>
          fc.tuple(fc.constant(g), fc.array(mutation(g), { minLength: 1, maxLength: 4 })),
        ),
        ([g, mutations]) => {
          const mutated = mutations.reduce<unknown>(
            (x, m) => m(x as FlowGraph),
            JSON.parse(JSON.stringify(g)),
          );
          const started = Date.now();
          const { problems, definition } = validateAndCompile(mutated, catalog);
          expect(Date.now() - started).toBeLessThan(2_000);
          expect(Array.isArray(problems)).toBe(true);
          const errors = problems.filter((p) => p.severity === 'error');
          if (errors.length === 0) expect(definition?.hash).toMatch(/^[0-9a-f]{64}$/);
          else expect(() => compile(mutated, catalog)).toThrow(/flow is invalid/);
          for (const p of problems) expect(typeof p.message).toBe('string');
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('the direct node check agrees with the schema', () => {
  const field = fc.constantFrom(
    'id',
    'type',
    'typeVersion',
    'name',
    'position',
    'parentId',
    'params',
    'connectionId',
    'retry',
    'timeoutMs',
    'onError',
    'notes',
    'disabled',
    'extra',
  );
  const value = fc.oneof(
    fc.anything(),
    fc.constantFrom(
      '',
      'x',
      'route',
      'sideways',
      0,
      1,
      1.5,
      -1,
      Number.NaN,
      Infinity,
      2 ** 60,
      true,
      null,
      undefined,
    ),
    fc.record({ x: fc.oneof(fc.double(), fc.string()), y: fc.double() }),
    fc.dictionary(fc.string(), fc.jsonValue()),
    fc.string({ minLength: 190, maxLength: 210 }),
  );

  test('same acceptance and same data for nodes with random fields changed', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(field, value), { maxLength: 3 }), (changes) => {
        const raw: Record<string, unknown> = {
          ...node('n1', 'core.set', { parentId: 'p', notes: 'hi', timeoutMs: 5 }),
        };
        for (const [key, v] of changes) raw[key] = v;
        const direct = parseNodeInstance(raw);
        const viaZod = NodeInstanceSchema.safeParse(raw);
        expect(direct.success).toBe(viaZod.success);
        if (direct.success && viaZod.success) expect(direct.data).toEqual(viaZod.data);
      }),
      { numRuns: 1_000 },
    );
  });
});
