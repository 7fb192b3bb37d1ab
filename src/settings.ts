// Settings and performance profiles. Profiles are data: each is a named set of knobs.
import type { DevicePreference, ModelName, ProfileName } from '../workers/protocol';
import { defaultEnergyGateOptions } from '../workers/vad/energy-gate';
import type { TieredVadOptions } from '../workers/vad/tiered-vad';
import { isLogLevel, LOG_LEVELS, type LogLevel } from '../workers/shared/logger';
import { isVocabulary, parseVocabulary } from './vocabulary';
import { AUTO_LANGUAGE, WHISPER_LANGUAGES } from './ui/languages';

export interface Profile {
  model: ModelName;
  device: DevicePreference;
  /** Most wasm threads for Whisper (the VAD always uses one); fewer where the machine or browser has fewer (see capabilities.ts). */
  asrThreads: number;
  /** Energy gate, segmentation, and Silero's cadence in long silence. */
  vad: TieredVadOptions;
  /** How often partial text is refreshed while speaking (0 = only at pauses). */
  partialIntervalMs: number;
  /** Whisper's weights are freed after this long without speech, and reloaded from the cache on the next. */
  idleUnloadMs: number;
  /** Queued live finals decoded in one model call (a file's are decoded one at a time: see `Runner`). */
  maxBatch: number;
}

