/**
 * The slice of the ONNX IR that Kite writes, as plain objects, and its protobuf encoding.
 * Field numbers and enum values follow onnx/onnx.proto
 * (https://github.com/onnx/onnx/blob/main/onnx/onnx.proto); the comments name the message and
 * field each number belongs to.
 */
import { KiteError } from '../../core/index.js';
import { ProtoWriter } from './protobuf.js';

/** Element types Kite's graphs use (TensorProto.DataType). */
export const ELEMENT_TYPES = { float32: 1, int32: 6, int64: 7, bool: 9 } as const;
export type ElementType = keyof typeof ELEMENT_TYPES;

/** A constant tensor (graph initializer), row-major. */
export interface OnnxTensor {
  name: string;
  dims: readonly number[];
  type: 'float32' | 'int32' | 'int64';
  data: Float32Array | Int32Array | BigInt64Array;
}

/** A node attribute (AttributeProto with its type discriminator). */
export type OnnxAttribute =
  | { type: 'int'; value: number }
  | { type: 'float'; value: number }
  | { type: 'string'; value: string }
  | { type: 'ints'; value: readonly number[] }
  | { type: 'floats'; value: readonly number[] }
  | { type: 'strings'; value: readonly string[] }
  | { type: 'tensor'; value: Omit<OnnxTensor, 'name'> };

/** Attribute constructors: `{ axis: attr.int(1), perm: attr.ints([0, 2, 1]) }`. */
export const attr = {
  int: (value: number): OnnxAttribute => ({ type: 'int', value }),
  float: (value: number): OnnxAttribute => ({ type: 'float', value }),
  string: (value: string): OnnxAttribute => ({ type: 'string', value }),
  ints: (value: readonly number[]): OnnxAttribute => ({ type: 'ints', value }),
  floats: (value: readonly number[]): OnnxAttribute => ({ type: 'floats', value }),
  strings: (value: readonly string[]): OnnxAttribute => ({ type: 'strings', value }),
  /** A small constant tensor (for example ConstantOfShape's fill value). */
  tensor: (type: OnnxTensor['type'], dims: readonly number[], values: readonly number[]): OnnxAttribute => ({
    type: 'tensor',
    value: {
      type,
      dims,
      data:
        type === 'float32'
          ? Float32Array.from(values)
          : type === 'int32'
            ? Int32Array.from(values)
            : BigInt64Array.from(values.map((v) => BigInt(v))),
    },
  }),
};

/** An operator application; an empty input name skips an optional input. */
export interface OnnxNode {
  op: string;
  inputs: readonly string[];
  outputs: readonly string[];
  name?: string;
  attributes?: Record<string, OnnxAttribute>;
}

/** A graph input or output: a tensor type with a shape (a string is a symbolic dimension). */
export interface OnnxValueInfo {
  name: string;
  type: ElementType;
  shape: readonly (number | string)[];
}

export interface OnnxGraph {
  name: string;
  nodes: readonly OnnxNode[];
  initializers: readonly OnnxTensor[];
  inputs: readonly OnnxValueInfo[];
  outputs: readonly OnnxValueInfo[];
}

export interface OnnxModel {
  /** IR version (8 goes with opset 17). */
  irVersion: number;
  /** Default-domain operator set version. */
  opset: number;
  producerName: string;
  producerVersion: string;
  docString?: string;
  /** ModelProto.metadata_props. */
  metadata?: Record<string, string>;
  graph: OnnxGraph;
}

// AttributeProto.AttributeType
const ATTRIBUTE_TYPES = { float: 1, int: 2, string: 3, tensor: 4, floats: 6, ints: 7, strings: 8 } as const;

function writeAttribute(w: ProtoWriter, name: string, a: OnnxAttribute): void {
  w.string(1, name); // name
  w.int(20, ATTRIBUTE_TYPES[a.type]); // type
  switch (a.type) {
    case 'float':
      w.float(2, a.value); // f
      break;
    case 'int':
      w.int(3, a.value); // i
      break;
    case 'string':
      w.string(4, a.value); // s
      break;
    case 'floats':
      for (const v of a.value) w.float(7, v); // floats
      break;
    case 'ints':
      for (const v of a.value) w.int(8, v); // ints
      break;
    case 'strings':
      for (const v of a.value) w.string(9, v); // strings
      break;
    case 'tensor':
      w.message(5, (t) => writeTensor(t, { name: '', ...a.value })); // t
      break;
  }
}

function writeNode(w: ProtoWriter, n: OnnxNode): void {
  for (const i of n.inputs) w.string(1, i); // input
  for (const o of n.outputs) w.string(2, o); // output
  if (n.name) w.string(3, n.name); // name
  w.string(4, n.op); // op_type
  for (const [name, a] of Object.entries(n.attributes ?? {})) w.message(5, (m) => writeAttribute(m, name, a)); // attribute
}

function writeTensor(w: ProtoWriter, t: OnnxTensor): void {
  for (const d of t.dims) w.int(1, d); // dims
  w.int(2, ELEMENT_TYPES[t.type]); // data_type
  if (t.name) w.string(8, t.name); // name
  // raw_data: fixed-width little-endian values (typed arrays are little-endian on every
  // platform Node supports; checked below).
  w.bytes(9, new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength));
}

function writeValueInfo(w: ProtoWriter, v: OnnxValueInfo): void {
  w.string(1, v.name); // ValueInfoProto.name
  w.message(2, (type) =>
    // TypeProto.tensor_type
    type.message(1, (tensor) => {
      tensor.int(1, ELEMENT_TYPES[v.type]); // TypeProto.Tensor.elem_type
      tensor.message(2, (shape) => {
        // TypeProto.Tensor.shape → TensorShapeProto.dim
        for (const d of v.shape)
          shape.message(1, (dim) => (typeof d === 'number' ? dim.int(1, d) : dim.string(2, d)));
      });
    }),
  );
}

function writeGraph(w: ProtoWriter, g: OnnxGraph): void {
  for (const n of g.nodes) w.message(1, (m) => writeNode(m, n)); // node
  w.string(2, g.name); // name
  for (const t of g.initializers) w.message(5, (m) => writeTensor(m, t)); // initializer
  for (const v of g.inputs) w.message(11, (m) => writeValueInfo(m, v)); // input
  for (const v of g.outputs) w.message(12, (m) => writeValueInfo(m, v)); // output
}

const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Encodes a model as an ONNX ModelProto. */
export function encodeModel(m: OnnxModel): Uint8Array {
  if (!littleEndian) throw new KiteError('UNSUPPORTED', 'ONNX export needs a little-endian platform');
  const w = new ProtoWriter();
  w.int(1, m.irVersion); // ir_version
  w.string(2, m.producerName); // producer_name
  w.string(3, m.producerVersion); // producer_version
  if (m.docString) w.string(6, m.docString); // doc_string
  w.message(7, (g) => writeGraph(g, m.graph)); // graph
  w.message(8, (o) => o.string(1, '').int(2, m.opset)); // opset_import: domain, version
  for (const [key, value] of Object.entries(m.metadata ?? {}))
    w.message(14, (p) => p.string(1, key).string(2, value)); // metadata_props
  return w.finish();
}
