// Plain messages for what can go wrong, each with a way forward.

/** ` (detail)` from an error, or nothing when it has no words: a message never ends in empty parentheses. */
export function inParens(err: unknown): string {
  const detail = (err instanceof Error ? err.message : err == null ? '' : String(err)).trim();
  return detail ? ` (${detail})` : '';
}

export function microphoneErrorMessage(err: unknown): string {
  const name = (err as { name?: string })?.name;
  switch (name) {
    case 'NotAllowedError':
    case 'SecurityError':
      return 'Microphone access was denied. Allow the microphone for this site (the icon in the address bar), then press Record again.';
    case 'NotFoundError':
    case 'OverconstrainedError':
      return 'No microphone was found. Connect one, then press Record again.';
    case 'NotReadableError':
    case 'AbortError':
      return 'The microphone could not be opened; another app may be using it. Close that app, then press Record again.';
    default:
      return `The microphone could not be started${inParens(err)}.`;
  }
}

const SLOWER_MODE_EFFECT = 'so audio is passed between threads by message instead of shared memory, and the recogniser uses one thread.';

/** Why the app runs in its slower mode, naming what is really missing; null when nothing is. */
export function slowerModeMessage(c: { isolated: boolean; sharedArrayBuffer: boolean }): string | null {
  if (!c.isolated)
    return `Running in a slower mode: this page is not cross-origin isolated, ${SLOWER_MODE_EFFECT} Serve the app with the headers in the README (COOP same-origin, COEP require-corp) for full speed.`;
  if (!c.sharedArrayBuffer)
    return `Running in a slower mode: the page is cross-origin isolated, but this browser offers no SharedArrayBuffer, ${SLOWER_MODE_EFFECT} Safari, Chrome, Edge and Firefox offer it on isolated pages; this browser build does not.`;
  return null;
}

export const MIC_ENDED_MESSAGE =
  'The microphone stopped (unplugged or switched off). What you said so far was kept; press Record to continue.';

export function fileErrorMessage(name: string, err: unknown): string {
  return `“${name}” could not be read as audio${inParens(err) || ' (unsupported or corrupt file)'}. Try a WAV, MP3, OGG or M4A file.`;
}

export const CHOSEN_MIC_MISSING_MESSAGE =
  'The microphone chosen in Settings is not connected, so the default microphone is recording. Reconnect it, or choose another in Settings.';

/** What kind of model-load failure this is: the integrity and offline cases have their own way forward. */
export function modelLoadFailureKind(err: unknown): 'integrity' | 'offline' | 'other' {
  const name = (err as { name?: string })?.name;
  const detail = (err as Error)?.message ?? String(err);
  if (name === 'ModelIntegrityError' || /integrity check/.test(detail)) return 'integrity';
  if (/network is unavailable/.test(detail)) return 'offline';
  return 'other';
}

/** A load that failed again after one retry in fresh workers. */
export class ModelLoadRetryError extends Error {
  override name = 'ModelLoadRetryError';
}

const MODEL_NAMES: Record<string, string> = { 'whisper-tiny': 'Whisper tiny', 'whisper-base': 'Whisper base' };

/** Why the speech models did not load, and what to do about it. */
export function modelLoadErrorMessage(err: unknown, model?: string): string {
  const detail = (err as Error)?.message ?? String(err);
  // The library's words for "not cached and could not be fetched" mean nothing to a user.
  if (/local_files_only|allowRemoteModels/.test(detail))
    return `${model && Object.hasOwn(MODEL_NAMES, model) ? MODEL_NAMES[model] : 'This speech model'} is not on this device yet and could not be downloaded: the network is unavailable. Connect to the internet and press Try again, or choose a model you used before in Settings.`;
  switch (modelLoadFailureKind(err)) {
    case 'integrity':
      return `A speech model file was damaged or replaced, so Earshot refused to use it: ${detail} Press Try again to download it afresh; if this keeps happening, the server holds a different file than this version of Earshot expects.`;
    case 'offline':
      return `The speech models are not on this device yet and the network is unavailable: ${detail} Connect to the internet once, then press Try again; from then on Earshot works offline.`;
    default:
      if (err instanceof ModelLoadRetryError)
        return `The speech models could not be loaded, twice in a row: ${detail} This happens when the device is short of memory or very busy: close other tabs or apps, then press Try again.`;
      return `The speech models could not be loaded: ${detail} Press Try again, or reload the page.`;
  }
}

export const NO_SPEECH_IN_FILE_MESSAGE = 'No speech found in this file. Nothing was added to History.';

export function fileCancelledMessage(name: string, segments: number): string {
  return `Transcription of “${name}” was cancelled. ${segments === 0 ? 'Nothing had been found yet.' : `The ${segments} segment${segments === 1 ? '' : 's'} done so far are kept in History.`}`;
}
