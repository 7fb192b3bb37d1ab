// An audio file (any format the browser decodes) → 16 kHz mono f32, converted once.
export const TARGET_RATE = 16000;

export async function decodeToMono16k(data: ArrayBuffer): Promise<Float32Array> {
  const probe = new OfflineAudioContext(1, 1, TARGET_RATE);
  const decoded = await probe.decodeAudioData(data);
  const length = Math.max(1, Math.ceil(decoded.duration * TARGET_RATE));
  // OfflineAudioContext downmixes to one channel and resamples with the browser's band-limited resampler.
  const ctx = new OfflineAudioContext(1, length, TARGET_RATE);
  const source = ctx.createBufferSource();
  source.buffer = decoded;
  source.connect(ctx.destination);
  source.start();
  const rendered = await ctx.startRendering();
  return rendered.getChannelData(0);
}
