import { useMemo } from 'react';
import { skipToken, useQuery } from '@tanstack/react-query';
import { Link, useParams, useSearchParams } from 'react-router';
import {
  humanizeKey,
  paramLabel,
  type FlowGraph,
  type JsonValue,
  type NodeCatalog,
} from '@bizosaas/shared';
import { useNodeCatalog } from '../api/node-catalog';
import { errorCode, type Outputs } from '../api/client';
import { useTRPC } from '../api/trpc';
import { CanvasEditor } from '../canvas/canvas-editor';
import { comparisonGraph, DIFF_LABEL, type DiffMark } from '../canvas/model/diff-marks';
import { fromGraph } from '../canvas/model/document';
import { createCanvasStore } from '../canvas/store';
import { ErrorNote, NotFound } from '../ui/page';

type Which = number | 'draft';
const parseWhich = (value: string | null): Which | undefined =>
  value === 'draft' ? 'draft' : value && /^\d+$/.test(value) ? Number(value) : undefined;
const label = (w: Which) => (w === 'draft' ? 'the draft' : `v${w}`);

type Change = Outputs['flows']['diff']['nodes']['changed'][number]['changes'][number];

const NODE_FIELD: Record<string, string> = {
  name: 'Name',
  connectionId: 'Connection',
  parentId: 'Container',
  onError: 'On error',
  retry: 'Retry',
  timeoutMs: 'Timeout',
};

/** A value as a builder typed it: text in quotes, a missing value as "none", JSON shortened. */
function shown(value: JsonValue | null): string {
  if (value === null) return 'none';
  if (typeof value === 'string') return `“${value.length > 80 ? `${value.slice(0, 79)}…` : value}”`;
  const json = JSON.stringify(value);
  return json.length > 80 ? `${json.slice(0, 79)}…` : json;
}

/**
 * One change as a sentence: "Discount: 10 → 15", a param named by its label in the inspector,
 * a move on the canvas once however many coordinates changed.
 */
function changeLines(
  catalog: NodeCatalog,
  nodeType: string,
  changes: readonly Change[],
): string[] {
  const type = catalog.latest(nodeType);
  const lines = changes.flatMap((c) => {
    const [field = '', ...rest] = c.path;
    if (field === 'position') return [];
    const what =
      field === 'params' && type && rest.length > 0
        ? paramLabel(type, rest)
        : [NODE_FIELD[field] ?? humanizeKey(field), ...rest].join(' › ');
    return [`${what}: ${shown(c.before)} → ${shown(c.after)}`];
  });
  if (changes.some((c) => c.path[0] === 'position')) lines.push('Moved on the canvas');
  return lines;
}

/** Two versions of a flow on one read-only canvas, with added, removed and changed nodes marked. */
export default function ComparePage() {
  const { flowId = '' } = useParams();
  const [params] = useSearchParams();
  const from = parseWhich(params.get('from'));
  const to = parseWhich(params.get('to'));
  const trpc = useTRPC();
  const a = useGraph(flowId, from);
  const b = useGraph(flowId, to);
  const diff = useQuery(
    trpc.flows.diff.queryOptions(
      from !== undefined && to !== undefined ? { flowId, from, to } : skipToken,
    ),
  );
  const catalog = useNodeCatalog();
  if (from === undefined || to === undefined) return <NotFound />;
  const error = a.error ?? b.error ?? diff.error ?? catalog.error;
  if (error && errorCode(error) === 'NOT_FOUND') return <NotFound />;
  if (error) return <ErrorNote error={error} />;
  if (!a.data || !b.data || !diff.data || !catalog.data)
    return <p className="page-loading">Comparing…</p>;
  return (
    <Comparison
      flowId={flowId}
      from={from}
      to={to}
      a={a.data}
      b={b.data}
      diff={diff.data}
      catalog={catalog.data}
    />
  );
}

/** The graph of a published version, or of the draft. */
function useGraph(flowId: string, which: Which | undefined) {
  const trpc = useTRPC();
  const draft = useQuery(
    trpc.flows.get.queryOptions(which === 'draft' ? { flowId } : skipToken, {
      select: (flow): FlowGraph => flow.draft,
      // The flow page's entry, whose copy must not outlive a page (see the flow page).
      gcTime: 0,
    }),
  );
  const version = useQuery(
    trpc.flows.getVersion.queryOptions(
      typeof which === 'number' ? { flowId, version: which } : skipToken,
      { select: (v): FlowGraph => v.graph },
    ),
  );
  return which === 'draft' ? draft : version;
}

function Comparison({
  flowId,
  from,
  to,
  a,
  b,
  diff,
  catalog,
}: {
  flowId: string;
  from: Which;
  to: Which;
  a: FlowGraph;
  b: FlowGraph;
  diff: Outputs['flows']['diff'];
  catalog: NodeCatalog;
}) {
  const store = useMemo(() => {
    const { graph, marks } = comparisonGraph(a, b, diff);
    const created = createCanvasStore(catalog, fromGraph(graph), { readOnly: true });
    created.getState().setMarks(marks);
    return created;
  }, [a, b, diff, catalog]);
  const rows: { mark: DiffMark; name: string; changes?: string[] }[] = [
    ...diff.nodes.added.map((n) => ({ mark: 'added' as const, name: n.name })),
    ...diff.nodes.removed.map((n) => ({ mark: 'removed' as const, name: n.name })),
    ...diff.nodes.changed.map((n) => ({
      mark: 'changed' as const,
      name: n.name,
      changes: changeLines(catalog, n.type, n.changes),
    })),
  ];
  const edgeChanges =
    diff.edges.added.length + diff.edges.removed.length + diff.edges.changed.length;
  return (
    <CanvasEditor
      store={store}
      title={
        <div className="flow-title">
          <Link to={`/flows/${flowId}`} className="back-link">
            Back to flow
          </Link>
          <h1 className="canvas-heading">
            Changes from {label(from)} to {label(to)}
          </h1>
        </div>
      }
      panel={
        <section className="diff-summary" aria-label="Summary of changes">
          {diff.identical ? (
            <p>The two versions are identical.</p>
          ) : (
            <ul role="list" className="diff-list">
              {rows.map((r, i) => (
                <li key={i}>
                  <span className={`diff-pill diff-pill-${r.mark} diff-pill-inline`}>
                    {DIFF_LABEL[r.mark]}
                  </span>{' '}
                  {r.name}
                  {r.changes && r.changes.length > 0 && (
                    <ul className="diff-changes small">
                      {r.changes.map((line, j) => (
                        <li key={j}>{line}</li>
                      ))}
                    </ul>
                  )}
                </li>
              ))}
              {edgeChanges > 0 && <li className="muted">{edgeChanges} connection changes</li>}
              {diff.settingsChanged.length > 0 && (
                <li className="muted">Settings changed: {diff.settingsChanged.join(', ')}</li>
              )}
            </ul>
          )}
        </section>
      }
    />
  );
}
