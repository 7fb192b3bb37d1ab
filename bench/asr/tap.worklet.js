// Bench-only AudioWorklet (served at /__bench__/tap.worklet.js, loaded by run.mjs's page instrumentation, never
// by the app): per render quantum of the captured stream, its first context frame and its peak, posted in
// blocks of 4 quanta with the frame after the last one (the page stamps each message with its own time).
/* global registerProcessor, AudioWorkletProcessor, currentFrame */
registerProcessor(
  'bench-tap',
  class extends AudioWorkletProcessor {
    constructor() {
      super();
      this.frames = [];
      this.peaks = [];
    }
    process(inputs) {
      const x = inputs[0] && inputs[0][0];
      if (x) {
        let p = 0;
        for (let i = 0; i < x.length; i++) p = Math.max(p, Math.abs(x[i]));
        this.frames.push(currentFrame);
        this.peaks.push(p);
      }
      if (this.frames.length >= 4) {
        this.port.postMessage({ frames: this.frames, peaks: this.peaks, end: currentFrame + 128 });
        this.frames = [];
        this.peaks = [];
      }
      return true;
    }
  },
);
