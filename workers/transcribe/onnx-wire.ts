// Reading and writing ONNX models on the protobuf wire format: every field an edit does not touch (weights
// included) is copied byte for byte, so an edit costs one pass over the node list and one copy of the file.
// Field numbers are from onnx/onnx.proto (IR ≥ 4); only the ones the edits use are named. Shared by the build's
// model edits (encoder-context.ts, decoder-logits.ts).

export class OnnxWireError extends Error {
  override name = 'OnnxWireError';
}

export const MODEL_GRAPH = 7;
export const GRAPH_NODE = 1;
export const GRAPH_INITIALIZER = 5;
export const GRAPH_INPUT = 11;
export const GRAPH_OUTPUT = 12;
export const GRAPH_VALUE_INFO = 13;
export const NODE_INPUT = 1;
export const NODE_OUTPUT = 2;
export const NODE_NAME = 3;
export const NODE_OP_TYPE = 4;
export const NODE_ATTRIBUTE = 5;
export const ATTRIBUTE_NAME = 1;
export const ATTRIBUTE_I = 3;
export const ATTRIBUTE_G = 6;
export const ATTRIBUTE_TYPE = 20;
export const ATTRIBUTE_INT = 2;
export const TENSOR_DIMS = 1;
export const TENSOR_DATA_TYPE = 2;
export const TENSOR_NAME = 8;
export const TENSOR_RAW_DATA = 9;
export const VALUE_NAME = 1;
export const VALUE_TYPE = 2;
export const TYPE_TENSOR = 1;
export const TENSOR_TYPE_SHAPE = 2;
export const SHAPE_DIM = 1;
export const DIM_VALUE = 1;
export const DIM_PARAM = 2;
export const UINT8 = 2;
export const INT64 = 7;
export const FLOAT = 1;

export const VARINT = 0;
export const FIXED64 = 1;
export const BYTES = 2;
export const FIXED32 = 5;

// ---- wire format -----------------------------------------------------------------------------------------
export interface Field {
  no: number;
  wire: number;
  /** Whole field, tag included. */
  start: number;
  end: number;
  /** Where the payload of a length-delimited field starts. */
  body: number;
  /** A varint's value; a length-delimited field's payload length. */
  value: number;
}

export function readVarint(buf: Uint8Array, pos: number): [value: number, next: number] {
  let value = 0;
  let scale = 1;
  for (let i = 0; i < 10; i++) {
    if (pos >= buf.length) throw new OnnxWireError('The model file is truncated.');
    const b = buf[pos++];
    value += (b & 0x7f) * scale; // exact below 2^53, which covers every length and dimension used here
    if (b < 0x80) return [value, pos];
    scale *= 128;
  }
  throw new OnnxWireError('The model file is not a valid ONNX protobuf (bad varint).');
}

export function* fields(buf: Uint8Array, start = 0, end = buf.length): Generator<Field> {
  let pos = start;
  while (pos < end) {
    const fieldStart = pos;
    const [tag, afterTag] = readVarint(buf, pos);
    const wire = tag & 7;
    let body = afterTag;
    let value = 0;
    switch (wire) {
      case VARINT:
        [value, pos] = readVarint(buf, afterTag);
        break;
      case FIXED64:
        pos = afterTag + 8;
        break;
      case FIXED32:
        pos = afterTag + 4;
        break;
      case BYTES:
        [value, body] = readVarint(buf, afterTag);
        pos = body + value;
        break;
      default:
        throw new OnnxWireError(`The model file is not a valid ONNX protobuf (wire type ${wire}).`);
    }
    if (pos > end) throw new OnnxWireError('The model file is truncated.');
    yield { no: Math.floor(tag / 8), wire, start: fieldStart, end: pos, body, value };
  }
}

const text = new TextDecoder();
const utf8 = new TextEncoder();
export const payload = (buf: Uint8Array, f: Field) => buf.subarray(f.body, f.end);
export const str = (buf: Uint8Array, f: Field) => text.decode(payload(buf, f));

export function varint(n: number): number[] {
  const out: number[] = [];
  while (n >= 0x80) {
    out.push((n % 128) | 0x80);
    n = Math.floor(n / 128);
  }
  out.push(n);
  return out;
}

/** Protobuf bytes as a list of chunks, concatenated once at the end. */
export class Writer {
  readonly chunks: Uint8Array[] = [];
  length = 0;
  raw(bytes: Uint8Array): this {
    this.chunks.push(bytes);
    this.length += bytes.length;
    return this;
  }
  varintField(no: number, value: number): this {
    return this.raw(Uint8Array.from([...varint(no * 8 + VARINT), ...varint(value)]));
  }
  bytesField(no: number, body: Uint8Array | Writer): this {
    this.raw(Uint8Array.from([...varint(no * 8 + BYTES), ...varint(body.length)]));
    if (body instanceof Writer) for (const c of body.chunks) this.raw(c);
    else this.raw(body);
    return this;
  }
  stringField(no: number, value: string): this {
    return this.bytesField(no, utf8.encode(value));
  }
  finish(): Uint8Array<ArrayBuffer> {
    const out = new Uint8Array(this.length);
    let at = 0;
    for (const c of this.chunks) {
      out.set(c, at);
      at += c.length;
    }
    return out;
  }
}

export interface NodeInfo {
  opType: string;
  name: string;
  inputs: string[];
  outputs: string[];
}

export function readNode(buf: Uint8Array, f: Field): NodeInfo {
  const node: NodeInfo = { opType: '', name: '', inputs: [], outputs: [] };
  for (const g of fields(buf, f.body, f.end)) {
    if (g.no === NODE_OP_TYPE) node.opType = str(buf, g);
    else if (g.no === NODE_NAME) node.name = str(buf, g);
    else if (g.no === NODE_INPUT) node.inputs.push(str(buf, g));
    else if (g.no === NODE_OUTPUT) node.outputs.push(str(buf, g));
  }
  return node;
}

