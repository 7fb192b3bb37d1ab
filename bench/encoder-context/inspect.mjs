// Dumps the structure of an ONNX encoder: inputs/outputs, nodes touching positional embeddings, shape constants.
// Usage: node bench/encoder-context/inspect.mjs path/to/encoder_model_quantized.onnx
import { readFileSync } from 'node:fs';
import protobuf from 'protobufjs';

const schema = `
syntax = "proto2";
message AttributeProto { optional string name = 1; optional float f = 2; optional int64 i = 3; optional bytes s = 4;
  optional TensorProto t = 5; repeated float floats = 7; repeated int64 ints = 8; optional int32 type = 20; }
message NodeProto { repeated string input = 1; repeated string output = 2; optional string name = 3;
  optional string op_type = 4; repeated AttributeProto attribute = 5; optional string domain = 7; }
message TensorProto { repeated int64 dims = 1; optional int32 data_type = 2; repeated float float_data = 4 [packed=true];
  repeated int32 int32_data = 5 [packed=true]; repeated int64 int64_data = 7 [packed=true]; optional string name = 8; optional bytes raw_data = 9; }
message Dim { optional int64 dim_value = 1; optional string dim_param = 2; }
message Shape { repeated Dim dim = 1; }
message TensorType { optional int32 elem_type = 1; optional Shape shape = 2; }
message TypeProto { optional TensorType tensor_type = 1; }
message ValueInfoProto { optional string name = 1; optional TypeProto type = 2; }
message GraphProto { repeated NodeProto node = 1; optional string name = 2; repeated TensorProto initializer = 5;
  repeated ValueInfoProto input = 11; repeated ValueInfoProto output = 12; repeated ValueInfoProto value_info = 13; }
message OpsetId { optional string domain = 1; optional int64 version = 2; }
message ModelProto { optional int64 ir_version = 1; repeated OpsetId opset_import = 8; optional string producer_name = 2; optional GraphProto graph = 7; }
`;
const root = protobuf.parse(schema).root;
const Model = root.lookupType('ModelProto');
const m = Model.decode(readFileSync(process.argv[2]));
const g = m.graph;
const shp = (v) => v.type.tensorType.shape.dim.map((d) => d.dimParam || Number(d.dimValue)).join('x');
console.log('ir', String(m.irVersion), 'opset', m.opsetImport.map((o) => `${o.domain}:${o.version}`).join(','), 'producer', m.producerName);
console.log(
  'inputs',
  g.input.map((v) => `${v.name}[${shp(v)}]`),
);
console.log(
  'outputs',
  g.output.map((v) => `${v.name}[${shp(v)}]`),
);
console.log('value_info', g.valueInfo.length, 'nodes', g.node.length, 'initializers', g.initializer.length);
const vals = (t) => {
  const n = t.dims.reduce((a, b) => a * Number(b), 1);
  if (n > 16) return `(${n} elems)`;
  if (t.rawData?.length) {
    const b = Buffer.from(t.rawData);
    if (t.dataType === 7) return [...new BigInt64Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.length))].map(String);
    if (t.dataType === 1) return [...new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.length))];
    return `raw ${b.length}B`;
  }
  return [...t.int64Data.map(String), ...t.floatData, ...t.int32Data];
};
for (const t of g.initializer) {
  const dims = t.dims.map(Number);
  if (dims.includes(1500) || dims.includes(3000) || JSON.stringify(vals(t)).match(/\b(1500|3000|1499|2999)\b/))
    console.log('INIT', t.name, 'type', t.dataType, dims, vals(t));
}
const counts = {};
for (const n of g.node) counts[n.opType] = (counts[n.opType] ?? 0) + 1;
console.log(counts);
for (const [i, n] of g.node.entries()) {
  const constVals =
    n.opType === 'Constant' ? n.attribute.map((a) => (a.t ? `${a.t.dims.map(Number)}:${JSON.stringify(vals(a.t))}` : a.name)) : '';
  const interesting =
    i < 40 ||
    n.opType === 'Reshape' ||
    n.opType === 'Slice' ||
    n.input.some((x) => /pos/i.test(x)) ||
    (n.opType === 'Constant' && /1500|3000/.test(String(constVals)));
  if (interesting && (process.argv[3] === 'all' || i < 40 || n.input.some((x) => /pos/i.test(x)) || /1500|3000/.test(String(constVals))))
    console.log(
      i,
      n.opType,
      n.name,
      'in',
      n.input.join(','),
      'out',
      n.output.join(','),
      constVals,
      n.attribute
        .filter((a) => !a.t)
        .map((a) => `${a.name}=${a.i ?? ''}${a.ints?.length ? a.ints : ''}`)
        .join(' '),
    );
}
const vi = g.valueInfo.filter((v) => v.type?.tensorType?.shape?.dim?.some((d) => [1500, 3000].includes(Number(d.dimValue))));
console.log(
  'value_info with 1500/3000:',
  vi.length,
  vi.slice(0, 8).map((v) => `${v.name}[${shp(v)}]`),
);
const params = new Set();
for (const v of g.valueInfo) for (const d of v.type?.tensorType?.shape?.dim ?? []) if (d.dimParam) params.add(d.dimParam);
console.log('dim params', [...params]);
