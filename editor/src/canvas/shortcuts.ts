/** The canvas's keyboard commands; the help overlay is generated from this table. */
export type ShortcutAction =
  | 'undo'
  | 'redo'
  | 'copy'
  | 'cut'
  | 'paste'
  | 'duplicate'
  | 'delete'
  | 'selectAll'
  | 'layout'
  | 'fitView'
  | 'find'
  | 'addNote'
  | 'help'
  | 'escape';

export interface Shortcut {
  action: ShortcutAction;
  keys: string;
  description: string;
  matches(e: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'shiftKey' | 'altKey'>): boolean;
}

const mod = (e: { ctrlKey: boolean; metaKey: boolean }) => e.ctrlKey || e.metaKey;
const plain = (e: { ctrlKey: boolean; metaKey: boolean; altKey: boolean }) =>
  !e.ctrlKey && !e.metaKey && !e.altKey;

export const SHORTCUTS: Shortcut[] = [
  {
    action: 'undo',
    keys: 'Ctrl+Z',
    description: 'Undo',
    matches: (e) => mod(e) && !e.shiftKey && e.key.toLowerCase() === 'z',
  },
  {
    action: 'redo',
    keys: 'Ctrl+Shift+Z / Ctrl+Y',
    description: 'Redo',
    matches: (e) =>
      mod(e) && ((e.shiftKey && e.key.toLowerCase() === 'z') || e.key.toLowerCase() === 'y'),
  },
  {
    action: 'copy',
    keys: 'Ctrl+C',
    description: 'Copy selection (as JSON, pastes into other tabs)',
    matches: (e) => mod(e) && e.key.toLowerCase() === 'c',
  },
  {
    action: 'cut',
    keys: 'Ctrl+X',
    description: 'Cut selection',
    matches: (e) => mod(e) && e.key.toLowerCase() === 'x',
  },
  {
    action: 'paste',
    keys: 'Ctrl+V',
    description: 'Paste',
    matches: (e) => mod(e) && e.key.toLowerCase() === 'v',
  },
  {
    action: 'duplicate',
    keys: 'Ctrl+D',
    description: 'Duplicate selection',
    matches: (e) => mod(e) && e.key.toLowerCase() === 'd',
  },
  {
    action: 'selectAll',
    keys: 'Ctrl+A',
    description: 'Select everything',
    matches: (e) => mod(e) && e.key.toLowerCase() === 'a',
  },
  {
    action: 'delete',
    keys: 'Delete / Backspace',
    description: 'Delete selection',
    matches: (e) => plain(e) && (e.key === 'Delete' || e.key === 'Backspace'),
  },
  {
    action: 'layout',
    keys: 'Shift+L',
    description: 'Auto-layout',
    matches: (e) => plain(e) && e.shiftKey && e.key.toLowerCase() === 'l',
  },
  {
    action: 'fitView',
    keys: 'Shift+1',
    description: 'Fit the flow in view',
    matches: (e) => plain(e) && e.shiftKey && (e.key === '!' || e.key === '1'),
  },
  {
    action: 'find',
    keys: '/',
    description: 'Find a node by name or type, and go to it',
    matches: (e) => plain(e) && e.key === '/',
  },
  {
    action: 'addNote',
    keys: 'N',
    description: 'Add a sticky note',
    matches: (e) => plain(e) && !e.shiftKey && e.key.toLowerCase() === 'n',
  },
  {
    action: 'help',
    keys: '?',
    description: 'Show these shortcuts',
    matches: (e) => plain(e) && e.key === '?',
  },
  {
    action: 'escape',
    keys: 'Esc',
    description: 'Clear selection / close',
    matches: (e) => e.key === 'Escape',
  },
];

export function shortcutFor(e: Parameters<Shortcut['matches']>[0]): ShortcutAction | undefined {
  return SHORTCUTS.find((s) => s.matches(e))?.action;
}

/** Typing in a field keeps its own keys (undo in a text box undoes text, not the canvas). */
export function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return (
    target.isContentEditable ||
    target.tagName === 'INPUT' ||
    target.tagName === 'TEXTAREA' ||
    target.tagName === 'SELECT'
  );
}
