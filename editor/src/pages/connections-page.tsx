import { useId, useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { builtinCatalog } from '@bizosaas/nodes';
import { api, type Outputs } from '../api/client';
import { can } from '../api/roles';
import { useRole } from '../api/session';
import { KeyValueRows, toRecord, type KeyValue } from '../ui/key-values';
import { ErrorNote, formatTime, Page } from '../ui/page';
import { ACTIONS, Table } from '../ui/table';
import { FormField } from '../ui/form-field';

const STATUS_LABEL: Record<string, string> = {
  untested: 'Not tested',
  ok: 'Working',
  failed: 'Failing',
};

/** Connection types the node catalog knows, to suggest; any other type id may be typed. */
const knownTypes = () =>
  [
    ...new Set(
      builtinCatalog()
        .list()
        .flatMap((t) => (t.connectionType ? [t.connectionType] : [])),
    ),
  ].sort();

/** The workspace's connections: credentials are written here once and never read back. */
export default function ConnectionsPage() {
  const role = useRole();
  const client = useQueryClient();
  const connections = useQuery({
    queryKey: ['connections.list'],
    queryFn: () => api.connections.list.query(),
  });
  const refresh = () => client.invalidateQueries({ queryKey: ['connections.list'] });
  const test = useMutation({
    mutationFn: (connectionId: string) => api.connections.test.mutate({ connectionId }),
    onSettled: refresh,
  });
  const remove = useMutation({
    mutationFn: (connectionId: string) => api.connections.delete.mutate({ connectionId }),
    onSettled: refresh,
  });
  // One form at a time: a new connection, or the connection being edited.
  const [form, setForm] = useState<{ kind: 'create' } | { kind: 'edit'; id: string }>();
  const editing =
    form?.kind === 'edit' ? connections.data?.find((c) => c.id === form.id) : undefined;

  return (
    <Page
      title="Connections"
      actions={
        can.build(role) &&
        !form && (
          <button
            type="button"
            className="button button-primary"
            onClick={() => setForm({ kind: 'create' })}
          >
            New connection
          </button>
        )
      }
    >
      {form?.kind === 'create' && <CreateConnection onDone={() => setForm(undefined)} />}
      {editing && (
        <EditConnection key={editing.id} connection={editing} onDone={() => setForm(undefined)} />
      )}
      <ErrorNote error={connections.error ?? test.error ?? remove.error} />
      {connections.isPending ? (
        <p className="muted">Loading connections…</p>
      ) : connections.data?.length === 0 ? (
        <p className="empty">No connections yet.</p>
      ) : (
        <Table columns={['Name', 'Type', 'Status', 'Secrets', 'Last tested', ACTIONS]}>
          {connections.data?.map((c) => (
            <tr key={c.id}>
              <td>{c.name}</td>
              <td className="mono">{c.type}</td>
              <td>
                <span className={`tag conn-${c.status}`}>{STATUS_LABEL[c.status] ?? c.status}</span>
                {c.lastTestError && <div className="small error-text">{c.lastTestError}</div>}
              </td>
              <td>
                {c.secretKeys.length === 0
                  ? '—'
                  : c.secretKeys.map((k) => (
                      <span key={k} className="tag mono" title="Stored; never shown">
                        {k} ••••
                      </span>
                    ))}
              </td>
              <td>{formatTime(c.lastTestedAt)}</td>
              <td className="row-actions">
                {can.operate(role) && (
                  <button
                    type="button"
                    className="button"
                    disabled={test.isPending}
                    onClick={() => test.mutate(c.id)}
                  >
                    Test
                  </button>
                )}
                {can.build(role) && (
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
                    onClick={() => {
                      if (
                        window.confirm(
                          `Delete the connection "${c.name}"? Flows using it will fail.`,
                        )
                      )
                        remove.mutate(c.id);
                    }}
                  >
                    Delete
                  </button>
                )}
              </td>
            </tr>
          ))}
        </Table>
      )}
    </Page>
  );
}

type Connection = Outputs['connections']['list'][number];

/** What the connection form edits; secret values only ever travel from this form to the server. */
interface ConnectionDraft {
  name: string;
  type: string;
  config: KeyValue[];
  secrets: KeyValue[];
}

function CreateConnection({ onDone }: { onDone(): void }) {
  const client = useQueryClient();
  const create = useMutation({
    mutationFn: (draft: ConnectionDraft) =>
      api.connections.create.mutate({
        name: draft.name.trim(),
        type: draft.type.trim(),
        config: toRecord(draft.config),
        secrets: toRecord(draft.secrets),
      }),
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: ['connections.list'] });
      onDone();
    },
  });
  return (
    <ConnectionForm
      title="New connection"
      initial={{ name: '', type: '', config: [], secrets: [{ key: 'token', value: '' }] }}
      submitLabel="Create connection"
      secretHelp="Secrets go straight to the secrets engine. No one, including you, can read them back here."
      pending={create.isPending}
      error={create.error}
      onSubmit={(draft) => create.mutate(draft)}
      onCancel={onDone}
    />
  );
}

