import { useEffect, useState, useSyncExternalStore } from 'react';
import { api, errorCode, errorDetails, errorMessage } from '../api/client';
import type { CanvasStore } from '../canvas/store';
import { DraftSaver } from './draft-saver';

/** A flow's draft on the server, autosaved from the canvas (see `DraftSaver`). */
export function useDraftSync(store: CanvasStore, flowId: string, revision: number) {
  const [saver] = useState(
    () =>
      new DraftSaver(
        store,
        {
          save: (expected, graph) =>
            api.flows.saveDraft.mutate({ flowId, revision: expected, graph }),
          load: () => api.flows.get.query({ flowId }),
          conflictRevision: (error) =>
            errorCode(error) === 'CONFLICT'
              ? errorDetails<{ currentRevision?: number }>(error)?.currentRevision
              : undefined,
          message: errorMessage,
        },
        revision,
      ),
  );
  useEffect(() => {
    saver.start();
    return () => void saver.dispose();
  }, [saver]);
  const state = useSyncExternalStore(saver.subscribe, saver.getSnapshot);
  return { saver, state };
}
