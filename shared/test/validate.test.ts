import { describe, expect, test } from 'vitest';
import { ProblemCode, validate, type FlowGraph, type Problem } from '../src/index.js';
import { catalog, edge, leadIntake, node } from './fixtures/catalog.js';

type Mutation = (g: FlowGraph) => unknown;

const byId = (g: FlowGraph, id: string) => {
  const found = g.nodes.find((n) => n.id === id);
  if (!found) throw new Error(`fixture has no node ${id}`);
  return found;
};

interface Case {
  code: ProblemCode;
  story: string;
  mutate: Mutation;
  /** The location the problem must carry. */
  at?: Partial<Pick<Problem, 'nodeId' | 'edgeId' | 'param' | 'severity'>>;
}

const cases: Case[] = [
  {
    code: ProblemCode.INVALID_DOCUMENT,
    story: 'a node without a position',
    mutate: (g) => {
      delete (byId(g, 'nurture') as { position?: unknown }).position;
      return g;
    },
    at: { nodeId: 'nurture' },
  },
  {
    code: ProblemCode.INVALID_DOCUMENT,
    story: 'nodes is not an array',
    mutate: (g) => ({ ...g, nodes: 'many' }),
  },
  { code: ProblemCode.INVALID_DOCUMENT, story: 'not an object at all', mutate: () => 42 },
  {
    code: ProblemCode.UNSUPPORTED_SCHEMA_VERSION,
    story: 'a document from the future',
    mutate: (g) => ({ ...g, schemaVersion: 99 }),
  },
  {
    code: ProblemCode.DUPLICATE_NODE_ID,
    story: 'a pasted node keeps its id',
    mutate: (g) => {
      g.nodes.push({ ...byId(g, 'nurture'), name: 'nurture copy' });
      return g;
    },
    at: { nodeId: 'nurture' },
  },
  {
    code: ProblemCode.DUPLICATE_EDGE_ID,
    story: 'two edges with one id',
    mutate: (g) => {
      g.edges.push({ ...edge('hot', 'nurture', 'true'), id: 'hot.false->nurture.main' });
      return g;
    },
    at: { edgeId: 'hot.false->nurture.main' },
  },
  {
    code: ProblemCode.DUPLICATE_NODE_NAME,
    story: 'two nodes named alike',
    mutate: (g) => {
      byId(g, 'nurture').name = 'tag';
      return g;
    },
    at: { nodeId: 'nurture' },
  },
  {
    code: ProblemCode.UNKNOWN_NODE_TYPE,
    story: 'a node type nobody installed',
    mutate: (g) => {
      byId(g, 'nurture').type = 'acme.teleport';
      return g;
    },
    at: { nodeId: 'nurture' },
  },
  {
    code: ProblemCode.UNKNOWN_NODE_VERSION,
    story: 'a node type version that does not exist',
    mutate: (g) => {
      byId(g, 'lookup').typeVersion = 7;
      return g;
    },
    at: { nodeId: 'lookup' },
  },
  {
    code: ProblemCode.BAD_PARAMS,
    story: 'a URL that is not a URL',
    mutate: (g) => {
      byId(g, 'lookup').params.url = 'not a url';
      return g;
    },
    at: { nodeId: 'lookup', param: 'url' },
  },
  {
    code: ProblemCode.MISSING_CONNECTION,
    story: 'an HTTP node without its connection',
    mutate: (g) => {
      delete byId(g, 'lookup').connectionId;
      return g;
    },
    at: { nodeId: 'lookup' },
  },
  {
    code: ProblemCode.UNEXPECTED_CONNECTION,
    story: 'a connection on a node that takes none',
    mutate: (g) => {
      byId(g, 'nurture').connectionId = 'conn-9';
      return g;
    },
    at: { nodeId: 'nurture', severity: 'warning' },
  },
  {
    code: ProblemCode.DANGLING_EDGE,
    story: 'an edge to a deleted node',
    mutate: (g) => {
      g.edges.push(edge('report', 'ghost'));
      return g;
    },
    at: { edgeId: 'report.main->ghost.main' },
  },
  {
    code: ProblemCode.DUPLICATE_EDGE,
    story: 'the same two ports joined twice',
    mutate: (g) => {
      g.edges.push({ ...edge('hook', 'lookup'), id: 'again' });
      return g;
    },
    at: { edgeId: 'again' },
  },
  {
    code: ProblemCode.UNKNOWN_PORT,
    story: 'an if with a "maybe" output',
    mutate: (g) => {
      (g.edges.find((e) => e.sourceOutput === 'false') as { sourceOutput: string }).sourceOutput =
        'maybe';
      return g;
    },
    at: { nodeId: 'hot', edgeId: 'hot.false->nurture.main' },
  },
  {
    code: ProblemCode.UNKNOWN_PORT,
    story: 'an error edge from a node that does not route errors',
    mutate: (g) => {
      g.nodes.push(node('fallback', 'core.set'));
      g.edges.push(edge('lookup', 'fallback', 'error'));
      return g;
    },
    at: { nodeId: 'lookup' },
  },
  {
    code: ProblemCode.INPUT_ALREADY_CONNECTED,
    story: 'two branches into a plain node instead of a merge',
    mutate: (g) => {
      g.nodes.push(node('both', 'core.set'));
      g.edges.push(edge('tag', 'both'), edge('nurture', 'both'));
      return g;
    },
    at: { nodeId: 'both', edgeId: 'nurture.main->both.main' },
  },
  {
    code: ProblemCode.NO_TRIGGER,
    story: 'the trigger was deleted',
    mutate: (g) => ({
      ...g,
      nodes: g.nodes.filter((n) => n.id !== 'hook'),
      edges: g.edges.filter((e) => e.source !== 'hook'),
    }),
  },
  {
    code: ProblemCode.MULTIPLE_TRIGGERS,
    story: 'a second trigger',
    mutate: (g) => {
      g.nodes.push(node('manual', 'core.manual_trigger'));
      g.edges.push(edge('manual', 'join'));
      return g;
    },
    at: { nodeId: 'manual' },
  },
  {
    code: ProblemCode.TRIGGER_INSIDE_LOOP,
    story: 'a trigger dropped into a loop',
    mutate: (g) => {
      g.nodes.push(node('inner', 'core.manual_trigger', { parentId: 'each' }));
      return g;
    },
    at: { nodeId: 'inner' },
  },
  {
    code: ProblemCode.WRONG_TRIGGER,
    story: 'a webhook answer in a flow started by hand',
    mutate: (g) => {
      Object.assign(byId(g, 'hook'), { type: 'core.manual_trigger', params: {} });
      g.nodes.push(node('answer', 'core.respond_webhook'));
      g.edges.push(edge('report', 'answer'));
      return g;
    },
    at: { nodeId: 'answer' },
  },
  {
    code: ProblemCode.UNREACHABLE_NODE,
    story: 'a node nobody connected',
    mutate: (g) => {
      g.nodes.push(node('orphan', 'core.set'));
      return g;
    },
    at: { nodeId: 'orphan' },
  },
  {
    code: ProblemCode.CYCLE,
    story: 'a back-edge instead of a loop',
    mutate: (g) => {
      byId(g, 'lookup').type = 'core.merge';
      byId(g, 'lookup').params = {};
      delete byId(g, 'lookup').connectionId;
      g.edges.push(edge('report', 'lookup'));
      return g;
    },
  },
  {
    code: ProblemCode.EDGE_CROSSES_LOOP,
    story: 'an edge from inside a loop to after it',
    mutate: (g) => {
      g.nodes.push(node('after', 'core.set'));
      g.edges.push(edge('notify', 'after'));
      return g;
    },
    at: { edgeId: 'notify.main->after.main' },
  },
  {
    code: ProblemCode.EDGE_CROSSES_LOOP,
    story: 'a loop body wired to a node outside it',
    mutate: (g) => {
      g.edges = g.edges.filter((e) => e.target !== 'report');
      g.edges.push(edge('each', 'report', 'body'));
      return g;
    },
    at: { edgeId: 'each.body->report.main' },
  },
  {
    code: ProblemCode.INVALID_PARENT,
    story: 'a node inside something that is not a loop',
    mutate: (g) => {
      byId(g, 'report').parentId = 'tag';
      return g;
    },
    at: { nodeId: 'report' },
  },
  {
    code: ProblemCode.INVALID_PARENT,
    story: 'a parent that was deleted',
    mutate: (g) => {
      byId(g, 'report').parentId = 'gone';
      return g;
    },
    at: { nodeId: 'report' },
  },
  {
    code: ProblemCode.EMPTY_LOOP,
    story: 'a loop with nothing in it',
    mutate: (g) => {
      g.nodes.push(node('idle', 'core.for_each'));
      g.edges.push(edge('report', 'idle'));
      return g;
    },
    at: { nodeId: 'idle', severity: 'warning' },
  },
  {
    code: ProblemCode.MERGE_SINGLE_INPUT,
    story: 'a merge with one branch',
    mutate: (g) => {
      g.edges = g.edges.filter((e) => e.id !== 'nurture.main->join.main');
      g.nodes = g.nodes.filter((n) => n.id !== 'nurture');
      g.edges = g.edges.filter((e) => e.target !== 'nurture');
      return g;
    },
    at: { nodeId: 'join', severity: 'warning' },
  },
  {
    code: ProblemCode.ERROR_OUTPUT_UNCONNECTED,
    story: 'errors routed nowhere',
    mutate: (g) => {
      byId(g, 'lookup').onError = 'route';
      return g;
    },
    at: { nodeId: 'lookup', severity: 'warning' },
  },
  {
    code: ProblemCode.EXPRESSION_SYNTAX,
    story: 'an expression that does not parse',
    mutate: (g) => {
      byId(g, 'report').params = {
        values: { total: 'sum: {{ $node.lookup.output.body.total + }}' },
      };
      return g;
    },
    at: { nodeId: 'report', param: 'values.total' },
  },
  {
    code: ProblemCode.EXPRESSION_SYNTAX,
    story: 'an unterminated placeholder',
    mutate: (g) => {
      byId(g, 'report').params = { values: { total: 'sum: {{ 1 + 1' } };
      return g;
    },
    at: { nodeId: 'report', param: 'values.total' },
  },
  {
    code: ProblemCode.UNKNOWN_NODE_REFERENCE,
    story: 'a reference to a renamed node',
    mutate: (g) => {
      byId(g, 'lookup').name = 'Find contact';
      return g;
    },
    at: { nodeId: 'tag', param: 'values.id' },
  },
  {
    code: ProblemCode.NODE_NOT_UPSTREAM,
    story: 'a reference to a sibling branch',
    mutate: (g) => {
      byId(g, 'nurture').params = { values: { id: '{{ $node.tag.output.id }}' } };
      return g;
    },
    at: { nodeId: 'nurture', param: 'values.id' },
  },
  {
    code: ProblemCode.NODE_NOT_UPSTREAM,
    story: 'a reference into a loop body from after the loop',
    mutate: (g) => {
      byId(g, 'report').params = { values: { last: '{{ $node.label.output.label }}' } };
      return g;
    },
    at: { nodeId: 'report', param: 'values.last' },
  },
  {
    code: ProblemCode.UNKNOWN_OUTPUT_FIELD,
    story: 'a field the output schema does not declare',
    mutate: (g) => {
      byId(g, 'report').params = { values: { total: '{{ $node.lookup.output.body.totl }}' } };
      return g;
    },
    at: { nodeId: 'report', param: 'values.total', severity: 'warning' },
  },
  {
    code: ProblemCode.UNKNOWN_OUTPUT_FIELD,
    story: 'a trigger field the webhook does not send',
    mutate: (g) => {
      byId(g, 'lookup').params.body = '{{ $trigger.body.mail }}';
      return g;
    },
    at: { nodeId: 'lookup', param: 'body', severity: 'warning' },
  },
  {
    code: ProblemCode.LOOP_VARIABLE_OUTSIDE_LOOP,
    story: '$item outside any loop',
    mutate: (g) => {
      byId(g, 'report').params = { values: { x: '{{ $item }}' } };
      return g;
    },
    at: { nodeId: 'report', param: 'values.x' },
  },
  {
    code: ProblemCode.UNKNOWN_VARIABLE,
    story: 'a flow variable that is not defined',
    mutate: (g) => {
      byId(g, 'hot').params = { condition: '{{ $trigger.body.score > $vars.treshold }}' };
      return g;
    },
    at: { nodeId: 'hot', param: 'condition', severity: 'warning' },
  },
];

