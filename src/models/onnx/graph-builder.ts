/**
 * Accumulates an ONNX graph: nodes in topological order (each added after its inputs),
 * constant initializers, and unique value names derived from Keras layer names.
 */
import type { OnnxAttribute, OnnxNode, OnnxTensor } from './onnx-proto.js';

/** Builds the nodes and initializers of one graph. */
export class GraphBuilder {
  readonly nodes: OnnxNode[] = [];
  readonly initializers: OnnxTensor[] = [];
  private readonly used = new Set<string>();

  /** A fresh value name starting with `base` (`/` and other odd characters kept readable). */
  name(base: string): string {
    const clean = base.replace(/[^A-Za-z0-9_./:-]/g, '_');
    let name = clean;
    for (let k = 1; this.used.has(name); k++) name = `${clean}_${k}`;
    this.used.add(name);
    return name;
  }

  /** Reserves an exact name (a graph input or output); returns it. */
  reserve(name: string): string {
    this.used.add(name);
    return name;
  }

  /** A float32 constant. */
  floats(base: string, dims: readonly number[], data: Float32Array | readonly number[]): string {
    return this.tensor(base, dims, 'float32', data instanceof Float32Array ? data : Float32Array.from(data));
  }

  /** An int64 constant (shapes, axes, counts). */
  int64s(base: string, values: readonly number[], dims: readonly number[] = [values.length]): string {
    return this.tensor(base, dims, 'int64', BigInt64Array.from(values.map((v) => BigInt(v))));
  }

  /** An int32 constant. */
  int32s(base: string, values: readonly number[], dims: readonly number[] = [values.length]): string {
    return this.tensor(base, dims, 'int32', Int32Array.from(values));
  }

  private tensor(
    base: string,
    dims: readonly number[],
    type: OnnxTensor['type'],
    data: OnnxTensor['data'],
  ): string {
    const name = this.name(base);
    this.initializers.push({ name, dims, type, data });
    return name;
  }

  /** Adds a single-output node; returns the output's name. */
  op(
    op: string,
    inputs: readonly string[],
    base: string,
    attributes?: Record<string, OnnxAttribute>,
  ): string {
    return this.ops(op, inputs, 1, base, attributes)[0]!;
  }

  /** Adds a node with `outputs` outputs; returns their names. */
  ops(
    op: string,
    inputs: readonly string[],
    outputs: number,
    base: string,
    attributes?: Record<string, OnnxAttribute>,
  ): string[] {
    const names = Array.from({ length: outputs }, (_, k) => this.name(outputs === 1 ? base : `${base}_${k}`));
    this.nodes.push({
      op,
      inputs,
      outputs: names,
      name: this.name(`${base}/${op}`),
      ...(attributes ? { attributes } : {}),
    });
    return names;
  }
}
