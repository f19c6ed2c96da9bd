import { useId, useState, type FormEvent, type ReactNode } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import type { JsonSchema } from '@bizosaas/shared';
import { api } from '../api/client';
import { can } from '../api/roles';
import { useRole } from '../api/session';
import { useTRPC } from '../api/trpc';
import { CredentialFields, type CredentialValues } from '../connections/credential-form';
import { ConnectorLogo } from '../connections/connector-logo';
import {
  connectionProblem,
  methodOf,
  STATUS_LABEL,
  useConnectionCatalog,
  type Connection,
  type ConnectionType,
} from '../connections/catalog';
import { ErrorNote, formatTime, Page } from '../ui/page';
import { ACTIONS, Table } from '../ui/table';
import { FormField } from '../ui/form-field';

/** The workspace's connections: credentials are written here once and never read back. */
export default function ConnectionsPage() {
  const role = useRole();
  const client = useQueryClient();
  const trpc = useTRPC();
  const [params] = useSearchParams();
  const catalog = useConnectionCatalog();
  const connections = useQuery(trpc.connections.list.queryOptions());
  const refresh = () =>
    Promise.all([
      client.invalidateQueries({ queryKey: trpc.connections.catalog.queryKey() }),
      client.invalidateQueries({ queryKey: trpc.connections.list.queryKey() }),
    ]);
  const test = useMutation(trpc.connections.test.mutationOptions({ onSettled: refresh }));
  const remove = useMutation(trpc.connections.delete.mutationOptions({ onSettled: refresh }));
  const reconnect = useMutation(
    trpc.connections.authorize.mutationOptions({
      onSuccess: ({ authorizeUrl }) => window.location.assign(authorizeUrl),
    }),
  );
  // The catalog page's "Add connection" arrives as ?new=<type>.
  const [form, setForm] = useState<
    { kind: 'create'; type?: string } | { kind: 'edit'; id: string } | undefined
  >(() => {
    const type = params.get('new');
    return type ? { kind: 'create', type } : undefined;
  });

  const types = catalog.data ?? [];
  const typeOf = new Map(types.map((type) => [type.id, type]));
  // Every connection, also one whose type is no longer registered (it can still be deleted).
  const rows = (connections.data ?? []).map((connection) => ({
    type: typeOf.get(connection.type),
    connection,
  }));
  const known = rows.flatMap(({ type, connection }) => (type ? [{ type, connection }] : []));
  const editing =
    form?.kind === 'edit' ? known.find((r) => r.connection.id === form.id) : undefined;
  const connected = known.find((r) => r.connection.id === params.get('connected'));
  const focus = params.get('focus') ?? params.get('connected');

  return (
    <Page
      title="Connections"
      actions={
        <>
          <Link to="/connectors" className="button">
            Browse connectors
          </Link>
          {can.build(role) && !form && (
            <button
              type="button"
              className="button button-primary"
              onClick={() => setForm({ kind: 'create' })}
            >
              New connection
            </button>
          )}
        </>
      }
    >
      {connected && (
        <p className="notice" role="status">
          Connected “{connected.connection.name}” to {connected.type.title}. Test it to make sure it
          works.
        </p>
      )}
      {form?.kind === 'create' && (
        <CreateConnection
          types={types}
          initialType={form.type}
          onDone={() => setForm(undefined)}
          onSaved={refresh}
        />
      )}
      {editing && (
        <EditConnection
          key={editing.connection.id}
          type={editing.type}
          connection={editing.connection}
          onDone={() => setForm(undefined)}
          onSaved={refresh}
        />
      )}
      <ErrorNote
        error={catalog.error ?? connections.error ?? test.error ?? remove.error ?? reconnect.error}
      />
      {test.data && !test.data.ok && (
        <p className="error-note" role="alert">
          {test.data.error}
        </p>
      )}
      {catalog.isPending || connections.isPending ? (
        <p className="muted">Loading connections…</p>
      ) : rows.length === 0 ? (
        <p className="empty">No connections yet.</p>
      ) : (
        <Table columns={['Name', 'Type', 'Status', 'Secrets', 'Last tested', ACTIONS]}>
          {rows.map(({ type, connection: c }) => {
            const method = type && methodOf(type, c);
            return (
              <tr key={c.id} className={focus === c.id ? 'row-focus' : undefined}>
                <td>{c.name}</td>
                <td>
                  {type ? (
                    <span className="connector-cell">
                      <ConnectorLogo id={type.id} title={type.title} icon={type.icon} />
                      <span>
                        {type.title}
                        {method && <span className="small muted"> · {method.title}</span>}
                      </span>
                    </span>
                  ) : (
                    <span title="No registered connection type has this id: delete it and connect again">
                      <span className="mono">{c.type}</span>{' '}
                      <span className="small muted">(no longer available)</span>
                    </span>
                  )}
                </td>
                <td>
                  <span className={`tag conn-${c.status}`}>
                    {STATUS_LABEL[c.status] ?? c.status}
                  </span>
                  {connectionProblem(c) && (
                    <div className="small error-text">{connectionProblem(c)}</div>
                  )}
                </td>
                <td>
                  {c.secretKeys.length === 0
                    ? '—'
                    : c.secretKeys.map((k) => (
                        <span key={k} className="tag mono" title="Stored; never shown">
                          {k === 'oauth2' ? 'OAuth tokens' : k} ••••
                        </span>
                      ))}
                </td>
                <td>{formatTime(c.lastTestedAt)}</td>
                <td className="row-actions">
                  {can.operate(role) && type && (
                    <button
                      type="button"
                      className="button"
                      aria-label={`Test ${c.name}`}
                      disabled={test.isPending}
                      onClick={() => test.mutate({ connectionId: c.id })}
                    >
                      Test
                    </button>
                  )}
                  {can.build(role) && method?.kind === 'oauth2' && (
                    <button
                      type="button"
                      className="button"
                      aria-label={`Connect again ${c.name}`}
                      disabled={reconnect.isPending}
                      onClick={() => reconnect.mutate({ connectionId: c.id })}
                    >
                      Connect again
                    </button>
                  )}
                  {can.build(role) && type && (
                    <button
                      type="button"
                      className="button"
                      aria-label={`Edit ${c.name}`}
                      onClick={() => setForm({ kind: 'edit', id: c.id })}
                    >
                      Edit
                    </button>
                  )}
                  {can.build(role) && (
                    <button
                      type="button"
                      className="button button-danger"
                      aria-label={`Delete ${c.name}`}
                      onClick={() => {
                        if (
                          window.confirm(
                            `Delete the connection "${c.name}"? Flows using it will fail.`,
                          )
                        )
                          remove.mutate({ connectionId: c.id });
                      }}
                    >
                      Delete
                    </button>
                  )}
                </td>
              </tr>
            );
          })}
        </Table>
      )}
    </Page>
  );
}

