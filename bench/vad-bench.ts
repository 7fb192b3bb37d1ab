// The bench page behind `npm run bench:vad` (driven by bench/run-vad-bench.mjs). In one page it runs
//   earshot      our TieredVad (energy gate → Silero v5 → segmenter), default options, 512-sample frames;
//   vad-web-nrt  @ricky0123/vad-web's NonRealTimeVAD as shipped (0.0.31: legacy Silero, 1536-sample frames);
//   vad-web-v5   vad-web's Silero v5 model class driven by its own FrameProcessor, as its MicVAD does for 'v5';
// each with its default segmentation options, and returns what each detected and how long it took.
// vad-web runs on its own onnxruntime-web (1.30), served by the runner under /__vadweb__/.
import { FrameProcessor, getDefaultRealTimeVADOptions, Message, NonRealTimeVAD } from '@ricky0123/vad-web';
import type { FrameProcessorEvent } from '@ricky0123/vad-web/dist/frame-processor';
import { Silero, type Model, type OrtModule } from '@ricky0123/vad-web/dist/models';
import { ort as vadWebWasmOrt } from '@ricky0123/vad-web/dist/real-time-vad';
import * as earshotOrt from 'onnxruntime-web/webgpu';
import { decodeToMono16k } from '../src/audio/decode-file';
import { loadModelFile } from '../workers/shared/model-store';
import { absoluteWasmPaths } from '../workers/shared/ort-env';
import { FRAME_SAMPLES, SAMPLE_RATE, type SegmenterEvent } from '../workers/vad/segmenter';
import { SileroVad } from '../workers/vad/silero';
import { TieredVad } from '../workers/vad/tiered-vad';
import type { BenchRequest, BenchResult, DetectorId, DetectorResult, VadBenchPage } from './vad-bench-protocol';
import type { Detection } from './vad-score';

const EARSHOT_MODEL = 'silero/silero_vad_v5.onnx';
const VADWEB_BASE = '/__vadweb__/';
const VADWEB_LEGACY = 'silero_vad_legacy.onnx';
const VADWEB_V5 = 'silero_vad_v5.onnx';
const VADWEB_V5_FRAME = 512;

const msAt = (samples: number) => (samples * 1000) / SAMPLE_RATE;

/** A detector ready to run: `detect` is the timed part, with fresh detection state on every call. */
interface Detector {
  id: DetectorId;
  label: string;
  model: string;
  ort: string;
  hangoverMs: number;
  detect(samples: Float32Array): Promise<Detection[]>;
  /** Frames counted since creation, over every call of `detect`. */
  frames: { total: number; gated: number; modelled: number };
  /** The model alone on these frames, fresh state: total ms. */
  modelOnly?(frames: Float32Array[]): Promise<number>;
  release(): Promise<void>;
}

/** vad-web's onnxruntime: our origin, one wasm thread as ours, its own default log level. */
function configureVadWebOrt(ort: OrtModule): void {
  ort.env.wasm.wasmPaths = `${location.origin}${VADWEB_BASE}ort/`;
  ort.env.wasm.numThreads = 1;
  ort.env.logLevel = 'error';
}

