// Main thread ⇄ capture worklet.
export const CAPTURE_PROCESSOR = 'earshot-capture';

export interface CaptureWorkletOptions {
  ring: SharedArrayBuffer;
  stats: SharedArrayBuffer;
}

export type CaptureWorkletCommand = { type: 'stop' };
