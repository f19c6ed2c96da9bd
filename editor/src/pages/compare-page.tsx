import { useMemo } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Link, useParams, useSearchParams } from 'react-router';
import type { FlowGraph } from '@bizosaas/shared';
import { nodeCatalog } from '../api/node-catalog';
import { api, errorCode, type Outputs } from '../api/client';
import { CanvasEditor } from '../canvas/canvas-editor';
import { comparisonGraph, DIFF_LABEL, type DiffMark } from '../canvas/model/diff-marks';
import { fromGraph } from '../canvas/model/document';
import { createCanvasStore } from '../canvas/store';
import { ErrorNote, NotFound } from '../ui/page';

type Which = number | 'draft';
const parseWhich = (value: string | null): Which | undefined =>
  value === 'draft' ? 'draft' : value && /^\d+$/.test(value) ? Number(value) : undefined;
const label = (w: Which) => (w === 'draft' ? 'the draft' : `v${w}`);

/** Two versions of a flow on one read-only canvas, with added, removed and changed nodes marked. */
export default function ComparePage() {
  const { flowId = '' } = useParams();
  const [params] = useSearchParams();
  const from = parseWhich(params.get('from'));
  const to = parseWhich(params.get('to'));
  const graphOf = async (which: Which): Promise<FlowGraph> =>
    which === 'draft'
      ? (await api.flows.get.query({ flowId })).draft
      : (await api.flows.getVersion.query({ flowId, version: which })).graph;
  const data = useQuery({
    queryKey: ['flows.compare', flowId, from, to],
    enabled: from !== undefined && to !== undefined,
    queryFn: async () => {
      const [a, b, diff] = await Promise.all([
        graphOf(from!),
        graphOf(to!),
        api.flows.diff.query({ flowId, from: from!, to: to! }),
      ]);
      return { a, b, diff };
    },
  });
  if (from === undefined || to === undefined) return <NotFound />;
  if (data.isError && errorCode(data.error) === 'NOT_FOUND') return <NotFound />;
  if (data.isError) return <ErrorNote error={data.error} />;
  if (data.isPending) return <p className="page-loading">Comparing…</p>;
  return <Comparison flowId={flowId} from={from} to={to} {...data.data} />;
}

function Comparison({
  flowId,
  from,
  to,
  a,
  b,
  diff,
}: {
  flowId: string;
  from: Which;
  to: Which;
  a: FlowGraph;
  b: FlowGraph;
  diff: Outputs['flows']['diff'];
}) {
  const store = useMemo(() => {
    const { graph, marks } = comparisonGraph(a, b, diff);
    const created = createCanvasStore(nodeCatalog, fromGraph(graph), { readOnly: true });
    created.getState().setMarks(marks);
    return created;
  }, [a, b, diff]);
  const rows: { mark: DiffMark; name: string; detail?: string }[] = [
    ...diff.nodes.added.map((n) => ({ mark: 'added' as const, name: n.name })),
    ...diff.nodes.removed.map((n) => ({ mark: 'removed' as const, name: n.name })),
    ...diff.nodes.changed.map((n) => ({
      mark: 'changed' as const,
      name: n.name,
      detail: n.fields.join(', '),
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
                  {r.detail && <span className="muted"> ({r.detail})</span>}
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
