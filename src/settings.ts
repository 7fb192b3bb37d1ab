// Settings and performance profiles. Profiles are data: each is a named set of knobs.
import type { DevicePreference, ModelName, ProfileName } from '../workers/protocol';
import type { SegmenterOptions } from '../workers/vad/segmenter';
import type { EnergyGateOptions } from '../workers/vad/energy-gate';
import { defaultEnergyGateOptions } from '../workers/vad/energy-gate';

export interface Profile {
  model: ModelName;
  device: DevicePreference;
  /** wasm threads for Whisper (the VAD always uses one). */
  asrThreads: number;
  gate: EnergyGateOptions;
  segmenter: Partial<SegmenterOptions>;
}

const cores = typeof navigator !== 'undefined' ? navigator.hardwareConcurrency || 2 : 2;

export const PROFILES: Record<ProfileName, Profile> = {
  balanced: {
    model: 'whisper-tiny',
    device: 'auto',
    asrThreads: Math.min(4, cores),
    gate: defaultEnergyGateOptions,
    segmenter: { redemptionMs: 600 },
  },
  performance: {
    model: 'whisper-base',
    device: 'auto',
    asrThreads: Math.min(8, cores),
    gate: { ...defaultEnergyGateOptions, marginDb: 4 },
    segmenter: { redemptionMs: 500 },
  },
  'power-saver': {
    model: 'whisper-tiny',
    device: 'wasm',
    asrThreads: 1,
    gate: { ...defaultEnergyGateOptions, marginDb: 9 },
    segmenter: { redemptionMs: 700 },
  },
};

export interface Settings {
  profile: ProfileName;
  model: ModelName;
  device: DevicePreference;
  /** A Whisper language code (`en`, `de`, …) or `auto`. */
  language: string;
}

export const MODELS: ModelName[] = ['whisper-tiny', 'whisper-base'];
const DEVICES: DevicePreference[] = ['auto', 'webgpu', 'wasm'];
const LANGUAGE = /^(auto|[a-z]{2,3})$/;

export function isProfile(v: unknown): v is ProfileName {
  return typeof v === 'string' && v in PROFILES;
}

/** Defaults ← profile ← stored settings ← URL query (one page load only). */
export function resolveSettings(query: URLSearchParams, stored: Partial<Settings> = {}): Settings {
  const profile = isProfile(query.get('profile')) ? (query.get('profile') as ProfileName) : isProfile(stored.profile) ? stored.profile : 'balanced';
  const base = PROFILES[profile];
  const pick = <T>(key: keyof Settings, ok: (v: unknown) => boolean, fallback: T): T => {
    const q = query.get(key);
    if (q !== null && ok(q)) return q as T;
    if (ok(stored[key])) return stored[key] as T;
    return fallback;
  };
  return {
    profile,
    model: pick('model', (v) => MODELS.includes(v as ModelName), base.model),
    device: pick('device', (v) => DEVICES.includes(v as DevicePreference), base.device),
    language: pick('language', (v) => typeof v === 'string' && LANGUAGE.test(v), 'en'),
  };
}
