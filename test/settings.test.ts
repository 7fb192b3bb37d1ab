import { describe, expect, it } from 'vitest';
import {
  needsRebuild,
  patchStored,
  PROFILES,
  profileFor,
  readStoredSettings,
  rejectedParams,
  rejectedParamsMessage,
  resolveSettings,
  SETTINGS_KEY,
  type Settings,
} from '../src/settings';

const none = new URLSearchParams();

describe('resolveSettings', () => {
  it('defaults to the balanced profile with the new fields at their defaults', () => {
    expect(resolveSettings(none)).toMatchObject({
      profile: 'balanced',
      model: 'whisper-tiny',
      device: 'auto',
      language: 'en',
      micDeviceId: '',
      vadSensitivity: 'normal',
      theme: 'system',
    });
  });

  it('takes stored choices, lets the URL override them, and drops invalid values', () => {
    const stored = { model: 'whisper-base', vadSensitivity: 'high', theme: 'dark', micDeviceId: 'abc', language: 'de' } as const;
    const s = resolveSettings(new URLSearchParams('model=whisper-tiny&language=xx-invalid'), stored);
    expect(s.model).toBe('whisper-tiny');
    expect(s.language).toBe('de');
    expect(s).toMatchObject({ vadSensitivity: 'high', theme: 'dark', micDeviceId: 'abc' });
    const bad = resolveSettings(none, { vadSensitivity: 'loud', theme: 'pink', micDeviceId: 42 } as unknown as Partial<Settings>);
    expect(bad).toMatchObject({ vadSensitivity: 'normal', theme: 'system', micDeviceId: '' });
  });

  it('follows the profile for model and device unless chosen', () => {
    expect(resolveSettings(none, { profile: 'performance' })).toMatchObject({ model: 'whisper-base', device: 'auto' });
    expect(resolveSettings(none, { profile: 'power-saver' })).toMatchObject({ model: 'whisper-tiny', device: 'wasm' });
    expect(resolveSettings(none, { profile: 'power-saver', device: 'webgpu' }).device).toBe('webgpu');
  });
});

describe('patchStored', () => {
  it('merges a change into the stored choices', () => {
    expect(patchStored({ language: 'en' }, { model: 'whisper-base' })).toEqual({ language: 'en', model: 'whisper-base' });
  });

  it('hands model and device back to a newly chosen profile', () => {
    const next = patchStored({ profile: 'balanced', model: 'whisper-base', device: 'wasm', language: 'fr' }, { profile: 'performance' });
    expect(next).toEqual({ profile: 'performance', language: 'fr' });
    expect(resolveSettings(none, next)).toMatchObject({ model: 'whisper-base', device: 'auto', language: 'fr' });
  });

  it('keeps a model set in the same change as the profile, and keeps choices when the profile is unchanged', () => {
    expect(patchStored({ profile: 'balanced' }, { profile: 'performance', model: 'whisper-tiny' })).toEqual({
      profile: 'performance',
      model: 'whisper-tiny',
    });
    expect(patchStored({ profile: 'balanced', model: 'whisper-base' }, { profile: 'balanced' })).toEqual({
      profile: 'balanced',
      model: 'whisper-base',
    });
  });
});

describe('needsRebuild', () => {
  const base = resolveSettings(none);
  it('is true for what the workers are built with', () => {
    for (const patch of [
      { model: 'whisper-base' },
      { device: 'wasm' },
      { language: 'de' },
      { profile: 'performance' },
      { vadSensitivity: 'high' },
    ] as const)
      expect(needsRebuild(base, { ...base, ...patch })).toBe(true);
  });
  it('is false for the microphone and the theme (used at the next Record, or by the page)', () => {
    expect(needsRebuild(base, { ...base, micDeviceId: 'x', theme: 'dark' })).toBe(false);
  });
});

describe('profileFor', () => {
  it('shifts the gate margin and Silero thresholds by sensitivity, leaving the profile data untouched', () => {
    const before = JSON.stringify(PROFILES);
    const normal = profileFor({ profile: 'balanced', vadSensitivity: 'normal' });
    const high = profileFor({ profile: 'balanced', vadSensitivity: 'high' });
    const low = profileFor({ profile: 'balanced', vadSensitivity: 'low' });
    expect(normal.vad.gate.marginDb).toBe(PROFILES.balanced.vad.gate.marginDb);
    expect(high.vad.gate.marginDb).toBeLessThan(normal.vad.gate.marginDb);
    expect(low.vad.gate.marginDb).toBeGreaterThan(normal.vad.gate.marginDb);
    expect(high.vad.segmenter.positiveThreshold!).toBeLessThan(low.vad.segmenter.positiveThreshold!);
    expect(high.vad.segmenter.negativeThreshold!).toBeLessThan(high.vad.segmenter.positiveThreshold!);
    expect(low.vad.segmenter.redemptionMs).toBe(PROFILES.balanced.vad.segmenter.redemptionMs);
    expect(JSON.stringify(PROFILES)).toBe(before);
  });
});

describe('readStoredSettings', () => {
  const storage = (value: string | null) => ({ getItem: (k: string) => (k === SETTINGS_KEY ? value : null), setItem: () => undefined });
  it('reads the stored object and survives junk', () => {
    expect(readStoredSettings(storage('{"model":"whisper-base"}'))).toEqual({ model: 'whisper-base' });
    expect(readStoredSettings(storage('{not json'))).toEqual({});
    expect(readStoredSettings(storage('[1,2]'))).toEqual({});
    expect(readStoredSettings(storage('null'))).toEqual({});
    expect(readStoredSettings(null)).toEqual({});
  });
});

describe('URL parameters against the whitelist', () => {
  it('takes no profile from Object members', () => {
    for (const name of ['constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOf']) {
      const q = new URLSearchParams(`profile=${name}`);
      expect(resolveSettings(q).profile).toBe('balanced');
      expect(resolveSettings(none, { profile: name } as unknown as Partial<Settings>).profile).toBe('balanced');
      expect(rejectedParams(q).map((p) => p.name)).toEqual(['profile']);
    }
  });

  it('accepts only the languages Whisper knows, and auto', () => {
    expect(resolveSettings(new URLSearchParams('language=zz')).language).toBe('en');
    expect(resolveSettings(new URLSearchParams('language=de')).language).toBe('de');
    expect(resolveSettings(new URLSearchParams('language=auto')).language).toBe('auto');
    expect(resolveSettings(none, { language: 'zz' }).language).toBe('en');
  });

  it('names each rejected parameter with what it accepts, and ignores parameters that are no setting', () => {
    const q = new URLSearchParams('model=huge&device=tpu&logLevel=loud&language=zz&theme=dark&utm_source=x&debugAudio=yes');
    expect(rejectedParams(q).map((p) => p.name)).toEqual(['model', 'device', 'logLevel', 'language', 'debugAudio']);
    const message = rejectedParamsMessage(q);
    expect(message).toContain('“model=huge” was ignored: it accepts whisper-tiny, whisper-base.');
    expect(message).toContain('“logLevel=loud” was ignored: it accepts error, warn, info, debug.');
    expect(rejectedParamsMessage(new URLSearchParams('model=whisper-base&debugAudio=1'))).toBe('');
  });

  it('reads only own properties of the stored object', () => {
    const stored = Object.create({ model: 'whisper-base' }) as Partial<Settings>;
    expect(resolveSettings(none, stored).model).toBe('whisper-tiny');
  });
});
