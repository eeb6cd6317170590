/**
 * The model interface: a function from a batch of inputs to a batch of outputs, sync or async.
 * Outputs may be one number per row (single output), rows of numbers (multi-output), a flat
 * typed array, or a {@link DenseMatrix}; {@link readOutputs} normalises and checks them.
 */
import { KiteError, messageOf } from '../core/index.js';
import { type DenseMatrix, isDenseMatrix } from './matrix.js';

/** What a model may return for a batch of `n` inputs. */
export type ModelOutput =
  | readonly number[]
  | readonly (readonly number[])[]
  | Float64Array
  | Float32Array
  | DenseMatrix;

/**
 * A model: batch in, outputs out. `In` is what the masker produces — `number[][]` or a
 * {@link DenseMatrix} for tables and images, `string[]` for text.
 *
 * @example
 * ```ts
 * const model: Model<number[][]> = (X) => X.map((x) => x[0]! + 2 * x[1]!);
 * ```
 */
export type Model<In> = (batch: In) => ModelOutput | Promise<ModelOutput>;

/** Normalised outputs: `n` rows of `width` numbers, row-major. */
export interface Outputs {
  readonly n: number;
  readonly width: number;
  /** True when the model returned rows (even of length 1) rather than one number per input. */
  readonly multi: boolean;
  readonly data: Float64Array;
}

/**
 * Checks and flattens what a model returned for a batch of `n` inputs. Throws `INVALID_DATA`
 * for a wrong number of rows, ragged rows, or non-finite values (NaN breaks every estimate).
 */
export function readOutputs(out: ModelOutput, n: number, expectedWidth?: number): Outputs {
  let width: number;
  let multi: boolean;
  let data: Float64Array;
  if (isDenseMatrix(out)) {
    if (out.rows !== n) throw wrongRows(out.rows, n);
    width = out.cols;
    multi = true;
    data = out.data instanceof Float64Array ? out.data : Float64Array.from(out.data);
  } else if (ArrayBuffer.isView(out)) {
    const flat = out as Float64Array | Float32Array;
    if (n === 0 || flat.length % n !== 0) throw wrongRows(flat.length, n);
    width = flat.length / n;
    multi = width !== 1;
    data = flat instanceof Float64Array ? flat : Float64Array.from(flat);
  } else if (Array.isArray(out)) {
    if (out.length !== n) throw wrongRows(out.length, n);
    if (n > 0 && Array.isArray(out[0])) {
      const rows = out as readonly (readonly number[])[];
      width = (rows[0] as readonly number[]).length;
      multi = true;
      data = new Float64Array(n * width);
      for (let i = 0; i < n; i++) {
        const r = rows[i];
        if (!Array.isArray(r) || r.length !== width) {
          throw new KiteError(
            'INVALID_DATA',
            `model output row ${i} has ${Array.isArray(r) ? r.length : 'no'} values, row 0 has ${width}`,
          );
        }
        for (let k = 0; k < width; k++) data[i * width + k] = r[k] as number;
      }
    } else {
      width = 1;
      multi = false;
      data = Float64Array.from(out as readonly number[]);
    }
  } else {
    throw new KiteError(
      'INVALID_DATA',
      `model returned ${typeof out}; expected numbers, rows or a typed array`,
    );
  }
  if (expectedWidth !== undefined && width !== expectedWidth) {
    throw new KiteError(
      'INVALID_DATA',
      `model returned ${width} outputs per row, earlier calls returned ${expectedWidth}`,
    );
  }
  for (let i = 0; i < data.length; i++) {
    if (!Number.isFinite(data[i] as number)) {
      throw new KiteError(
        'INVALID_DATA',
        `model returned ${data[i]} for input ${Math.floor(i / width)} (output ${i % width})`,
        { hint: 'explanations need finite model outputs; check the model on masked or background inputs' },
      );
    }
  }
  return { n, width, multi, data };
}

function wrongRows(got: number, n: number): KiteError {
  return new KiteError('INVALID_DATA', `model returned ${got} outputs for a batch of ${n} inputs`, {
    hint: 'a model must return one output (or one row of outputs) per input row',
  });
}

/** Calls user model code, turning its failures into a `USER_CODE` error with the cause kept. */
export async function callModel<In>(
  model: Model<In>,
  batch: In,
  n: number,
  width?: number,
): Promise<Outputs> {
  let out: ModelOutput;
  try {
    out = await model(batch);
  } catch (e) {
    throw new KiteError('USER_CODE', `the model failed on a batch of ${n} inputs: ${messageOf(e)}`, {
      cause: e,
    });
  }
  return readOutputs(out, n, width);
}
