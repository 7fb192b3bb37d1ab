// Speech segmentation state machine: frame probabilities in, speech segments out.
// Pure: no ort, no DOM, no clock. The VAD worker feeds it one 512-sample frame at a time.
//
// Audio is kept in one preallocated circular buffer sized for the longest segment plus its
// pre-speech pad; a segment costs exactly one copy, made when it is cut.

export const SAMPLE_RATE = 16000;
export const FRAME_SAMPLES = 512; // Silero v5 frame: 32 ms at 16 kHz

export interface SegmenterOptions {
  /** Probability at or above which a frame counts as speech. */
  positiveThreshold: number;
  /** Probability below which a frame counts as silence (between the two: keeps the current state). */
  negativeThreshold: number;
  /**
   * In speech, a frame at the room's noise level counts as silence unless the model is at least this
   * sure. Silero's recurrent state keeps scoring speech for 100–250 ms after the voice stops; the frame
   * energy drops at once. 1 turns the rule off.
   */
  roomLevelSpeechThreshold: number;
  /** Audio kept before the first speech frame, so onsets are not clipped. */
  preSpeechPadMs: number;
  /** Audio kept after the last speech frame. */
  postSpeechPadMs: number;
  /** Shorter speech is a misfire (a click, a cough) and is dropped. */
  minSpeechMs: number;
  /** Silence that ends a segment. Dictation pauses briefly between phrases, so shorter than a conversation's 1.4 s. */
  redemptionMs: number;
  /** A segment this long is cut even while speech goes on (Whisper sees at most 30 s). */
  maxSegmentMs: number;
}

export const defaultSegmenterOptions: SegmenterOptions = {
  positiveThreshold: 0.5,
  negativeThreshold: 0.35,
  roomLevelSpeechThreshold: 0.9,
  preSpeechPadMs: 250,
  postSpeechPadMs: 150,
  minSpeechMs: 250,
  redemptionMs: 600,
  maxSegmentMs: 20000,
};

export function validateSegmenterOptions(o: SegmenterOptions): SegmenterOptions {
  const fail = (m: string) => {
    throw new RangeError(`VAD options: ${m}`);
  };
  if (!(o.positiveThreshold > 0 && o.positiveThreshold < 1)) fail('positiveThreshold must be in (0, 1)');
  if (!(o.negativeThreshold > 0 && o.negativeThreshold <= o.positiveThreshold))
    fail('negativeThreshold must be in (0, positiveThreshold]');
  if (!(o.roomLevelSpeechThreshold >= o.positiveThreshold && o.roomLevelSpeechThreshold <= 1))
    fail('roomLevelSpeechThreshold must be in [positiveThreshold, 1]');
  for (const k of ['preSpeechPadMs', 'postSpeechPadMs', 'minSpeechMs', 'redemptionMs'] as const)
    if (!(o[k] >= 0 && o[k] <= 5000)) fail(`${k} must be between 0 and 5000`);
  if (!(o.maxSegmentMs >= 1000 && o.maxSegmentMs <= 30000)) fail('maxSegmentMs must be between 1000 and 30000');
  return o;
}

const msToFrames = (ms: number) => Math.round((ms * SAMPLE_RATE) / 1000 / FRAME_SAMPLES);
const samplesToMs = (n: number) => (n * 1000) / SAMPLE_RATE;

export interface CutAudio {
  startMs: number;
  endMs: number;
  audio: Float32Array;
  /** Mean speech probability over the segment's frames. */
  evidence: number;
}

export type SegmenterEvent =
  | { type: 'speech-start'; atMs: number; onsetMs: number }
  | { type: 'misfire'; atMs: number }
  /** Speech paused for the post-speech pad: this audio is the final segment if the pause lasts. */
  | ({ type: 'pause' } & CutAudio)
  | ({ type: 'segment'; forced: boolean } & CutAudio);

export class Segmenter {
  readonly options: SegmenterOptions;
  private readonly buffer: Float32Array;
  private readonly capacity: number;
  /** Samples written in total; buffer index = position % capacity. */
  private position = 0;
  private speaking = false;
  private segmentStart = 0; // sample position where the open segment's audio starts
  private speechFrames = 0;
  private silentFrames = 0;
  private lastSpeechEnd = 0; // sample position after the last speech frame
  private pauseSent = false;
  private probabilitySum = 0;
  private probabilityFrames = 0;
  private readonly redemptionFrames: number;
  private readonly minSpeechFrames: number;
  private readonly preSpeechSamples: number;
  private readonly postSpeechSamples: number;
  private readonly maxSegmentSamples: number;

  constructor(options: Partial<SegmenterOptions> = {}) {
    this.options = validateSegmenterOptions({ ...defaultSegmenterOptions, ...options });
    const o = this.options;
    this.redemptionFrames = Math.max(1, msToFrames(o.redemptionMs));
    this.minSpeechFrames = Math.max(1, msToFrames(o.minSpeechMs));
    this.preSpeechSamples = Math.round((o.preSpeechPadMs * SAMPLE_RATE) / 1000);
    this.postSpeechSamples = Math.round((o.postSpeechPadMs * SAMPLE_RATE) / 1000);
    this.maxSegmentSamples = Math.round((o.maxSegmentMs * SAMPLE_RATE) / 1000);
    this.capacity = this.maxSegmentSamples + this.preSpeechSamples + this.redemptionFrames * FRAME_SAMPLES + FRAME_SAMPLES;
    this.buffer = new Float32Array(this.capacity);
  }

