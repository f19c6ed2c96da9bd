import { useMemo } from 'react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { Link, useNavigate, useParams } from 'react-router';
import type { NodeCatalog } from '@bizosaas/shared';
import { useNodeCatalog } from '../api/node-catalog';
import { errorCode, errorMessage, type Outputs } from '../api/client';
import { can } from '../api/roles';
import { useRole } from '../api/session';
import { useTRPC } from '../api/trpc';
import { CanvasEditor } from '../canvas/canvas-editor';
import { fromGraph } from '../canvas/model/document';
import { createCanvasStore } from '../canvas/store';
import { RunPanel } from '../runs/run-panel';
import { useRun } from '../runs/use-run';
import { NoWorkerNotice } from '../runs/worker-notice';
import { ErrorNote, NotFound } from '../ui/page';

type RanGraph = Outputs['runs']['graph'];

/**
 * A past (or running) run on a read-only canvas of the graph it ran: its published version, or
 * for a test run the draft as it was when the run started.
 */
export default function RunPage() {
  const { runId = '' } = useParams();
  const trpc = useTRPC();
  const ran = useQuery(trpc.runs.graph.queryOptions({ runId }));
  const catalog = useNodeCatalog();
  if (ran.isError && ['NOT_FOUND', 'BAD_REQUEST'].includes(errorCode(ran.error) ?? ''))
    return <NotFound />;
  const error = ran.error ?? catalog.error;
  if (error) return <ErrorNote error={error} />;
  if (!ran.data || !catalog.data) return <p className="page-loading">Loading run…</p>;
  return <RunView runId={runId} ran={ran.data} catalog={catalog.data} />;
}

function RunView({ runId, ran, catalog }: { runId: string; ran: RanGraph; catalog: NodeCatalog }) {
  const role = useRole();
  const navigate = useNavigate();
  const trpc = useTRPC();
  const store = useMemo(
    () => createCanvasStore(catalog, fromGraph(ran.graph), { readOnly: true }),
    [catalog, ran.graph],
  );
  const run = useRun(runId, store);
  const rerun = useMutation(
    trpc.runs.rerun.mutationOptions({
      onSuccess: (started) => void navigate(`/runs/${encodeURIComponent(started.runId)}`),
    }),
  );
  return (
    <CanvasEditor
      store={store}
      title={
        <div className="flow-title">
          <Link to="/runs" className="back-link">
            Runs
          </Link>
          <span aria-hidden="true">/</span>
          <h1 className="canvas-heading">{ran.flowName}</h1>
          <span className="tag">{ran.version > 0 ? `v${ran.version}` : 'Test run'}</span>
          {ran.source === 'draft' && (
            <span className="tag tag-readonly" role="note">
              Shown on today&apos;s draft: this run predates run snapshots
            </span>
          )}
          <Link to={`/flows/${ran.flowId}`} className="small">
            Open flow
          </Link>
        </div>
      }
      actions={
        <>
          {rerun.isError && (
            <span className="toolbar-message error">{errorMessage(rerun.error)}</span>
          )}
          {can.operate(role) && run.data && run.data.status !== 'running' && (
            <button type="button" className="button" onClick={() => rerun.mutate({ runId })}>
              Run again
            </button>
          )}
        </>
      }
      panel={
        <>
          {/* Until its state loads, a run may be one no worker has picked up. */}
          <NoWorkerNotice show={(run.data?.status ?? 'running') === 'running'} />
          {run.data && (
            <RunPanel run={run.data} updatedAt={run.dataUpdatedAt} canCancel={can.operate(role)} />
          )}
        </>
      }
    />
  );
}
