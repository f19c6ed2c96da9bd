import { useState } from 'react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { RUN_FILTER_STATUSES } from '@bizosaas/shared';
import type { Inputs } from '../api/client';
import { useTRPC } from '../api/trpc';
import { runStatusLabel } from '../runs/run-panel';
import { formatDuration } from '../runs/node-states';
import { Pager, SelectFilter } from '../ui/filters';
import { ErrorNote, formatTime, Page } from '../ui/page';
import { Table } from '../ui/table';
import { NoWorkerNotice } from '../runs/worker-notice';

type Filter = NonNullable<Inputs['runs']['list']>;
type Status = '' | (typeof RUN_FILTER_STATUSES)[number];
const SINCE = { any: 0, hour: 3_600_000, day: 86_400_000, week: 7 * 86_400_000 } as const;

/** Every run of the workspace, newest first, filtered by flow, status and time. */
export default function RunsPage() {
  const [flowId, setFlowId] = useState('');
  const [status, setStatus] = useState<Status>('');
  const [since, setSince] = useState<{ key: keyof typeof SINCE; from?: string }>({ key: 'any' });
  const [pages, setPages] = useState<string[]>([]);
  const trpc = useTRPC();
  const flows = useQuery(trpc.flows.list.queryOptions({ archived: false, limit: 200, offset: 0 }));
  const names = new Map((flows.data?.flows ?? []).map((f) => [f.id, f.name]));
  const pageToken = pages[pages.length - 1];
  const filter: Filter = {
    pageSize: 50,
    ...(flowId ? { flowId } : {}),
    ...(status ? { status } : {}),
    ...(since.from ? { from: since.from } : {}),
    ...(pageToken ? { pageToken } : {}),
  };
  const runs = useQuery(trpc.runs.list.queryOptions(filter, { placeholderData: keepPreviousData }));
  const resetPaging = () => setPages([]);

  return (
    <Page title="Runs">
      <div className="filters" role="search">
        <SelectFilter
          label="Flow"
          value={flowId}
          options={[
            { value: '', label: 'All flows' },
            ...(flows.data?.flows ?? []).map((f) => ({ value: f.id, label: f.name })),
          ]}
          onChange={(value) => {
            setFlowId(value);
            resetPaging();
          }}
        />
        <SelectFilter<Status>
          label="Status"
          value={status}
          options={[
            { value: '', label: 'Any status' },
            ...RUN_FILTER_STATUSES.map((s) => ({ value: s, label: runStatusLabel(s) })),
          ]}
          onChange={(value) => {
            setStatus(value);
            resetPaging();
          }}
        />
        <SelectFilter<keyof typeof SINCE>
          label="Started"
          value={since.key}
          options={[
            { value: 'any', label: 'Any time' },
            { value: 'hour', label: 'In the last hour' },
            { value: 'day', label: 'In the last day' },
            { value: 'week', label: 'In the last week' },
          ]}
          onChange={(key) => {
            // Fixed when chosen, so the query (and its cache key) holds still between renders.
            setSince(
              key === 'any'
                ? { key }
                : { key, from: new Date(Date.now() - SINCE[key]).toISOString() },
            );
            resetPaging();
          }}
        />
      </div>
      <ErrorNote error={runs.error} />
      <NoWorkerNotice />
      {runs.isPending ? (
        <p className="muted">Loading runs…</p>
      ) : runs.data?.runs.length === 0 ? (
        <p className="empty">No run matches these filters.</p>
      ) : (
        <Table columns={['Flow', 'Version', 'Status', 'Started', 'Duration']}>
          {runs.data?.runs.map((r) => (
            <tr key={r.runId}>
              <td>
                <Link to={`/runs/${encodeURIComponent(r.runId)}`} className="table-link">
                  {names.get(r.flowId) ?? 'Flow'}
                </Link>
              </td>
              <td>{r.version === 0 ? 'Test' : `v${r.version}`}</td>
              <td>
                <span className={`tag run-${r.status}`}>{runStatusLabel(r.status)}</span>
              </td>
              <td>{formatTime(r.startedAt)}</td>
              <td>
                {r.startedAt && r.closedAt
                  ? formatDuration(Date.parse(r.closedAt) - Date.parse(r.startedAt))
                  : '—'}
              </td>
            </tr>
          ))}
        </Table>
      )}
      <Pager pages={pages} next={runs.data?.nextPageToken} onChange={setPages} />
    </Page>
  );
}
