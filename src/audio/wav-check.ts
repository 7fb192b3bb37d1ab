// A WAV file's header says how many bytes of audio follow; a download cut short has fewer. Pure.

/** Seconds the header promises and seconds present, when a RIFF/WAVE file is shorter than it says; else null. */
export function wavTruncation(data: ArrayBuffer): { declaredS: number; presentS: number } | null {
  if (data.byteLength < 12) return null;
  const view = new DataView(data);
  const tag = (at: number) => String.fromCharCode(view.getUint8(at), view.getUint8(at + 1), view.getUint8(at + 2), view.getUint8(at + 3));
  if (tag(0) !== 'RIFF' || tag(8) !== 'WAVE') return null;
  let byteRate = 0;
  for (let at = 12; at + 8 <= data.byteLength;) {
    const id = tag(at);
    const size = view.getUint32(at + 4, true);
    if (id === 'fmt ' && at + 16 <= data.byteLength) byteRate = view.getUint32(at + 16, true);
    if (id === 'data') {
      const present = data.byteLength - (at + 8);
      // 0 and 0xffffffff mean "unknown length" (streamed recordings): nothing to compare.
      if (size === 0 || size === 0xffffffff || present >= size || byteRate === 0) return null;
      return { declaredS: size / byteRate, presentS: present / byteRate };
    }
    at += 8 + size + (size & 1);
  }
  return null;
}

export function truncationMessage(name: string, t: { declaredS: number; presentS: number }, readable = true): string {
  const outcome = readable ? 'The part that is there was transcribed.' : 'It could not be read; try the complete file.';
  return `“${name}” is incomplete: its header promises ${t.declaredS.toFixed(1)} s of audio but only ${t.presentS.toFixed(1)} s are in the file (a download or copy cut short?). ${outcome}`;
}
