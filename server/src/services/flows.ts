// Flows of a tenant: drafts with optimistic concurrency, validation, publishing into immutable
// versions, history (list, diff, restore), duplicate, archive, import and export, and the webhook
// endpoint a published webhook trigger gets. Every change writes its audit event in its transaction.
import { randomUUID } from 'node:crypto';
import { LockMode, type EntityManager } from '@mikro-orm/postgresql';
import {
  compile,
  exportFlow,
  FlowGraphSchema,
  FlowValidationError,
  importFlow,
  validate,
  type FlowDefinition,
  type FlowGraph,
  type NodeCatalog,
} from '@bizosaas/shared';
import { randomToken } from '../auth/tokens.js';
import { FlowEntity, FlowVersionEntity, WebhookEndpointEntity, type Flow } from '../db/entities.js';
import { AppError } from '../errors.js';
import { webhookSecretPath } from '../secrets/vault.js';
import { StrictFlowGraphSchema } from '../trpc/flow-schemas.js';
import { audit } from './audit.js';
import { diffGraphs } from './flow-diff.js';
import type { Scope } from './scope.js';
import { applyTrigger, setTriggerActive } from './triggers.js';

type Tenant = Pick<Scope, 'em' | 'tenantId'>;
type FlowFields = Pick<Flow, 'name' | 'description' | 'tags'>;

const asGraph = (value: unknown): FlowGraph => FlowGraphSchema.parse(value);

/**
 * The definition a graph compiles to; a graph that does not validate is the caller's error
 * (`INVALID_FLOW`, with every problem), whoever compiles it: publishing or a test run.
 */
export function compileFlow(graph: unknown, catalog: NodeCatalog): FlowDefinition {
  try {
    return compile(graph, catalog);
  } catch (error) {
    if (error instanceof FlowValidationError)
      throw new AppError('INVALID_FLOW', error.message, { problems: error.problems });
    throw error;
  }
}

/** Loads a flow of the scope's tenant; another tenant's flow is indistinguishable from none. */
export async function loadFlow(
  scope: Tenant,
  flowId: string,
  em: EntityManager = scope.em,
): Promise<Flow> {
  const flow = await em.findOne(FlowEntity, { id: flowId, tenantId: scope.tenantId });
  if (!flow) throw new AppError('NOT_FOUND', 'no such flow');
  return flow;
}

export async function loadVersion(scope: Tenant, flowId: string, versionNumber: number) {
  const row = await scope.em.findOne(FlowVersionEntity, {
    tenantId: scope.tenantId,
    flowId,
    version: versionNumber,
  });
  if (!row) throw new AppError('NOT_FOUND', `flow has no version ${versionNumber}`);
  return row;
}

function summary(flow: Omit<Flow, 'draft'>) {
  return {
    id: flow.id,
    name: flow.name,
    description: flow.description,
    tags: flow.tags,
    revision: flow.revision,
    publishedVersion: flow.publishedVersion,
    active: flow.active,
    archived: flow.archivedAt !== null,
    createdAt: flow.createdAt,
    updatedAt: flow.updatedAt,
  };
}

export interface FlowFilter {
  search?: string;
  tags?: string[];
  archived: boolean;
  limit: number;
  offset: number;
}

export async function listFlows(scope: Scope, filter: FlowFilter) {
  const where: Record<string, unknown> = {
    tenantId: scope.tenantId,
    archivedAt: filter.archived ? { $ne: null } : null,
  };
  if (filter.search) {
    const pattern = `%${filter.search.replace(/[\\%_]/g, '\\$&')}%`;
    where.$or = [{ name: { $ilike: pattern } }, { description: { $ilike: pattern } }];
  }
  if (filter.tags?.length) where.tags = { $contains: filter.tags };
  const [flows, total] = await scope.em.findAndCount(FlowEntity, where, {
    orderBy: { updatedAt: 'desc' },
    limit: filter.limit,
    offset: filter.offset,
    exclude: ['draft'],
  });
  return { flows: flows.map(summary), total };
}

export async function getFlow(scope: Scope, flowId: string) {
  const flow = await loadFlow(scope, flowId);
  return { ...summary(flow), draft: asGraph(flow.draft) };
}

