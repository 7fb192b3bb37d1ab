// The record shortcut: Space, when the focus is not somewhere Space already means something. Pure.

export const RECORD_SHORTCUT = 'Space';
export const RECORD_SHORTCUT_LABEL = 'Space bar';

export interface KeyLike {
  code: string;
  key: string;
  repeat: boolean;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
  defaultPrevented: boolean;
  target: EventTarget | null;
}

/** Elements where Space types, scrolls a list, ticks a box or presses a control: leave it to them. */
const OWNS_SPACE = new Set(['INPUT', 'TEXTAREA', 'SELECT', 'BUTTON', 'A', 'SUMMARY', 'OPTION', 'AUDIO', 'VIDEO']);

export function isRecordShortcut(e: KeyLike): boolean {
  if (e.code !== 'Space' && e.key !== ' ') return false;
  if (e.repeat || e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || e.shiftKey) return false;
  const target = e.target as { tagName?: string; isContentEditable?: boolean; closest?: (s: string) => unknown } | null;
  if (!target?.tagName) return true;
  if (OWNS_SPACE.has(target.tagName.toUpperCase()) || target.isContentEditable) return false;
  // Widgets built from plain elements announce themselves by role; in the transcript (a log) Space scrolls.
  return !target.closest?.(
    '[role=log],[role=button],[role=checkbox],[role=radio],[role=switch],[role=menuitem],[role=option],[role=slider],[role=textbox],[contenteditable=""],[contenteditable=true]',
  );
}
