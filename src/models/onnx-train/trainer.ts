/**
 * Runs a tfjs model's training steps on ONNX Runtime: one compiled graph per batch size, the
 * weights and optimizer state kept as typed arrays between steps, fresh seeded dropout masks per
 * step. The tfjs model is the source of truth before and after: {@link OnnxTrainer.pull} reads
 * its weights, {@link OnnxTrainer.push} writes the trained ones back (the trainer calls it at the
 * end of every epoch, before validation).
 */
import * as tf from '@tensorflow/tfjs';
import { KiteError } from '../../core/index.js';
import { createRng } from '../../stats/index.js';
import { loadOnnxRuntime, type OrtModule } from '../onnx/runtime.js';
import { type CompiledTrainStep, compileTrainStep } from './build.js';
import { learningRate, stepScalars } from './optimizer.js';

interface OrtTensorLike {
  readonly data: unknown;
  readonly dims: readonly number[];
}
interface TrainSession {
  run(feeds: Record<string, unknown>): Promise<Record<string, OrtTensorLike>>;
  release(): Promise<void>;
}

export interface OnnxTrainerOptions {
  /** Intra-op threads (default 0: ONNX Runtime picks, about one per core). */
  threads?: number;
  /** Seeds the dropout masks. */
  seed?: number;
  /** Replaces `import('onnxruntime-node')` (tests). */
  importer?: () => Promise<unknown>;
  /**
   * Writes ONNX Runtime's profile (Chrome trace JSON, one event per node run) to files starting
   * with this path, one per session, when the trainer is disposed (benchmarks).
   */
  profileFilePrefix?: string;
}

/** Moves each row's non-zero ids first and transposes to [T, B]; mask [T, B, 1] and lengths. */
export function packTokens(
  ids: Int32Array,
  batch: number,
  steps: number,
  maskZero: boolean,
): { ids: Int32Array; mask: Float32Array; lengths: Int32Array } {
  const out = new Int32Array(steps * batch);
  const mask = new Float32Array(steps * batch);
  const lengths = new Int32Array(batch);
  for (let b = 0; b < batch; b++) {
    let len = 0;
    for (let t = 0; t < steps; t++) {
      const id = ids[b * steps + t]!;
      if (maskZero && id === 0) continue;
      out[len * batch + b] = id;
      mask[len * batch + b] = 1;
      len++;
    }
    lengths[b] = len;
  }
  return { ids: out, mask, lengths };
}

/**
 * Fills `out` with a dropout mask: 0 with probability `rate`, else 1/(1 − rate). Each 32-bit
 * draw of xoshiro128** (state `s`, advanced in place) gives two 16-bit uniforms, so the rate is
 * rounded to a multiple of 1/65536 (off by < 8e-6); about 8× faster than one `Rng.next()` per
 * element, which cost 8 ms of a 53 ms CNN step.
 */
export function fillDropoutMask(out: Float32Array, rate: number, s: Uint32Array): void {
  const threshold = Math.round(rate * 65536);
  const keep = 1 / (1 - rate);
  let [a, b, c, d] = [s[0]!, s[1]!, s[2]!, s[3]!];
  const n = out.length;
  for (let k = 0; k < n; k += 2) {
    const r = Math.imul(rotl(Math.imul(b, 5), 7), 9) >>> 0;
    const t = b << 9;
    c ^= a;
    d ^= b;
    b ^= c;
    a ^= d;
    c ^= t;
    d = rotl(d, 11);
    out[k] = (r & 0xffff) >= threshold ? keep : 0;
    if (k + 1 < n) out[k + 1] = r >>> 16 >= threshold ? keep : 0;
  }
  s[0] = a;
  s[1] = b;
  s[2] = c;
  s[3] = d;
}

function rotl(v: number, k: number): number {
  return (v << k) | (v >>> (32 - k));
}

export class OnnxTrainer {
  private readonly sessions = new Map<number, Promise<{ step: CompiledTrainStep; session: TrainSession }>>();
  private weights: Float32Array[] = [];
  private buffers: Float32Array[] = [];
  private state: Float32Array[][] = [];
  private t = 0;
  private readonly noiseState: Uint32Array;
  private readonly maskZero: boolean;

  private constructor(
    private readonly ort: OrtModule,
    private readonly model: tf.LayersModel,
    private readonly template: CompiledTrainStep,
    private readonly options: OnnxTrainerOptions,
  ) {
    const rng = createRng(options.seed ?? 0);
    this.noiseState = Uint32Array.from({ length: 4 }, () => rng.int(2 ** 32 - 1) + 1);
    const first = model.layers.find((l) => l.getClassName() === 'Embedding');
    this.maskZero = Boolean((first?.getConfig() as { maskZero?: boolean } | undefined)?.maskZero);
    this.pull();
  }

  /**
   * Checks that `model` can train on ONNX Runtime (throws `KiteError('UNSUPPORTED')` naming what
   * cannot) and loads the runtime (`KiteError('NOT_FOUND')` with the install command).
   */
  static async create(model: tf.LayersModel, options: OnnxTrainerOptions = {}): Promise<OnnxTrainer> {
    const template = compileTrainStep(model, 2);
    const ort = await loadOnnxRuntime(options.importer);
    return new OnnxTrainer(ort, model, template, options);
  }