/** A new flow (created, duplicated or imported: `action` says which) with `draft` at revision 1. */
export async function createFlow(
  scope: Scope,
  fields: FlowFields & { draft: FlowGraph },
  action: string,
  data: Record<string, unknown> = {},
) {
  const now = new Date();
  const flow: Flow = {
    id: randomUUID(),
    tenantId: scope.tenantId,
    ...fields,
    revision: 1,
    publishedVersion: null,
    active: false,
    archivedAt: null,
    createdBy: scope.userId,
    createdAt: now,
    updatedBy: scope.userId,
    updatedAt: now,
  };
  await scope.em.transactional(async (tx) => {
    await tx.insert(FlowEntity, flow);
    await audit(
      scope,
      { action, targetType: 'flow', targetId: flow.id, data: { name: flow.name, ...data } },
      tx,
    );
  });
  return { ...summary(flow), draft: flow.draft };
}

/** Writes a new draft if `expected` is still the current revision; a stale save is refused. */
async function writeDraft(
  scope: Scope,
  em: EntityManager,
  flowId: string,
  expected: number,
  changes: Partial<Pick<Flow, 'draft' | 'name' | 'description' | 'tags'>>,
): Promise<number> {
  const updated = await em.nativeUpdate(
    FlowEntity,
    { id: flowId, tenantId: scope.tenantId, revision: expected, archivedAt: null },
    { ...changes, revision: expected + 1, updatedBy: scope.userId, updatedAt: new Date() },
  );
  if (updated === 1) return expected + 1;
  const flow = await loadFlow(scope, flowId, em);
  if (flow.archivedAt) throw new AppError('CONFLICT', 'the flow is archived; unarchive it to edit');
  throw new AppError(
    'CONFLICT',
    `the flow was changed since revision ${expected} (now ${flow.revision}); reload and reapply your edit`,
    { currentRevision: flow.revision },
  );
}

export async function saveDraft(
  scope: Scope,
  flowId: string,
  expected: number,
  changes: Partial<FlowFields & { draft: FlowGraph }>,
) {
  const revision = await scope.em.transactional(async (tx) => {
    const saved = await writeDraft(scope, tx, flowId, expected, changes);
    const data = { revision: saved, fields: Object.keys(changes) };
    await audit(scope, { action: 'flow.saved', targetType: 'flow', targetId: flowId, data }, tx);
    return saved;
  });
  return { flowId, revision };
}

/**
 * Name, description and tags, apart from the draft: they leave the revision alone, so renaming
 * a flow never turns the canvas's next autosave into a conflict.
 */
export async function updateFlow(scope: Scope, flowId: string, changes: Partial<FlowFields>) {
  await scope.em.transactional(async (tx) => {
    const updated = await tx.nativeUpdate(
      FlowEntity,
      { id: flowId, tenantId: scope.tenantId, archivedAt: null },
      { ...changes, updatedBy: scope.userId, updatedAt: new Date() },
    );
    if (updated === 0) {
      await loadFlow(scope, flowId, tx);
      throw new AppError('CONFLICT', 'the flow is archived; unarchive it to edit');
    }
    const data = changes;
    await audit(scope, { action: 'flow.updated', targetType: 'flow', targetId: flowId, data }, tx);
  });
  const { draft: _draft, ...flow } = await loadFlow(scope, flowId);
  return summary(flow);
}

export async function validateFlow(
  scope: Scope,
  source: { flowId: string } | { graph: FlowGraph },
) {
  const graph = 'graph' in source ? source.graph : (await loadFlow(scope, source.flowId)).draft;
  const problems = validate(graph, scope.services.catalog);
  return { valid: !problems.some((p) => p.severity === 'error'), problems };
}

