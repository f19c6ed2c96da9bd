import { describe, expect, test } from 'vitest';
import {
  compile,
  completeNode,
  exportFlow,
  FlowGraphSchema,
  FlowValidationError,
  importFlow,
  ProblemCode,
  startScope,
  type DefinitionScope,
  type FlowDefinition,
  type FlowGraph,
  validate,
} from '../src/index.js';
import { catalog, edge, graph, leadIntake, node } from './fixtures/catalog.js';

/**
 * Drives a scope the way the interpreter will: run every ready node, fire the ports `route`
 * chooses, and record the order nodes ran in and which were skipped.
 */
function simulate(
  scope: DefinitionScope,
  route: (id: string) => string[],
): { ran: string[]; skipped: string[] } {
  const { state, step } = startScope(scope);
  const ran: string[] = [];
  const skipped = [...step.skipped];
  const queue = [...step.ready];
  for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
    ran.push(id);
    const next = completeNode(scope, state, id, route(id));
    queue.push(...next.ready);
    skipped.push(...next.skipped);
  }
  return { ran, skipped };
}

const find = (scope: DefinitionScope, id: string) => {
  const found = scope.nodes.find((n) => n.id === id);
  if (!found) throw new Error(`no ${id} in scope`);
  return found;
};

/** if → (a | b) → merge → after */
function ifMerge(mode: 'all' | 'first' = 'all'): FlowGraph {
  return graph(
    [
      node('t', 'core.manual_trigger'),
      node('if', 'core.if'),
      node('a', 'core.set'),
      node('b', 'core.set'),
      node('m', 'core.merge', { params: { mode } }),
      node('after', 'core.set'),
    ],
    [
      edge('t', 'if'),
      edge('if', 'a', 'true'),
      edge('if', 'b', 'false'),
      edge('a', 'm'),
      edge('b', 'm'),
      edge('m', 'after'),
    ],
  );
}