/** A new connection: pick a type and a way to connect, then fill the form generated for it. */
function CreateConnection({
  types,
  initialType,
  onDone,
  onSaved,
}: {
  types: ConnectionType[];
  initialType: string | undefined;
  onDone(): void;
  onSaved(): Promise<unknown>;
}) {
  const methodsName = useId();
  const [typeId, setTypeId] = useState(
    types.some((t) => t.id === initialType) ? (initialType ?? '') : '',
  );
  const type = types.find((t) => t.id === typeId);
  const [methodId, setMethodId] = useState<string>();
  const method = type?.methods.find((m) => m.id === methodId) ?? type?.methods[0];
  const [name, setName] = useState('');
  // The typed secrets leave memory with the form, which closes once they are saved.
  const [values, setValues] = useState<CredentialValues>({});
  const save = useMutation({
    mutationFn: async () => {
      if (!type || !method) throw new Error('Choose what to connect to.');
      if (method.kind === 'oauth2') {
        const { authorizeUrl } = await api.connections.authorize.mutate({
          type: type.id,
          method: method.id,
          name: name.trim(),
          credentials: values,
        });
        // The provider sends the browser back to /oauth/callback, then here.
        window.location.assign(authorizeUrl);
        return;
      }
      await api.connections.create.mutate({
        name: name.trim(),
        type: type.id,
        method: method.id,
        credentials: values,
      });
      await onSaved();
      onDone();
    },
  });
  return (
    <ConnectionForm
      title="New connection"
      name={type && method ? name : undefined}
      onName={setName}
      error={save.error}
      submitLabel={method?.kind === 'oauth2' ? `Connect to ${type?.title}` : 'Create connection'}
      submitDisabled={save.isPending || !method}
      onSubmit={() => save.mutate()}
      onCancel={onDone}
      before={
        <>
          <FormField label="Connect to">
            {(control) => (
              <select
                {...control}
                className="input"
                required
                value={typeId}
                onChange={(e) => {
                  setTypeId(e.target.value);
                  setMethodId(undefined);
                  setValues({});
                }}
              >
                <option value="">Choose a connector…</option>
                {types.map((t) => (
                  <option key={t.id} value={t.id}>
                    {t.title}
                  </option>
                ))}
              </select>
            )}
          </FormField>
          {type && type.methods.length > 1 && (
            <fieldset className="fieldset">
              <legend className="field-label">How to connect</legend>
              {type.methods.map((m) => (
                <label key={m.id} className="radio-field">
                  <input
                    type="radio"
                    name={methodsName}
                    checked={m.id === method?.id}
                    onChange={() => {
                      setMethodId(m.id);
                      setValues({});
                    }}
                  />{' '}
                  {m.title}
                </label>
              ))}
            </fieldset>
          )}
        </>
      }
    >
      {type && method && (
        <>
          <CredentialFields
            schema={method.form as JsonSchema}
            secretFields={method.secretFields}
            values={values}
            onChange={setValues}
          />
          <p className="field-help">
            {method.kind === 'oauth2'
              ? `You sign in at ${type.title} and grant access${
                  method.scopes.length ? ` (${method.scopes.join(', ')})` : ''
                }; the tokens go straight to the secrets engine.`
              : 'Secrets go straight to the secrets engine. No one, including you, can read them back here.'}
          </p>
        </>
      )}
    </ConnectionForm>
  );
}

