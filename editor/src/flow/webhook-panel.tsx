import { useId, useState } from 'react';
import { useMutation, useQuery } from '@tanstack/react-query';
import type { NodeInstance } from '@bizosaas/shared';
import { errorMessage } from '../api/client';
import { useMe } from '../api/session';
import { useTRPC } from '../api/trpc';
import { curlLine } from './curl-line';

/** A value to read and copy: a read-only text field (the curl line wraps in a text area). */
function CopyField({
  label,
  value,
  copy = true,
  rows,
}: {
  label: string;
  value: string;
  copy?: boolean;
  rows?: number;
}) {
  const id = useId();
  const [copied, setCopied] = useState(false);
  return (
    <div className="field">
      <label htmlFor={id} className="field-label">
        {label}
      </label>
      <div className="field-inline">
        {rows ? (
          <textarea
            id={id}
            className="input mono webhook-value"
            rows={rows}
            readOnly
            value={value}
          />
        ) : (
          <input id={id} className="input mono webhook-value" readOnly value={value} />
        )}
        {copy && (
          <button
            type="button"
            className="button"
            aria-label={`Copy ${label.toLowerCase()}`}
            onClick={() =>
              void navigator.clipboard
                ?.writeText(value)
                .then(() => setCopied(true))
                .catch(() => setCopied(false))
            }
          >
            Copy
          </button>
        )}
        {copied && (
          <span className="field-help" role="status">
            Copied
          </span>
        )}
      </div>
    </div>
  );
}

/**
 * Where a webhook trigger listens once published: its URL, its secret (hidden until a builder
 * reveals or rotates it) and a curl line to try it. Before the first publish there is no endpoint.
 */
export function WebhookPanel({
  flowId,
  node,
  canManage,
}: {
  flowId: string;
  node: NodeInstance;
  canManage: boolean;
}) {
  const slug = useMe().data?.tenant?.slug;
  const trpc = useTRPC();
  const endpoint = useQuery(trpc.webhooks.get.queryOptions({ flowId }));
  const [secret, setSecret] = useState<string>();
  const reveal = useMutation(
    trpc.webhooks.revealSecret.mutationOptions({ onSuccess: (r) => setSecret(r.secret) }),
  );
  const rotate = useMutation(
    trpc.webhooks.rotateSecret.mutationOptions({ onSuccess: (r) => setSecret(r.secret) }),
  );
  const [confirmRotate, setConfirmRotate] = useState(false);
  const failed = reveal.error ?? rotate.error;

  if (endpoint.isPending || !slug) return null;
  const hook = endpoint.data;
  if (!hook)
    return (
      <section className="webhook-panel" aria-label="Webhook URL">
        <h3 className="panel-title">Webhook URL</h3>
        <p className="field-help">Publish the flow to get its URL and secret.</p>
      </section>
    );
  const url = `${window.location.origin}/hooks/${slug}/${hook.path}`;
  const testUrl = `${window.location.origin}/hooks/${slug}/test/${hook.path}`;
  const draftPath = node.params.path;
  return (
    <section className="webhook-panel" aria-label="Webhook URL">
      <h3 className="panel-title">Webhook URL</h3>
      <CopyField label="Production URL" value={url} />
      <p className="field-help">
        {hook.active ? 'Listening' : 'Paused: calls are refused until the flow is active again'}
        {` · ${hook.method} · ${hook.responseMode === 'sync' ? 'answers with the result' : 'answers 202 with the run id'}`}
        {typeof draftPath === 'string' &&
          draftPath !== hook.path &&
          ` · publish to move it to /${draftPath}`}
      </p>
      <CopyField label="Test URL" value={testUrl} />
      <p className="field-help">
        Runs the current draft as a test run, with the same secret: try a change before publishing
        it.
      </p>
      {secret ? (
        <>
          <CopyField label="Secret" value={secret} />
          <p className="field-help">Callers send it with every request; rotate it if it leaks.</p>
          <CopyField label="Try it with curl" value={curlLine(url, hook, secret)} rows={4} />
        </>
      ) : (
        <>
          <CopyField label="Secret" value="•••••••• (hidden)" copy={false} />
          <CopyField label="Try it with curl" value={curlLine(url, hook, 'YOUR_SECRET')} rows={4} />
        </>
      )}
      {canManage && (
        <div className="field-inline">
          {!secret && (
            <button
              type="button"
              className="button"
              onClick={() => reveal.mutate({ flowId })}
              disabled={reveal.isPending}
            >
              Reveal secret
            </button>
          )}
          {secret && (
            <button type="button" className="button" onClick={() => setSecret(undefined)}>
              Hide secret
            </button>
          )}
          {confirmRotate ? (
            <>
              <span className="field-help">The old secret stops working.</span>
              <button
                type="button"
                className="button button-danger"
                onClick={() => {
                  setConfirmRotate(false);
                  rotate.mutate({ flowId });
                }}
              >
                Rotate now
              </button>
              <button type="button" className="button" onClick={() => setConfirmRotate(false)}>
                Keep it
              </button>
            </>
          ) : (
            <button
              type="button"
              className="button"
              onClick={() => setConfirmRotate(true)}
              disabled={rotate.isPending}
            >
              Rotate secret
            </button>
          )}
        </div>
      )}
      {failed && (
        <p className="field-problems error" role="alert">
          {errorMessage(failed)}
        </p>
      )}
    </section>
  );
}