/** Compiles the draft at `revision` into the next immutable version and wires up its trigger. */
export async function publishFlow(scope: Scope, flowId: string, revision: number) {
  return scope.em.transactional(async (tx) => {
    // Locks the flow row: concurrent publishes of one flow get consecutive version numbers.
    const flow = await tx.findOne(
      FlowEntity,
      { id: flowId, tenantId: scope.tenantId },
      { lockMode: LockMode.PESSIMISTIC_WRITE },
    );
    if (!flow) throw new AppError('NOT_FOUND', 'no such flow');
    if (flow.archivedAt)
      throw new AppError('CONFLICT', 'the flow is archived; unarchive it to publish');
    if (flow.revision !== revision)
      throw new AppError(
        'CONFLICT',
        `the draft changed since revision ${revision} (now ${flow.revision}); review it before publishing`,
        { currentRevision: flow.revision },
      );
    const definition = compileFlow(flow.draft, scope.services.catalog);
    const versionNumber = (flow.publishedVersion ?? 0) + 1;
    const active = flow.publishedVersion === null ? true : flow.active;
    await tx.insert(FlowVersionEntity, {
      id: randomUUID(),
      tenantId: scope.tenantId,
      flowId: flow.id,
      version: versionNumber,
      graph: flow.draft,
      // compile() returns a frozen object; the ORM annotates query params in place.
      definition: structuredClone(definition),
      createdBy: scope.userId,
      createdAt: new Date(),
    });
    await tx.nativeUpdate(
      FlowEntity,
      { id: flow.id, tenantId: scope.tenantId },
      { publishedVersion: versionNumber, active, updatedAt: new Date() },
    );
    const webhook = await applyTrigger(
      tx,
      scope.services,
      { tenantId: scope.tenantId, flowId: flow.id, active },
      versionNumber,
      definition,
    );
    const data = { version: versionNumber, hash: definition.hash };
    await audit(
      scope,
      { action: 'flow.published', targetType: 'flow', targetId: flow.id, data },
      tx,
    );
    return {
      flowId: flow.id,
      version: versionNumber,
      hash: definition.hash,
      webhook: webhook ?? null,
    };
  });
}

export async function listVersions(scope: Scope, flowId: string) {
  await loadFlow(scope, flowId);
  const versions = await scope.em.find(
    FlowVersionEntity,
    { tenantId: scope.tenantId, flowId },
    { orderBy: { version: 'desc' }, fields: ['version', 'createdBy', 'createdAt', 'definition'] },
  );
  return versions.map((v) => ({
    version: v.version,
    createdBy: v.createdBy,
    createdAt: v.createdAt,
    hash: (v.definition as FlowDefinition).hash,
  }));
}

export async function getVersion(scope: Scope, flowId: string, versionNumber: number) {
  const row = await loadVersion(scope, flowId, versionNumber);
  return {
    flowId: row.flowId,
    version: row.version,
    graph: asGraph(row.graph),
    definition: row.definition as FlowDefinition,
    createdBy: row.createdBy,
    createdAt: row.createdAt,
  };
}

type Which = number | 'draft';

export async function diffFlow(scope: Scope, flowId: string, from: Which, to: Which) {
  const graphOf = async (which: Which) =>
    asGraph(
      which === 'draft'
        ? (await loadFlow(scope, flowId)).draft
        : (await loadVersion(scope, flowId, which)).graph,
    );
  return diffGraphs(await graphOf(from), await graphOf(to));
}

export async function restoreVersion(
  scope: Scope,
  flowId: string,
  versionNumber: number,
  expected: number,
) {
  const row = await loadVersion(scope, flowId, versionNumber);
  const revision = await scope.em.transactional(async (tx) => {
    const saved = await writeDraft(scope, tx, flowId, expected, { draft: row.graph });
    const data = { version: versionNumber, revision: saved };
    const event = { action: 'flow.version_restored', targetType: 'flow', targetId: flowId, data };
    await audit(scope, event, tx);
    return saved;
  });
  return { flowId, revision };
}

export async function duplicateFlow(scope: Scope, flowId: string, name?: string) {
  const source = await loadFlow(scope, flowId);
  return createFlow(
    scope,
    {
      name: name ?? `${source.name} (copy)`.slice(0, 200),
      description: source.description,
      tags: source.tags,
      draft: asGraph(source.draft),
    },
    'flow.duplicated',
    { from: source.id },
  );
}

/** Archiving pauses the flow and its trigger; unarchiving leaves them paused. */
export async function setArchived(scope: Scope, flowId: string, archived: boolean) {
  await loadFlow(scope, flowId);
  await scope.em.transactional(async (tx) => {
    const now = new Date();
    await tx.nativeUpdate(
      FlowEntity,
      { id: flowId, tenantId: scope.tenantId },
      archived
        ? { archivedAt: now, active: false, updatedAt: now }
        : { archivedAt: null, updatedAt: now },
    );
    if (archived) await setTriggerActive(tx, scope.services, scope.tenantId, flowId, false);
    const action = archived ? 'flow.archived' : 'flow.unarchived';
    await audit(scope, { action, targetType: 'flow', targetId: flowId }, tx);
  });
  return { flowId, archived };
}

