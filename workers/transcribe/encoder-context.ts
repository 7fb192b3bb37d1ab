// Shorter Whisper encoder context, in the style of whisper.cpp's `audio_ctx`: edits the exported ONNX encoder
// so it runs on fewer than 3000 mel frames (30 s) and returns one hidden state per 2 frames.
//
// Why an edit is needed: the exported encoder already declares a symbolic frame count, but it adds the
// whole positional table (`embed_positions.weight`, 1500 × d_model) to the conv output, so any input
// other than 3000 frames fails to broadcast. Everything after that (attention reshapes) reads shapes at run
// time. Two edits are offered:
//  - `shortenEncoderContext(model, n)`: slices the table to its first n rows; the encoder then takes exactly
//    2·n frames. One model per context length.
//  - `flexibleEncoderContext(model)`: slices the table at run time to the conv output's length (Shape → Slice),
//    so one model takes any frame count up to 3000. Position i still gets row i, exactly as before.
// Both also rewrite declared sizes of 1500 in value_info/outputs (stale shape hints) and, by default, drop the
// `encoder_attentions.*` outputs: transformers.js fetches every output, and for whisper-tiny those are four
// 6×1500×1500 fp32 tensors (216 MB) copied out of the wasm heap on every call that nobody reads.
//
// The edit works on the protobuf wire format (onnx-wire.ts): every field it does not change is copied byte for byte.

import {
  BYTES,
  type Dim,
  type Field,
  fields,
  GRAPH_INITIALIZER,
  GRAPH_INPUT,
  GRAPH_NODE,
  GRAPH_OUTPUT,
  GRAPH_VALUE_INFO,
  INT64,
  MODEL_GRAPH,
  node,
  payload,
  readNode,
  renameInput,
  retypeValue,
  TENSOR_DATA_TYPE,
  TENSOR_DIMS,
  TENSOR_NAME,
  TENSOR_RAW_DATA,
  tensorName,
  valueName,
  VARINT,
  Writer,
} from './onnx-wire';

/** Positions of the stock Whisper encoder (30 s at 50 Hz after the stride-2 conv). */
export const WHISPER_POSITIONS = 1500;

export interface EncoderContextOptions {
  /** Keep the `encoder_attentions.*` outputs (only word-level timestamps would read them). */
  keepAttentionOutputs: boolean;
}

export const defaultEncoderContextOptions: EncoderContextOptions = { keepAttentionOutputs: false };

export class EncoderContextError extends Error {
  override name = 'EncoderContextError';
}

/** Encoder that takes exactly `2·positions` mel frames and returns `positions` hidden states. */
export function shortenEncoderContext(
  model: Uint8Array,
  positions: number,
  options: Partial<EncoderContextOptions> = {},
): Uint8Array<ArrayBuffer> {
  if (!Number.isInteger(positions) || positions < 1 || positions > WHISPER_POSITIONS)
    throw new EncoderContextError(`Encoder context must be a whole number of positions from 1 to ${WHISPER_POSITIONS}, not ${positions}.`);
  return editEncoder(model, { kind: 'fixed', positions }, { ...defaultEncoderContextOptions, ...options });
}

/** Encoder that takes any number of mel frames up to 3000 and returns ceil(frames / 2) hidden states. */
export function flexibleEncoderContext(model: Uint8Array, options: Partial<EncoderContextOptions> = {}): Uint8Array<ArrayBuffer> {
  return editEncoder(model, { kind: 'flexible' }, { ...defaultEncoderContextOptions, ...options });
}

/**
 * How much encoder context a segment gets. Measured on the 40 dev utterances (bench/encoder-context): with at
 * least 750 positions (15 s) WER matches the 30 s encoder (tiny 4.7 % vs 5.2 %, base 1.8 % vs 1.9 %); at 700
 * tiny starts to repeat itself (8.7 %) and at 500 it loops on most short segments whatever the margin.
 */
export interface ContextPolicy {
  /** Never fewer positions than this (50 per second). */
  minPositions: number;
  /** Silence after the speech that the context must still hold. */
  marginSeconds: number;
}

export const defaultContextPolicy: ContextPolicy = { minPositions: 750, marginSeconds: 3 };

