import { useId, useState } from 'react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { RUN_FILTER_STATUSES } from '@bizosaas/shared';
import { api, type Inputs } from '../api/client';
import { runStatusLabel } from '../runs/run-panel';
import { formatDuration } from '../runs/node-states';
import { ErrorNote, formatTime, Page } from '../ui/page';
import { Table } from '../ui/table';
import { NoWorkerNotice } from '../runs/worker-notice';

type Filter = NonNullable<Inputs['runs']['list']>;
const SINCE = { any: 0, hour: 3_600_000, day: 86_400_000, week: 7 * 86_400_000 } as const;

/** Every run of the workspace, newest first, filtered by flow, status and time. */
export default function RunsPage() {
  const [flowId, setFlowId] = useState('');
  const [status, setStatus] = useState<'' | (typeof RUN_FILTER_STATUSES)[number]>('');
  const [since, setSince] = useState<{ key: keyof typeof SINCE; from?: string }>({ key: 'any' });
  const [pages, setPages] = useState<string[]>([]);
  const ids = { flow: useId(), status: useId(), since: useId() };
  const flows = useQuery({
    queryKey: ['flows.list', 'all'],
    queryFn: () => api.flows.list.query({ archived: false, limit: 200, offset: 0 }),
  });
  const names = new Map((flows.data?.flows ?? []).map((f) => [f.id, f.name]));
  const pageToken = pages[pages.length - 1];
  const filter: Filter = {
    pageSize: 50,
    ...(flowId ? { flowId } : {}),
    ...(status ? { status } : {}),
    ...(since.from ? { from: since.from } : {}),
    ...(pageToken ? { pageToken } : {}),
  };
  const runs = useQuery({
    queryKey: ['runs.list', filter],
    queryFn: () => api.runs.list.query(filter),
    placeholderData: keepPreviousData,
  });
  const resetPaging = () => setPages([]);

  return (
    <Page title="Runs">
      <div className="filters" role="search">
        <div className="field">
          <label htmlFor={ids.flow} className="field-label">
            Flow
          </label>
          <select
            id={ids.flow}
            className="input"
            value={flowId}
            onChange={(e) => {
              setFlowId(e.target.value);
              resetPaging();
            }}
          >
            <option value="">All flows</option>
            {(flows.data?.flows ?? []).map((f) => (
              <option key={f.id} value={f.id}>
                {f.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={ids.status} className="field-label">
            Status
          </label>
          <select
            id={ids.status}
            className="input"
            value={status}
            onChange={(e) => {
              setStatus(e.target.value as typeof status);
              resetPaging();
            }}
          >
            <option value="">Any status</option>
            {RUN_FILTER_STATUSES.map((s) => (
              <option key={s} value={s}>
                {runStatusLabel(s)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={ids.since} className="field-label">
            Started
          </label>
          <select
            id={ids.since}
            className="input"
            value={since.key}
            onChange={(e) => {
              const key = e.target.value as keyof typeof SINCE;
              // Fixed when chosen, so the query (and its cache key) holds still between renders.
              setSince(
                key === 'any'
                  ? { key }
                  : { key, from: new Date(Date.now() - SINCE[key]).toISOString() },
              );
              resetPaging();
            }}
          >
            <option value="any">Any time</option>
            <option value="hour">In the last hour</option>
            <option value="day">In the last day</option>
            <option value="week">In the last week</option>
          </select>
        </div>
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
      <div className="pager">
        {pages.length > 0 && (
          <button type="button" className="button" onClick={() => setPages(pages.slice(0, -1))}>
            Newer
          </button>
        )}
        {runs.data?.nextPageToken && (
          <button
            type="button"
            className="button"
            onClick={() => setPages([...pages, runs.data!.nextPageToken!])}
          >
            Older
          </button>
        )}
      </div>
    </Page>
  );
}
