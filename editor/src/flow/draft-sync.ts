import { useEffect, useState, useSyncExternalStore } from 'react';
import { api, errorCode, errorDetails, errorMessage, keepaliveApi } from '../api/client';
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
          saveOnExit: (expected, graph) =>
            keepaliveApi.flows.saveDraft.mutate({ flowId, revision: expected, graph }),
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
    // An edit made within the autosave delay of closing the tab would be lost: hiding or leaving
    // the page sends it at once, and the browser asks before leaving while edits could still be
    // lost (a save that cannot outlive the page, a conflict, a failed save).
    const onVisibility = () => {
      if (document.visibilityState === 'hidden') saver.saveBeforeExit();
    };
    const onPageHide = () => saver.saveBeforeExit();
    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      saver.saveBeforeExit();
      if (saver.atRisk) event.preventDefault();
    };
    document.addEventListener('visibilitychange', onVisibility);
    window.addEventListener('pagehide', onPageHide);
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => {
      document.removeEventListener('visibilitychange', onVisibility);
      window.removeEventListener('pagehide', onPageHide);
      window.removeEventListener('beforeunload', onBeforeUnload);
      void saver.dispose();
    };
  }, [saver]);
  const state = useSyncExternalStore(saver.subscribe, saver.getSnapshot);
  return { saver, state };
}
