import { Link } from 'react-router';
import { CATEGORY_TITLES } from '@bizosaas/nodes';
import { can } from '../api/roles';
import { useRole } from '../api/session';
import { ConnectorLogo } from '../connections/connector-logo';
import { ErrorNote, formatTime, Page } from '../ui/page';
import {
  connectionProblem,
  STATUS_LABEL,
  useConnectionCatalog,
  type ConnectionType,
} from '../connections/catalog';

const AUTH_LABEL: Record<string, string> = {
  api_key: 'API key',
  basic: 'User name and password',
  bearer: 'Token',
  oauth2: 'OAuth 2.0 sign-in',
  oauth2_client_credentials: 'OAuth 2.0 client credentials',
};

const CATEGORY_LABEL: Record<string, string> = { ...CATEGORY_TITLES, platform: 'Platform' };

/** Every connector: what it connects with, what it can do, and how this workspace's connections of it are. */
export default function ConnectorsPage() {
  const catalog = useConnectionCatalog();
  const role = useRole();
  return (
    <Page title="Connectors">
      <ErrorNote error={catalog.error} />
      {catalog.isPending ? (
        <p className="muted">Loading connectors…</p>
      ) : (
        <ul role="list" className="connector-grid">
          {catalog.data?.map((type) => (
            <ConnectorCard key={type.id} type={type} canAdd={can.build(role)} />
          ))}
        </ul>
      )}
    </Page>
  );
}

function ConnectorCard({ type, canAdd }: { type: ConnectionType; canAdd: boolean }) {
  const headingId = `connector-${type.id}`;
  return (
    <li className="card connector-card" aria-labelledby={headingId}>
      <header className="connector-card-header">
        <ConnectorLogo id={type.id} title={type.title} icon={type.icon} />
        <div>
          <h2 id={headingId} className="panel-title">
            {type.title}
          </h2>
          <span className="tag">{CATEGORY_LABEL[type.category] ?? type.category}</span>{' '}
          {[...new Set(type.methods.map((m) => AUTH_LABEL[m.kind] ?? m.kind))].map((label) => (
            <span key={label} className="tag">
              {label}
            </span>
          ))}
        </div>
      </header>
      <p className="small">{type.description}</p>
      <NodeTypes noun="operation" items={type.operations.map((op) => ({ ...op, note: '' }))} />
      <NodeTypes
        noun="trigger"
        items={type.triggers.map((t) => ({
          ...t,
          note: t.kind === 'push' ? ' (webhook)' : ' (polling)',
        }))}
      />
      <h3 className="field-label">Your connections</h3>
      {type.connections.length === 0 ? (
        <p className="small muted">None yet.</p>
      ) : (
        <ul role="list" className="small stack-tight">
          {type.connections.map((c) => (
            <li key={c.id}>
              <Link to={`/connections?focus=${c.id}`}>{c.name}</Link>{' '}
              <span className={`tag conn-${c.status}`}>{STATUS_LABEL[c.status] ?? c.status}</span>
              <div className="muted">
                Last tested {formatTime(c.lastTestedAt)}
                {connectionProblem(c) && (
                  <span className="error-text"> · {connectionProblem(c)}</span>
                )}
              </div>
            </li>
          ))}
        </ul>
      )}
      {canAdd && (
        <Link to={`/connections?new=${type.id}`} className="button">
          Add connection<span className="visually-hidden"> to {type.title}</span>
        </Link>
      )}
    </li>
  );
}

/** A connector's operations or triggers, folded: how many, then each with its node type id. */
function NodeTypes({
  noun,
  items,
}: {
  noun: string;
  items: { type: string; title: string; description: string; note: string }[];
}) {
  if (items.length === 0) return null;
  return (
    <details>
      <summary>
        {items.length} {noun}
        {items.length === 1 ? '' : 's'}
      </summary>
      <ul className="small">
        {items.map((item) => (
          <li key={item.type} title={item.description}>
            {item.title}
            {item.note} <span className="mono muted">{item.type}</span>
          </li>
        ))}
      </ul>
    </details>
  );
}
