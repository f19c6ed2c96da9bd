import { useId, useState, type FormEvent } from 'react';
import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import { Link, useNavigate } from 'react-router';
import type { Outputs } from '../api/client';
import { can } from '../api/roles';
import { useRole } from '../api/session';
import { useTRPC } from '../api/trpc';
import { SelectFilter } from '../ui/filters';
import { ErrorNote, formatTime, Page } from '../ui/page';
import { Table } from '../ui/table';

type FlowSummary = Outputs['flows']['list']['flows'][number];
type Status = 'all' | 'draft' | 'active' | 'paused' | 'archived';

/** How a flow stands: never published, live, published but paused, or archived. */
export function flowStatus(flow: FlowSummary): Exclude<Status, 'all'> {
  if (flow.archived) return 'archived';
  if (flow.publishedVersion === null) return 'draft';
  return flow.active ? 'active' : 'paused';
}

const STATUS_LABEL = { draft: 'Draft', active: 'Active', paused: 'Paused', archived: 'Archived' };

export default function FlowsPage() {
  const role = useRole();
  const navigate = useNavigate();
  const [search, setSearch] = useState('');
  const [tag, setTag] = useState('');
  const [status, setStatus] = useState<Status>('all');
  const ids = { search: useId() };
  const archived = status === 'archived';
  const trpc = useTRPC();
  const flows = useQuery(
    trpc.flows.list.queryOptions(
      {
        ...(search.trim() ? { search: search.trim() } : {}),
        ...(tag ? { tags: [tag] } : {}),
        archived,
        limit: 100,
        offset: 0,
      },
      { placeholderData: keepPreviousData },
    ),
  );
  const create = useMutation(
    trpc.flows.create.mutationOptions({
      onSuccess: (flow) => void navigate(`/flows/${flow.id}`),
    }),
  );
  const shown = (flows.data?.flows ?? []).filter(
    (f) => status === 'all' || flowStatus(f) === status,
  );
  const tags = [...new Set((flows.data?.flows ?? []).flatMap((f) => f.tags))].sort();

  const onCreate = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const name = String(new FormData(e.currentTarget).get('name') ?? '').trim();
    if (name) create.mutate({ name });
  };

  return (
    <Page
      title="Flows"
      actions={
        can.build(role) && (
          <form className="inline-form" onSubmit={onCreate}>
            <label htmlFor="new-flow-name" className="visually-hidden">
              New flow name
            </label>
            <input
              id="new-flow-name"
              name="name"
              className="input"
              placeholder="New flow name"
              required
              maxLength={200}
            />
            <button type="submit" className="button button-primary" disabled={create.isPending}>
              New flow
            </button>
          </form>
        )
      }
    >
      <ErrorNote error={create.error} />
      <div className="filters" role="search">
        <div className="field">
          <label htmlFor={ids.search} className="field-label">
            Search
          </label>
          <input
            id={ids.search}
            className="input"
            type="search"
            value={search}
            placeholder="Name or description"
            onChange={(e) => setSearch(e.target.value)}
          />
        </div>
        <SelectFilter
          label="Tag"
          value={tag}
          options={[{ value: '', label: 'Any tag' }, ...tags.map((t) => ({ value: t, label: t }))]}
          onChange={setTag}
        />
        <SelectFilter<Status>
          label="Status"
          value={status}
          options={[
            { value: 'all', label: 'Any status' },
            { value: 'draft', label: 'Draft' },
            { value: 'active', label: 'Active' },
            { value: 'paused', label: 'Paused' },
            { value: 'archived', label: 'Archived' },
          ]}
          onChange={setStatus}
        />
      </div>
      <ErrorNote error={flows.error} />
      {flows.isPending ? (
        <p className="muted">Loading flows…</p>
      ) : shown.length === 0 ? (
        <p className="empty">
          {search || tag || status !== 'all'
            ? 'No flow matches these filters.'
            : can.build(role)
              ? 'No flows yet. Name your first one above.'
              : 'No flows yet.'}
        </p>
      ) : (
        <Table columns={['Name', 'Status', 'Tags', 'Version', 'Updated']}>
          {shown.map((f) => (
            <tr key={f.id}>
              <td>
                <Link to={`/flows/${f.id}`} className="table-link">
                  {f.name}
                </Link>
                {f.description && <div className="muted small">{f.description}</div>}
              </td>
              <td>
                <span className={`tag tag-${flowStatus(f)}`}>{STATUS_LABEL[flowStatus(f)]}</span>
              </td>
              <td>
                {f.tags.map((t) => (
                  <span key={t} className="tag">
                    {t}
                  </span>
                ))}
              </td>
              <td>{f.publishedVersion === null ? '—' : `v${f.publishedVersion}`}</td>
              <td>{formatTime(f.updatedAt)}</td>
            </tr>
          ))}
        </Table>
      )}
    </Page>
  );
}
