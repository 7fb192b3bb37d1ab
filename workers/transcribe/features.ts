// Whisper's log-mel features for a window of encoder positions, computed only where there is audio.
//
// Whisper pads a segment with zeros to fill its window, and every frame of that padding comes out as one
// value: the floor (the loudest frame − 8, after normalisation). So the spectrogram runs on the audio and a
// little padding, and the rest of the window is filled with the floor: the features of the whole window
// (test/features.test.ts) for a fraction of the work when the segment is short.
import { Tensor } from '@huggingface/transformers';
import { HOP, LogMel } from './log-mel';

const SAMPLES_PER_POSITION = 2 * HOP; // the encoder's stride-2 conv
/**
 * Zeros after the audio: the last frame computed must be all padding (its 400-sample window, centred, ends
 * 200 samples past it) so that it holds the floor, and its own normalisation sees the floor as the whole does.
 */
const PADDING = 800;

export function whisperFeatures(mel: LogMel, audio: Float32Array, positions: number): Tensor {
  const window = positions * SAMPLES_PER_POSITION;
  const length = Math.min(window, Math.ceil((audio.length + PADDING) / SAMPLES_PER_POSITION) * SAMPLES_PER_POSITION);
  const waveform = new Float32Array(length);
  waveform.set(audio.length > length ? audio.subarray(0, length) : audio);
  const part = mel.compute(waveform);
  const mels = mel.melBands;
  const computed = length / HOP;
  const frames = window / HOP;
  if (computed === frames) return new Tensor('float32', part, [1, mels, frames]);
  const floor = part[computed - 1];
  const whole = new Float32Array(mels * frames);
  for (let m = 0; m < mels; m++) {
    whole.set(part.subarray(m * computed, (m + 1) * computed), m * frames);
    whole.fill(floor, m * frames + computed, (m + 1) * frames);
  }
  return new Tensor('float32', whole, [1, mels, frames]);
}
