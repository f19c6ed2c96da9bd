import { useMemo } from 'react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { Link, useNavigate, useParams } from 'react-router';
import { nodeCatalog } from '../api/node-catalog';
import { api, errorCode, errorMessage, type Outputs } from '../api/client';
import { can } from '../api/roles';
import { useRole } from '../api/session';
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
  const ran = useQuery({
    queryKey: ['runs.graph', runId],
    queryFn: () => api.runs.graph.query({ runId }),
  });
  if (ran.isError && ['NOT_FOUND', 'BAD_REQUEST'].includes(errorCode(ran.error) ?? ''))
    return <NotFound />;
  if (ran.isError) return <ErrorNote error={ran.error} />;
  if (!ran.data) return <p className="page-loading">Loading run…</p>;
  return <RunView runId={runId} ran={ran.data} />;
}

function RunView({ runId, ran }: { runId: string; ran: RanGraph }) {
  const role = useRole();
  const navigate = useNavigate();
  const store = useMemo(
    () => createCanvasStore(nodeCatalog, fromGraph(ran.graph), { readOnly: true }),
    [ran.graph],
  );
  const run = useRun(runId, store);
  const rerun = useMutation({
    mutationFn: () => api.runs.rerun.mutate({ runId }),
    onSuccess: (started) => void navigate(`/runs/${encodeURIComponent(started.runId)}`),
  });
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
            <button type="button" className="button" onClick={() => rerun.mutate()}>
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
