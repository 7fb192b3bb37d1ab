// Settings and performance profiles. Profiles are data: each is a named set of knobs.
import type { DevicePreference, ModelName, ProfileName } from '../workers/protocol';
import { defaultEnergyGateOptions } from '../workers/vad/energy-gate';
import type { TieredVadOptions } from '../workers/vad/tiered-vad';

export interface Profile {
  model: ModelName;
  device: DevicePreference;
  /** wasm threads for Whisper (the VAD always uses one). */
  asrThreads: number;
  /** Energy gate, segmentation, and Silero's cadence in long silence. */
  vad: TieredVadOptions;
  /** How often partial text is refreshed while speaking (0 = only at pauses). */
  partialIntervalMs: number;
  /** Whisper's weights are freed after this long without speech, and reloaded from the cache on the next. */
  idleUnloadMs: number;
  /** Queued finals decoded in one model call. */
  maxBatch: number;
}

const cores = typeof navigator !== 'undefined' ? navigator.hardwareConcurrency || 2 : 2;

export const PROFILES: Record<ProfileName, Profile> = {
  balanced: {
    model: 'whisper-tiny',
    device: 'auto',
    asrThreads: Math.min(4, cores),
    vad: { gate: defaultEnergyGateOptions, segmenter: { redemptionMs: 600 }, longSilenceMs: 3000, silenceStride: 1 },
    partialIntervalMs: 1000,
    idleUnloadMs: 5 * 60_000,
    maxBatch: 4,
  },
  performance: {
    model: 'whisper-base',
    device: 'auto',
    asrThreads: Math.min(8, cores),
    vad: { gate: { ...defaultEnergyGateOptions, marginDb: 5 }, segmenter: { redemptionMs: 500 }, longSilenceMs: 3000, silenceStride: 1 },
    partialIntervalMs: 700,
    idleUnloadMs: 30 * 60_000,
    maxBatch: 4,
  },
  'power-saver': {
    model: 'whisper-tiny',
    device: 'wasm',
    asrThreads: 1,
    vad: { gate: { ...defaultEnergyGateOptions, marginDb: 10 }, segmenter: { redemptionMs: 700 }, longSilenceMs: 2000, silenceStride: 3 },
    partialIntervalMs: 2500,
    idleUnloadMs: 60_000,
    maxBatch: 2,
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
