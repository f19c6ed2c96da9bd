import { describe, expect, it } from 'vitest';
import { shortcutFor } from './shortcuts';

const key = (
  k: string,
  mods: Partial<{ ctrlKey: boolean; metaKey: boolean; shiftKey: boolean; altKey: boolean }> = {},
) => ({
  key: k,
  ctrlKey: false,
  metaKey: false,
  shiftKey: false,
  altKey: false,
  ...mods,
});

describe('shortcuts', () => {
  it('tells undo from redo, on Ctrl and on Cmd', () => {
    expect(shortcutFor(key('z', { ctrlKey: true }))).toBe('undo');
    expect(shortcutFor(key('Z', { metaKey: true, shiftKey: true }))).toBe('redo');
    expect(shortcutFor(key('y', { ctrlKey: true }))).toBe('redo');
  });

  it('maps the clipboard and layout keys', () => {
    expect(shortcutFor(key('c', { ctrlKey: true }))).toBe('copy');
    expect(shortcutFor(key('v', { ctrlKey: true }))).toBe('paste');
    expect(shortcutFor(key('L', { shiftKey: true }))).toBe('layout');
    expect(shortcutFor(key('?', { shiftKey: true }))).toBe('help');
    expect(shortcutFor(key('Delete'))).toBe('delete');
    expect(shortcutFor(key('/'))).toBe('find');
  });

  it('leaves plain letters alone', () => {
    expect(shortcutFor(key('x'))).toBeUndefined();
    expect(shortcutFor(key('l'))).toBeUndefined();
  });
});
