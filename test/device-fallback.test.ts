import { describe, expect, it } from 'vitest';
import { deviceFallbackMessage, fallbackDevice } from '../src/device-fallback';
import { fileErrorMessage, inParens, microphoneErrorMessage, modelLoadErrorMessage } from '../src/errors';

describe('fallbackDevice', () => {
  it('steps down from WebGPU to Automatic to WebAssembly, and stops there', () => {
    const gpuError = new Error('Failed to get GPU adapter');
    expect(fallbackDevice('webgpu', gpuError)).toBe('auto');
    expect(fallbackDevice('auto', gpuError)).toBe('wasm');
    expect(fallbackDevice('wasm', gpuError)).toBeNull();
  });

  it('does not blame the processor for a missing network or a damaged file', () => {
    expect(
      fallbackDevice('webgpu', new Error('Could not download x: the network is unavailable and the file is not cached yet.')),
    ).toBeNull();
    expect(fallbackDevice('webgpu', Object.assign(new Error('x failed its integrity check'), { name: 'ModelIntegrityError' }))).toBeNull();
    expect(fallbackDevice('auto', new Error('`local_files_only=true` or `env.allowRemoteModels=false` and file was not found'))).toBeNull();
  });

  it('says what happened and what the setting is now', () => {
    expect(deviceFallbackMessage('webgpu', 'auto')).toMatch(/could not start on WebGPU .* Processor setting is now Automatic\.$/);
  });
});

describe('modelLoadErrorMessage', () => {
  it('puts a model missing offline in plain words, without the library text', () => {
    const err = new Error('`local_files_only=true` or `env.allowRemoteModels=false` and file was not found locally at "/models/x.json".');
    const message = modelLoadErrorMessage(err, 'whisper-base');
    expect(message).toMatch(/^Whisper base is not on this device yet/);
    expect(message).not.toMatch(/local_files_only|allowRemoteModels/);
    expect(modelLoadErrorMessage(err, 'constructor')).toMatch(/^This speech model is not on this device yet/);
  });
});

describe('messages never end in empty parentheses', () => {
  it('leaves the parentheses out when the error has no words', () => {
    expect(inParens(new DOMException('', 'QuotaExceededError'))).toBe('');
    expect(inParens(new Error('  '))).toBe('');
    expect(inParens(undefined)).toBe('');
    expect(inParens(new Error('disk busy'))).toBe(' (disk busy)');
    expect(microphoneErrorMessage(new Error(''))).toBe('The microphone could not be started.');
    expect(fileErrorMessage('a.wav', new Error(''))).toBe(
      '“a.wav” could not be read as audio (unsupported or corrupt file). Try a WAV, MP3, OGG or M4A file.',
    );
  });
});
