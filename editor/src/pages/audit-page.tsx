import { useId, useState } from 'react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { humanizeKey } from '@bizosaas/shared';
import type { Inputs, Outputs } from '../api/client';
import { can } from '../api/roles';
import { useRole } from '../api/session';
import { useTRPC } from '../api/trpc';
import { Pager, SelectFilter } from '../ui/filters';
import { ErrorNote, formatTime, NotFound, Page } from '../ui/page';
import { Table } from '../ui/table';

type Filter = NonNullable<Inputs['audit']['list']>;
type AuditPage = Outputs['audit']['list'];
type AuditEvent = AuditPage['events'][number];
type Names = AuditPage['names'];

const TARGET_LABEL: Record<string, string> = {
  flow: 'Flow',
  run: 'Run',
  connection: 'Connection',
  user: 'Member',
  invite: 'Invite',
  session: 'Session',
  tenant: 'Workspace',
  webhook_endpoint: 'Webhook',
  approval_task: 'Approval task',
  api_token: 'API token',
  chat_conversation: 'Agent chat',
};

/** Who acted: a member by name (email beside it), an API token by name and owner, or the system. */
function Actor({ event, names }: { event: AuditEvent; names: Names }) {
  if (event.actorType === 'user' && event.actorId) {
    const person = names.people[event.actorId];
    return person ? (
      <>
        {person.name} <span className="muted small">{person.email}</span>
      </>
    ) : (
      <span className="muted">a former member</span>
    );
  }
  if (event.actorType === 'token' && event.actorId) {
    const token = names.tokens[event.actorId];
    const owner = token ? names.people[token.ownerId]?.name : undefined;
    return (
      <>{token ? `API token “${token.name}”${owner ? ` of ${owner}` : ''}` : 'an API token'}</>
    );
  }
  return <span className="muted">BizOSaaS</span>;
}

/** What the event is about, by name where the thing still exists. */
function targetText(event: AuditEvent, names: Names): string {
  const kind = TARGET_LABEL[event.targetType] ?? humanizeKey(event.targetType);
  if (!event.targetId) return kind;
  const name =
    event.targetType === 'user'
      ? names.people[event.targetId]?.name
      : names.targets[`${event.targetType}:${event.targetId}`];
  return name ? `${kind} “${name}”` : `${kind} ${event.targetId.slice(0, 12)}`;
}

/** A value of an event's data as words: people by name, lists joined, nested facts as k: v. */
function valueText(value: unknown, names: Names): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'string') return names.people[value]?.name ?? value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return value.map((v) => valueText(v, names)).join(', ');
  return Object.entries(value as Record<string, unknown>)
    .map(([k, v]) => `${humanizeKey(k)}: ${valueText(v, names)}`)
    .join('; ');
}

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
  'approval_task',
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
  const trpc = useTRPC();
  const events = useQuery(
    trpc.audit.list.queryOptions(filter, {
      placeholderData: keepPreviousData,
      enabled: can.manage(role),
    }),
  );
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
            ...TARGET_TYPES.map((t) => ({ value: t, label: TARGET_LABEL[t] ?? t })),
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
              <td>{targetText(e, events.data.names)}</td>
              <td>
                <Actor event={e} names={events.data.names} />
              </td>
              <td className="small">
                {Object.keys(e.data ?? {}).length > 0 && (
                  <dl className="audit-data">
                    {Object.entries(e.data).map(([key, value]) => (
                      <div key={key}>
                        <dt>{humanizeKey(key)}</dt>
                        <dd>{valueText(value, events.data.names)}</dd>
                      </div>
                    ))}
                  </dl>
                )}
              </td>
            </tr>
          ))}
        </Table>
      )}
      <Pager pages={cursors} next={events.data?.nextCursor} onChange={setCursors} />
    </Page>
  );
}