/** Settings as rows; numbers, booleans and null read as text and are kept when left as they were. */
const configRows = (config: Record<string, unknown>): KeyValue[] =>
  Object.entries(config).map(([key, value]) => ({
    key,
    value: value === null ? '' : String(value),
  }));
const configFrom = (rows: KeyValue[], original: Record<string, unknown>) =>
  Object.fromEntries(
    Object.entries(toRecord(rows)).map(([key, value]) => {
      const before = original[key];
      const unchanged = before !== undefined && (before === null ? '' : String(before)) === value;
      return [key, unchanged ? before : value];
    }),
  ) as Record<string, string | number | boolean | null>;

/**
 * The secrets the server should store, or undefined to keep the stored ones. Secrets are replaced
 * as a whole, so a new value for one needs values for all; the stored ones are never shown.
 */
function secretsFrom(rows: KeyValue[], storedKeys: string[]): Record<string, string> | undefined {
  const named = rows.filter((r) => r.key.trim());
  const filled = named.filter((r) => r.value !== '');
  const sameKeys =
    named
      .map((r) => r.key.trim())
      .sort()
      .join('\n') === [...storedKeys].sort().join('\n');
  if (filled.length === 0 && sameKeys) return undefined;
  if (filled.length < named.length)
    throw new Error(
      'Secrets are replaced together: enter a value for every secret, or leave them all empty to keep the stored ones.',
    );
  return toRecord(named);
}

function EditConnection({ connection, onDone }: { connection: Connection; onDone(): void }) {
  const client = useQueryClient();
  const update = useMutation({
    mutationFn: (draft: ConnectionDraft) => {
      const secrets = secretsFrom(draft.secrets, connection.secretKeys);
      return api.connections.update.mutate({
        connectionId: connection.id,
        name: draft.name.trim(),
        config: configFrom(draft.config, connection.config),
        ...(secrets ? { secrets } : {}),
      });
    },
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: ['connections.list'] });
      onDone();
    },
  });
  return (
    <ConnectionForm
      title={`Edit connection ${connection.name}`}
      initial={{
        name: connection.name,
        type: connection.type,
        config: configRows(connection.config),
        secrets: connection.secretKeys.map((key) => ({ key, value: '' })),
      }}
      typeLocked
      submitLabel="Save connection"
      secretHelp="Stored secrets are never shown. Leave every value empty to keep them; new values replace all of them."
      pending={update.isPending}
      error={update.error}
      onSubmit={(draft) => update.mutate(draft)}
      onCancel={onDone}
    />
  );
}

/** The fields of a connection, shared by creating and editing one. */
function ConnectionForm({
  title,
  initial,
  typeLocked,
  submitLabel,
  secretHelp,
  pending,
  error,
  onSubmit,
  onCancel,
}: {
  title: string;
  initial: ConnectionDraft;
  /** A connection's type is fixed once created: the flows using it depend on it. */
  typeLocked?: boolean;
  submitLabel: string;
  secretHelp: string;
  pending: boolean;
  error: unknown;
  onSubmit(draft: ConnectionDraft): void;
  onCancel(): void;
}) {
  const ids = { title: useId(), types: useId() };
  const [name, setName] = useState(initial.name);
  const [type, setType] = useState(initial.type);
  const [config, setConfig] = useState(initial.config);
  // The typed secrets leave memory with the form, which closes once they are saved.
  const [secrets, setSecrets] = useState(initial.secrets);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onSubmit({ name, type, config, secrets });
  };
  return (
    <form className="card stack" onSubmit={submit} aria-labelledby={ids.title}>
      <h2 id={ids.title} className="panel-title">
        {title}
      </h2>
      <FormField label="Name">
        {(control) => (
          <input
            {...control}
            className="input"
            required
            value={name}
            onChange={(e) => setName(e.target.value)}
          />
        )}
      </FormField>
      <FormField label="Type">
        {(control) => (
          <>
            <input
              {...control}
              className="input mono"
              required
              readOnly={typeLocked}
              list={ids.types}
              pattern="[a-z][a-z0-9_]*"
              placeholder="http_auth"
              value={type}
              onChange={(e) => setType(e.target.value)}
            />
            <datalist id={ids.types}>
              {knownTypes().map((t) => (
                <option key={t} value={t} />
              ))}
            </datalist>
          </>
        )}
      </FormField>
      <KeyValueRows legend="Settings" rows={config} onChange={setConfig} />
      <KeyValueRows legend="Secrets" rows={secrets} onChange={setSecrets} secret />
      <p className="field-help">{secretHelp}</p>
      <ErrorNote error={error} />
      <div className="dialog-actions">
        <button type="button" className="button" onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" className="button button-primary" disabled={pending}>
          {submitLabel}
        </button>
      </div>
    </form>
  );
}
