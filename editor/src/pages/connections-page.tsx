import { useId, useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { builtinCatalog } from '@bizosaas/nodes';
import { api } from '../api/client';
import { can } from '../api/roles';
import { useRole } from '../api/session';
import { KeyValueRows, toRecord, type KeyValue } from '../ui/key-values';
import { ErrorNote, formatTime, Page } from '../ui/page';

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
  const [creating, setCreating] = useState(false);

  return (
    <Page
      title="Connections"
      actions={
        can.build(role) &&
        !creating && (
          <button type="button" className="button button-primary" onClick={() => setCreating(true)}>
            New connection
          </button>
        )
      }
    >
      {creating && <CreateConnection onDone={() => setCreating(false)} />}
      <ErrorNote error={connections.error ?? test.error ?? remove.error} />
      {connections.isPending ? (
        <p className="muted">Loading connections…</p>
      ) : connections.data?.length === 0 ? (
        <p className="empty">No connections yet.</p>
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Type</th>
              <th scope="col">Status</th>
              <th scope="col">Secrets</th>
              <th scope="col">Last tested</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {connections.data?.map((c) => (
              <tr key={c.id}>
                <td>{c.name}</td>
                <td className="mono">{c.type}</td>
                <td>
                  <span className={`tag conn-${c.status}`}>
                    {STATUS_LABEL[c.status] ?? c.status}
                  </span>
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
          </tbody>
        </table>
      )}
    </Page>
  );
}

function CreateConnection({ onDone }: { onDone(): void }) {
  const client = useQueryClient();
  const ids = { name: useId(), type: useId(), types: useId() };
  const [name, setName] = useState('');
  const [type, setType] = useState('');
  const [config, setConfig] = useState<KeyValue[]>([]);
  const [secrets, setSecrets] = useState<KeyValue[]>([{ key: 'token', value: '' }]);
  const create = useMutation({
    mutationFn: () =>
      api.connections.create.mutate({
        name: name.trim(),
        type: type.trim(),
        config: toRecord(config),
        secrets: toRecord(secrets),
      }),
    onSuccess: async () => {
      // The typed secrets leave memory with the form.
      setSecrets([]);
      await client.invalidateQueries({ queryKey: ['connections.list'] });
      onDone();
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate();
  };
  return (
    <form className="card stack" onSubmit={submit} aria-labelledby="new-connection-title">
      <h2 id="new-connection-title" className="panel-title">
        New connection
      </h2>
      <div className="field">
        <label htmlFor={ids.name} className="field-label">
          Name
        </label>
        <input
          id={ids.name}
          className="input"
          required
          value={name}
          onChange={(e) => setName(e.target.value)}
        />
      </div>
      <div className="field">
        <label htmlFor={ids.type} className="field-label">
          Type
        </label>
        <input
          id={ids.type}
          className="input mono"
          required
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
      </div>
      <KeyValueRows legend="Settings" rows={config} onChange={setConfig} />
      <KeyValueRows legend="Secrets" rows={secrets} onChange={setSecrets} secret />
      <p className="field-help">
        Secrets go straight to the secrets engine. No one, including you, can read them back here.
      </p>
      <ErrorNote error={create.error} />
      <div className="dialog-actions">
        <button type="button" className="button" onClick={onDone}>
          Cancel
        </button>
        <button type="submit" className="button button-primary" disabled={create.isPending}>
          Create connection
        </button>
      </div>
    </form>
  );
}
