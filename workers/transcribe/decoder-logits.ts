// Whisper's merged q8 decoder, edited so each decoder pass projects one position onto the vocabulary, with
// the quantized table's codes turned into floats once, at load, not on every pass.
//
// Why: the exported output projection is `/proj_out/MatMul(x, DequantizeLinear(Transpose(embed_tokens)))` in
// both branches of the merged decoder's `If` (with and without the cache). onnxruntime does not fold a
// DequantizeLinear, so every pass transposes and dequantizes all 51865 × d weights, and the first pass of a
// decode (no cache: the session prompt, the start tokens and any forced words) projects every one of its
// positions, 200 × 51865 floats for a full prompt, although generation reads only the last
// (`outputs.logits.slice(null, -1, null)` in transformers.js 4.3.1). bench/encoder-context/README.md measures
// both costs.
//
// The edit:
//  - both branches return x[:, -1:], and after the `If` it is projected with the table's codes as floats,
//    `(x · codes − zero point × Σx) × scale`: DequantizeLinear's `(code − zero point) × scale` per weight,
//    regrouped. The codes come from one Cast of the (transposed) stored table, which onnxruntime folds into a
//    constant at load (a DequantizeLinear it would run again on every pass). One folded op and one MatMul, because
//    each folded intermediate and each MatMul's packed copy of a constant is another 51865 × d × 4 bytes
//    (80 MB for tiny) in the heap's high-water mark: this costs about 40 MB over dequantizing per pass, where a
//    Cast–Sub–Mul fold cost 200 MB. The logits match the stock decoder's within a few millionths of their range;
//  - `logits` is [batch, 1, vocab];
//  - the `decoder_attentions.*` and `cross_attentions.*` outputs are dropped: transformers.js copies out every
//    output on each pass, and only word-level timestamps would read them.
import {
  ATTRIBUTE_G,
  BYTES,
  filledFloatTensor,
  FLOAT,
  GRAPH_INITIALIZER,
  GRAPH_NODE,
  GRAPH_OUTPUT,
  GRAPH_VALUE_INFO,
  int64Tensor,
  intAttribute,
  MODEL_GRAPH,
  node,
  NODE_ATTRIBUTE,
  NODE_OUTPUT,
  readNode,
  retypeValue,
  str,
  tensorLayout,
  tensorName,
  UINT8,
  valueName,
  Writer,
  fields,
  type Field,
} from './onnx-wire';

export class DecoderLogitsError extends Error {
  override name = 'DecoderLogitsError';
}

export interface DecoderLogitsOptions {
  /** Keep the attention outputs (only word-level timestamps would read them). */
  keepAttentionOutputs: boolean;
  /**
   * `folded`: the last position times the table's codes, cast to float once at load, then centred and scaled
   * (the stock decoder's logits within a few millionths of their range, and no per-pass dequantize; the float
   * codes stay in memory). `float`: the last position times
   * the table dequantized on every pass, as the stock decoder computes it. `int8`: the last position
   * quantized, times the stored table (MatMulInteger), as the model's other linear layers run: logits off by
   * up to 2 % of their range, enough to flip an end-of-text decision now and then
   * (bench/encoder-context/README.md).
   */
  projection: 'folded' | 'float' | 'int8';
}

const ADDED = 'earshot_logits'; // prefix of every name this edit adds
const LOGITS = 'logits';
/** `folded`: what the If returns in place of the logits (each branch's `logits` output is x[:, -1:]). */
const LAST_HIDDEN = `${ADDED}/last_hidden`;
const ATTENTION_OUTPUT = /^(decoder|cross)_attentions\./;
const INT64_MAX = 2n ** 63n - 1n;

interface Projection {
  /** The hidden state the projection reads, [batch, positions, d]. */
  hidden: string;
  /** The dequantized, transposed table the stock MatMul reads, [d, vocab]. */
  weight: string;
  projection: DecoderLogitsOptions['projection'];
  /** The stored table, [vocab, d] uint8, and its scale and zero point. */
  table: string;
  scale: string;
  zeroPoint: string;
  /** Where the nodes the edit replaces start in the file: the Transpose, the DequantizeLinear, the MatMul. */
  replaced: Set<number>;
  /** Their outputs, which nothing else reads. */
  removedValues: Set<string>;
  matMul: number;
}