function EditConnection({
  type,
  connection,
  onDone,
  onSaved,
}: {
  type: ConnectionType;
  connection: Connection;
  onDone(): void;
  onSaved(): Promise<unknown>;
}) {
  const method = methodOf(type, connection);
  const [name, setName] = useState(connection.name);
  // Non-secret fields as stored; secret ones start empty and keep their value unless typed.
  const [values, setValues] = useState<CredentialValues>(
    Object.fromEntries(
      Object.entries(connection.config).filter(
        (entry): entry is [string, string | number | boolean] =>
          ['string', 'number', 'boolean'].includes(typeof entry[1]),
      ),
    ),
  );
  const save = useMutation({
    mutationFn: async () => {
      await api.connections.update.mutate({
        connectionId: connection.id,
        name: name.trim(),
        ...(Object.keys(values).length ? { credentials: values } : {}),
      });
      await onSaved();
      onDone();
    },
  });
  return (
    <ConnectionForm
      title={`Edit connection ${connection.name}`}
      name={name}
      onName={setName}
      error={save.error}
      submitLabel="Save connection"
      submitDisabled={save.isPending}
      onSubmit={() => save.mutate()}
      onCancel={onDone}
    >
      {method && (
        <CredentialFields
          schema={method.form as JsonSchema}
          secretFields={method.secretFields}
          values={values}
          onChange={setValues}
          storedSecrets={connection.secretKeys}
        />
      )}
    </ConnectionForm>
  );
}

/** The frame both connection forms share: title, what comes first, the name, the fields, the buttons. */
function ConnectionForm({
  title,
  before,
  name,
  onName,
  children,
  error,
  submitLabel,
  submitDisabled,
  onSubmit,
  onCancel,
}: {
  title: string;
  before?: ReactNode;
  /** Undefined: no name field yet (nothing chosen to connect to). */
  name: string | undefined;
  onName(name: string): void;
  children: ReactNode;
  error: unknown;
  submitLabel: string;
  submitDisabled: boolean;
  onSubmit(): void;
  onCancel(): void;
}) {
  const titleId = useId();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onSubmit();
  };
  return (
    <form className="card stack" onSubmit={submit} aria-labelledby={titleId}>
      <h2 id={titleId} className="panel-title">
        {title}
      </h2>
      {before}
      {name !== undefined && (
        <FormField label="Name">
          {(control) => (
            <input
              {...control}
              className="input"
              required
              value={name}
              onChange={(e) => onName(e.target.value)}
            />
          )}
        </FormField>
      )}
      {children}
      <ErrorNote error={error} />
      <div className="dialog-actions">
        <button type="button" className="button" onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" className="button button-primary" disabled={submitDisabled}>
          {submitLabel}
        </button>
      </div>
    </form>
  );
}
