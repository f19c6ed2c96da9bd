import { useCallback, useMemo, useState } from 'react';
import type { NodeInstance } from '@bizosaas/shared';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import type { NodeCatalog } from '@bizosaas/shared';
import { useNodeCatalog } from '../api/node-catalog';
import { api, errorCode, errorMessage, type Outputs } from '../api/client';
import { can } from '../api/roles';
import { useRole } from '../api/session';
import { useTRPC } from '../api/trpc';
import { CanvasEditor } from '../canvas/canvas-editor';
import { fromGraph } from '../canvas/model/document';
import { createCanvasStore } from '../canvas/store';
import { TriggerPanelContext } from '../canvas/ui/inspector';
import { NodeSamplesContext } from '../canvas/ui/node-samples';
import { ParamWidgetsContext } from '../canvas/ui/param-widgets';
import { ConflictDialog } from '../flow/conflict-dialog';
import type { SaveState } from '../flow/draft-saver';
import { useDraftSync } from '../flow/draft-sync';
import { TestRunDialog } from '../flow/test-run-dialog';
import { WebhookPanel } from '../flow/webhook-panel';
import { VersionsDialog } from '../flow/versions-dialog';
import { RunPanel } from '../runs/run-panel';
import { payloadText, useTestData } from '../runs/test-data';
import { NoWorkerNotice } from '../runs/worker-notice';
import { useRun } from '../runs/use-run';
import { EditableTitle } from '../ui/editable-title';
import { NotFound } from '../ui/page';
import { TagEditor } from '../ui/tag-editor';

type Flow = Outputs['flows']['get'];

/** A flow of the current workspace on the canvas: builders edit it, everyone else reads it. */
export default function FlowPage() {
  const { flowId = '' } = useParams();
  const role = useRole();
  const trpc = useTRPC();
  const flow = useQuery(
    trpc.flows.get.queryOptions(
      { flowId },
      // The canvas owns the draft once open; refetching would not change what it shows. Leaving
      // the page drops the copy, so coming back loads the draft (and name) saved meanwhile.
      { staleTime: Infinity, gcTime: 0 },
    ),
  );
  const testData = useTestData(flowId);
  const catalog = useNodeCatalog();
  // Another tenant's flow and a flow that never existed look the same, by design.
  if (flow.isError && ['NOT_FOUND', 'BAD_REQUEST'].includes(errorCode(flow.error) ?? ''))
    return <NotFound />;
  const failed = flow.error ?? catalog.error;
  if (failed)
    return (
      <p className="page-loading" role="alert">
        {errorMessage(failed)}
      </p>
    );
  if (!flow.data || testData.isPending || !catalog.data)
    return <p className="page-loading">Loading flow…</p>;
  return (
    <NodeSamplesContext.Provider value={flow.data.id}>
      <FlowEditor
        key={flow.data.id}
        flow={flow.data}
        catalog={catalog.data}
        initialPayload={payloadText(testData.data?.payload)}
        readOnly={!can.build(role)}
        role={role}
      />
    </NodeSamplesContext.Provider>
  );
}

const SAVE_LABEL: Record<SaveState['kind'], string> = {
  saved: 'All changes saved',
  unsaved: 'Unsaved changes',
  saving: 'Saving…',
  conflict: 'Not saved: changed elsewhere',
  failed: 'Not saved',
};

