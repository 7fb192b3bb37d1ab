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
  /**
   * Silence after the last speech frame that sends the pause snapshot (the final decoded early). Its audio
   * has the final's span; the part of the post-speech pad not heard yet is silence, as Whisper pads anyway.
   */
  pauseAfterMs: number;
  /**
   * Shorter speech is a burst (a short word Silero is unsure of, a click, a cough). A burst next to speech
   * joins it; only an isolated one with weak evidence (see `isolatedBurstMinPeak`) is dropped.
   */
  minSpeechMs: number;
  /**
   * A burst, or a segment with less speech than `shortSpeechMs`, that starts within this of the previous
   * segment's speech joins that segment (its audio is cut again from the previous start, so the words
   * between are kept); a burst that ends within this of the next speech opens that segment.
   */
  joinGapMs: number;
  /** A segment with less speech than this that follows the previous one closely joins it (see `joinGapMs`). */
  shortSpeechMs: number;
  /**
   * A segment that starts within this of the previous segment's speech joins it, whatever its length,
   * when the gap between them held sound well above the room for at least `minSpeechMs`: words Silero
   * missed (a loud word over crowd noise scores low) are decoded with their neighbours, not lost.
   */
  bridgeGapMs: number;
  /**
   * A segment of any length that starts within this of the previous segment's speech joins it, while the two
   * fit in `PHRASE_JOIN_MAX_SAMPLES`: a pause this short is inside a sentence ("ask not … what your country"),
   * and Whisper decoding the second phrase alone, with only the first one's text, mishears it.
   */
  phraseGapMs: number;
  /** An isolated burst whose peak speech probability stays below this is dropped as noise; above, it is kept. */
  isolatedBurstMinPeak: number;
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
  pauseAfterMs: 64,
  minSpeechMs: 250,
  // Phrases of one sentence are often 1 s apart ("And so, my fellow Americans, … ask not"): at 1 s, a frame
  // or two of Silero's edges decided whether "ask not" was decoded with its sentence or alone.
  joinGapMs: 1500,
  shortSpeechMs: 1200,
  bridgeGapMs: 4000,
  // JFK's "ask not … what your country": 0.8–1.1 s from one phrase's end to the next one's sound, estimated from
  // the live segments' bounds in six runs.
  phraseGapMs: 1250,
  isolatedBurstMinPeak: 0.8,
  redemptionMs: 600,
  maxSegmentMs: 20000,
};

export function validateSegmenterOptions(o: SegmenterOptions): SegmenterOptions {
  const fail = (m: string) => {
    throw new RangeError(`VAD options: ${m}`);
  };
  if (!(o.positiveThreshold > 0 && o.positiveThreshold < 1)) fail('positiveThreshold must be in (0, 1)');
  if (!(o.negativeThreshold > 0 && o.negativeThreshold <= o.positiveThreshold)) fail('negativeThreshold must be in (0, positiveThreshold]');
  if (!(o.roomLevelSpeechThreshold >= o.positiveThreshold && o.roomLevelSpeechThreshold <= 1))
    fail('roomLevelSpeechThreshold must be in [positiveThreshold, 1]');
  if (!(o.isolatedBurstMinPeak >= 0 && o.isolatedBurstMinPeak <= 1)) fail('isolatedBurstMinPeak must be in [0, 1]');
  for (const k of [
    'preSpeechPadMs',
    'postSpeechPadMs',
    'pauseAfterMs',
    'minSpeechMs',
    'redemptionMs',
    'joinGapMs',
    'shortSpeechMs',
    'bridgeGapMs',
    'phraseGapMs',
  ] as const)
    if (!(o[k] >= 0 && o[k] <= 5000)) fail(`${k} must be between 0 and 5000`);
  if (!(o.maxSegmentMs >= 1000 && o.maxSegmentMs <= 30000)) fail('maxSegmentMs must be between 1000 and 30000');
  return o;
}

/** Phrases joined by `phraseGapMs` stay within Whisper's shortest encoder window (15 s): decoding them again costs no more than one. */
const PHRASE_JOIN_MAX_SAMPLES = 15 * SAMPLE_RATE;