async function earshotDetector(): Promise<Detector> {
  const model = await SileroVad.create(await loadModelFile(EARSHOT_MODEL), absoluteWasmPaths('cpu'));
  const frames = { total: 0, gated: 0, modelled: 0 };
  return {
    id: 'earshot',
    label: 'earshot TieredVad',
    model: 'Silero v5',
    ort: earshotOrt.env.versions.web ?? '?',
    hangoverMs: new TieredVad(model).segmenter.options.redemptionMs,
    async detect(samples) {
      model.reset();
      const vad = new TieredVad(model);
      const out: Detection[] = [];
      let onsetMs: number | null = null;
      let pause: { atMs: number; endMs: number } | null = null;
      const handle = (events: SegmenterEvent[]) => {
        for (const e of events) {
          if (e.type === 'speech-start') onsetMs = e.onsetMs;
          else if (e.type === 'misfire') onsetMs = null;
          else if (e.type === 'pause') pause = { atMs: vad.segmenter.timeMs, endMs: e.endMs };
          else if (e.type === 'segment' && !e.forced) {
            // Decided now: at the end of the frame that closed the segment (or of the file, on flush).
            const decidedMs = vad.segmenter.timeMs;
            // The pause whose audio ends where the cut does is the one live dictation decodes (speech went on
            // after any other); the transcriber matches a pause decode to its final the same way.
            const pausedMs = pause?.endMs === e.endMs ? pause.atMs : undefined;
            out.push({ startMs: onsetMs ?? e.startMs, endMs: decidedMs, decidedMs, ...(pausedMs === undefined ? {} : { pausedMs }) });
            onsetMs = null;
            pause = null;
          }
        }
      };
      for (let at = 0; at + FRAME_SAMPLES <= samples.length; at += FRAME_SAMPLES)
        handle(await vad.push(samples.subarray(at, at + FRAME_SAMPLES)));
      handle(vad.flush());
      frames.total += vad.counters.framesTotal;
      frames.gated += vad.counters.framesGated;
      frames.modelled += vad.counters.framesModel;
      return out;
    },
    frames,
    async modelOnly(input) {
      model.reset();
      const t0 = performance.now();
      for (const f of input) await model.probability(f);
      return performance.now() - t0;
    },
    release: () => model.release(),
  };
}

async function vadWebNonRealTime(): Promise<Detector> {
  const vad = await NonRealTimeVAD.new({ modelURL: VADWEB_BASE + VADWEB_LEGACY, ortConfig: configureVadWebOrt });
  const frames = { total: 0, gated: 0, modelled: 0 };
  return {
    id: 'vad-web-nrt',
    label: 'vad-web NonRealTimeVAD',
    model: 'Silero legacy',
    ort: vad.ort.env.versions.web ?? '?',
    hangoverMs: vad.options.redemptionMs,
    async detect(samples) {
      const out: Detection[] = [];
      // `end` is the end of the frame that closed the segment: the moment it decided.
      for await (const { start, end } of vad.run(samples, SAMPLE_RATE)) out.push({ startMs: start, endMs: end, decidedMs: end });
      const n = Math.floor(samples.length / vad.frameSamples); // at 16 kHz its resampler only cuts frames
      frames.total += n;
      frames.modelled += n;
      return out;
    },
    frames,
    release: async () => undefined, // NonRealTimeVAD exposes no release; its one session lives with the page
  };
}

async function vadWebV5(): Promise<Detector> {
  configureVadWebOrt(vadWebWasmOrt);
  const model: Model = await Silero.new(vadWebWasmOrt, () => fetch(VADWEB_BASE + VADWEB_V5).then((r) => r.arrayBuffer()));
  const options = getDefaultRealTimeVADOptions('v5');
  const msPerFrame = msAt(VADWEB_V5_FRAME);
  const frames = { total: 0, gated: 0, modelled: 0 };
  return {
    id: 'vad-web-v5',
    label: 'vad-web v5 + FrameProcessor',
    model: 'Silero v5',
    ort: vadWebWasmOrt.env.versions.web ?? '?',
    hangoverMs: options.redemptionMs,
    async detect(samples) {
      // The same loop as NonRealTimeVAD.run, with the frame size MicVAD uses for v5.
      const fp = new FrameProcessor(
        model.process,
        model.reset_state,
        {
          positiveSpeechThreshold: options.positiveSpeechThreshold,
          negativeSpeechThreshold: options.negativeSpeechThreshold,
          redemptionMs: options.redemptionMs,
          preSpeechPadMs: options.preSpeechPadMs,
          minSpeechMs: options.minSpeechMs,
          submitUserSpeechOnPause: options.submitUserSpeechOnPause,
        },
        msPerFrame,
      );
      fp.resume();
      const out: Detection[] = [];
      let startMs = 0;
      let frame = 0;
      const handle = (e: FrameProcessorEvent, decidedMs: number) => {
        if (e.msg === Message.SpeechStart) startMs = frame * msPerFrame;
        else if (e.msg === Message.SpeechEnd) out.push({ startMs, endMs: decidedMs, decidedMs });
      };
      for (let at = 0; at + VADWEB_V5_FRAME <= samples.length; at += VADWEB_V5_FRAME, frame++)
        await fp.process(samples.subarray(at, at + VADWEB_V5_FRAME), (e) => handle(e, (frame + 1) * msPerFrame));
      fp.endSegment((e) => handle(e, frame * msPerFrame));
      frames.total += frame;
      frames.modelled += frame;
      return out;
    },
    frames,
    async modelOnly(input) {
      model.reset_state();
      const t0 = performance.now();
      for (const f of input) await model.process(f);
      return performance.now() - t0;
    },
    release: () => model.release(),
  };
}

