import { useId, useState } from 'react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, type Inputs } from '../api/client';
import { can } from '../api/roles';
import { useRole } from '../api/session';
import { Pager, SelectFilter } from '../ui/filters';
import { ErrorNote, formatTime, NotFound, Page } from '../ui/page';
import { Table } from '../ui/table';

type Filter = NonNullable<Inputs['audit']['list']>;

// Families of actions the server records, to filter by prefix (`flow.` matches every flow action).
const ACTION_FAMILIES = [
  'flow.',
  'run.',
  'connection.',
  'member.',
  'session.',
  'tenant.',
  'webhook.',
];

// The kinds of thing an event is about, to filter by.
const TARGET_TYPES = [
  'flow',
  'run',
  'connection',
  'user',
  'invite',
  'session',
  'tenant',
  'webhook_endpoint',
];

/** Every state change in the workspace, newest first: who did what to which, and when. */
export default function AuditPage() {
  const role = useRole();
  const [action, setAction] = useState('');
  const [targetType, setTargetType] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [cursors, setCursors] = useState<string[]>([]);
  const ids = { action: useId(), from: useId(), to: useId() };
  const cursor = cursors[cursors.length - 1];
  const filter: Filter = {
    limit: 50,
    ...(action ? { action } : {}),
    ...(targetType ? { targetType } : {}),
    ...(from ? { from: new Date(from).toISOString() } : {}),
    ...(to ? { to: new Date(`${to}T23:59:59.999`).toISOString() } : {}),
    ...(cursor ? { cursor } : {}),
  };
  const events = useQuery({
    queryKey: ['audit.list', filter],
    queryFn: () => api.audit.list.query(filter),
    placeholderData: keepPreviousData,
    enabled: can.manage(role),
  });
  if (!can.manage(role)) return <NotFound />;
  const changed =
    <T,>(set: (v: T) => void) =>
    (v: T) => {
      set(v);
      setCursors([]);
    };

  return (
    <Page title="Audit log">
      <div className="filters" role="search">
        <div className="field">
          <label htmlFor={ids.action} className="field-label">
            Action
          </label>
          <input
            id={ids.action}
            className="input mono"
            list={`${ids.action}-list`}
            placeholder="flow. or flow.published"
            value={action}
            onChange={(e) => changed(setAction)(e.target.value.trim())}
          />
          <datalist id={`${ids.action}-list`}>
            {ACTION_FAMILIES.map((a) => (
              <option key={a} value={a} />
            ))}
          </datalist>
        </div>
        <SelectFilter
          label="Target"
          value={targetType}
          options={[
            { value: '', label: 'Anything' },
            ...TARGET_TYPES.map((t) => ({ value: t, label: t })),
          ]}
          onChange={changed(setTargetType)}
        />
        <div className="field">
          <label htmlFor={ids.from} className="field-label">
            From
          </label>
          <input
            id={ids.from}
            type="date"
            className="input"
            value={from}
            onChange={(e) => changed(setFrom)(e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor={ids.to} className="field-label">
            To
          </label>
          <input
            id={ids.to}
            type="date"
            className="input"
            value={to}
            onChange={(e) => changed(setTo)(e.target.value)}
          />
        </div>
      </div>
      <ErrorNote error={events.error} />
      {events.data?.events.length === 0 ? (
        <p className="empty">No event matches these filters.</p>
      ) : (
        <Table columns={['When', 'Action', 'Target', 'Actor', 'Details']}>
          {events.data?.events.map((e) => (
            <tr key={e.id}>
              <td>{formatTime(e.createdAt)}</td>
              <td className="mono">{e.action}</td>
              <td>
                {e.targetType} <span className="mono small muted">{e.targetId?.slice(0, 12)}</span>
              </td>
              <td>
                {e.actorType} <span className="mono small muted">{e.actorId?.slice(0, 8)}</span>
              </td>
              <td className="mono small">
                {e.data && Object.keys(e.data).length > 0 ? JSON.stringify(e.data) : ''}
              </td>
            </tr>
          ))}
        </Table>
      )}
      <Pager pages={cursors} next={events.data?.nextCursor} onChange={setCursors} />
    </Page>
  );
}
