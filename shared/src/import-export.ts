import { ProblemCode, type Problem } from './errors.js';
import { CURRENT_SCHEMA_VERSION, FlowGraphSchema, type FlowGraph } from './flow-graph.js';

export type ImportResult =
  | {
      ok: true;
      graph: FlowGraph;
      /** The version the document was written in, when it was upgraded. */ upgradedFrom?: number;
    }
  | { ok: false; problems: Problem[] };

type Doc = Record<string, unknown>;
const isRecord = (v: unknown): v is Doc => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Upgrades, one step at a time, documents written by older versions. Step `n` turns a version-`n`
 * document into version `n + 1`; steps never change once released.
 */
const UPGRADES: Record<number, (doc: Doc) => Doc> = {
  // Version 1 was saved straight from React Flow: edges used `sourceHandle`/`targetHandle` (null
  // for a node's only port), and a node continued on failure with `continueOnFail: true`.
  1: (doc) => ({
    ...doc,
    schemaVersion: 2,
    nodes: Array.isArray(doc.nodes)
      ? doc.nodes.map((n) => {
          if (!isRecord(n)) return n;
          const { continueOnFail, ...node } = n;
          return {
            ...node,
            onError: node.onError ?? (continueOnFail === true ? 'continue' : 'fail'),
          };
        })
      : doc.nodes,
    edges: Array.isArray(doc.edges)
      ? doc.edges.map((e) => {
          if (!isRecord(e)) return e;
          const { sourceHandle, targetHandle, ...edge } = e;
          return {
            ...edge,
            sourceOutput: sourceHandle ?? 'main',
            targetInput: targetHandle ?? 'main',
          };
        })
      : doc.edges,
  }),
};

/**
 * Reads a flow document (JSON text or an already parsed value), upgrading older schema versions.
 * Checks the document's shape only; run `validate` with a catalog to check it as a flow.
 * Never throws.
 */
export function importFlow(input: unknown): ImportResult {
  let doc: unknown = input;
  if (typeof input === 'string') {
    try {
      doc = JSON.parse(input);
    } catch (error) {
      return {
        ok: false,
        problems: [
          problem(ProblemCode.INVALID_JSON, `not valid JSON: ${(error as Error).message}`),
        ],
      };
    }
  }
  if (!isRecord(doc))
    return {
      ok: false,
      problems: [problem(ProblemCode.INVALID_DOCUMENT, 'a flow document must be a JSON object')],
    };
  // Documents from before versioning carry no schemaVersion; they are version 1.
  const from = doc.schemaVersion ?? 1;
  if (
    typeof from !== 'number' ||
    !Number.isInteger(from) ||
    from < 1 ||
    from > CURRENT_SCHEMA_VERSION
  ) {
    return {
      ok: false,
      problems: [
        problem(
          ProblemCode.UNSUPPORTED_SCHEMA_VERSION,
          `schemaVersion ${JSON.stringify(from)} is not supported (this version reads 1 to ${CURRENT_SCHEMA_VERSION})`,
        ),
      ],
    };
  }
  for (let v = from; v < CURRENT_SCHEMA_VERSION; v++)
    doc = (UPGRADES[v] as (d: Doc) => Doc)(doc as Doc);
  const parsed = FlowGraphSchema.safeParse(doc);
  if (!parsed.success) {
    return {
      ok: false,
      problems: parsed.error.issues.map((i) =>
        problem(ProblemCode.INVALID_DOCUMENT, `${i.path.join('.') || 'document'}: ${i.message}`),
      ),
    };
  }
  return from === CURRENT_SCHEMA_VERSION
    ? { ok: true, graph: parsed.data }
    : { ok: true, graph: parsed.data, upgradedFrom: from };
}

/** Serializes a graph for download or version control: current schema version, stable two-space JSON. */
export function exportFlow(graph: FlowGraph): string {
  return `${JSON.stringify(FlowGraphSchema.parse(graph), null, 2)}\n`;
}

const problem = (code: Problem['code'], message: string): Problem => ({
  code,
  message,
  severity: 'error',
});
