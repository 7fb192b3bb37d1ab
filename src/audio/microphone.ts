// Microphone → AudioWorklet. Opens the device with processing off (Whisper wants the raw voice),
// and releases everything on close: tracks stopped, worklet told to return false, context closed.
import workletUrl from '../../workers/capture/capture.worklet.ts?worker&url';
import {
  CAPTURE_PROCESSOR,
  TRANSFER_BATCH_SAMPLES,
  type CaptureWorkletCommand,
  type CaptureWorkletOptions,
  type CaptureWorkletReport,
} from '../../workers/capture/capture-protocol';
import type { CaptureBuffers } from '../../workers/capture/audio-ring';

/** Where captured audio goes: the shared ring, or a port to the VAD worker (transfer mode). */
export type CaptureTarget = { mode: 'shared'; buffers: CaptureBuffers } | { mode: 'transfer'; port: MessagePort };

export class Microphone {
  /** Input level 0..1 in transfer mode (shared mode reads it from the stats SAB). */
  level = 0;

  private constructor(
    private readonly stream: MediaStream,
    private readonly context: AudioContext,
    private readonly node: AudioWorkletNode,
  ) {}

  /** Throws the browser's DOMException on failure (see errors.ts for the messages). */
  static async open(target: CaptureTarget, onEnded: () => void, deviceId?: string): Promise<Microphone> {
    // The capture graph is made ready before the device opens: audio that arrives while a busy machine is
    // still loading the worklet would otherwise be lost (the first word of whoever speaks at once).
    const context = new AudioContext({ latencyHint: 'interactive' });
    let stream: MediaStream | null = null;
    try {
      await context.audioWorklet.addModule(workletUrl);
      const processorOptions: CaptureWorkletOptions =
        target.mode === 'shared'
          ? { mode: 'shared', ring: target.buffers.ring, stats: target.buffers.stats }
          : { mode: 'transfer', batchSamples: TRANSFER_BATCH_SAMPLES };
      const node = new AudioWorkletNode(context, CAPTURE_PROCESSOR, {
        numberOfInputs: 1,
        numberOfOutputs: 0,
        channelCount: 1,
        channelCountMode: 'explicit',
        processorOptions,
      });
      if (context.state === 'suspended') await context.resume();
      stream = await navigator.mediaDevices.getUserMedia({
        audio: {
          deviceId: deviceId ? { exact: deviceId } : undefined,
          channelCount: 1,
          echoCancellation: false,
          noiseSuppression: false,
          autoGainControl: false,
        },
      });
      const mic = new Microphone(stream, context, node);
      if (target.mode === 'transfer') {
        mic.connect(target.port);
        node.port.onmessage = (e: MessageEvent<CaptureWorkletReport>) => (mic.level = e.data.level);
      }
      context.createMediaStreamSource(stream).connect(node);
      for (const track of stream.getAudioTracks()) track.addEventListener('ended', onEnded, { once: true });
      return mic;
    } catch (err) {
      for (const track of stream?.getTracks() ?? []) track.stop();
      await context.close().catch(() => undefined);
      throw err;
    }
  }

  /** Transfer mode: send audio to a new port (a replacement VAD worker). */
  connect(port: MessagePort): void {
    this.node.port.postMessage({ type: 'connect', port } satisfies CaptureWorkletCommand, [port]);
  }

  async close(): Promise<void> {
    for (const track of this.stream.getTracks()) track.stop();
    this.node.port.postMessage({ type: 'stop' } satisfies CaptureWorkletCommand);
    // One more quantum lets the worklet hand over its last partial batch before the context closes.
    await new Promise((resolve) => setTimeout(resolve, 20));
    this.node.disconnect();
    this.node.port.onmessage = null;
    this.node.port.close();
    await this.context.close().catch(() => undefined);
  }
}
