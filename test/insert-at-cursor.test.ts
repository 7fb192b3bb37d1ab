import { describe, expect, it } from 'vitest';
import { insertAtCursor } from '../examples/insert-at-cursor';

describe('insertAtCursor (the textarea demo)', () => {
  it('puts text at the caret with the spaces its neighbours need, caret after it', () => {
    expect(insertAtCursor('Before. After.', 7, 7, 'Hello.')).toEqual({ value: 'Before. Hello. After.', caret: 14 });
    expect(insertAtCursor('', 0, 0, ' Hello. ')).toEqual({ value: 'Hello.', caret: 6 });
    expect(insertAtCursor('Before. ', 8, 8, 'Hi.')).toEqual({ value: 'Before. Hi.', caret: 11 });
  });
  it('replaces a selection', () => {
    expect(insertAtCursor('one two three', 4, 7, 'TWO')).toEqual({ value: 'one TWO three', caret: 7 });
  });
});