const MODEL_ONLY_FRAMES = 1500;

/**
 * The page's side of a run: `prepare` loads audio and models, `pass` runs one detector over every file
 * (the runner reads the main thread's CPU time around it), `finish` measures the models alone and
 * releases them.
 */
class VadBench implements VadBenchPage {
  private audio: { name: string; samples: Float32Array }[] = [];
  private detectors: Detector[] = [];
  private readonly results = new Map<DetectorId, DetectorResult>();
  private passes = 0;

  async prepare(request: BenchRequest): Promise<DetectorId[]> {
    this.audio = await Promise.all(
      request.files.map(async (f) => {
        const response = await fetch(f.url);
        if (!response.ok) throw new Error(`Could not fetch ${f.url} (HTTP ${response.status})`);
        return { name: f.name, samples: await decodeToMono16k(await response.arrayBuffer()) };
      }),
    );
    const audioMs = this.audio.reduce((sum, a) => sum + msAt(a.samples.length), 0);
    this.detectors = [await earshotDetector(), await vadWebNonRealTime(), await vadWebV5()];
    for (const d of this.detectors)
      this.results.set(d.id, {
        id: d.id,
        label: d.label,
        model: d.model,
        ort: d.ort,
        hangoverMs: d.hangoverMs,
        detections: {},
        audioMs,
        timedMs: [],
        cpuMs: [],
        frames: { total: 0, gated: 0, modelled: 0 },
      });
    return this.detectors.map((d) => d.id);
  }

  /** One detector over every file; `timed` passes are kept (the first, untimed, is the warm-up). */
  async pass(id: DetectorId, timed: boolean): Promise<void> {
    const d = this.detector(id);
    const r = this.results.get(id)!;
    let ms = 0;
    for (const a of this.audio) {
      const t0 = performance.now();
      r.detections[a.name] = await d.detect(a.samples);
      ms += performance.now() - t0;
    }
    if (timed) r.timedMs.push(ms);
    if (id === this.detectors[0].id) this.passes++;
    console.info(`${timed ? 'timed' : 'warm-up'}: ${d.label} ${ms.toFixed(0)} ms`);
  }

  async finish(): Promise<BenchResult> {
    // The model alone, on the same frames (the first file's first 48 s) for each: warm-up, then the median of 3.
    const stretch: Float32Array[] = [];
    const first = this.audio[0].samples;
    for (let at = 0; at + FRAME_SAMPLES <= first.length && stretch.length < MODEL_ONLY_FRAMES; at += FRAME_SAMPLES)
      stretch.push(first.subarray(at, at + FRAME_SAMPLES));
    for (const d of this.detectors) {
      const r = this.results.get(d.id)!;
      if (d.modelOnly) {
        await d.modelOnly(stretch);
        const ms = [await d.modelOnly(stretch), await d.modelOnly(stretch), await d.modelOnly(stretch)].sort((a, b) => a - b);
        r.modelMsPerFrame = ms[1] / stretch.length;
      }
      // Counters accumulate over every pass: report one pass's worth.
      const n = Math.max(1, this.passes);
      r.frames = { total: d.frames.total / n, gated: d.frames.gated / n, modelled: d.frames.modelled / n };
      await d.release();
    }
    return { userAgent: navigator.userAgent, crossOriginIsolated, detectors: [...this.results.values()] };
  }

  private detector(id: DetectorId): Detector {
    const d = this.detectors.find((x) => x.id === id);
    if (!d) throw new Error(`no detector ${id}; call prepare first`);
    return d;
  }
}

declare global {
  interface Window {
    vadBench?: VadBenchPage;
  }
}
window.vadBench = new VadBench();
