import { useId, useState, type FormEvent, type ReactNode } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, type Outputs } from '../api/client';
import { can } from '../api/roles';
import { useMe, useRole } from '../api/session';
import { useTRPC } from '../api/trpc';
import { ErrorNote, formatTime, Page } from '../ui/page';
import { ACTIONS, Table } from '../ui/table';
import { FormField } from '../ui/form-field';

/** The workspace's outbound network policy and notifications, and the user's own sessions. */
export default function SettingsPage() {
  const me = useMe().data;
  return (
    <Page title="Settings">
      <section className="card" aria-labelledby="workspace-title">
        <h2 id="workspace-title" className="panel-title">
          Workspace
        </h2>
        <p>
          {me?.tenant?.name} <span className="mono muted">({me?.tenant?.slug})</span>
        </p>
      </section>
      <OutboundSettings />
      <NotificationSettings />
      <Sessions />
    </Page>
  );
}

type Outbound = Outputs['settings']['get']['outbound'];

function OutboundSettings() {
  const trpc = useTRPC();
  const settings = useQuery(trpc.settings.get.queryOptions({}));
  return (
    <section className="card" aria-labelledby="outbound-title">
      <h2 id="outbound-title" className="panel-title">
        Outbound network
      </h2>
      <p className="field-help">
        HTTP requests from flows reach only public addresses unless you allow more here. Cloud
        metadata addresses are never reachable.
      </p>
      <ErrorNote error={settings.error} />
      {settings.data && <OutboundForm initial={settings.data.outbound} />}
    </section>
  );
}

function OutboundForm({ initial }: { initial: Outbound }) {
  const role = useRole();
  const client = useQueryClient();
  const trpc = useTRPC();
  const editable = can.manage(role);
  const privateNetsId = useId();
  const [hosts, setHosts] = useState(initial.allowedHosts.join('\n'));
  const [privateNets, setPrivateNets] = useState(initial.allowPrivateNetworks);
  const save = useMutation({
    mutationFn: () =>
      api.settings.update.mutate({
        outbound: {
          allowPrivateNetworks: privateNets,
          allowedHosts: hosts
            .split(/[\s,]+/)
            .map((h) => h.trim())
            .filter(Boolean),
        },
      }),
    onSuccess: (saved) => client.setQueryData(trpc.settings.get.queryKey({}), saved),
  });
  return (
    <SettingsForm label="Save network settings" editable={editable} save={save}>
      <FormField label="Allowed internal hosts" help="One host or host:port per line.">
        {(control) => (
          <textarea
            {...control}
            className="input mono"
            rows={3}
            placeholder={'crm.internal\n10.0.0.5:8443'}
            value={hosts}
            onChange={(e) => setHosts(e.target.value)}
          />
        )}
      </FormField>
      <div className="field field-inline">
        <input
          id={privateNetsId}
          type="checkbox"
          className="checkbox"
          checked={privateNets}
          onChange={(e) => setPrivateNets(e.target.checked)}
        />
        <label htmlFor={privateNetsId}>Allow every private network address</label>
      </div>
    </SettingsForm>
  );
}

const SLACK_WEBHOOK = 'slack_webhook';
const NEW_WEBHOOK = 'new';

function NotificationSettings() {
  const trpc = useTRPC();
  const settings = useQuery(trpc.settings.get.queryOptions({}));
  const channels = useQuery(trpc.connections.list.queryOptions({ type: SLACK_WEBHOOK }));
  return (
    <section className="card" aria-labelledby="notifications-title">
      <h2 id="notifications-title" className="panel-title">
        Approval notifications
      </h2>
      <p className="field-help">
        Approvers always get an email. Approval requests, reminders and escalations can also be
        posted to a Slack channel through its incoming webhook.
      </p>
      <ErrorNote error={settings.error ?? channels.error} />
      {settings.data && channels.data && (
        <SlackChannelForm
          initial={settings.data.notifications.slackConnectionId}
          channels={channels.data}
        />
      )}
    </section>
  );
}