function FlowEditor({
  flow,
  catalog,
  initialPayload,
  readOnly,
  role,
}: {
  flow: Flow;
  catalog: NodeCatalog;
  /** The Test run dialog's first payload: the flow's pinned test data. */
  initialPayload: string;
  readOnly: boolean;
  role: ReturnType<typeof useRole>;
}) {
  const client = useQueryClient();
  const trpc = useTRPC();
  const store = useMemo(
    () => createCanvasStore(catalog, fromGraph(flow.draft), { readOnly }),
    [catalog, flow, readOnly],
  );
  const { saver, state: saveState } = useDraftSync(store, flow.id, flow.revision);
  const connections = useQuery(trpc.connections.list.queryOptions());
  const members = useQuery(trpc.members.list.queryOptions());
  const widgets = useMemo(
    () => ({
      ...(members.data ? { members: members.data } : {}),
      loadOptions: (connectionId: string, loader: string, search: string) =>
        api.connections.options.query({ connectionId, loader, ...(search ? { search } : {}) }),
    }),
    [members.data],
  );
  const [dialog, setDialog] = useState<'test' | 'run' | 'versions' | undefined>();
  const [payload, setPayload] = useState(initialPayload);
  const [runId, setRunId] = useState<string>();
  const [message, setMessage] = useState<{ text: string; error?: boolean }>();
  const run = useRun(runId, store);
  const [published, setPublished] = useState(flow.publishedVersion);
  // Kept here, not in the flows.get cache: a new flow object would rebuild the canvas store.
  const [details, setDetails] = useState({ name: flow.name, tags: flow.tags });
  const updateDetails = async (changes: { name?: string; tags?: string[] }) => {
    const saved = await api.flows.update.mutate({ flowId: flow.id, ...changes });
    setDetails({ name: saved.name, tags: saved.tags });
    void client.invalidateQueries({ queryKey: trpc.flows.list.queryKey() });
  };

  const publish = useMutation({
    mutationFn: async () =>
      api.flows.publish.mutate({ flowId: flow.id, revision: await saver.flush() }),
    onSuccess: (result) => {
      setPublished(result.version);
      setMessage({ text: `Published version ${result.version}.` });
      void client.invalidateQueries({
        queryKey: trpc.flows.versions.queryKey({ flowId: flow.id }),
      });
      void client.invalidateQueries({ queryKey: trpc.webhooks.get.queryKey({ flowId: flow.id }) });
      void client.invalidateQueries({ queryKey: trpc.flows.list.queryKey() });
    },
    onError: (error) => setMessage({ text: errorMessage(error), error: true }),
  });
  const testRun = useMutation({
    mutationFn: async (body: Parameters<typeof api.runs.testRun.mutate>[0]['payload']) => {
      await saver.flush();
      return api.runs.testRun.mutate({ flowId: flow.id, payload: body });
    },
    onSuccess: (started) => {
      setMessage(undefined);
      setRunId(started.runId);
      void client.invalidateQueries({
        queryKey: trpc.runs.testData.queryKey({ flowId: flow.id }),
      });
    },
    onError: (error) => setMessage({ text: errorMessage(error), error: true }),
  });
  const runNow = useMutation({
    mutationFn: (body: Parameters<typeof api.runs.start.mutate>[0]['payload']) =>
      api.runs.start.mutate({ flowId: flow.id, payload: body }),
    onSuccess: (started) => {
      setMessage(undefined);
      setRunId(started.runId);
    },
    onError: (error) => setMessage({ text: errorMessage(error), error: true }),
  });
  const triggerPanel = useCallback(
    (node: NodeInstance) =>
      node.type === 'core.webhook_trigger' ? (
        <WebhookPanel flowId={flow.id} node={node} canManage={!readOnly} />
      ) : null,
    [flow.id, readOnly],
  );

  const closeRun = () => {
    setRunId(undefined);
    store.getState().setStatus(new Map());
  };

  const actions = (
    <>
      {message && (
        <span className={message.error ? 'toolbar-message error' : 'toolbar-message'} role="status">
          {message.text}
        </span>
      )}
      {!readOnly && (
        <span className={`save-state save-${saveState.kind}`} role="status" aria-live="polite">
          {saveState.kind === 'failed'
            ? `Not saved: ${saveState.message}`
            : SAVE_LABEL[saveState.kind]}
        </span>
      )}
      <button type="button" className="button" onClick={() => setDialog('versions')}>
        Versions
      </button>
      {published !== null && can.operate(role) && (
        <button
          type="button"
          className="button"
          onClick={() => setDialog('run')}
          disabled={runNow.isPending}
        >
          Run now
        </button>
      )}
      {!readOnly && (
        <>
          <button
            type="button"
            className="button"
            onClick={() => setDialog('test')}
            disabled={testRun.isPending}
          >
            Test run
          </button>
          <button
            type="button"
            className="button button-primary"
            onClick={() => publish.mutate()}
            disabled={publish.isPending}
          >
            {publish.isPending ? 'Publishing…' : 'Publish'}
          </button>
        </>
      )}
    </>
  );

  return (
    <ParamWidgetsContext.Provider value={widgets}>
      <TriggerPanelContext.Provider value={triggerPanel}>
        <CanvasEditor
          store={store}
          connections={connections.data ?? []}
          title={
            <div className="flow-title">
              <Link to="/flows" className="back-link">
                Flows
              </Link>
              <span aria-hidden="true">/</span>
              <EditableTitle
                value={details.name}
                label="Flow name"
                readOnly={readOnly}
                onSave={(name) => updateDetails({ name })}
              />
              <span className="tag">
                {published === null ? 'Draft' : `Published v${published}`}
              </span>
              {readOnly && <span className="tag tag-readonly">Read-only</span>}
              <TagEditor
                tags={details.tags}
                readOnly={readOnly}
                onSave={(tags) => updateDetails({ tags })}
              />
            </div>
          }
          actions={actions}
          panel={
            <>
              <NoWorkerNotice
                show={runId !== undefined && (run.data?.status ?? 'running') === 'running'}
              />
              {run.data ? (
                <RunPanel
                  run={run.data}
                  updatedAt={run.dataUpdatedAt}
                  canCancel={can.operate(role)}
                  onClose={closeRun}
                />
              ) : runId ? (
                <p className="run-panel muted">Starting run…</p>
              ) : null}
            </>
          }
        />
      </TriggerPanelContext.Provider>
      {saveState.kind === 'conflict' && (
        <ConflictDialog
          theirs={saveState.theirs}
          onReload={() => saver.reloadTheirs()}
          onOverwrite={() => saver.overwriteWithMine()}
        />
      )}
      {dialog === 'test' && (
        <TestRunDialog
          initial={payload}
          onClose={() => setDialog(undefined)}
          onStart={(value, text) => {
            setPayload(text);
            setDialog(undefined);
            testRun.mutate(value);
          }}
        />
      )}
      {dialog === 'run' && published !== null && (
        <TestRunDialog
          initial={payload}
          version={published}
          onClose={() => setDialog(undefined)}
          onStart={(value, text) => {
            setPayload(text);
            setDialog(undefined);
            runNow.mutate(value);
          }}
        />
      )}
      {dialog === 'versions' && (
        <VersionsDialog
          flowId={flow.id}
          canRestore={!readOnly}
          beforeRestore={() => saver.flush()}
          onRestored={() => saver.reloadTheirs()}
          onClose={() => setDialog(undefined)}
        />
      )}
    </ParamWidgetsContext.Provider>
  );
}