/** The merged decoder with the output projection on the last position only. */
export function lastPositionLogits(model: Uint8Array, options: Partial<DecoderLogitsOptions> = {}): Uint8Array<ArrayBuffer> {
  const keep = options.keepAttentionOutputs ?? false;
  const projection = options.projection ?? 'folded';
  const graphs = [...fields(model)].filter((f) => f.no === MODEL_GRAPH && f.wire === BYTES);
  if (graphs.length !== 1) throw new DecoderLogitsError('This file is not an ONNX model (no graph).');
  const graph = editMainGraph(model, graphs[0], keep, projection);
  return new Writer().raw(model.subarray(0, graphs[0].start)).bytesField(MODEL_GRAPH, graph).raw(model.subarray(graphs[0].end)).finish();
}

const dropped = (name: string, keep: boolean) => !keep && ATTENTION_OUTPUT.test(name);

function editMainGraph(buf: Uint8Array, graphField: Field, keep: boolean, projection: DecoderLogitsOptions['projection']): Writer {
  const graphFields = [...fields(buf, graphField.body, graphField.end)];
  const ifs = graphFields.filter((f) => f.no === GRAPH_NODE && readNode(buf, f).opType === 'If');
  if (ifs.length !== 1) throw new DecoderLogitsError('This does not look like a merged Whisper decoder: no single If node.');
  const branches = [...fields(buf, ifs[0].body, ifs[0].end)]
    .filter((f) => f.no === NODE_ATTRIBUTE)
    .map((a) => ({ a, g: branchGraph(buf, a) }));
  if (branches.length !== 2 || branches.some((b) => !b.g))
    throw new DecoderLogitsError('The decoder If node does not have two branch graphs.');
  const projections = branches.map((b) => findProjection(buf, b.g!, projection));
  const { table, scale, zeroPoint } = projections[0];
  if (projections.some((p) => p.table !== table || p.scale !== scale || p.zeroPoint !== zeroPoint))
    throw new DecoderLogitsError('The two branches project with different tables.');
  const tableField = graphFields.find((f) => f.no === GRAPH_INITIALIZER && tensorName(buf, f) === table);
  if (!tableField) throw new DecoderLogitsError(`The projection table ${table} is not an initializer of the decoder.`);
  const layout = tensorLayout(buf, tableField);
  if (layout.type !== UINT8 || layout.dims.length !== 2)
    throw new DecoderLogitsError(`The projection table has an unexpected layout (type ${layout.type}, dims [${layout.dims.join(', ')}]).`);
  const [vocab, dModel] = layout.dims;
  // `folded`: the branches return the last position's hidden state ([batch, 1, d]), renamed in the If's outputs.
  const branchWidth = projection === 'folded' ? dModel : undefined;
  const transposed = `${ADDED}/table_t`;
  const codes = `${ADDED}/table_codes`;

  const out = new Writer();
  // What the If reads comes first and, being computed from constants only, is folded at load.
  if (projection !== 'float') out.bytesField(GRAPH_NODE, node('Transpose', `${ADDED}/Transpose`, [table], [transposed]));
  if (projection === 'folded') for (const n of codesOnce(transposed, zeroPoint, codes)) out.bytesField(GRAPH_NODE, n);
  for (const f of graphFields) {
    const whole = buf.subarray(f.start, f.end);
    if (f === ifs[0]) {
      out.bytesField(GRAPH_NODE, editIf(buf, f, branches, projections, { transposed, keep, branchWidth }));
      if (projection === 'folded') for (const n of projectWithCodes(codes, scale)) out.bytesField(GRAPH_NODE, n);
    } else if (f.no === GRAPH_OUTPUT) {
      if (!dropped(valueName(buf, f), keep)) out.bytesField(GRAPH_OUTPUT, retypeLogits(buf, f));
    } else out.raw(whole);
  }
  if (projection === 'folded') out.bytesField(GRAPH_INITIALIZER, filledFloatTensor(`${ADDED}/ones`, [dModel, 1], 1));
  out.bytesField(GRAPH_INITIALIZER, int64Tensor(`${ADDED}/starts`, [-1n]));
  out.bytesField(GRAPH_INITIALIZER, int64Tensor(`${ADDED}/ends`, [INT64_MAX]));
  out.bytesField(GRAPH_INITIALIZER, int64Tensor(`${ADDED}/axes`, [1n]));
  if (projection === 'int8') {
    out.bytesField(GRAPH_INITIALIZER, int64Tensor(`${ADDED}/rows`, [-1n, BigInt(dModel)]));
    out.bytesField(GRAPH_INITIALIZER, int64Tensor(`${ADDED}/logits_shape`, [-1n, 1n, BigInt(vocab)]));
  }
  return out;
}

