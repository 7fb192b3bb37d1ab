// Puts dictated text into a text field at the cursor (replacing any selection), with a space before and
// after where the neighbouring text needs one. Pure: value and selection in, value and caret out.

export interface Inserted {
  value: string;
  caret: number;
}

export function insertAtCursor(value: string, start: number, end: number, text: string): Inserted {
  const before = value.slice(0, start);
  const after = value.slice(end);
  const lead = before && !/\s$/.test(before) ? ' ' : '';
  const trail = after && !/^\s/.test(after) ? ' ' : '';
  const inserted = lead + text.trim() + trail;
  return { value: before + inserted + after, caret: before.length + inserted.length - trail.length };
}
