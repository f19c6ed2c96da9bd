import { useMemo } from 'react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { Link, useNavigate, useParams } from 'react-router';
import { builtinCatalog } from '@bizosaas/nodes';
import type { FlowGraph } from '@bizosaas/shared';
import { api, errorCode, errorMessage } from '../api/client';
import { can } from '../api/roles';
import { useRole } from '../api/session';
import { CanvasEditor } from '../canvas/canvas-editor';
import { fromGraph } from '../canvas/model/document';
import { createCanvasStore } from '../canvas/store';
import { RunPanel } from '../runs/run-panel';
import { useRun } from '../runs/use-run';
import { ErrorNote, NotFound } from '../ui/page';

/** A past (or running) run on a read-only canvas of the version it ran. */
export default function RunPage() {
  const { runId = '' } = useParams();
  const summary = useQuery({
    queryKey: ['runs.get', runId],
    queryFn: () => api.runs.get.query({ runId }),
  });
  const flowId = summary.data?.flowId;
  const version = summary.data?.version;
  const graph = useQuery({
    queryKey: ['runs.graph', flowId, version],
    enabled: flowId !== undefined,
    queryFn: async (): Promise<{ graph: FlowGraph; name: string }> => {
      const flow = await api.flows.get.query({ flowId: flowId! });
      // A test run ran the draft of its day; today's draft is the closest record of it.
      if (!version) return { graph: flow.draft, name: flow.name };
      const ran = await api.flows.getVersion.query({ flowId: flowId!, version });
      return { graph: ran.graph, name: flow.name };
    },
  });
  if (summary.isError && ['NOT_FOUND', 'BAD_REQUEST'].includes(errorCode(summary.error) ?? ''))
    return <NotFound />;
  if (summary.isError || graph.isError) return <ErrorNote error={summary.error ?? graph.error} />;
  if (!graph.data) return <p className="page-loading">Loading run…</p>;
  return <RunView runId={runId} flowId={flowId!} {...graph.data} />;
}

function RunView({
  runId,
  flowId,
  graph,
  name,
}: {
  runId: string;
  flowId: string;
  graph: FlowGraph;
  name: string;
}) {
  const role = useRole();
  const navigate = useNavigate();
  const store = useMemo(
    () => createCanvasStore(builtinCatalog(), fromGraph(graph), { readOnly: true }),
    [graph],
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
          <h1 className="canvas-heading">{name}</h1>
          <Link to={`/flows/${flowId}`} className="small">
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
        run.data && (
          <RunPanel run={run.data} updatedAt={run.dataUpdatedAt} canCancel={can.operate(role)} />
        )
      }
    />
  );
}