export const PROFILES: Record<ProfileName, Profile> = {
  balanced: {
    model: 'whisper-tiny',
    device: 'auto',
    asrThreads: 4,
    vad: { gate: defaultEnergyGateOptions, segmenter: { redemptionMs: 600 }, longSilenceMs: 3000, silenceStride: 1 },
    partialIntervalMs: 1000,
    idleUnloadMs: 5 * 60_000,
    maxBatch: 4,
  },
  performance: {
    model: 'whisper-base',
    device: 'auto',
    asrThreads: 8,
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

export type VadSensitivity = 'low' | 'normal' | 'high';
export type Theme = 'system' | 'light' | 'dark';

export interface Settings {
  profile: ProfileName;
  model: ModelName;
  device: DevicePreference;
  /** A Whisper language code (`en`, `de`, …) or `auto`. */
  language: string;
  /** A microphone's `deviceId` from `enumerateDevices()`; empty for the system default. */
  micDeviceId: string;
  /** Console verbosity in every thread: error, warn (default), info (one-line summaries), debug (per segment). */
  logLevel: LogLevel;
  /** Keeps the last 8 segments' audio for inspection (`?debugAudio=1`); off by default. */
  debugAudio: boolean;
  /** Shifts the profile's energy-gate margin and Silero's speech thresholds. */
  vadSensitivity: VadSensitivity;
  theme: Theme;
  /** Words the user dictates often (names, jargon), shown to Whisper in its prompt; `?vocabulary=a,b`. */
  vocabulary: string[];
  /** Spoken "comma", "new line", … become marks and layout (English only). */
  voiceCommands: boolean;
}

/**
 * VAD sensitivity as data: `high` hears quiet or distant speech (and more noise), `low` ignores more of
 * the room (and may miss soft words). Applied on top of the profile's own gate margin.
 */
export const VAD_SENSITIVITY: Record<VadSensitivity, { marginOffsetDb: number; positiveThreshold: number; negativeThreshold: number }> = {
  low: { marginOffsetDb: 3, positiveThreshold: 0.6, negativeThreshold: 0.45 },
  normal: { marginOffsetDb: 0, positiveThreshold: 0.5, negativeThreshold: 0.35 },
  high: { marginOffsetDb: -2, positiveThreshold: 0.4, negativeThreshold: 0.25 },
};

/** The profile's knobs with the user's VAD sensitivity applied. */
export function profileFor(settings: Pick<Settings, 'profile' | 'vadSensitivity'>): Profile {
  const base = PROFILES[settings.profile];
  const s = VAD_SENSITIVITY[settings.vadSensitivity] ?? VAD_SENSITIVITY.normal;
  return {
    ...base,
    vad: {
      ...base.vad,
      gate: { ...base.vad.gate, marginDb: Math.max(1, base.vad.gate.marginDb + s.marginOffsetDb) },
      segmenter: { ...base.vad.segmenter, positiveThreshold: s.positiveThreshold, negativeThreshold: s.negativeThreshold },
    },
  };
}

export const MODELS: ModelName[] = ['whisper-tiny', 'whisper-base'];
export const DEVICES: DevicePreference[] = ['auto', 'webgpu', 'wasm'];
export const VAD_SENSITIVITIES: VadSensitivity[] = ['low', 'normal', 'high'];
export const THEMES: Theme[] = ['system', 'light', 'dark'];
const LANGUAGES = new Set<string>([AUTO_LANGUAGE, ...WHISPER_LANGUAGES.map(([code]) => code)]);
/** Settings the running pipeline was built with: changing one means building a new pipeline. */
const PIPELINE_KEYS = ['profile', 'model', 'device', 'language', 'vadSensitivity', 'logLevel', 'debugAudio'] as const;

/** The settings a pipeline is built from (the rest are the UI's); the vocabulary is optional for the library. */
export type PipelineSettings = Pick<Settings, (typeof PIPELINE_KEYS)[number]> & { vocabulary?: readonly string[] };

export function needsRebuild(running: PipelineSettings, wanted: Settings): boolean {
  const vocabularyChanged = (running.vocabulary ?? []).join('\n') !== wanted.vocabulary.join('\n');
  return PIPELINE_KEYS.some((k) => running[k] !== wanted[k]) || vocabularyChanged;
}

/**
 * The user's stored choices after a change. Choosing a profile hands model and device back to it
 * (unless the same change sets them too): a profile is a starting point, the fields refine it.
 */
export function patchStored(stored: Partial<Settings>, patch: Partial<Settings>): Partial<Settings> {
  const next: Partial<Settings> = { ...stored, ...patch };
  if (patch.profile !== undefined && patch.profile !== stored.profile) {
    if (!('model' in patch)) delete next.model;
    if (!('device' in patch)) delete next.device;
  }
  return next;
}

/** Own keys only: `constructor`, `toString` or `__proto__` name no profile. */
export function isProfile(v: unknown): v is ProfileName {
  return typeof v === 'string' && Object.hasOwn(PROFILES, v);
}

const oneOf = (list: readonly unknown[]) => (v: unknown) => list.includes(v);

/** The whitelist every stored value and URL parameter is checked against. */
const VALID: { [K in keyof Settings]-?: (v: unknown) => boolean } = {
  profile: isProfile,
  model: oneOf(MODELS),
  device: oneOf(DEVICES),
  language: (v) => typeof v === 'string' && LANGUAGES.has(v),
  micDeviceId: (v) => typeof v === 'string' && v.length <= 512,
  logLevel: isLogLevel,
  debugAudio: (v) => v === true || v === false,
  vadSensitivity: oneOf(VAD_SENSITIVITIES),
  theme: oneOf(THEMES),
  voiceCommands: (v) => v === true || v === false,
  vocabulary: isVocabulary,
};

/** On/off settings: `1` or `0` in the URL. */
const SWITCHES = ['debugAudio', 'voiceCommands'] as const;

/** Defaults ← profile ← stored settings ← URL query (one page load only). */
export function resolveSettings(query: URLSearchParams, stored: Partial<Settings> = {}): Settings {
  const profile = isProfile(query.get('profile'))
    ? (query.get('profile') as ProfileName)
    : isProfile(stored.profile)
      ? stored.profile
      : 'balanced';
  const base = PROFILES[profile];
  const pick = <T>(key: keyof Settings, fallback: T): T => {
    const q = query.get(key);
    if (q !== null && VALID[key](q)) return q as T;
    if (Object.hasOwn(stored, key) && VALID[key](stored[key])) return stored[key] as T;
    return fallback;
  };
  return {
    profile,
    model: pick('model', base.model),
    device: pick('device', base.device),
    language: pick('language', 'en'),
    micDeviceId: pick('micDeviceId', ''),
    logLevel: pick('logLevel', 'warn'),
    debugAudio: query.has('debugAudio') ? query.get('debugAudio') === '1' : stored.debugAudio === true,
    vadSensitivity: pick('vadSensitivity', 'normal'),
    theme: pick('theme', 'system'),
    voiceCommands: query.has('voiceCommands') ? query.get('voiceCommands') === '1' : stored.voiceCommands === true,
    vocabulary: vocabularyFrom(query.get('vocabulary'), stored.vocabulary),
  };
}

/** `?vocabulary=` (comma-separated) when valid, else the stored list when valid, else none. */
function vocabularyFrom(query: string | null, stored: unknown): string[] {
  if (query !== null) {
    const parsed = parseVocabulary(query);
    if (parsed.ok) return parsed.terms;
  }
  return isVocabulary(stored) ? [...stored] : [];
}

/** Why `?vocabulary=` was not used, or null when it was (or is absent). */
export function queryVocabularyProblem(query: URLSearchParams): string | null {
  const text = query.get('vocabulary');
  if (text === null) return null;
  const parsed = parseVocabulary(text);
  return parsed.ok ? null : `The vocabulary in the address was not used. ${parsed.message}`;
}

/** What each URL parameter accepts, in words for the notice (`vocabulary` has its own, `queryVocabularyProblem`). */
const ACCEPTED: Record<string, string> = {
  profile: Object.keys(PROFILES).join(', '),
  model: MODELS.join(', '),
  device: DEVICES.join(', '),
  language: 'a language code such as en, de or fr, or auto',
  micDeviceId: 'a microphone id',
  logLevel: LOG_LEVELS.join(', '),
  debugAudio: '0 or 1',
  vadSensitivity: VAD_SENSITIVITIES.join(', '),
  theme: THEMES.join(', '),
  voiceCommands: '0 or 1',
};

/** URL parameters naming a setting with a value it does not accept: ignored, and the user is told which. */
export function rejectedParams(query: URLSearchParams): Array<{ name: string; value: string; accepted: string }> {
  const out: Array<{ name: string; value: string; accepted: string }> = [];
  for (const [name, value] of query) {
    if (!Object.hasOwn(ACCEPTED, name)) continue;
    const ok = (SWITCHES as readonly string[]).includes(name) ? value === '0' || value === '1' : VALID[name as keyof Settings](value);
    if (!ok) out.push({ name, value, accepted: ACCEPTED[name] });
  }
  return out;
}

/** One sentence per ignored parameter; empty when all were accepted. */
export function rejectedParamsMessage(query: URLSearchParams): string {
  return rejectedParams(query)
    .map(({ name, value, accepted }) => `The address parameter “${name}=${value.slice(0, 40)}” was ignored: it accepts ${accepted}.`)
    .join(' ');
}

export const SETTINGS_KEY = 'earshot.settings';

/** The slice of `Storage` the store needs (injectable). */
export type SettingsStorage = Pick<Storage, 'getItem' | 'setItem'>;

export function readStoredSettings(storage: SettingsStorage | null): Partial<Settings> {
  try {
    const parsed: unknown = JSON.parse(storage?.getItem(SETTINGS_KEY) ?? '{}');
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Partial<Settings>) : {};
  } catch {
    return {}; // unreadable: start from the defaults, resolveSettings drops anything invalid anyway
  }
}
