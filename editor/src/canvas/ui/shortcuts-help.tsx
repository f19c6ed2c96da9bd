import { useEffect, useRef } from 'react';
import { SHORTCUTS } from '../shortcuts';

/** The keyboard shortcuts overlay, a modal dialog that returns focus when closed. */
export function ShortcutsHelp({ onClose }: { onClose(): void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    dialog.current?.showModal();
  }, []);
  return (
    <dialog ref={dialog} className="dialog" aria-labelledby="shortcuts-title" onClose={onClose}>
      <h2 id="shortcuts-title">Keyboard shortcuts</h2>
      <table className="shortcuts-table">
        <tbody>
          {SHORTCUTS.map((s) => (
            <tr key={s.action}>
              <td>
                <kbd>{s.keys}</kbd>
              </td>
              <td>{s.description}</td>
            </tr>
          ))}
          {/* Keys handled by the focused port itself (ui/flow-node.tsx), not by the canvas. */}
          <tr>
            <td>
              <kbd>Tab</kbd>, <kbd>Enter</kbd>
            </td>
            <td>
              Focus a port and press Enter, then Enter on a port of the other node: connects them
              (Escape cancels)
            </td>
          </tr>
        </tbody>
      </table>
      <form method="dialog">
        <button className="button button-primary" autoFocus>
          Close
        </button>
      </form>
    </dialog>
  );
}