function SlackChannelForm({
  initial,
  channels,
}: {
  initial: string | null;
  channels: { id: string; name: string }[];
}) {
  const role = useRole();
  const client = useQueryClient();
  const trpc = useTRPC();
  const editable = can.manage(role);
  const [choice, setChoice] = useState(initial ?? '');
  const [name, setName] = useState('Slack approvals');
  const [url, setUrl] = useState('');
  const save = useMutation({
    mutationFn: async () => {
      // A new webhook becomes a connection first: its URL is a credential, kept in the vault.
      const slackConnectionId =
        choice === NEW_WEBHOOK
          ? (
              await api.connections.create.mutate({
                name,
                type: SLACK_WEBHOOK,
                credentials: { url: url.trim() },
              })
            ).id
          : choice || null;
      return api.settings.update.mutate({ notifications: { slackConnectionId } });
    },
    onSuccess: (saved) => {
      client.setQueryData(trpc.settings.get.queryKey({}), saved);
      void client.invalidateQueries({ queryKey: trpc.connections.list.queryKey() });
      setChoice(saved.notifications.slackConnectionId ?? '');
      setUrl('');
    },
  });
  return (
    <SettingsForm label="Save notification settings" editable={editable} save={save}>
      <FormField label="Slack channel">
        {(control) => (
          <select
            {...control}
            className="input"
            value={choice}
            onChange={(e) => setChoice(e.target.value)}
          >
            <option value="">None: email only</option>
            {channels.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
            <option value={NEW_WEBHOOK}>Add a Slack webhook…</option>
          </select>
        )}
      </FormField>
      {choice === NEW_WEBHOOK && (
        <>
          <FormField label="Connection name">
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
          <FormField
            label="Incoming webhook URL"
            help="Stored in the secrets vault and never shown again. A self-hosted, Slack-compatible server on an internal address must also be allowed above."
          >
            {(control) => (
              <input
                {...control}
                className="input mono"
                type="password"
                autoComplete="off"
                required
                placeholder="https://hooks.slack.com/services/…"
                value={url}
                onChange={(e) => setUrl(e.target.value)}
              />
            )}
          </FormField>
        </>
      )}
    </SettingsForm>
  );
}

/**
 * A section's form: disabled for those who may not change settings (they are told why), with its
 * save button, "Saved." once the last save went through, and the save's error.
 */
function SettingsForm({
  label,
  editable,
  save,
  children,
}: {
  label: string;
  editable: boolean;
  save: { mutate(): void; isPending: boolean; isSuccess: boolean; error: unknown };
  children: ReactNode;
}) {
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
  return (
    <form className="stack" onSubmit={submit}>
      <fieldset disabled={!editable} className="plain-fieldset stack">
        {children}
        {editable && (
          <div>
            <button type="submit" className="button button-primary" disabled={save.isPending}>
              {label}
            </button>
            {save.isSuccess && (
              <span className="muted" role="status">
                {' '}
                Saved.
              </span>
            )}
          </div>
        )}
      </fieldset>
      <ErrorNote error={save.error} />
      {!editable && <p className="muted">Only owners and admins change these settings.</p>}
    </form>
  );
}

function Sessions() {
  const client = useQueryClient();
  const trpc = useTRPC();
  const sessions = useQuery(trpc.sessions.list.queryOptions({}));
  const revoke = useMutation(
    trpc.sessions.revoke.mutationOptions({
      onSettled: () => client.invalidateQueries({ queryKey: trpc.sessions.list.queryKey() }),
    }),
  );
  return (
    <section className="card" aria-labelledby="sessions-title">
      <h2 id="sessions-title" className="panel-title">
        Your sessions
      </h2>
      <ErrorNote error={sessions.error ?? revoke.error} />
      <Table columns={['Browser', 'Address', 'Last seen', ACTIONS]}>
        {sessions.data?.map((s) => (
          <tr key={s.id}>
            <td className="small">{s.userAgent ?? 'Unknown'}</td>
            <td className="mono small">{s.ip ?? '—'}</td>
            <td>{formatTime(s.lastSeenAt)}</td>
            <td className="row-actions">
              {s.current ? (
                <span className="muted">This session</span>
              ) : (
                <button type="button" className="button" onClick={() => revoke.mutate({ sessionId: s.id })}>
                  Sign out
                </button>
              )}
            </td>
          </tr>
        ))}
      </Table>
    </section>
  );
}