function branchGraph(buf: Uint8Array, attribute: Field): Field | undefined {
  return [...fields(buf, attribute.body, attribute.end)].find((g) => g.no === ATTRIBUTE_G && g.wire === BYTES);
}

function findProjection(buf: Uint8Array, graphField: Field, projection: DecoderLogitsOptions['projection']): Projection {
  const nodes = [...fields(buf, graphField.body, graphField.end)]
    .filter((f) => f.no === GRAPH_NODE)
    .map((f) => ({ f, n: readNode(buf, f) }));
  const producer = (value: string) => nodes.find(({ n }) => n.outputs.includes(value));
  const matMul = producer(LOGITS);
  if (matMul?.n.opType !== 'MatMul')
    throw new DecoderLogitsError('This does not look like a Whisper decoder: logits do not come from a MatMul.');
  const [hidden, weight] = matMul.n.inputs;
  const dq = producer(weight);
  if (dq?.n.opType !== 'DequantizeLinear' || dq.n.inputs.length !== 3)
    throw new DecoderLogitsError('The output projection does not read a dequantized table.');
  const [transposedTable, scale, zeroPoint] = dq.n.inputs;
  const transpose = producer(transposedTable);
  if (transpose?.n.opType !== 'Transpose') throw new DecoderLogitsError('The output projection does not read a transposed table.');
  const readers = (value: string) => nodes.filter(({ n }) => n.inputs.includes(value)).length;
  if (readers(weight) !== 1 || readers(transposedTable) !== 1)
    throw new DecoderLogitsError('The dequantized table is read by more than the output projection.');
  const float = projection === 'float';
  return {
    hidden,
    weight,
    table: transpose.n.inputs[0],
    scale,
    zeroPoint,
    // In `float` the table is still dequantized as before, on every pass; otherwise the main graph's transpose is read.
    replaced: new Set(float ? [matMul.f.start] : [transpose.f.start, dq.f.start, matMul.f.start]),
    removedValues: new Set(float ? [] : [weight, transposedTable]),
    matMul: matMul.f.start,
    projection,
  };
}

interface BranchEdit {
  /** The main graph's transposed table (`int8` reads it). */
  transposed: string;
  keep: boolean;
  /** Set when the branches return the last hidden state instead of logits: its width d. */
  branchWidth: number | undefined;
}

/** The If node with both branches edited and the dropped outputs gone. */
function editIf(
  buf: Uint8Array,
  f: Field,
  branches: Array<{ a: Field; g: Field | undefined }>,
  projections: Projection[],
  e: BranchEdit,
): Writer {
  const out = new Writer();
  for (const g of fields(buf, f.body, f.end)) {
    if (g.no === NODE_OUTPUT && dropped(str(buf, g), e.keep)) continue;
    if (g.no === NODE_OUTPUT && str(buf, g) === LOGITS && e.branchWidth !== undefined) {
      out.stringField(NODE_OUTPUT, LAST_HIDDEN);
      continue;
    }
    const i = branches.findIndex((b) => b.a.start === g.start);
    if (i < 0) {
      out.raw(buf.subarray(g.start, g.end));
      continue;
    }
    const attribute = new Writer();
    for (const h of fields(buf, g.body, g.end))
      if (h.no === ATTRIBUTE_G && h.wire === BYTES) attribute.bytesField(ATTRIBUTE_G, editBranch(buf, h, projections[i], e));
      else attribute.raw(buf.subarray(h.start, h.end));
    out.bytesField(NODE_ATTRIBUTE, attribute);
  }
  return out;
}