describe('compile: the definition the runtime reads', () => {
  test('lists nodes in topological order with successors per port and the loop body nested', () => {
    const def = compile(leadIntake(), catalog);
    const ids = def.nodes.map((n) => n.id);
    expect(def.definitionVersion).toBe(1);
    expect(def.trigger).toBe('hook');
    expect(def.entries).toEqual(['hook']);
    expect(ids).toEqual(['hook', 'lookup', 'hot', 'nurture', 'tag', 'join', 'each', 'report']);
    expect(find(def, 'hot').successors).toEqual({
      true: [{ node: 'tag', input: 'main' }],
      false: [{ node: 'nurture', input: 'main' }],
    });
    expect(find(def, 'join')).toMatchObject({ waitFor: 2, join: { mode: 'all' } });
    const each = find(def, 'each');
    expect(each.successors).toEqual({ done: [{ node: 'report', input: 'main' }] });
    expect(each.body).toMatchObject({ output: 'body', entries: ['label'], concurrency: 1 });
    expect(each.body?.nodes.map((n) => n.id)).toEqual(['label', 'notify']);
    expect(find(each.body as DefinitionScope, 'notify')).toMatchObject({
      connectionId: 'conn-1',
      kind: 'action',
    });
    expect(def.nodeTypes).toContain('core.for_each@1');
    expect(def.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  test('pre-parses every templated param with its path', () => {
    const def = compile(leadIntake(), catalog);
    const notify = find(find(def, 'each').body as DefinitionScope, 'notify');
    expect(notify.expressions).toEqual([
      {
        param: 'body',
        path: ['body'],
        template: {
          kind: 'template',
          parts: [
            'Tag ',
            { source: ' $node.label.output.label ', offset: 6 },
            ' for ',
            { source: ' $trigger.body.email ', offset: 41 },
          ],
        },
      },
    ]);
  });

  test('carries retry, timeout and onError policies and routes errors through an error port', () => {
    const g = leadIntake();
    const lookup = g.nodes.find((n) => n.id === 'lookup');
    Object.assign(lookup ?? {}, {
      retry: { maxAttempts: 3, initialIntervalMs: 500 },
      timeoutMs: 10_000,
      onError: 'route',
    });
    g.nodes.push(node('alert', 'core.set'));
    g.edges.push(edge('lookup', 'alert', 'error'));
    const def = compile(g, catalog);
    expect(find(def, 'lookup')).toMatchObject({
      retry: { maxAttempts: 3, initialIntervalMs: 500 },
      timeoutMs: 10_000,
      onError: 'route',
      successors: {
        main: [{ node: 'hot', input: 'main' }],
        error: [{ node: 'alert', input: 'main' }],
      },
    });
    // When the call succeeds the error branch is skipped, not left waiting.
    const { skipped } = simulate(def, (id) => (id === 'hot' ? ['true'] : ['main', 'done', 'body']));
    expect(skipped).toContain('alert');
  });

  test('loop concurrency comes from the container, and falls back to in-order when an expression decides it', () => {
    const g = leadIntake();
    g.nodes.find((n) => n.id === 'each')!.params.parallel = 4;
    expect(find(compile(g, catalog), 'each').body?.concurrency).toBe(4);
    g.nodes.find((n) => n.id === 'each')!.params.parallel = '{{ $vars.threshold }}';
    expect(find(compile(g, catalog), 'each').body?.concurrency).toBe(1);
  });

  test('refuses an invalid graph with every problem attached', () => {
    const g = leadIntake();
    g.nodes.push(node('orphan', 'core.set'));
    g.edges.push(edge('report', 'ghost'));
    let thrown: unknown;
    try {
      compile(g, catalog);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(FlowValidationError);
    expect((thrown as FlowValidationError).problems.map((p) => p.code)).toEqual(
      expect.arrayContaining([ProblemCode.UNREACHABLE_NODE, ProblemCode.DANGLING_EDGE]),
    );
  });

  test('warnings do not stop compilation', () => {
    const g = leadIntake();
    g.nodes.find((n) => n.id === 'report')!.params = {
      values: { x: '{{ $node.lookup.output.nope }}' },
    };
    expect(() => compile(g, catalog)).not.toThrow();
  });

  test('is byte-identical for the same graph, and independent of node and edge order and layout', () => {
    const a = leadIntake();
    const b = leadIntake();
    b.nodes.reverse();
    b.edges.reverse();
    b.nodes.forEach((n, i) => (n.position = { x: i * 100, y: 7 }));
    expect(JSON.stringify(compile(a, catalog))).toBe(
      JSON.stringify(compile(leadIntake(), catalog)),
    );
    expect(JSON.stringify(compile(b, catalog))).toBe(JSON.stringify(compile(a, catalog)));
  });

  test('sticky notes change neither the definition nor its hash', () => {
    const annotated = leadIntake();
    annotated.notes = [
      {
        id: 'n1',
        text: 'Ask sales before raising the threshold',
        position: { x: 0, y: -200 },
        size: { width: 200, height: 120 },
      },
    ];
    expect(JSON.stringify(compile(annotated, catalog))).toBe(
      JSON.stringify(compile(leadIntake(), catalog)),
    );
    expect(validate(annotated, catalog)).toEqual(validate(leadIntake(), catalog));
  });

  test('sticky notes survive a parse and an export/import round trip', () => {
    const annotated = {
      ...leadIntake(),
      notes: [{ id: 'n1', text: 'why', position: { x: 1, y: 2 }, size: { width: 3, height: 4 } }],
    };
    expect(FlowGraphSchema.parse(annotated).notes).toEqual(annotated.notes);
    const imported = importFlow(exportFlow(annotated));
    expect(imported.ok && imported.graph.notes).toEqual(annotated.notes);
  });

  test('the hash changes when anything the runtime sees changes', () => {
    const before = compile(leadIntake(), catalog).hash;
    const g = leadIntake();
    g.nodes.find((n) => n.id === 'nurture')!.params = { values: { tier: 'warm' } };
    expect(compile(g, catalog).hash).not.toBe(before);
  });

  test('the definition survives JSON unchanged', () => {
    const def = compile(leadIntake(), catalog);
    expect(JSON.parse(JSON.stringify(def)) as FlowDefinition).toEqual(def);
  });
});

describe('join and skip: a merge waits only for live branches', () => {
  test.each([
    { taken: 'true', ran: ['t', 'if', 'a', 'm', 'after'], skipped: ['b'] },
    { taken: 'false', ran: ['t', 'if', 'b', 'm', 'after'], skipped: ['a'] },
  ])(
    'if takes $taken → the other branch is skipped and the merge still runs',
    ({ taken, ran, skipped }) => {
      const def = compile(ifMerge(), catalog);
      const result = simulate(def, (id) => (id === 'if' ? [taken] : ['main']));
      expect(result.ran).toEqual(ran);
      expect(result.skipped).toEqual(skipped);
    },
  );

  test('with both branches live, an `all` merge runs once, after the second branch', () => {
    const def = compile(ifMerge(), catalog);
    const result = simulate(def, (id) => (id === 'if' ? ['true', 'false'] : ['main']));
    expect(result.ran).toEqual(['t', 'if', 'b', 'a', 'm', 'after']);
  });

  test('a `first` merge runs on the first live branch and ignores the later one', () => {
    const def = compile(ifMerge('first'), catalog);
    expect(find(def, 'm').join).toEqual({ mode: 'first' });
    const { state } = startScope(def);
    completeNode(def, state, 't', ['main']);
    expect(completeNode(def, state, 'if', ['true', 'false']).ready).toEqual(['b', 'a']);
    expect(completeNode(def, state, 'a', ['main']).ready).toEqual(['m']);
    expect(completeNode(def, state, 'b', ['main'])).toEqual({ ready: [], skipped: [] });
    expect(completeNode(def, state, 'm', ['main']).ready).toEqual(['after']);
  });

  test('when every branch into a merge is skipped, the merge and everything after it are skipped', () => {
    const g = ifMerge();
    g.nodes.unshift(node('gate', 'core.if'));
    g.edges = g.edges.map((e) => (e.source === 't' ? { ...edge('t', 'gate'), id: 'x' } : e));
    g.edges.push(edge('gate', 'if', 'true'));
    const def = compile(g, catalog);
    const result = simulate(def, (id) => (id === 'gate' ? ['false'] : ['main']));
    expect(result.ran).toEqual(['t', 'gate']);
    expect(result.skipped.sort()).toEqual(['a', 'after', 'b', 'if', 'm']);
  });

  test('a switch with unused cases: only the matching case runs, the merge waits for nothing else', () => {
    const g = graph(
      [
        node('t', 'core.manual_trigger'),
        node('sw', 'core.switch'),
        node('c1', 'core.set'),
        node('c2', 'core.set'),
        node('c3', 'core.set'),
        node('other', 'core.set'),
        node('m', 'core.merge'),
      ],
      [
        edge('t', 'sw'),
        edge('sw', 'c1', 'case_1'),
        edge('sw', 'c2', 'case_2'),
        edge('sw', 'c3', 'case_3'),
        edge('sw', 'other', 'fallback'),
        edge('c1', 'm'),
        edge('c2', 'm'),
        edge('c3', 'm'),
        edge('other', 'm'),
      ],
    );
    const def = compile(g, catalog);
    expect(find(def, 'm').waitFor).toBe(4);
    const result = simulate(def, (id) => (id === 'sw' ? ['case_2'] : ['main']));
    expect(result.ran).toEqual(['t', 'sw', 'c2', 'm']);
    expect(result.skipped.sort()).toEqual(['c1', 'c3', 'other']);
  });

  test('a switch case with no edge at all is listed as an empty port', () => {
    const g = graph(
      [node('t', 'core.manual_trigger'), node('sw', 'core.switch'), node('c1', 'core.set')],
      [edge('t', 'sw'), edge('sw', 'c1', 'case_1')],
    );
    expect(find(compile(g, catalog), 'sw').successors).toEqual({
      case_1: [{ node: 'c1', input: 'main' }],
      case_2: [],
      case_3: [],
      fallback: [],
    });
  });

  test('nested loops: each body is its own scope with its own joins', () => {
    const g = graph(
      [
        node('t', 'core.manual_trigger'),
        node('outer', 'core.for_each'),
        node('inner', 'core.for_each', {
          parentId: 'outer',
          params: { items: '{{ $item.children }}' },
        }),
        node('check', 'core.if', {
          parentId: 'inner',
          params: { condition: '{{ $item > $index }}' },
        }),
        node('yes', 'core.set', { parentId: 'inner' }),
        node('no', 'core.set', { parentId: 'inner' }),
        node('m', 'core.merge', { parentId: 'inner' }),
        node('innerDone', 'core.set', { parentId: 'outer' }),
        node('end', 'core.set'),
      ],
      [
        edge('t', 'outer'),
        edge('outer', 'inner', 'body'),
        edge('inner', 'check', 'body'),
        edge('check', 'yes', 'true'),
        edge('check', 'no', 'false'),
        edge('yes', 'm'),
        edge('no', 'm'),
        edge('inner', 'innerDone', 'done'),
        edge('outer', 'end', 'done'),
      ],
    );
    const def = compile(g, catalog);
    expect(def.nodes.map((n) => n.id)).toEqual(['t', 'outer', 'end']);
    const outerBody = find(def, 'outer').body as DefinitionScope;
    expect(outerBody).toMatchObject({ entries: ['inner'] });
    expect(outerBody.nodes.map((n) => n.id)).toEqual(['inner', 'innerDone']);
    const innerBody = find(outerBody, 'inner').body as DefinitionScope;
    expect(innerBody.entries).toEqual(['check']);
    expect(innerBody.nodes.map((n) => n.id)).toEqual(['check', 'no', 'yes', 'm']);
    // One iteration of the inner body: the false branch is skipped and the merge still runs.
    expect(simulate(innerBody, (id) => (id === 'check' ? ['false'] : ['main']))).toEqual({
      ran: ['check', 'no', 'm'],
      skipped: ['yes'],
    });
    // Iterations do not share state: a fresh start sees every node undecided again.
    expect(simulate(innerBody, (id) => (id === 'check' ? ['true'] : ['main']))).toEqual({
      ran: ['check', 'yes', 'm'],
      skipped: ['no'],
    });
    expect(simulate(outerBody, () => ['done'])).toEqual({
      ran: ['inner', 'innerDone'],
      skipped: [],
    });
  });
});
