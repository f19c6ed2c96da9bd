// The chat's rows in PostgreSQL. Every query names the tenant, and conversations also their
// member: a conversation is its member's own.
import type { EntityManager } from '@mikro-orm/postgresql';
import type { ChatMessageInput } from '@bizosaas/runtime';

type Executor = Pick<EntityManager, 'execute'>;

export interface ConversationRow {
  id: string;
  persona: string;
  title: string;
  connectionId: string | null;
  model: string;
  createdAt: Date;
  updatedAt: Date;
}

export interface MessageRow {
  id: string;
  turnId: string;
  kind: ChatMessageInput['kind'] | 'user';
  persona: string | null;
  content: string;
  data: Record<string, unknown>;
  createdAt: Date;
}

export interface TurnRow {
  id: string;
  status: 'running' | 'done' | 'failed';
  workflowId: string;
}

const CONVERSATION_COLUMNS = `id, persona, title, connection_id AS "connectionId", model,
  created_at AS "createdAt", updated_at AS "updatedAt"`;

export async function insertConversation(
  em: Executor,
  row: { id: string; tenantId: string; userId: string } & Pick<
    ConversationRow,
    'persona' | 'title' | 'connectionId' | 'model'
  >,
): Promise<void> {
  await em.execute(
    `INSERT INTO chat_conversations (id, tenant_id, user_id, persona, title, connection_id, model)
      VALUES (?, ?, ?, ?, ?, ?, ?)`,
    [row.id, row.tenantId, row.userId, row.persona, row.title, row.connectionId, row.model],
  );
}

export function conversationsOf(
  em: Executor,
  tenantId: string,
  userId: string,
  limit: number,
): Promise<ConversationRow[]> {
  return em.execute<ConversationRow[]>(
    `SELECT ${CONVERSATION_COLUMNS} FROM chat_conversations
      WHERE tenant_id = ? AND user_id = ? ORDER BY updated_at DESC LIMIT ?`,
    [tenantId, userId, limit],
  );
}

export async function findConversation(
  em: Executor,
  tenantId: string,
  userId: string,
  id: string,
): Promise<ConversationRow | undefined> {
  const [row] = await em.execute<ConversationRow[]>(
    `SELECT ${CONVERSATION_COLUMNS} FROM chat_conversations
      WHERE tenant_id = ? AND user_id = ? AND id = ?`,
    [tenantId, userId, id],
  );
  return row;
}

export function messagesOf(
  em: Executor,
  tenantId: string,
  conversationId: string,
): Promise<MessageRow[]> {
  return em.execute<MessageRow[]>(
    `SELECT id, turn_id AS "turnId", kind, persona, content, data, created_at AS "createdAt"
      FROM chat_messages WHERE tenant_id = ? AND conversation_id = ? ORDER BY seq`,
    [tenantId, conversationId],
  );
}

/** Appends transcript lines; a line already stored (a retried activity) is kept as it was. */
export async function insertMessages(
  em: Executor,
  tenantId: string,
  conversationId: string,
  turnId: string,
  messages: (Omit<ChatMessageInput, 'kind'> & { kind: MessageRow['kind'] })[],
): Promise<void> {
  for (const m of messages) {
    await em.execute(
      `INSERT INTO chat_messages (id, tenant_id, conversation_id, turn_id, kind, persona, content, data)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?::jsonb) ON CONFLICT (id) DO NOTHING`,
      [
        m.id,
        tenantId,
        conversationId,
        turnId,
        m.kind,
        m.persona,
        m.content,
        JSON.stringify(m.data),
      ],
    );
  }
  await em.execute(
    'UPDATE chat_conversations SET updated_at = now() WHERE tenant_id = ? AND id = ?',
    [tenantId, conversationId],
  );
}

/**
 * Opens a turn; false when one of the conversation's turns is still running (the unique index
 * on running turns decides, so two sends at once cannot both start one).
 */
export async function insertTurn(
  em: Executor,
  row: { id: string; tenantId: string; conversationId: string; workflowId: string },
): Promise<boolean> {
  const rows = await em.execute<{ id: string }[]>(
    `INSERT INTO chat_turns (id, tenant_id, conversation_id, workflow_id) VALUES (?, ?, ?, ?)
      ON CONFLICT (conversation_id) WHERE status = 'running' DO NOTHING RETURNING id`,
    [row.id, row.tenantId, row.conversationId, row.workflowId],
  );
  return rows.length === 1;
}

export async function closeTurn(
  em: Executor,
  tenantId: string,
  turnId: string,
  status: 'done' | 'failed',
): Promise<void> {
  await em.execute(
    `UPDATE chat_turns SET status = ?, closed_at = now()
      WHERE tenant_id = ? AND id = ? AND status = 'running'`,
    [status, tenantId, turnId],
  );
}

export async function runningTurn(
  em: Executor,
  tenantId: string,
  conversationId: string,
): Promise<TurnRow | undefined> {
  const [row] = await em.execute<TurnRow[]>(
    `SELECT id, status, workflow_id AS "workflowId" FROM chat_turns
      WHERE tenant_id = ? AND conversation_id = ? AND status = 'running'`,
    [tenantId, conversationId],
  );
  return row;
}
