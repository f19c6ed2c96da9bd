import { useEffect } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '../api/trpc';
import { ErrorNote } from '../ui/page';
import {
  ROLE_LABEL,
  stepTitle,
  toolStatus,
  transcriptsOf,
  usageLine,
  type AgentTranscript as Transcript,
  type TranscriptStep,
} from './agent-transcript-model';

/**
 * What an agent node did, step by step, from the decision log: the instructions and task, each
 * answer, each tool call with its arguments, approval and result, and tokens, cost and latency.
 * Refetched whenever the run's state is (`updatedAt`), so a running agent's steps appear as it
 * takes them.
 */
export function AgentTranscript({
  runId,
  nodeKey,
  updatedAt,
}: {
  runId: string;
  nodeKey: string;
  updatedAt: number;
}) {
  const trpc = useTRPC();
  const query = useQuery(trpc.runs.agentTranscript.queryOptions({ runId }));
  const { refetch } = query;
  useEffect(() => {
    void refetch();
  }, [refetch, updatedAt]);
  if (query.isError) return <ErrorNote error={query.error} />;
  if (!query.data) return <p className="muted small">Loading the transcript…</p>;
  const transcripts = transcriptsOf(query.data, nodeKey);
  if (transcripts.length === 0) return <p className="muted small">No agent steps logged yet.</p>;
  return (
    <section className="agent-transcript" aria-label="Agent transcript">
      {transcripts.map((t) => (
        <TranscriptOf key={t.nodeKey} transcript={t} />
      ))}
    </section>
  );
}

function TranscriptOf({ transcript }: { transcript: Transcript }) {
  return (
    <article className="json-block" aria-label={`Transcript of ${transcript.nodeName}`}>
      <h4>
        Transcript: {transcript.nodeName}{' '}
        <span className="muted small">
          {transcript.steps.length} steps · {usageLine(transcript.totals)}
        </span>
      </h4>
      <ol className="agent-steps">
        {transcript.steps.map((step) => (
          <Step key={step.step} step={step} />
        ))}
      </ol>
    </article>
  );
}

function Step({ step }: { step: TranscriptStep }) {
  return (
    <li className="agent-step">
      <h5>
        {stepTitle(step)} <span className="muted small">{usageLine(step)}</span>
      </h5>
      {step.prompt.map((m, i) => (
        <Message key={i} label={ROLE_LABEL[m.role] ?? m.role} text={m.content} />
      ))}
      {step.response.content !== '' && (
        <Message label={ROLE_LABEL.assistant as string} text={step.response.content} />
      )}
      {step.tools.map((t) => (
        <div key={t.call.id} className="agent-tool">
          <p className="small">
            <strong>{t.call.name}</strong> — {toolStatus(t)}
          </p>
          <pre tabIndex={0} aria-label={`${t.call.name} arguments`}>
            {JSON.stringify(t.call.args, null, 2)}
          </pre>
          {t.status !== 'rejected' && (
            <pre tabIndex={0} aria-label={`${t.call.name} result`}>
              {t.result}
            </pre>
          )}
        </div>
      ))}
    </li>
  );
}

function Message({ label, text }: { label: string; text: string }) {
  return (
    <div className="agent-message">
      <p className="small muted">{label}</p>
      <pre tabIndex={0}>{text}</pre>
    </div>
  );
}
