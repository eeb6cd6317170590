/**
 * Where a training step of Kite's ONNX trainer spends its time: runs `steps` steps with ONNX
 * Runtime's profiler on and sums the kernel time of every node by operator and by node (the
 * first `skip` runs — session warm-up — left out). Used by `speed.ts` (its profile section).
 */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type * as tf from '@tensorflow/tfjs';
import { OnnxTrainer } from '../../src/models/index.js';

interface TraceEvent {
  cat: string;
  name: string;
  ts: number;
  dur: number;
  args?: { op_name?: string };
}

export async function profileOnnxTrainer(
  model: tf.LayersModel,
  x: tf.Tensor,
  y: tf.Tensor,
  options: { threads: number; steps?: number; skip?: number },
): Promise<string[]> {
  const dir = mkdtempSync(join(tmpdir(), 'kite-ort-profile-'));
  const trainer = await OnnxTrainer.create(model, {
    threads: options.threads,
    profileFilePrefix: join(dir, 'step'),
  });
  const steps = options.steps ?? 8;
  const skip = options.skip ?? 3;
  for (let s = 0; s < steps; s++) await trainer.trainOnBatch(x, y);
  await trainer.dispose(); // releasing the session writes the profile
  const file = readdirSync(dir).find((f) => f.endsWith('.json'));
  if (!file) return ['(ONNX Runtime wrote no profile)'];
  const events = JSON.parse(readFileSync(join(dir, file), 'utf8')) as TraceEvent[];
  const runs = events
    .filter((e) => e.name === 'model_run')
    .sort((a, b) => a.ts - b.ts)
    .slice(skip);
  if (runs.length === 0) return ['(no profiled runs)'];
  const from = runs[0]!.ts;
  const nodes = events.filter((e) => e.cat === 'Node' && e.name.endsWith('_kernel_time') && e.ts >= from);
  const perRun = (us: number) => `${(us / runs.length / 1000).toFixed(2)} ms`;
  const byOp = new Map<string, number>();
  const byNode = new Map<string, number>();
  for (const e of nodes) {
    const op = e.args?.op_name ?? '?';
    const node = e.name.replace(/_kernel_time$/, '');
    byOp.set(op, (byOp.get(op) ?? 0) + e.dur);
    byNode.set(node, (byNode.get(node) ?? 0) + e.dur);
  }
  const total = nodes.reduce((a, e) => a + e.dur, 0);
  const lines = [
    `step ${perRun(runs.reduce((a, e) => a + e.dur, 0))} (ONNX Runtime's run), kernels ${perRun(total)}, ${Math.round(nodes.length / runs.length)} nodes; by operator:`,
    ...[...byOp]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 10)
      .map(([op, us]) => `  ${op.padEnd(20)} ${perRun(us).padStart(10)}`),
    'largest nodes:',
    ...[...byNode]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 8)
      .map(([n, us]) => `  ${n.slice(0, 64).padEnd(64)} ${perRun(us).padStart(10)}`),
  ];
  return lines;
}