/** Encoder positions for `samples` of 16 kHz audio: audio plus margin, at least the minimum, at most 30 s. */
export function encoderPositionsFor(samples: number, policy: ContextPolicy = defaultContextPolicy): number {
  const needed = Math.ceil((samples / 16000 + policy.marginSeconds) * 50);
  return Math.min(WHISPER_POSITIONS, Math.max(policy.minPositions, needed));
}

const POSITIONS_PARAM = 'encoder_positions';
const FRAMES_PARAM = 'encoder_frames';
const ADDED = 'encoder_context'; // prefix of every name this edit adds

type Edit = { kind: 'fixed'; positions: number } | { kind: 'flexible' };

/** Bytes per element of the float types a positional table may have: float, float16, bfloat16. */
const FLOAT_BYTES: Record<number, number> = { 1: 4, 10: 2, 16: 2 };

// ---- the edit ----------------------------------------------------------------------------------------------
function editEncoder(model: Uint8Array, edit: Edit, options: EncoderContextOptions): Uint8Array<ArrayBuffer> {
  const graphs = [...fields(model)].filter((f) => f.no === MODEL_GRAPH && f.wire === BYTES);
  if (graphs.length !== 1) throw new EncoderContextError('This file is not an ONNX model (no graph).');
  const graphField = graphs[0];
  const graph = editGraph(model, graphField, edit, options);
  return new Writer().raw(model.subarray(0, graphField.start)).bytesField(MODEL_GRAPH, graph).raw(model.subarray(graphField.end)).finish();
}

function editGraph(buf: Uint8Array, graphField: Field, edit: Edit, options: EncoderContextOptions): Writer {
  const graphFields = [...fields(buf, graphField.body, graphField.end)];

  // The positional table is the 1500-row fp32 initializer that an Add combines with the conv output.
  const adds = graphFields
    .filter((f) => f.no === GRAPH_NODE)
    .map((f) => ({ f, node: readNode(buf, f) }))
    .filter(({ node }) => node.opType === 'Add' && node.inputs.some((i) => i.includes('embed_positions')));
  if (adds.length !== 1)
    throw new EncoderContextError('This does not look like a Whisper encoder: no single Add of embed_positions was found.');
  const add = adds[0];
  const tableName = add.node.inputs.find((i) => i.includes('embed_positions'))!;
  const convOut = add.node.inputs.find((i) => i !== tableName)!;
  const tables = graphFields.filter((f) => f.no === GRAPH_INITIALIZER && tensorName(buf, f) === tableName);
  if (tables.length !== 1) throw new EncoderContextError(`The positional table ${tableName} is not an initializer of the encoder.`);
  const table = checkTable(buf, tables[0]);

  const out = new Writer();
  for (const f of graphFields) {
    const whole = buf.subarray(f.start, f.end);
    switch (f.no) {
      case GRAPH_NODE:
        if (f === add.f && edit.kind === 'flexible') {
          const sliced = `${ADDED}/positions`;
          for (const node of runtimeSliceNodes(convOut, tableName, sliced)) out.bytesField(GRAPH_NODE, node);
          out.bytesField(GRAPH_NODE, renameInput(buf, f, tableName, sliced));
        } else out.raw(whole);
        break;
      case GRAPH_INITIALIZER:
        if (f === tables[0] && edit.kind === 'fixed') out.bytesField(GRAPH_INITIALIZER, slicedTable(buf, f, edit.positions, table));
        else out.raw(whole);
        break;
      case GRAPH_INPUT:
        out.bytesField(
          GRAPH_INPUT,
          retypeValue(buf, f, (value, axis) => inputDim(edit, value, axis)),
        );
        break;
      case GRAPH_OUTPUT:
        if (!options.keepAttentionOutputs && valueName(buf, f).startsWith('encoder_attentions')) break;
        out.bytesField(
          GRAPH_OUTPUT,
          retypeValue(buf, f, (value) => positionDim(edit, value)),
        );
        break;
      case GRAPH_VALUE_INFO:
        out.bytesField(
          GRAPH_VALUE_INFO,
          retypeValue(buf, f, (value) => positionDim(edit, value)),
        );
        break;
      default:
        out.raw(whole);
    }
  }
  // Constants of the runtime slice go last: initializer order does not matter to ONNX.
  if (edit.kind === 'flexible') for (const t of sliceConstants()) out.bytesField(GRAPH_INITIALIZER, t);
  return out;
}

