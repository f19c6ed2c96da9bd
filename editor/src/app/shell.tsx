import { useMutation } from '@tanstack/react-query';
import { Navigate, NavLink, Outlet, useLocation, useNavigate } from 'react-router';
import { api } from '../api/client';
import { can, ROLE_LABEL, type Role } from '../api/roles';
import { useLiveEvents } from '../api/live-events';
import { useMe, useSessionChanged } from '../api/session';
import { useInbox } from '../approvals/use-inbox';

/** The signed-in app frame: skip link, navigation, workspace and account, then the page. */
export function Shell() {
  const me = useMe();
  const location = useLocation();
  useLiveEvents(me.data?.tenant?.id);
  if (me.isPending) return <p className="page-loading">Loading…</p>;
  if (me.isError)
    return (
      <p className="page-loading" role="alert">
        The server could not be reached. Reload the page to try again.
      </p>
    );
  if (!me.data)
    return <Navigate to={`/login?next=${encodeURIComponent(location.pathname)}`} replace />;
  const role = me.data.tenant?.role as Role | undefined;
  const links = [
    { to: '/inbox', label: 'Inbox', show: can.approve(role) },
    { to: '/flows', label: 'Flows', show: true },
    { to: '/runs', label: 'Runs', show: true },
    { to: '/chat', label: 'Agents chat', show: can.operate(role) },
    { to: '/connections', label: 'Connections', show: true },
    { to: '/connectors', label: 'Connectors', show: true },
    { to: '/members', label: 'Members', show: true },
    { to: '/audit', label: 'Audit log', show: can.manage(role) },
    { to: '/settings', label: 'Settings', show: true },
  ];
  return (
    <div className="shell">
      <a href="#content" className="skip-link">
        Skip to content
      </a>
      <header className="topbar">
        <NavLink to="/flows" className="brand">
          BizOSaaS
        </NavLink>
        <nav aria-label="Main" className="main-nav">
          <ul role="list" className="nav-list">
            {links
              .filter((l) => l.show)
              .map((l) => (
                <li key={l.to}>
                  <NavLink to={l.to} className="nav-link">
                    {l.label}
                    {l.to === '/inbox' && <PendingCount />}
                  </NavLink>
                </li>
              ))}
          </ul>
        </nav>
        <Account me={me.data} role={role} />
      </header>
      <main id="content" className="content" tabIndex={-1}>
        {me.data.tenant ? (
          <Outlet />
        ) : (
          <section className="page">
            <h1>No workspace</h1>
            <p>You are not a member of any workspace yet. Ask an owner for an invite link.</p>
          </section>
        )}
      </main>
    </div>
  );
}

/** How many tasks wait for me, beside the Inbox link. */
function PendingCount() {
  const count = useInbox().data?.tasks.length ?? 0;
  if (count === 0) return null;
  return (
    <span className="nav-count" aria-label={`${count} pending`}>
      {count}
    </span>
  );
}

function Account({
  me,
  role,
}: {
  me: NonNullable<ReturnType<typeof useMe>['data']>;
  role: Role | undefined;
}) {
  const navigate = useNavigate();
  const sessionChanged = useSessionChanged();
  const logout = useMutation({
    mutationFn: () => api.auth.logout.mutate({}),
    onSettled: () => {
      sessionChanged(null);
      void navigate('/login', { replace: true });
    },
  });
  const switchTenant = useMutation({
    mutationFn: (tenantId: string) => api.auth.switchTenant.mutate({ tenantId }),
    onSuccess: (next) => {
      sessionChanged(next);
      void navigate('/flows');
    },
  });
  return (
    <div className="account">
      {me.tenants.length > 1 ? (
        <>
          <label htmlFor="tenant-switch" className="visually-hidden">
            Workspace
          </label>
          <select
            id="tenant-switch"
            className="input input-on-dark"
            value={me.tenant?.id ?? ''}
            onChange={(e) => switchTenant.mutate(e.target.value)}
          >
            {me.tenants.map((t) => (
              <option key={t.id} value={t.id}>
                {t.name}
              </option>
            ))}
          </select>
        </>
      ) : (
        <span className="account-tenant">{me.tenant?.name}</span>
      )}
      <span className="account-user" title={me.user.email}>
        {me.user.displayName}
        {role && <span className="role-tag">{ROLE_LABEL[role]}</span>}
      </span>
      <button type="button" className="button button-on-dark" onClick={() => logout.mutate()}>
        Log out
      </button>
    </div>
  );
}

/** The frame of pages that work without a session (the scratch canvas works offline). */
export function BareShell() {
  return (
    <div className="shell">
      <header className="topbar">
        <NavLink to="/flows" className="brand">
          BizOSaaS
        </NavLink>
        <nav aria-label="Main" className="main-nav">
          <ul role="list" className="nav-list">
            <li>
              <NavLink to="/flows" className="nav-link">
                Flows
              </NavLink>
            </li>
          </ul>
        </nav>
      </header>
      <main id="content" className="content">
        <Outlet />
      </main>
    </div>
  );
}
