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