interface TableLayout {
  dModel: number;
  elementBytes: number;
}

/** Checks the positional table is a raw float [1500, d] tensor. */
function checkTable(buf: Uint8Array, f: Field): TableLayout {
  const dims: number[] = [];
  let type = 0;
  let raw = 0;
  for (const g of fields(buf, f.body, f.end)) {
    if (g.no === TENSOR_DIMS && g.wire === VARINT) dims.push(g.value);
    else if (g.no === TENSOR_DIMS && g.wire === BYTES) for (const d of fields(buf, g.body, g.end)) dims.push(d.value);
    else if (g.no === TENSOR_DATA_TYPE) type = g.value;
    else if (g.no === TENSOR_RAW_DATA) raw = g.value;
  }
  const elementBytes = FLOAT_BYTES[type] ?? 0;
  if (!elementBytes || dims.length !== 2 || dims[0] !== WHISPER_POSITIONS || raw !== dims[0] * dims[1] * elementBytes)
    throw new EncoderContextError(
      `The positional table has an unexpected layout (type ${type}, dims [${dims.join(', ')}], ${raw} raw bytes); expected float [${WHISPER_POSITIONS}, d] in raw_data.`,
    );
  return { dModel: dims[1], elementBytes };
}

/** The positional table cut to its first `positions` rows (row-major, so a prefix of raw_data). */
function slicedTable(buf: Uint8Array, f: Field, positions: number, { dModel, elementBytes }: TableLayout): Writer {
  const out = new Writer();
  let dimsDone = false;
  for (const g of fields(buf, f.body, f.end)) {
    if (g.no === TENSOR_DIMS) {
      if (!dimsDone) out.varintField(TENSOR_DIMS, positions).varintField(TENSOR_DIMS, dModel);
      dimsDone = true; // dims may be packed or one field per dim; both are replaced by the two above
    } else if (g.no === TENSOR_RAW_DATA) out.bytesField(TENSOR_RAW_DATA, payload(buf, g).subarray(0, positions * dModel * elementBytes));
    else out.raw(buf.subarray(g.start, g.end));
  }
  return out;
}

/**
 * table[0 : shape(convOut)[1]] with opset ≥ 10 ops only (Shape, Slice with tensor inputs), so it works
 * whichever Unsqueeze/Squeeze signature the model's opset has.
 */
function runtimeSliceNodes(convOut: string, table: string, sliced: string): Writer[] {
  const shape = `${ADDED}/shape`;
  const length = `${ADDED}/length`;
  return [
    node('Shape', `${ADDED}/Shape`, [convOut], [shape]),
    node('Slice', `${ADDED}/SliceLength`, [shape, `${ADDED}/one`, `${ADDED}/two`, `${ADDED}/zero`], [length]),
    node('Slice', `${ADDED}/SliceTable`, [table, `${ADDED}/zero`, length, `${ADDED}/zero`], [sliced]),
  ];
}

function sliceConstants(): Writer[] {
  return (
    [
      ['zero', 0],
      ['one', 1],
      ['two', 2],
    ] as const
  ).map(([name, value]) => {
    const raw = new Uint8Array(8);
    new DataView(raw.buffer).setBigInt64(0, BigInt(value), true);
    return new Writer()
      .varintField(TENSOR_DIMS, 1)
      .varintField(TENSOR_DATA_TYPE, INT64)
      .stringField(TENSOR_NAME, `${ADDED}/${name}`)
      .bytesField(TENSOR_RAW_DATA, raw);
  });
}

function positionDim(edit: Edit, dim: Dim): Dim | undefined {
  if (!('value' in dim) || dim.value !== WHISPER_POSITIONS) return undefined;
  return edit.kind === 'fixed' ? { value: edit.positions } : { param: POSITIONS_PARAM };
}

function inputDim(edit: Edit, dim: Dim, axis: number): Dim | undefined {
  if (axis !== 2) return undefined; // [batch, mel bins, frames]
  return edit.kind === 'fixed' ? { value: 2 * edit.positions } : 'value' in dim ? { param: FRAMES_PARAM } : undefined;
}
