import { findPersona } from '@bizosaas/nodes';
import { ApprovalCard } from './approval-card';
import type { ChatMessage } from './use-conversation';
import type { PartialAnswer } from './use-partial-answer';

const nameOf = (key: string | null) => (key ? (findPersona(key)?.name ?? key) : '');

interface ToolStep {
  name: string;
  args: unknown;
  status: 'ok' | 'failed' | 'refused' | 'rejected';
  result: string;
}

const STATUS: Record<ToolStep['status'], string> = {
  ok: 'done',
  failed: 'failed',
  refused: 'refused (not an allowed tool)',
  rejected: 'rejected by a person',
};

/**
 * The conversation, each line as it happened: routing, tool steps, approvals, answers; last, the
 * answer the agent is writing, if any, until its line lands.
 */
export function Transcript({
  messages,
  partial,
}: {
  messages: ChatMessage[];
  partial?: PartialAnswer | undefined;
}) {
  return (
    <ol className="chat-transcript" aria-label="Transcript">
      {messages.map((m) => (
        <li key={m.id} className={`chat-line chat-${m.kind}`}>
          <Line message={m} />
        </li>
      ))}
      {partial && (
        <li className="chat-line chat-partial" aria-busy="true">
          <p>
            <span className="chat-who">{nameOf(partial.persona)}</span> {partial.text}
          </p>
        </li>
      )}
    </ol>
  );
}

function Line({ message: m }: { message: ChatMessage }) {
  switch (m.kind) {
    case 'user':
      return (
        <p>
          <span className="chat-who">You</span> {m.content}
        </p>
      );
    case 'route':
      return <p className="muted small">Routed: {m.content}</p>;
    case 'step': {
      const tools = (m.data.tools ?? []) as ToolStep[];
      return (
        <div>
          <p className="small">
            <span className="chat-who">{nameOf(m.persona)}</span> {m.content || 'calls a tool.'}
          </p>
          <ul role="list" className="chat-tools">
            {tools.map((t, i) => (
              <li key={i}>
                <details>
                  <summary>
                    {t.name}: {STATUS[t.status]}
                  </summary>
                  <pre className="chat-json">{JSON.stringify(t.args, null, 2)}</pre>
                  <pre className="chat-json">{t.result}</pre>
                </details>
              </li>
            ))}
          </ul>
        </div>
      );
    }
    case 'approval':
      return <ApprovalCard taskId={String(m.data.taskId)} />;
    case 'answer':
      return (
        <p>
          <span className="chat-who">{nameOf(m.persona)}</span> {m.content}
        </p>
      );
    case 'error':
      return (
        <p role="alert" className="error">
          The agent stopped: {m.content}
        </p>
      );
  }
}