  get isSpeaking(): boolean {
    return this.speaking;
  }

  /** In speech, but the latest frames are silent: the segment may be about to end. */
  get isPausing(): boolean {
    return this.speaking && this.silentFrames > 0;
  }

  /** Stream time in ms (samples pushed so far). */
  get timeMs(): number {
    return samplesToMs(this.position);
  }

  /**
   * Feed one frame and its speech probability; returns the events it caused (usually none).
   * `roomLevel`: the frame's energy is no louder than the room's noise (tier 1's verdict).
   */
  push(frame: Float32Array, probability: number, roomLevel = false): SegmenterEvent[] {
    const frameStart = this.position;
    this.write(frame);
    const frameEnd = this.position;
    const o = this.options;
    const events: SegmenterEvent[] = [];

    if (!this.speaking) {
      if (probability >= o.positiveThreshold) {
        this.speaking = true;
        this.speechFrames = 1;
        this.silentFrames = 0;
        this.lastSpeechEnd = frameEnd;
        this.pauseSent = false;
        this.probabilitySum = probability;
        this.probabilityFrames = 1;
        this.segmentStart = Math.max(0, frameStart - this.preSpeechSamples, frameEnd - this.capacity);
        events.push({ type: 'speech-start', atMs: samplesToMs(frameEnd), onsetMs: samplesToMs(frameStart) });
      }
      return events;
    }

    this.probabilitySum += probability;
    this.probabilityFrames++;
    const silent = probability < o.negativeThreshold
      || (roomLevel && o.roomLevelSpeechThreshold < 1 && probability < o.roomLevelSpeechThreshold);
    if (silent) {
      this.silentFrames++;
    } else {
      // Speech, or undecided: either keeps speech open and counts towards its length, as in Silero's
      // reference iterator.
      this.speechFrames++;
      this.silentFrames = 0;
      this.lastSpeechEnd = frameEnd;
      this.pauseSent = false;
    }

    if (this.silentFrames >= this.redemptionFrames) {
      this.speaking = false;
      if (this.speechFrames < this.minSpeechFrames) {
        events.push({ type: 'misfire', atMs: samplesToMs(frameEnd) });
      } else {
        const end = Math.min(frameEnd, this.lastSpeechEnd + this.postSpeechSamples);
        events.push(this.cut(this.segmentStart, end, false));
      }
    } else if (frameEnd - this.segmentStart >= this.maxSegmentSamples) {
      // Forced cut: the next segment continues from here, speech still open.
      events.push(this.cut(this.segmentStart, frameEnd, true));
      this.segmentStart = frameEnd;
      this.speechFrames = this.minSpeechFrames; // the speech already proved itself
      this.probabilitySum = this.probabilityFrames = 0;
    } else if (!this.pauseSent && this.silentFrames > 0 && this.speechFrames >= this.minSpeechFrames
      && frameEnd >= this.lastSpeechEnd + this.postSpeechSamples) {
      this.pauseSent = true;
      events.push({ ...this.cut(this.segmentStart, this.lastSpeechEnd + this.postSpeechSamples, false), type: 'pause' });
    }
    return events;
  }

  /** Ends the stream: an open segment with enough speech becomes a final segment. */
  flush(): SegmenterEvent[] {
    if (!this.speaking) return [];
    this.speaking = false;
    if (this.speechFrames < this.minSpeechFrames) return [{ type: 'misfire', atMs: this.timeMs }];
    return [this.cut(this.segmentStart, Math.min(this.position, this.lastSpeechEnd + this.postSpeechSamples), false)];
  }

  /** Copy of the open segment so far (for partial text), or null when not in speech. */
  snapshot(): CutAudio | null {
    if (!this.speaking) return null;
    return { startMs: samplesToMs(this.segmentStart), endMs: this.timeMs, audio: this.copy(this.segmentStart, this.position), evidence: this.evidence() };
  }

  reset(): void {
    this.position = 0;
    this.speaking = false;
    this.speechFrames = 0;
    this.silentFrames = 0;
  }

  private evidence(): number {
    return this.probabilityFrames ? this.probabilitySum / this.probabilityFrames : 0;
  }

  private cut(start: number, end: number, forced: boolean): { type: 'segment'; forced: boolean } & CutAudio {
    return { type: 'segment', startMs: samplesToMs(start), endMs: samplesToMs(end), audio: this.copy(start, end), forced, evidence: this.evidence() };
  }

  private write(frame: Float32Array): void {
    const at = this.position % this.capacity;
    const first = Math.min(frame.length, this.capacity - at);
    this.buffer.set(frame.subarray(0, first), at);
    if (first < frame.length) this.buffer.set(frame.subarray(first), 0);
    this.position += frame.length;
  }

  private copy(start: number, end: number): Float32Array {
    const out = new Float32Array(end - start);
    const at = start % this.capacity;
    const first = Math.min(out.length, this.capacity - at);
    out.set(this.buffer.subarray(at, at + first), 0);
    if (first < out.length) out.set(this.buffer.subarray(0, out.length - first), first);
    return out;
  }
}
