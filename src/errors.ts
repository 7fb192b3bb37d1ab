// Plain messages for what can go wrong, each with a way forward.

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
      return `The microphone could not be started (${(err as Error)?.message ?? String(err)}).`;
  }
}

export const NOT_ISOLATED_MESSAGE =
  'Running in a slower mode: this page is not cross-origin isolated, so audio is passed between threads by message instead of shared memory, and the recogniser uses one thread. Serve the app with the headers in the README (COOP same-origin, COEP require-corp) for full speed.';

export const MIC_ENDED_MESSAGE =
  'The microphone stopped (unplugged or switched off). What you said so far was kept; press Record to continue.';

export function fileErrorMessage(name: string, err: unknown): string {
  return `“${name}” could not be read as audio (${(err as Error)?.message ?? 'unsupported or corrupt file'}). Try a WAV, MP3, OGG or M4A file.`;
}

export const CHOSEN_MIC_MISSING_MESSAGE =
  'The microphone chosen in Settings is not connected, so the default microphone is recording. Reconnect it, or choose another in Settings.';

/** Why the speech models did not load, and what to do about it. */
export function modelLoadErrorMessage(err: unknown): string {
  const name = (err as { name?: string })?.name;
  const detail = (err as Error)?.message ?? String(err);
  if (name === 'ModelIntegrityError' || /integrity check/.test(detail))
    return `A speech model file was damaged or replaced, so Earshot refused to use it: ${detail} Press Try again to download it afresh; if this keeps happening, the server holds a different file than this version of Earshot expects.`;
  if (/network is unavailable/.test(detail))
    return `The speech models are not on this device yet and the network is unavailable: ${detail} Connect to the internet once, then press Try again; from then on Earshot works offline.`;
  return `The speech models could not be loaded: ${detail} Press Try again, or reload the page.`;
}