describe('validate: the lead-intake flow', () => {
  test('is valid as drawn: no problem at all', () => {
    expect(validate(leadIntake(), catalog)).toEqual([]);
  });
});

describe('validate: one row per problem a user can draw', () => {
  test.each(cases)('$code — $story', ({ code, mutate, at }) => {
    const problems = validate(mutate(leadIntake()), catalog);
    const match = problems.find((p) => p.code === code);
    expect(match, JSON.stringify(problems)).toBeDefined();
    expect(match).toMatchObject({ severity: 'error', ...at });
    expect(match?.message.length).toBeGreaterThan(5);
  });

  test('every documented code except the import-only ones has a row', () => {
    const importOnly = new Set<string>([ProblemCode.INVALID_JSON]);
    const covered = new Set(cases.map((c) => c.code));
    const missing = Object.values(ProblemCode).filter((c) => !covered.has(c) && !importOnly.has(c));
    expect(missing).toEqual([]);
  });
});

describe('validate: everything at once, never a throw', () => {
  test('reports several unrelated problems in one call', () => {
    const g = leadIntake();
    g.nodes.push(node('orphan', 'core.set'));
    byId(g, 'lookup').params.url = 'nope';
    g.edges.push(edge('report', 'ghost'));
    const codes = validate(g, catalog).map((p) => p.code);
    expect(codes).toEqual(
      expect.arrayContaining([
        ProblemCode.UNREACHABLE_NODE,
        ProblemCode.BAD_PARAMS,
        ProblemCode.DANGLING_EDGE,
      ]),
    );
  });

  test('a node type whose connection is optional runs without one', () => {
    const g = leadIntake();
    const lookup = byId(g, 'lookup');
    lookup.typeVersion = 2;
    delete lookup.connectionId;
    expect(validate(g, catalog)).toEqual([]);
  });

  test('an expression standing for a non-string param is not a param error', () => {
    const g = leadIntake();
    byId(g, 'lookup').params.method = '{{ $trigger.body.score > 10 ? "POST" : "GET" }}';
    expect(validate(g, catalog)).toEqual([]);
  });

  test('a cycle is reported once, naming its nodes, and leaves no unreachable noise', () => {
    const g = leadIntake();
    g.nodes.push(node('a', 'core.merge'), node('b', 'core.set'));
    g.edges.push(edge('report', 'a'), edge('a', 'b'), edge('b', 'a'));
    const problems = validate(g, catalog);
    const cycles = problems.filter((p) => p.code === ProblemCode.CYCLE);
    expect(cycles).toHaveLength(1);
    expect(cycles[0]?.message).toMatch(/"a".*"b"|"b".*"a"/);
    expect(problems.some((p) => p.code === ProblemCode.UNREACHABLE_NODE)).toBe(false);
  });

  test.each([
    null,
    undefined,
    'flow',
    [],
    { schemaVersion: 2 },
    { schemaVersion: 2, nodes: [null, 3], edges: [{}] },
  ])('garbage %j becomes problems', (garbage) => {
    const problems = validate(garbage, catalog);
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.every((p) => p.severity === 'error' || p.severity === 'warning')).toBe(true);
  });

  test('an edge of a node that failed the schema is not also called dangling', () => {
    const g = leadIntake();
    (byId(g, 'nurture') as { name: unknown }).name = 12;
    const codes = validate(g, catalog).map((p) => p.code);
    expect(codes).toContain(ProblemCode.INVALID_DOCUMENT);
    expect(codes).not.toContain(ProblemCode.DANGLING_EDGE);
  });

  test('a referenced node outside the loop, from inside it, is upstream', () => {
    const g = leadIntake();
    byId(g, 'label').params = {
      values: { id: '{{ $node.tag.output.id }}', at: '{{ $node.each.output }}' },
    };
    // tag is only upstream on one branch, but it precedes the merge: a skipped branch yields nothing.
    expect(validate(g, catalog)).toEqual([]);
  });
});