export function tensorName(buf: Uint8Array, f: Field): string {
  for (const g of fields(buf, f.body, f.end)) if (g.no === TENSOR_NAME) return str(buf, g);
  return '';
}

/** A copy of a node with one input renamed. */
export function renameInput(buf: Uint8Array, f: Field, from: string, to: string): Writer {
  const out = new Writer();
  for (const g of fields(buf, f.body, f.end))
    if (g.no === NODE_INPUT && str(buf, g) === from) out.stringField(NODE_INPUT, to);
    else out.raw(buf.subarray(g.start, g.end));
  return out;
}

export function node(opType: string, name: string, inputs: string[], outputs: string[], attributes: Writer[] = []): Writer {
  const w = new Writer();
  for (const i of inputs) w.stringField(NODE_INPUT, i);
  for (const o of outputs) w.stringField(NODE_OUTPUT, o);
  w.stringField(NODE_NAME, name).stringField(NODE_OP_TYPE, opType);
  for (const a of attributes) w.bytesField(NODE_ATTRIBUTE, a);
  return w;
}

/** An integer attribute (AttributeProto type INT), e.g. Cast's `to`. */
export function intAttribute(name: string, value: number): Writer {
  return new Writer().stringField(ATTRIBUTE_NAME, name).varintField(ATTRIBUTE_I, value).varintField(ATTRIBUTE_TYPE, ATTRIBUTE_INT);
}

/** A 1-D int64 initializer. */
export function int64Tensor(name: string, values: readonly bigint[]): Writer {
  const raw = new Uint8Array(8 * values.length);
  const view = new DataView(raw.buffer);
  values.forEach((v, i) => view.setBigInt64(8 * i, v, true));
  return initializer(name, INT64, [values.length], raw);
}

/** A float initializer of the given shape, every element `value`. */
export function filledFloatTensor(name: string, dims: readonly number[], value: number): Writer {
  const count = dims.reduce((a, b) => a * b, 1);
  const raw = new Uint8Array(4 * count);
  const view = new DataView(raw.buffer);
  for (let i = 0; i < count; i++) view.setFloat32(4 * i, value, true);
  return initializer(name, FLOAT, dims, raw);
}

function initializer(name: string, type: number, dims: readonly number[], raw: Uint8Array): Writer {
  const w = new Writer();
  for (const d of dims) w.varintField(TENSOR_DIMS, d);
  return w.varintField(TENSOR_DATA_TYPE, type).stringField(TENSOR_NAME, name).bytesField(TENSOR_RAW_DATA, raw);
}

/** A tensor initializer's dims and element type. */
export function tensorLayout(buf: Uint8Array, f: Field): { dims: number[]; type: number } {
  const dims: number[] = [];
  let type = 0;
  for (const g of fields(buf, f.body, f.end)) {
    if (g.no === TENSOR_DIMS && g.wire === VARINT) dims.push(g.value);
    else if (g.no === TENSOR_DIMS && g.wire === BYTES) for (const d of fields(buf, g.body, g.end)) dims.push(d.value);
    else if (g.no === TENSOR_DATA_TYPE) type = g.value;
  }
  return { dims, type };
}

export function valueName(buf: Uint8Array, f: Field): string {
  for (const g of fields(buf, f.body, f.end)) if (g.no === VALUE_NAME) return str(buf, g);
  return '';
}

export type Dim = { value: number } | { param: string };
/** Returns the replacement for one dimension, or undefined to keep it. */
export type DimRewrite = (dim: Dim, axis: number) => Dim | undefined;

/** A ValueInfoProto with its tensor shape's dimensions passed through `rewrite`; other fields kept as is. */
export function retypeValue(buf: Uint8Array, f: Field, rewrite: DimRewrite): Writer {
  return rewriteNested(buf, f, [VALUE_TYPE, TYPE_TENSOR, TENSOR_TYPE_SHAPE], (shape) => {
    const out = new Writer();
    let axis = 0;
    for (const g of fields(buf, shape.body, shape.end)) {
      if (g.no !== SHAPE_DIM) {
        out.raw(buf.subarray(g.start, g.end));
        continue;
      }
      const dim = readDim(buf, g);
      const next = dim && rewrite(dim, axis);
      axis++;
      if (!next) out.raw(buf.subarray(g.start, g.end));
      else
        out.bytesField(
          SHAPE_DIM,
          'value' in next ? new Writer().varintField(DIM_VALUE, next.value) : new Writer().stringField(DIM_PARAM, next.param),
        );
    }
    return out;
  });
}

export function readDim(buf: Uint8Array, f: Field): Dim | undefined {
  for (const g of fields(buf, f.body, f.end)) {
    if (g.no === DIM_VALUE && g.wire === VARINT) return { value: g.value };
    if (g.no === DIM_PARAM && g.wire === BYTES) return { param: str(buf, g) };
  }
  return undefined;
}

/** Body of message `f` with the sub-message at `path` replaced by `leaf(sub)`; everything else copied. */
export function rewriteNested(buf: Uint8Array, f: Field, path: readonly number[], leaf: (f: Field) => Writer): Writer {
  const out = new Writer();
  for (const g of fields(buf, f.body, f.end)) {
    if (g.no === path[0] && g.wire === BYTES)
      out.bytesField(g.no, path.length === 1 ? leaf(g) : rewriteNested(buf, g, path.slice(1), leaf));
    else out.raw(buf.subarray(g.start, g.end));
  }
  return out;
}