function editBranch(buf: Uint8Array, graphField: Field, p: Projection, e: BranchEdit): Writer {
  const out = new Writer();
  for (const f of fields(buf, graphField.body, graphField.end)) {
    if (f.no === GRAPH_NODE && p.replaced.has(f.start)) {
      if (f.start === p.matMul) for (const n of projectLastPosition(p, e.transposed)) out.bytesField(GRAPH_NODE, n);
      continue;
    }
    if (f.no === GRAPH_NODE) {
      out.raw(buf.subarray(f.start, f.end));
      continue;
    }
    if (f.no === GRAPH_OUTPUT) {
      if (!dropped(valueName(buf, f), e.keep)) out.bytesField(GRAPH_OUTPUT, retypeLogits(buf, f, e.branchWidth));
      continue;
    }
    if (f.no === GRAPH_VALUE_INFO && p.removedValues.has(valueName(buf, f))) continue;
    out.raw(buf.subarray(f.start, f.end));
  }
  return out;
}

/** logits = x[:, -1:] · tableᵀ, as [batch, 1, vocab]: in float, or quantized and scaled back; `folded`: x[:, -1:] only. */
function projectLastPosition(p: Projection, transposed: string): Writer[] {
  const v = (name: string) => `${ADDED}/${name}`;
  const last = node('Slice', v('Slice'), [p.hidden, v('starts'), v('ends'), v('axes')], [p.projection === 'folded' ? LOGITS : v('last')]);
  if (p.projection === 'folded') return [last]; // projected after the If
  if (p.projection !== 'int8') return [last, node('MatMul', v('MatMul'), [v('last'), p.weight], [LOGITS])];
  return [
    last,
    node('Reshape', v('Rows'), [v('last'), v('rows')], [v('rows_out')]),
    node('DynamicQuantizeLinear', v('Quantize'), [v('rows_out')], [v('q'), v('q_scale'), v('q_zero_point')]),
    node('MatMulInteger', v('MatMulInteger'), [v('q'), transposed, v('q_zero_point'), p.zeroPoint], [v('product')]),
    node('Cast', v('Cast'), [v('product')], [v('product_float')], [intAttribute('to', FLOAT)]),
    node('Mul', v('Scale'), [v('q_scale'), p.scale], [v('scale')]),
    node('Mul', v('Rescale'), [v('product_float'), v('scale')], [v('scaled')]),
    node('Reshape', v('Logits'), [v('scaled'), v('logits_shape')], [LOGITS]),
  ];
}

/**
 * The table's codes as floats, transposed: one Cast of a constant, folded at load into the one float table the
 * session keeps (each further folded op would leave another table-sized buffer in the heap's high-water mark).
 */
function codesOnce(transposed: string, zeroPoint: string, out: string): Writer[] {
  const v = (name: string) => `${ADDED}/${name}`;
  const toFloat = [intAttribute('to', FLOAT)];
  return [
    node('Cast', v('TableFloat'), [transposed], [out], toFloat),
    node('Cast', v('ZeroPointFloat'), [zeroPoint], [v('zero_point_float')], toFloat),
  ];
}

/**
 * logits = (x · codes − zero point × Σx) × scale: DequantizeLinear's `(code − zero point) × scale` per weight,
 * regrouped so the table stays the codes (exact in float) and the per-pass work on top is one vocabulary-sized
 * Sub and Mul.
 */
function projectWithCodes(codes: string, scale: string): Writer[] {
  const v = (name: string) => `${ADDED}/${name}`;
  return [
    node('MatMul', v('MatMul'), [LAST_HIDDEN, codes], [v('products')]),
    node('MatMul', v('Sum'), [LAST_HIDDEN, v('ones')], [v('sum')]),
    node('Mul', v('ZeroPointTerm'), [v('sum'), v('zero_point_float')], [v('zero_point_term')]),
    node('Sub', v('Centre'), [v('products'), v('zero_point_term')], [v('centred')]),
    node('Mul', v('Scale'), [v('centred'), scale], [LOGITS]),
  ];
}

/** `logits` declared [batch, 1, vocab] (a `folded` branch's: [batch, 1, d]); any other value as it was. */
function retypeLogits(buf: Uint8Array, f: Field, width?: number): Writer {
  if (valueName(buf, f) !== LOGITS) return new Writer().raw(buf.subarray(f.body, f.end));
  return retypeValue(buf, f, (_dim, axis) => (axis === 1 ? { value: 1 } : axis === 2 && width ? { value: width } : undefined));
}
