import { useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useParams } from 'react-router';
import { findPersona } from '@bizosaas/nodes';
import { api } from '../api/client';
import { can } from '../api/roles';
import { useRole } from '../api/session';
import { useTRPC } from '../api/trpc';
import { NewChatForm } from '../chat/new-chat-form';
import { Transcript } from '../chat/transcript';
import { useConversation, useConversations } from '../chat/use-conversation';
import { usePartialAnswer } from '../chat/use-partial-answer';
import { ErrorNote, Page } from '../ui/page';
import '../chat/chat.css';

/**
 * AI agents chat: talk to a persona, or to the orchestrator that routes each request to one. The
 * agent works with the workspace's connections; a write waits for approval right in the chat.
 */
export default function AgentChatPage() {
  const { conversationId } = useParams();
  const navigate = useNavigate();
  const role = useRole();
  const list = useConversations();
  if (!can.operate(role))
    return (
      <Page title="AI agents chat">
        <p className="empty">
          Your role cannot chat with agents: they act on the connected systems.
        </p>
      </Page>
    );
  return (
    <Page title="AI agents chat">
      <div className="chat">
        <aside className="chat-side" aria-label="Conversations">
          <NewChatForm onCreated={(id) => void navigate(`/chat/${id}`)} />
          <ErrorNote error={list.error} />
          <ul role="list" className="chat-list">
            {(list.data ?? []).map((c) => (
              <li key={c.id}>
                <Link
                  to={`/chat/${c.id}`}
                  aria-current={c.id === conversationId ? 'page' : undefined}
                >
                  {c.title}
                </Link>
              </li>
            ))}
          </ul>
        </aside>
        {conversationId ? (
          <Conversation key={conversationId} conversationId={conversationId} />
        ) : (
          <p className="empty">Start a chat, or open one of yours.</p>
        )}
      </div>
    </Page>
  );
}

function Conversation({ conversationId }: { conversationId: string }) {
  const client = useQueryClient();
  const trpc = useTRPC();
  const conversation = useConversation(conversationId);
  const partial = usePartialAnswer(conversationId, conversation.data?.messages ?? []);
  const [draft, setDraft] = useState('');
  const send = useMutation({
    mutationFn: (content: string) => api.chat.send.mutate({ conversationId, content }),
    onSuccess: () => {
      setDraft('');
      void client.invalidateQueries({ queryKey: trpc.chat.get.queryKey({ conversationId }) });
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (draft.trim()) send.mutate(draft.trim());
  };
  if (conversation.isPending) return <p className="muted">Loading the conversation…</p>;
  if (conversation.isError) return <ErrorNote error={conversation.error} />;
  const data = conversation.data;
  const persona = findPersona(data.persona);
  return (
    <section className="chat-main" aria-label={data.title}>
      <h2 className="section-title">{data.title}</h2>
      {persona && <p className="muted small">{persona.role}</p>}
      <Transcript messages={data.messages} partial={partial} />
      {data.running && (
        <p role="status" className="muted">
          The agent is working…
        </p>
      )}
      <form className="chat-composer" onSubmit={submit}>
        <label htmlFor="chat-message" className="visually-hidden">
          Message
        </label>
        <textarea
          id="chat-message"
          className="input"
          rows={2}
          value={draft}
          placeholder="Ask the agent…"
          onChange={(e) => setDraft(e.target.value)}
        />
        <ErrorNote error={send.error} />
        <button
          type="submit"
          className="button primary"
          disabled={send.isPending || data.running !== null}
        >
          Send
        </button>
      </form>
    </section>
  );
}