export async function setActive(scope: Scope, flowId: string, active: boolean) {
  const flow = await loadFlow(scope, flowId);
  if (active && flow.archivedAt) throw new AppError('CONFLICT', 'the flow is archived');
  if (active && flow.publishedVersion === null)
    throw new AppError('CONFLICT', 'publish the flow before activating it');
  await scope.em.transactional(async (tx) => {
    await tx.nativeUpdate(
      FlowEntity,
      { id: flowId, tenantId: scope.tenantId },
      { active, updatedAt: new Date() },
    );
    await setTriggerActive(tx, scope.services, scope.tenantId, flowId, active);
    const action = active ? 'flow.activated' : 'flow.paused';
    await audit(scope, { action, targetType: 'flow', targetId: flowId }, tx);
  });
  return { flowId, active };
}

/** A flow from an exported document (JSON text or parsed); older schema versions are upgraded. */
export async function importFlowDocument(
  scope: Scope,
  fields: FlowFields,
  document: string | Record<string, unknown>,
) {
  const imported = importFlow(document);
  if (!imported.ok)
    throw new AppError('INVALID_FLOW', imported.problems[0]?.message ?? 'not a flow document', {
      problems: imported.problems,
    });
  const strictCheck = StrictFlowGraphSchema.safeParse(imported.graph);
  if (!strictCheck.success) throw strictCheck.error;
  const data = imported.upgradedFrom ? { upgradedFrom: imported.upgradedFrom } : {};
  return createFlow(scope, { ...fields, draft: imported.graph }, 'flow.imported', data);
}

export async function exportFlowDocument(scope: Scope, flowId: string, versionNumber?: number) {
  const flow = await loadFlow(scope, flowId);
  const graph =
    versionNumber === undefined
      ? flow.draft
      : (await loadVersion(scope, flowId, versionNumber)).graph;
  const slug = flow.name.replace(/[^\w.-]+/g, '-').slice(0, 80) || 'flow';
  return {
    name: flow.name,
    filename: `${slug}${versionNumber ? `-v${versionNumber}` : ''}.json`,
    document: exportFlow(asGraph(graph)),
  };
}

async function endpointOf(scope: Scope, flowId: string) {
  await loadFlow(scope, flowId);
  return scope.em.findOne(WebhookEndpointEntity, { tenantId: scope.tenantId, flowId });
}

export async function webhookEndpoint(scope: Scope, flowId: string) {
  const endpoint = await endpointOf(scope, flowId);
  if (!endpoint) return null;
  const { id: endpointId, path, method, authMode, responseMode, timeoutMs, active } = endpoint;
  return { endpointId, path, method, authMode, responseMode, timeoutMs, active };
}

/** The flow's current webhook secret, for a builder who asks to see it (audited, never logged). */
export async function revealWebhookSecret(scope: Scope, flowId: string) {
  const endpoint = await endpointOf(scope, flowId);
  if (!endpoint)
    throw new AppError(
      'NOT_FOUND',
      'the flow has no webhook endpoint; publish a webhook trigger first',
    );
  const stored = await scope.services.secrets.read(webhookSecretPath(scope.tenantId, endpoint.id));
  if (!stored?.secret) throw new AppError('UNAVAILABLE', 'the endpoint secret could not be read');
  await audit(scope, {
    action: 'webhook.secret_revealed',
    targetType: 'webhook_endpoint',
    targetId: endpoint.id,
  });
  return { endpointId: endpoint.id, secret: stored.secret };
}

/** A new secret for the flow's webhook endpoint, shown once. */
export async function rotateWebhookSecret(scope: Scope, flowId: string) {
  const endpoint = await endpointOf(scope, flowId);
  if (!endpoint)
    throw new AppError(
      'NOT_FOUND',
      'the flow has no webhook endpoint; publish a webhook trigger first',
    );
  const secret = randomToken('whsec_');
  await scope.services.secrets.write(webhookSecretPath(scope.tenantId, endpoint.id), { secret });
  await audit(scope, {
    action: 'webhook.secret_rotated',
    targetType: 'webhook_endpoint',
    targetId: endpoint.id,
  });
  // Servers pick the new secret up within the cache lifetime (webhooks/secrets.ts).
  return { endpointId: endpoint.id, secret };
}
