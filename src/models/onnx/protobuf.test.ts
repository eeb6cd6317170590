import { describe, expect, it } from 'vitest';
import { attr, encodeModel } from './onnx-proto.js';
import { ProtoWriter } from './protobuf.js';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

describe('ProtoWriter', () => {
  it('writes varints as the protobuf encoding guide does (150 → 96 01)', () => {
    expect(hex(new ProtoWriter().int(1, 150).finish())).toBe('089601');
    expect(hex(new ProtoWriter().int(2, 0).finish())).toBe('1000');
  });

  it('writes negative int64 values as ten-byte two’s complement varints', () => {
    expect(hex(new ProtoWriter().int(3, -1).finish())).toBe('18ffffffffffffffffff01');
  });

  it('writes strings, floats and nested messages with their lengths', () => {
    expect(hex(new ProtoWriter().string(2, 'testing').finish())).toBe('120774657374696e67');
    expect(hex(new ProtoWriter().float(2, 1).finish())).toBe('150000803f');
    const nested = new ProtoWriter().message(3, (m) => m.int(1, 150)).finish();
    expect(hex(nested)).toBe('1a03089601');
  });

  it('keeps large byte fields intact', () => {
    const big = new Uint8Array(300).map((_, k) => k % 256);
    const out = new ProtoWriter().bytes(9, big).int(1, 1).finish();
    expect(hex(out.subarray(0, 3))).toBe('4aac02'); // tag 9/bytes, length 300
    expect(out.subarray(3, 303)).toEqual(big);
    expect(hex(out.subarray(303))).toBe('0801');
  });
});

describe('encodeModel', () => {
  it('encodes a one-node graph with the onnx.proto field numbers', () => {
    const bytes = encodeModel({
      irVersion: 8,
      opset: 17,
      producerName: 'kite',
      producerVersion: 't',
      graph: {
        name: 'g',
        nodes: [{ op: 'Relu', inputs: ['x'], outputs: ['y'], attributes: { a: attr.int(1) } }],
        initializers: [{ name: 'w', dims: [2], type: 'float32', data: Float32Array.of(1, 2) }],
        inputs: [{ name: 'x', type: 'float32', shape: ['batch', 2] }],
        outputs: [{ name: 'y', type: 'float32', shape: ['batch', 2] }],
      },
    });
    const text = Buffer.from(bytes).toString('latin1');
    expect(hex(bytes.subarray(0, 2))).toBe('0808'); // ir_version = 8
    expect(text).toContain('Relu');
    expect(text).toContain('batch');
    // opset_import (field 8): domain '' then version 17
    expect(hex(bytes)).toContain('42040a001011');
    // the initializer's raw_data (field 9): two little-endian floats
    expect(hex(bytes)).toContain('4a080000803f00000040');
  });
});