/** How far before Silero's onset a loud run may start the segment. */
const MAX_ONSET_LEAD_SAMPLES = SAMPLE_RATE; // 1 s
/** Quiet frames that end a loud run (a stop consonant's closure does not). */
const LOUD_RUN_QUIET_FRAMES = 4;

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
  /** An isolated burst with weak evidence, dropped (the only speech-like audio ever dropped). */
  | { type: 'misfire'; atMs: number; startMs: number; endMs: number; peak: number }
  /** Speech paused for the post-speech pad: this audio is the final segment if the pause lasts. */
  | ({ type: 'pause' } & CutAudio)
  /**
   * `joinsPrevious`: the audio starts where the previous segment's did and covers it: the previous
   * segment's text is to be replaced by this one's.
   */
  | ({ type: 'segment'; forced: boolean; joinsPrevious: boolean } & CutAudio);

/** Sample positions of speech already cut or held back, for joining neighbours. */
interface Stretch {
  /** Audio start (pads included). */
  start: number;
  /** Audio end (pads included). */
  end: number;
  /** First and last speech frame positions (no pads). */
  speechStart: number;
  speechEnd: number;
  evidence: number;
  peak: number;
}

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
  private peak = 0;
  private speechOnset = 0; // sample position of the open segment's first speech frame
  private soundOnset = 0; // where its sound began: the loud run Silero confirmed late, or its first speech frame
  /** The last segment cut, while a short neighbour could still join it. */
  private previous: Stretch | null = null;
  /** A burst held back until it is clear whether speech follows it closely. */
  private pendingBurst: Stretch | null = null;
  private readonly redemptionFrames: number;
  private readonly joinGapSamples: number;
  private readonly bridgeGapSamples: number;
  private readonly phraseGapSamples: number;
  /** Frames well above the room outside speech since the last segment ended (sound Silero did not call speech). */
  private loudGapFrames = 0;
  /** `loudGapFrames` when the open segment's speech began. */
  private loudBeforeOnset = 0;
  /** Where the current run of loud frames outside speech began (a few quiet frames do not end it), or null. */
  private loudRunStart: number | null = null;
  private quietInLoudRun = 0;
  private readonly shortSpeechFrames: number;
  private readonly minSpeechFrames: number;
  private readonly preSpeechSamples: number;
  private readonly postSpeechSamples: number;
  private readonly pauseAfterSamples: number;
  private readonly maxSegmentSamples: number;

  constructor(options: Partial<SegmenterOptions> = {}) {
    this.options = validateSegmenterOptions({ ...defaultSegmenterOptions, ...options });
    const o = this.options;
    this.redemptionFrames = Math.max(1, msToFrames(o.redemptionMs));
    this.minSpeechFrames = Math.max(1, msToFrames(o.minSpeechMs));
    this.shortSpeechFrames = msToFrames(o.shortSpeechMs);
    this.joinGapSamples = Math.round((o.joinGapMs * SAMPLE_RATE) / 1000);
    this.bridgeGapSamples = Math.round((o.bridgeGapMs * SAMPLE_RATE) / 1000);
    this.phraseGapSamples = Math.round((o.phraseGapMs * SAMPLE_RATE) / 1000);
    this.preSpeechSamples = Math.round((o.preSpeechPadMs * SAMPLE_RATE) / 1000);
    this.postSpeechSamples = Math.round((o.postSpeechPadMs * SAMPLE_RATE) / 1000);
    this.pauseAfterSamples = Math.round((o.pauseAfterMs * SAMPLE_RATE) / 1000);
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
   * `roomLevel`: the frame's energy is no louder than the room's noise (tier 1's verdict, used in speech);
   * `loud`: the frame is well above the room's noise (tier 1's verdict, used outside speech).
   */
  push(frame: Float32Array, probability: number, roomLevel = false, loud = false): SegmenterEvent[] {
    const frameStart = this.position;
    this.write(frame);
    const frameEnd = this.position;
    const o = this.options;
    const events: SegmenterEvent[] = [];

    if (!this.speaking) {
      if (probability >= o.positiveThreshold) {
        this.speaking = true;
        this.loudBeforeOnset = this.loudGapFrames;
        this.speechFrames = 1;
        this.silentFrames = 0;
        this.lastSpeechEnd = frameEnd;
        this.speechOnset = frameStart;
        this.pauseSent = false;
        this.probabilitySum = probability;
        this.probabilityFrames = 1;
        this.peak = probability;
        this.segmentStart = Math.max(0, frameStart - this.preSpeechSamples, frameEnd - this.capacity);
        // Silero confirms a soft onset late ("ask" over crowd noise): the segment starts at the sound's own
        // onset (the loud run leading here), padded, within a bound.
        this.soundOnset = frameStart;
        if (this.loudRunStart !== null && frameStart - this.loudRunStart <= MAX_ONSET_LEAD_SAMPLES) {
          this.soundOnset = this.loudRunStart;
          this.segmentStart = Math.max(0, Math.min(this.segmentStart, this.loudRunStart - this.preSpeechSamples), frameEnd - this.capacity);
        }
        this.loudRunStart = null;
        const burst = this.pendingBurst;
        this.pendingBurst = null;
        // A burst just before this speech opens its segment: its words are kept, in order.
        if (burst && frameStart - burst.speechEnd <= this.joinGapSamples && this.holds(burst.start)) {
          this.segmentStart = Math.min(this.segmentStart, burst.start);
          this.peak = Math.max(this.peak, burst.peak);
        }
        events.push({ type: 'speech-start', atMs: samplesToMs(frameEnd), onsetMs: samplesToMs(frameStart) });
      } else if (loud) {
        this.loudGapFrames++;
        this.loudRunStart ??= frameStart;
        this.quietInLoudRun = 0;
      } else if (this.loudRunStart !== null && ++this.quietInLoudRun > LOUD_RUN_QUIET_FRAMES) {
        this.loudRunStart = null;
      }
      if (!this.speaking && this.pendingBurst && frameEnd - this.pendingBurst.speechEnd > this.joinGapSamples) {
        events.push(this.isolated(this.pendingBurst));
        this.pendingBurst = null;
      }
      return events;
    }

    this.peak = Math.max(this.peak, probability);
    this.probabilitySum += probability;
    this.probabilityFrames++;
    const silent =
      probability < o.negativeThreshold || (roomLevel && o.roomLevelSpeechThreshold < 1 && probability < o.roomLevelSpeechThreshold);
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
      events.push(...this.close(Math.min(frameEnd, this.lastSpeechEnd + this.postSpeechSamples)));
    } else if (frameEnd - this.segmentStart >= this.maxSegmentSamples) {
      // Forced cut: the next segment continues from here, speech still open.
      const forced = this.cut(this.segmentStart, frameEnd, true);
      events.push(forced);
      this.previous = {
        start: this.segmentStart,
        end: frameEnd,
        speechStart: this.speechOnset,
        speechEnd: this.lastSpeechEnd,
        evidence: forced.evidence,
        peak: this.peak,
      };
      this.segmentStart = this.speechOnset = this.soundOnset = frameEnd;
      this.speechFrames = this.minSpeechFrames; // the speech already proved itself
      this.probabilitySum = this.probabilityFrames = 0;
    } else if (
      !this.pauseSent &&
      this.silentFrames > 0 &&
      this.speechFrames >= this.minSpeechFrames &&
      frameEnd >= this.lastSpeechEnd + this.pauseAfterSamples
    ) {
      this.pauseSent = true;
      events.push({ type: 'pause', ...this.audioOf(this.segmentStart, this.lastSpeechEnd + this.postSpeechSamples) });
    }
    return events;
  }

  /** Ends the stream: the open segment (or a held-back burst) becomes a final segment. */
  flush(): SegmenterEvent[] {
    const events: SegmenterEvent[] = this.speaking ? this.close(Math.min(this.position, this.lastSpeechEnd + this.postSpeechSamples)) : [];
    if (this.pendingBurst) events.push(this.isolated(this.pendingBurst));
    this.pendingBurst = null;
    this.previous = null;
    return events;
  }

  /**
   * Speech has ended at `end` (post pad included). A burst or a short segment right after the previous
   * segment joins it; a burst is otherwise held back to join the speech that may follow; the rest is a
   * segment of its own.
   */
  private close(end: number): SegmenterEvent[] {
    this.speaking = false;
    const own: Stretch = {
      start: this.segmentStart,
      end,
      speechStart: this.speechOnset,
      speechEnd: this.lastSpeechEnd,
      evidence: this.evidence(),
      peak: this.peak,
    };
    const burst = this.speechFrames < this.minSpeechFrames;
    const prev = this.previous;
    const gap = prev ? own.speechStart - prev.speechEnd : Infinity;
    const short = burst || this.speechFrames < this.shortSpeechFrames;
    const bridged = gap <= this.bridgeGapSamples && this.loudBeforeOnset >= this.minSpeechFrames;
    // From the sound's own onset: Silero confirms a soft first word late, and the pause is what the speaker left.
    const phrase =
      prev !== null && this.soundOnset - prev.speechEnd <= this.phraseGapSamples && end - prev.start <= PHRASE_JOIN_MAX_SAMPLES;
    // A held-back burst is sound in the gap too: speech after it may still bridge back over it.
    this.loudGapFrames = burst ? this.loudBeforeOnset + this.speechFrames : 0;
    this.loudBeforeOnset = 0;
    if (
      prev &&
      ((short && gap <= this.joinGapSamples) || bridged || phrase) &&
      end - prev.start <= this.maxSegmentSamples &&
      this.holds(prev.start)
    ) {
      this.loudGapFrames = 0;
      const joined = { ...this.cut(prev.start, end, false), joinsPrevious: true, evidence: Math.max(prev.evidence, own.evidence) };
      this.previous = {
        ...own,
        start: prev.start,
        speechStart: prev.speechStart,
        evidence: joined.evidence,
        peak: Math.max(prev.peak, own.peak),
      };
      return [joined];
    }
    if (burst) {
      this.pendingBurst = own;
      return [];
    }
    this.previous = own;
    return [this.cut(this.segmentStart, end, false)];
  }

  /** A burst with no speech close to it: kept as a segment when Silero was sure of it, dropped otherwise. */
  private isolated(b: Stretch): SegmenterEvent {
    if (b.peak < this.options.isolatedBurstMinPeak || !this.holds(b.start))
      return { type: 'misfire', atMs: this.timeMs, startMs: samplesToMs(b.start), endMs: samplesToMs(b.end), peak: b.peak };
    this.previous = b;
    return { type: 'segment', forced: false, joinsPrevious: false, ...this.audioOf(b.start, b.end, b.evidence) };
  }

  /** Whether the circular buffer still holds audio from sample position `start`. */
  private holds(start: number): boolean {
    return this.position - start <= this.capacity;
  }

  /** Copy of the open segment so far (for partial text), or null when not in speech. */
  snapshot(): CutAudio | null {
    if (!this.speaking) return null;
    return this.audioOf(this.segmentStart, this.position);
  }

  private evidence(): number {
    return this.probabilityFrames ? this.probabilitySum / this.probabilityFrames : 0;
  }

  private cut(start: number, end: number, forced: boolean): { type: 'segment'; forced: boolean; joinsPrevious: false } & CutAudio {
    return { type: 'segment', forced, joinsPrevious: false, ...this.audioOf(start, end) };
  }

  private audioOf(start: number, end: number, evidence = this.evidence()): CutAudio {
    return { startMs: samplesToMs(start), endMs: samplesToMs(end), audio: this.copy(start, end), evidence };
  }

  private write(frame: Float32Array): void {
    const at = this.position % this.capacity;
    const first = Math.min(frame.length, this.capacity - at);
    this.buffer.set(frame.subarray(0, first), at);
    if (first < frame.length) this.buffer.set(frame.subarray(first), 0);
    this.position += frame.length;
  }

  /** The audio from `start` to `end`; what is past the latest sample (a pause's pad) stays silent. */
  private copy(start: number, end: number): Float32Array {
    const out = new Float32Array(end - start);
    const heard = Math.max(0, Math.min(end, this.position) - start);
    const at = start % this.capacity;
    const first = Math.min(heard, this.capacity - at);
    out.set(this.buffer.subarray(at, at + first), 0);
    if (first < heard) out.set(this.buffer.subarray(0, heard - first), first);
    return out;
  }
}
