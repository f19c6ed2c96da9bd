// The agent chat: a member's conversations with a persona (or the coordinator, which routes each
// request to one), each message starting a turn, a Temporal workflow on the agent loop with the
// tenant's connector operations as tools. The transcript is read from PostgreSQL, where the
// turn's workflow appends each step as it happens.
import { randomUUID } from 'node:crypto';
import {
  AgentLimitsSchema,
  DECIDING_ROLES,
  findConnector,
  findPersona,
  type AgentMessage,
  type AgentTool,
} from '@bizosaas/nodes';
import { ConnectionEntity } from '../db/entities.js';
import { AppError } from '../errors.js';
import { audit } from '../services/audit.js';
import type { Scope } from '../services/scope.js';
import { outboundPolicyOf } from '../tenants/settings.js';
import {
  closeTurn,
  conversationsOf,
  findConversation,
  insertConversation,
  insertMessages,
  insertTurn,
  messagesOf,
  runningTurn,
  type ConversationRow,
  type MessageRow,
} from './store.js';
import { chatWorkflowId } from './engine.js';

export interface ConversationDetail extends ConversationRow {
  messages: MessageRow[];
  /** The turn in progress, if any: the page shows it as working and waits to send. */
  running: string | null;
}

export function listConversations(scope: Scope, limit: number): Promise<ConversationRow[]> {
  return conversationsOf(scope.em, scope.tenantId, scope.userId, limit);
}

export async function createConversation(
  scope: Scope,
  input: {
    persona: string;
    connectionId?: string | undefined;
    model: string;
    title?: string | undefined;
  },
): Promise<ConversationRow> {
  const persona = findPersona(input.persona);
  if (!persona) throw new AppError('BAD_REQUEST', `there is no persona "${input.persona}"`);
  if (input.connectionId) {
    const connection = await scope.em.findOne(ConnectionEntity, {
      id: input.connectionId,
      tenantId: scope.tenantId,
    });
    if (!connection) throw new AppError('NOT_FOUND', 'that connection does not exist');
    if (!input.model.trim())
      throw new AppError('BAD_REQUEST', 'name the model to use on that connection');
  }
  const id = randomUUID();
  await insertConversation(scope.em, {
    id,
    tenantId: scope.tenantId,
    userId: scope.userId,
    persona: persona.key,
    title: input.title?.trim() || `Chat with ${persona.title}`,
    connectionId: input.connectionId ?? null,
    model: input.model,
  });
  await audit(scope, {
    action: 'chat.conversation_created',
    targetType: 'chat_conversation',
    targetId: id,
    data: { persona: persona.key },
  });
  return (await findConversation(scope.em, scope.tenantId, scope.userId, id))!;
}

async function ownConversation(scope: Scope, id: string): Promise<ConversationRow> {
  const conversation = await findConversation(scope.em, scope.tenantId, scope.userId, id);
  if (!conversation) throw new AppError('NOT_FOUND', 'that conversation does not exist');
  return conversation;
}

export async function getConversation(scope: Scope, id: string): Promise<ConversationDetail> {
  const conversation = await ownConversation(scope, id);
  const [messages, running] = await Promise.all([
    messagesOf(scope.em, scope.tenantId, id),
    runningTurn(scope.em, scope.tenantId, id),
  ]);
  return { ...conversation, messages, running: running?.id ?? null };
}

/** What the agent remembers of earlier turns: the member's messages and the answers. */
function historyOf(messages: MessageRow[]): AgentMessage[] {
  return messages.flatMap((m): AgentMessage[] =>
    m.kind === 'user'
      ? [{ role: 'user', content: m.content }]
      : m.kind === 'answer'
        ? [{ role: 'assistant', content: m.content }]
        : [],
  );
}

/** Every operation of every connection of the tenant: the persona gets its categories' ones. */
async function tenantTools(scope: Scope): Promise<AgentTool[]> {
  const connections = await scope.em.find(
    ConnectionEntity,
    { tenantId: scope.tenantId },
    { orderBy: { name: 'asc' } },
  );
  return connections.flatMap((c) =>
    (findConnector(c.type)?.operations ?? []).map((op) => ({
      operation: `${c.type}.${op.id}`,
      connectionId: c.id,
      requireApproval: false,
    })),
  );
}

/**
 * Adds the member's message and starts the turn that answers it.
 *
 * @throws AppError CONFLICT while the conversation's previous turn is still running.
 */
export async function sendMessage(
  scope: Scope,
  input: { conversationId: string; content: string },
): Promise<{ turnId: string }> {
  const conversation = await ownConversation(scope, input.conversationId);
  const { services } = scope;
  const config = services.config;
  const turnId = randomUUID();
  const workflowId = chatWorkflowId(scope.tenantId, conversation.id, turnId);
  const opened = await insertTurn(scope.em, {
    id: turnId,
    tenantId: scope.tenantId,
    conversationId: conversation.id,
    workflowId,
  });
  if (!opened) throw new AppError('CONFLICT', 'the agent is still answering the previous message');
  await insertMessages(scope.em, scope.tenantId, conversation.id, turnId, [
    { id: randomUUID(), kind: 'user', persona: null, content: input.content, data: {} },
  ]);
  const [messages, tools, outbound] = await Promise.all([
    messagesOf(scope.em, scope.tenantId, conversation.id),
    tenantTools(scope),
    outboundPolicyOf(scope.em, scope.tenantId),
  ]);
  try {
    await services.chat.start({
      tenantId: scope.tenantId,
      conversationId: conversation.id,
      turnId,
      persona: conversation.persona,
      history: historyOf(messages),
      ...(conversation.connectionId ? { connectionId: conversation.connectionId } : {}),
      model: conversation.model,
      tools,
      approvers: { users: [], roles: [...DECIDING_ROLES] },
      limits: AgentLimitsSchema.parse({}),
      outbound,
      maxOutputBytes: config.NODE_OUTPUT_MAX_BYTES,
      platformTaskQueue: config.TEMPORAL_PLATFORM_TASK_QUEUE,
    });
  } catch (error) {
    await closeTurn(scope.em, scope.tenantId, turnId, 'failed');
    throw new AppError(
      'UNAVAILABLE',
      `the workflow engine did not start the turn (${(error as Error).name})`,
    );
  }
  return { turnId };
}
