// An independent reader/writer for the ONNX model edits' tests (protobufjs, onnxruntime-web's own dependency):
// the onnx.proto subset the checks need, so an edit is not verified by its own codec.
import protobuf from 'protobufjs';

const ONNX_SUBSET = `
syntax = "proto2";
message AttributeProto { optional string name = 1; optional int64 i = 3; optional GraphProto g = 6; repeated int64 ints = 8;
  optional int32 type = 20; }
message NodeProto { repeated string input = 1; repeated string output = 2; optional string name = 3;
  optional string op_type = 4; repeated AttributeProto attribute = 5; }
message TensorProto { repeated int64 dims = 1; optional int32 data_type = 2; optional string name = 8; optional bytes raw_data = 9; }
message Dim { optional int64 dim_value = 1; optional string dim_param = 2; }
message Shape { repeated Dim dim = 1; }
message TensorType { optional int32 elem_type = 1; optional Shape shape = 2; }
message TypeProto { optional TensorType tensor_type = 1; }
message ValueInfoProto { optional string name = 1; optional TypeProto type = 2; }
message GraphProto { repeated NodeProto node = 1; optional string name = 2; repeated TensorProto initializer = 5;
  repeated ValueInfoProto input = 11; repeated ValueInfoProto output = 12; repeated ValueInfoProto value_info = 13; }
message OpsetId { optional string domain = 1; optional int64 version = 2; }
message ModelProto { optional int64 ir_version = 1; optional GraphProto graph = 7; repeated OpsetId opset_import = 8; }
`;

/** `ModelProto`, for `decode`/`encode`/`toObject`. */
export const OnnxModel = protobuf.parse(ONNX_SUBSET).root.lookupType('ModelProto');
