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
  'This page is not cross-origin isolated, so live recording cannot use shared memory. Serve it with the headers in the README (COOP same-origin, COEP require-corp), or reload once so the app’s service worker can add them.';

export const MIC_ENDED_MESSAGE =
  'The microphone stopped (unplugged or switched off). What you said so far was kept; press Record to continue.';

export function fileErrorMessage(name: string, err: unknown): string {
  return `“${name}” could not be read as audio (${(err as Error)?.message ?? 'unsupported or corrupt file'}). Try a WAV, MP3, OGG or M4A file.`;
}
