// Microphone → AudioWorklet. Opens the device with processing off (Whisper wants the raw voice),
// and releases everything on stop: tracks stopped, worklet told to return false, context closed.
import workletUrl from '../../workers/capture/capture.worklet.ts?worker&url';
import { CAPTURE_PROCESSOR, type CaptureWorkletCommand, type CaptureWorkletOptions } from '../../workers/capture/capture-protocol';
import type { CaptureBuffers } from '../../workers/capture/audio-ring';

export class Microphone {
  private constructor(
    private readonly stream: MediaStream,
    private readonly context: AudioContext,
    private readonly node: AudioWorkletNode,
  ) {}

  get sampleRate(): number {
    return this.context.sampleRate;
  }

  /** Throws the browser's DOMException on failure (see errors.ts for the messages). */
  static async open(buffers: CaptureBuffers, onEnded: () => void, deviceId?: string): Promise<Microphone> {
    const stream = await navigator.mediaDevices.getUserMedia({
      audio: {
        deviceId: deviceId ? { exact: deviceId } : undefined,
        channelCount: 1,
        echoCancellation: false,
        noiseSuppression: false,
        autoGainControl: false,
      },
    });
    let context: AudioContext | null = null;
    try {
      context = new AudioContext({ latencyHint: 'interactive' });
      await context.audioWorklet.addModule(workletUrl);
      const source = context.createMediaStreamSource(stream);
      const node = new AudioWorkletNode(context, CAPTURE_PROCESSOR, {
        numberOfInputs: 1,
        numberOfOutputs: 0,
        channelCount: 1,
        channelCountMode: 'explicit',
        processorOptions: { ring: buffers.ring, stats: buffers.stats } satisfies CaptureWorkletOptions,
      });
      source.connect(node);
      if (context.state === 'suspended') await context.resume();
      for (const track of stream.getAudioTracks()) track.addEventListener('ended', onEnded, { once: true });
      return new Microphone(stream, context, node);
    } catch (err) {
      for (const track of stream.getTracks()) track.stop();
      await context?.close().catch(() => undefined);
      throw err;
    }
  }

  async close(): Promise<void> {
    for (const track of this.stream.getTracks()) track.stop();
    this.node.port.postMessage({ type: 'stop' } satisfies CaptureWorkletCommand);
    this.node.disconnect();
    this.node.port.close();
    await this.context.close().catch(() => undefined);
  }
}
