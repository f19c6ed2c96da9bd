import { useId, useState } from 'react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { api } from '../api/client';
import { useTRPC } from '../api/trpc';
import { ErrorNote, formatTime } from '../ui/page';
import { Modal } from './modal';
import { ACTIONS, Table } from '../ui/table';

/** Published versions of a flow: compare any two (or one with the draft), restore one into the draft. */
export function VersionsDialog({
  flowId,
  canRestore,
  beforeRestore,
  onRestored,
  onClose,
}: {
  flowId: string;
  canRestore: boolean;
  /** Saves pending edits and returns the revision a restore replaces. */
  beforeRestore(): Promise<number>;
  onRestored(): Promise<void>;
  onClose(): void;
}) {
  const navigate = useNavigate();
  const trpc = useTRPC();
  const versions = useQuery(trpc.flows.versions.queryOptions({ flowId }));
  const list = versions.data ?? [];
  const [from, setFrom] = useState<string>('');
  const [to, setTo] = useState<string>('draft');
  const ids = { from: useId(), to: useId() };
  const restore = useMutation({
    mutationFn: async (version: number) =>
      api.flows.restoreVersion.mutate({ flowId, version, revision: await beforeRestore() }),
    onSuccess: async () => {
      await onRestored();
      onClose();
    },
  });
  const compare = (a: string, b: string) =>
    void navigate(`/flows/${flowId}/compare?from=${a}&to=${b}`);
  const fromValue = from || String(list[1]?.version ?? list[0]?.version ?? '');

  return (
    <Modal title="Version history" onClose={onClose} wide>
      <ErrorNote error={versions.error ?? restore.error} />
      {versions.isPending ? (
        <p className="muted">Loading versions…</p>
      ) : list.length === 0 ? (
        <p className="muted">Nothing published yet. Publishing makes version 1.</p>
      ) : (
        <>
          <form
            className="inline-form"
            onSubmit={(e) => {
              e.preventDefault();
              compare(fromValue, to);
            }}
          >
            <label htmlFor={ids.from}>Compare</label>
            <select
              id={ids.from}
              className="input input-narrow"
              value={fromValue}
              onChange={(e) => setFrom(e.target.value)}
            >
              {list.map((v) => (
                <option key={v.version} value={v.version}>
                  v{v.version}
                </option>
              ))}
            </select>
            <label htmlFor={ids.to}>with</label>
            <select
              id={ids.to}
              className="input input-narrow"
              value={to}
              onChange={(e) => setTo(e.target.value)}
            >
              <option value="draft">Draft</option>
              {list.map((v) => (
                <option key={v.version} value={v.version}>
                  v{v.version}
                </option>
              ))}
            </select>
            <button type="submit" className="button button-primary">
              Show differences
            </button>
          </form>
          <Table columns={['Version', 'Published', 'Definition hash', ACTIONS]}>
            {list.map((v) => (
              <tr key={v.version}>
                <td>v{v.version}</td>
                <td>{formatTime(v.createdAt)}</td>
                <td className="mono small">{v.hash.slice(0, 12)}</td>
                <td className="row-actions">
                  <button
                    type="button"
                    className="button"
                    onClick={() => compare(String(v.version), 'draft')}
                  >
                    Compare with draft
                  </button>
                  {canRestore && (
                    <button
                      type="button"
                      className="button"
                      disabled={restore.isPending}
                      onClick={() => restore.mutate(v.version)}
                    >
                      Restore into draft
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </Table>
        </>
      )}
    </Modal>
  );
}