  /** Reads the model's weights (and resets nothing else: optimizer state carries on). */
  pull(): void {
    this.weights = this.template.params.map((p) => Float32Array.from(p.variable.read().dataSync()));
    this.buffers = this.template.buffers.map((b) => Float32Array.from(b.variable.read().dataSync()));
    if (this.state.length === 0)
      this.state = this.template.params.map((p, k) =>
        Array.from(
          { length: this.template.stateInputs[k]!.length },
          () => new Float32Array(p.shape.reduce((a, b) => a * b, 1)),
        ),
      );
  }

  /** Writes the trained weights into the model's variables. */
  push(): void {
    const write = (variable: tf.LayerVariable, data: Float32Array, shape: number[]) => {
      const t = tf.tensor(data, shape);
      variable.write(t); // the variable takes a reference to the data
      t.dispose();
    };
    for (const [k, p] of this.template.params.entries()) write(p.variable, this.weights[k]!, p.shape);
    for (const [k, b] of this.template.buffers.entries()) write(b.variable, this.buffers[k]!, b.shape);
  }

  private session(batch: number): Promise<{ step: CompiledTrainStep; session: TrainSession }> {
    let s = this.sessions.get(batch);
    if (!s) {
      s = (async () => {
        const step = compileTrainStep(this.model, batch);
        let session: TrainSession;
        try {
          session = (await this.ort.InferenceSession.create(step.bytes, {
            executionProviders: ['cpu'],
            // 'all' adds NCHWc layout changes, whose reorders cost more than they saved here
            // (CNN step 44 vs 47 ms, one thread; LSTM within noise).
            graphOptimizationLevel: 'extended',
            executionMode: 'sequential',
            intraOpNumThreads: this.options.threads ?? 0,
            interOpNumThreads: 1,
            logSeverityLevel: 3,
            ...(this.options.profileFilePrefix
              ? { enableProfiling: true, profileFilePrefix: this.options.profileFilePrefix }
              : {}),
          })) as unknown as TrainSession;
        } catch (e) {
          this.sessions.delete(batch);
          throw new KiteError(
            'UNSUPPORTED',
            `ONNX Runtime refused the training graph for batches of ${batch}: ${(e as Error).message}`,
            { cause: e, hint: "train with engine 'tfjs'" },
          );
        }
        return { step, session };
      })();
      this.sessions.set(batch, s);
    }
    return s;
  }

  private mask(shape: number[], rate: number): Float32Array {
    const out = new Float32Array(shape.reduce((a, b) => a * b, 1));
    fillDropoutMask(out, rate, this.noiseState);
    return out;
  }

  /** One training step on a batch; returns `[loss, metric]` as `model.trainOnBatch` does. */
  async trainOnBatch(x: tf.Tensor, y: tf.Tensor): Promise<[number, number]> {
    const batch = x.shape[0]!;
    const { step, session } = await this.session(batch);
    const T = this.ort.Tensor;
    const feeds: Record<string, unknown> = {};
    if (step.inputKind === 'tokens') {
      const steps = step.inputShape[0]!;
      const packed = packTokens(Int32Array.from(x.dataSync()), batch, steps, this.maskZero);
      feeds.ids = new T('int32', packed.ids, [steps, batch]);
      feeds.mask = new T('float32', packed.mask, [steps, batch, 1]);
      feeds.lengths = new T('int32', packed.lengths, [batch]);
    } else {
      const data = x.dataSync(); // ONNX Runtime only reads it: no copy needed
      feeds.x = new T('float32', data instanceof Float32Array ? data : Float32Array.from(data), x.shape);
    }
    const labels = y.dataSync();
    feeds.labels =
      step.task === 'classification'
        ? new T('int32', Int32Array.from(labels), [batch])
        : new T('float32', Float32Array.from(labels), [batch]);
    this.t++;
    const scalars = stepScalars(step.optimizer, learningRate(this.model), this.t);
    for (const [name, v] of Object.entries(scalars)) feeds[name] = new T('float32', Float32Array.of(v), []);
    for (const [k, p] of step.params.entries()) {
      feeds[p.name] = new T('float32', this.weights[k]!, p.shape);
      for (const [s, name] of step.stateInputs[k]!.entries())
        feeds[name] = new T('float32', this.state[k]![s]!, p.shape);
    }
    for (const n of step.noise) feeds[n.name] = new T('float32', this.mask(n.shape, n.rate), n.shape);
    for (const [k, b] of step.buffers.entries()) feeds[b.name] = new T('float32', this.buffers[k]!, b.shape);
    let out: Record<string, OrtTensorLike>;
    try {
      out = await session.run(feeds);
    } catch (e) {
      throw new KiteError('INTERNAL', `ONNX training step failed: ${(e as Error).message}`, { cause: e });
    }
    this.weights = step.outputs.params.map((name) => out[name]!.data as Float32Array);
    this.state = step.outputs.state.map((names) => names.map((name) => out[name]!.data as Float32Array));
    this.buffers = step.buffers.map((b) => out[b.output]!.data as Float32Array);
    const loss = (out[step.outputs.loss]!.data as Float32Array)[0]!;
    const metric = (out[step.outputs.metric]!.data as Float32Array)[0]!;
    return [loss, metric];
  }

  /** Frees the sessions. */
  async dispose(): Promise<void> {
    for (const s of this.sessions.values()) await (await s).session.release();
    this.sessions.clear();
  }
}
