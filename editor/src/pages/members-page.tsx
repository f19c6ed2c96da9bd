import { useId, useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { can, ROLE_LABEL, ROLES, type Role } from '../api/roles';
import { useMe, useRole } from '../api/session';
import { useTRPC } from '../api/trpc';
import { ErrorNote, formatTime, Page } from '../ui/page';
import { ACTIONS, Table } from '../ui/table';

/** Who is in the workspace and with which role; owners and admins invite and change roles. */
export default function MembersPage() {
  const role = useRole();
  const me = useMe().data;
  const client = useQueryClient();
  const trpc = useTRPC();
  const manage = can.manage(role);
  const members = useQuery(trpc.members.list.queryOptions());
  const invites = useQuery(trpc.invites.list.queryOptions(undefined, { enabled: manage }));
  const refresh = () =>
    Promise.all([
      client.invalidateQueries({ queryKey: trpc.members.list.queryKey() }),
      client.invalidateQueries({ queryKey: trpc.invites.list.queryKey() }),
    ]);
  const updateRole = useMutation(trpc.members.updateRole.mutationOptions({ onSettled: refresh }));
  const remove = useMutation(trpc.members.remove.mutationOptions({ onSettled: refresh }));
  const revoke = useMutation(trpc.invites.revoke.mutationOptions({ onSettled: refresh }));
  // Only an owner may grant the owner role (the server refuses otherwise).
  const grantable = ROLES.filter((r) => r !== 'owner' || role === 'owner');

  return (
    <Page title="Members">
      {manage && <InviteForm roles={grantable} onInvited={refresh} />}
      <ErrorNote error={members.error ?? updateRole.error ?? remove.error ?? revoke.error} />
      <Table columns={['Name', 'Email', 'Role', 'Member since', manage && ACTIONS]}>
        {members.data?.map((m) => (
          <tr key={m.userId}>
            <td>
              {m.displayName}
              {m.userId === me?.user.id && <span className="muted"> (you)</span>}
            </td>
            <td>{m.email}</td>
            <td>
              {manage && (m.role !== 'owner' || role === 'owner') ? (
                <>
                  <label htmlFor={`role-${m.userId}`} className="visually-hidden">
                    Role of {m.displayName}
                  </label>
                  <select
                    id={`role-${m.userId}`}
                    className="input input-narrow"
                    value={m.role}
                    onChange={(e) =>
                      updateRole.mutate({ userId: m.userId, role: e.target.value as Role })
                    }
                  >
                    {grantable.map((r) => (
                      <option key={r} value={r}>
                        {ROLE_LABEL[r]}
                      </option>
                    ))}
                  </select>
                </>
              ) : (
                ROLE_LABEL[m.role as Role]
              )}
            </td>
            <td>{formatTime(m.since)}</td>
            {manage && (
              <td className="row-actions">
                {m.userId !== me?.user.id && (
                  <button
                    type="button"
                    className="button button-danger"
                    onClick={() => {
                      if (window.confirm(`Remove ${m.displayName} from this workspace?`))
                        remove.mutate({ userId: m.userId });
                    }}
                  >
                    Remove
                  </button>
                )}
              </td>
            )}
          </tr>
        ))}
      </Table>
      {manage && (invites.data?.length ?? 0) > 0 && (
        <>
          <h2 className="section-title">Pending invites</h2>
          <Table columns={['Email', 'Role', 'Expires', ACTIONS]}>
            {invites.data?.map((i) => (
              <tr key={i.id}>
                <td>{i.email}</td>
                <td>{ROLE_LABEL[i.role as Role]}</td>
                <td>{formatTime(i.expiresAt)}</td>
                <td className="row-actions">
                  <button type="button" className="button" onClick={() => revoke.mutate({ inviteId: i.id })}>
                    Revoke
                  </button>
                </td>
              </tr>
            ))}
          </Table>
        </>
      )}
    </Page>
  );
}

function InviteForm({ roles, onInvited }: { roles: readonly Role[]; onInvited(): void }) {
  const ids = { email: useId(), role: useId() };
  const [sent, setSent] = useState<{ link: string; email: string; emailed: boolean }>();
  const trpc = useTRPC();
  const invite = useMutation(
    trpc.members.invite.mutationOptions({
      onSuccess: (result) => {
        setSent({ link: result.acceptUrl, email: result.email, emailed: result.emailed });
        onInvited();
      },
    }),
  );
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    invite.mutate({ email: String(form.get('email')).trim(), role: form.get('role') as Role });
  };
  return (
    <section className="card" aria-labelledby="invite-title">
      <h2 id="invite-title" className="panel-title">
        Invite someone
      </h2>
      <form className="inline-form" onSubmit={submit}>
        <label htmlFor={ids.email}>Email</label>
        <input id={ids.email} name="email" type="email" className="input" required />
        <label htmlFor={ids.role}>Role</label>
        <select id={ids.role} name="role" className="input input-narrow" defaultValue="builder">
          {roles.map((r) => (
            <option key={r} value={r}>
              {ROLE_LABEL[r]}
            </option>
          ))}
        </select>
        <button type="submit" className="button button-primary" disabled={invite.isPending}>
          Create invite link
        </button>
      </form>
      <ErrorNote error={invite.error} />
      {sent && (
        <div className="invite-link" role="status">
          <p>
            {sent.emailed
              ? `We emailed the invitation to ${sent.email}. You can also pass on this link yourself: `
              : 'Send this link to the invitee. '}
            It is shown only now and works once, for 7 days.
          </p>
          <input
            className="input mono"
            readOnly
            value={sent.link}
            aria-label="Invite link"
            onFocus={(e) => e.target.select()}
          />
        </div>
      )}
    </section>
  );
}
