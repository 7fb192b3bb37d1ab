// Whisper's log-mel features for a window of encoder positions, computed only where there is audio.
//
// Whisper pads a segment with zeros to fill its window, and every frame of that padding comes out as one
// value: the floor (the loudest frame − 8, after normalisation). So the extractor runs on the audio and a
// little padding, and the rest of the window is filled with the floor: the same features, bit for bit
// (test/features.test.ts), for a fraction of the work when the segment is short (a 3 s segment in a 15 s
// window: about 19 ms instead of 58–70 ms in node).
import { Tensor } from '@huggingface/transformers';

/** transformers.js's Whisper feature extractor, as far as it is used here. */
export interface FeatureExtractor {
  _call(audio: Float32Array, options: { max_length: number }): Promise<{ input_features: Tensor }>;
}

const HOP = 160; // samples per mel frame
const SAMPLES_PER_POSITION = 2 * HOP; // the encoder's stride-2 conv
/**
 * Zeros after the audio: the last frame computed must be all padding (its 400-sample window, centred, ends
 * 200 samples past it) so that it holds the floor, and its own normalisation sees the floor as the whole does.
 */
const PADDING = 800;

export async function whisperFeatures(extractor: FeatureExtractor, audio: Float32Array, positions: number): Promise<Tensor> {
  const window = positions * SAMPLES_PER_POSITION;
  const length = Math.min(window, Math.ceil((audio.length + PADDING) / SAMPLES_PER_POSITION) * SAMPLES_PER_POSITION);
  const { input_features: part } = await extractor._call(audio, { max_length: length });
  if (length === window) return part;
  const [, mels, computed] = part.dims as [number, number, number];
  const frames = window / HOP;
  const data = part.data as Float32Array;
  const floor = data[computed - 1];
  const whole = new Float32Array(mels * frames);
  for (let m = 0; m < mels; m++) {
    whole.set(data.subarray(m * computed, (m + 1) * computed), m * frames);
    whole.fill(floor, m * frames + computed, (m + 1) * frames);
  }
  part.dispose();
  return new Tensor('float32', whole, [1, mels, frames]);
}
