// Earshot's own options for the library: defaults in one place, one validation that throws, one merge
// into the pipeline's options.
import { DEVICES, isProfile, MODELS, PROFILES } from '../settings';
import { WHISPER_LANGUAGES } from '../ui/languages';
import { parseVocabulary } from '../vocabulary';
import { assetUrlsAt } from '../../workers/shared/asset-urls';
import type { PipelineOptions } from '../pipeline/pipeline';
import type { DevicePreference, ModelName } from '../../workers/protocol';
import type { EarshotRecognitionOptions } from './types';

export const defaultRecognitionOptions = { profile: 'balanced', assetsUrl: '/', vocabulary: [] as string[], micDeviceId: '' } as const;

export type ResolvedOptions = Required<Omit<EarshotRecognitionOptions, 'model' | 'device' | 'assetsUrl'>> &
  Pick<EarshotRecognitionOptions, 'model' | 'device'> & { assetsUrl: string };

/** Throws a TypeError that names the bad option; `page` is the page's URL (assets must be on its origin). */
export function validateOptions(options: EarshotRecognitionOptions, page: string): ResolvedOptions {
  const o = { ...defaultRecognitionOptions, ...options };
  if (!isProfile(o.profile)) throw new TypeError(`EarshotRecognition: profile must be one of ${Object.keys(PROFILES).join(', ')}.`);
  if (o.model !== undefined && !MODELS.includes(o.model))
    throw new TypeError(`EarshotRecognition: model must be one of ${MODELS.join(', ')}.`);
  if (o.device !== undefined && !DEVICES.includes(o.device))
    throw new TypeError(`EarshotRecognition: device must be one of ${DEVICES.join(', ')}.`);
  // The same rules as the app's Vocabulary setting, so a list works the same in both.
  const vocabulary =
    Array.isArray(o.vocabulary) && o.vocabulary.every((w) => typeof w === 'string') ? parseVocabulary(o.vocabulary.join('\n')) : null;
  if (!vocabulary?.ok)
    throw new TypeError(`EarshotRecognition: vocabulary must be a list of words or names. ${vocabulary?.message ?? ''}`.trim());
  if (typeof o.micDeviceId !== 'string' || o.micDeviceId.length > 512)
    throw new TypeError('EarshotRecognition: micDeviceId must be a device id string.');
  let assets: URL;
  try {
    assets = new URL(o.assetsUrl, page);
  } catch {
    throw new TypeError(`EarshotRecognition: assetsUrl "${String(o.assetsUrl)}" is not a URL.`);
  }
  // Same origin: the workers load the runtime from there, and audio-derived work never leaves the page's origin.
  if (assets.origin !== new URL(page).origin) throw new TypeError('EarshotRecognition: assetsUrl must be on the page’s own origin.');
  return { ...o, vocabulary: vocabulary.terms, assetsUrl: assets.href };
}

/**
 * Whisper's language code for a BCP 47 tag (`en-US` → `en`); `auto` (detection) for an empty tag; null when
 * Whisper does not know the language.
 */
export function whisperLanguage(tag: string): string | null {
  const primary = tag.trim().toLowerCase().split(/[-_]/)[0];
  if (!primary) return 'auto';
  if (primary === 'iw') return 'he'; // legacy tag browsers still send
  if (primary === 'jv') return 'jw'; // Whisper's own code for Javanese
  return WHISPER_LANGUAGES.some(([code]) => code === primary) ? primary : null;
}

/** The pipeline's options for these options and a Whisper language. */
export function pipelineOptions(o: ResolvedOptions, language: string): PipelineOptions {
  const profile = PROFILES[o.profile];
  return {
    profile: o.profile,
    model: (o.model ?? profile.model) as ModelName,
    device: (o.device ?? profile.device) as DevicePreference,
    language,
    vadSensitivity: 'normal',
    logLevel: 'warn',
    debugAudio: false,
    vocabulary: o.vocabulary,
    assets: assetUrlsAt(o.assetsUrl, o.assetsUrl),
  };
}
