import { applyAll, invert, type Operation } from './operations';
import type { EditorDoc } from './document';

/** One user action as the history sees it: undone and redone as a whole. */
export interface Command {
  label: string;
  ops: Operation[];
  /**
   * Consecutive commands with the same key within `MERGE_WINDOW_MS` become one undo step, so typing
   * into a field undoes the whole edit rather than one keystroke.
   */
  mergeKey?: string;
}

export interface History {
  past: (Command & { at: number })[];
  future: Command[];
}

export const MERGE_WINDOW_MS = 1_000;
export const HISTORY_LIMIT = 200;

export const emptyHistory = (): History => ({ past: [], future: [] });

/**
 * Adds a command whose operations are already reflected in the document (a drag that moved nodes
 * live, frame by frame, is recorded once when it ends). Clears the redo stack.
 */
export function record(history: History, command: Command, now = Date.now()): History {
  if (command.ops.length === 0) return history;
  const last = history.past[history.past.length - 1];
  if (
    last &&
    command.mergeKey !== undefined &&
    last.mergeKey === command.mergeKey &&
    now - last.at < MERGE_WINDOW_MS
  ) {
    const merged = { ...last, ops: [...last.ops, ...command.ops], at: now };
    return { past: [...history.past.slice(0, -1), merged], future: [] };
  }
  const past = [...history.past, { ...command, at: now }];
  return { past: past.length > HISTORY_LIMIT ? past.slice(-HISTORY_LIMIT) : past, future: [] };
}

/** Applies a command to the document and records it. */
export function execute(doc: EditorDoc, history: History, command: Command, now = Date.now()) {
  return { doc: applyAll(doc, command.ops), history: record(history, command, now) };
}

export function undo(
  doc: EditorDoc,
  history: History,
): { doc: EditorDoc; history: History; label: string } | undefined {
  const last = history.past[history.past.length - 1];
  if (!last) return undefined;
  const inverse = last.ops.map(invert).reverse();
  return {
    doc: applyAll(doc, inverse),
    history: {
      past: history.past.slice(0, -1),
      future: [{ label: last.label, ops: last.ops }, ...history.future],
    },
    label: last.label,
  };
}

export function redo(
  doc: EditorDoc,
  history: History,
): { doc: EditorDoc; history: History; label: string } | undefined {
  const [next, ...future] = history.future;
  if (!next) return undefined;
  // `at: 0` so a redone command never merges with the next edit.
  return {
    doc: applyAll(doc, next.ops),
    history: { past: [...history.past, { ...next, at: 0 }], future },
    label: next.label,
  };
}
