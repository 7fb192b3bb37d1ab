import { describe, expect, it } from 'vitest';
import { applyVoiceCommands, voiceCommandsApply } from '../src/voice-commands';

describe('voice commands', () => {
  it('turns spoken punctuation into marks, with Whisper’s own marks around the word dropped', () => {
    expect(applyVoiceCommands('Hello comma how are you question mark')).toBe('Hello, how are you?');
    expect(applyVoiceCommands('Hello, comma, how are you? Question mark.')).toBe('Hello, how are you?');
    expect(applyVoiceCommands('It works period thanks exclamation mark')).toBe('It works. Thanks!');
    expect(applyVoiceCommands('Dear team colon the plan semicolon then more full stop')).toBe('Dear team: the plan; then more.');
  });

  it('lays out lines and paragraphs, starting each with a capital', () => {
    expect(applyVoiceCommands('First line. New line. second line new paragraph third part.')).toBe(
      'First line\nSecond line\n\nThird part.',
    );
  });

  it('leaves words that only contain a command word alone', () => {
    expect(applyVoiceCommands('The periodic table and a colonial house.')).toBe('The periodic table and a colonial house.');
    expect(applyVoiceCommands('Plain text.')).toBe('Plain text.');
  });

  it('applies to English only, and only when chosen', () => {
    expect(voiceCommandsApply(true, 'en')).toBe(true);
    expect(voiceCommandsApply(true, 'de')).toBe(false);
    expect(voiceCommandsApply(true, 'auto')).toBe(false);
    expect(voiceCommandsApply(false, 'en')).toBe(false);
  });
});
