/**
 * What the model builders share: the optimizer choice, the output head, compiling, and the
 * validation of flat hyperparameter objects (every bad field reported at once).
 */
import * as tf from '@tensorflow/tfjs';
import { type Issue, KiteError } from '../core/index.js';

export const OPTIMIZERS = ['adam', 'sgd', 'rmsprop'] as const;
export type OptimizerName = (typeof OPTIMIZERS)[number];

/** Output of a model: classes (softmax) or one regression value. */
export type ModelHead = { task: 'classification'; numClasses: number } | { task: 'regression' };

export type Rule = [key: string, ok: (v: unknown) => boolean, what: string];
export const int =
  (min: number, max = Number.MAX_SAFE_INTEGER) =>
  (v: unknown) =>
    Number.isInteger(v) && (v as number) >= min && (v as number) <= max;
export const num =
  (min: number, max: number, openMax = false) =>
  (v: unknown) =>
    typeof v === 'number' && v >= min && (openMax ? v < max : v <= max);
export const oneOf = (values: readonly unknown[]) => (v: unknown) => values.includes(v);
/** For fields added after models were saved: absent means the old behaviour. */
export const optional = (ok: (v: unknown) => boolean) => (v: unknown) => v === undefined || ok(v);

export function check(hp: object, rules: Rule[], what: string): void {
  const issues: Issue[] = [];
  for (const [key, ok, expected] of rules) {
    const v = (hp as Record<string, unknown>)[key];
    if (!ok(v))
      issues.push({
        code: 'bad-hyperparameter',
        path: `${what}.${key}`,
        message: `expected ${expected}, got ${JSON.stringify(v)}`,
      });
  }
  if (issues.length > 0)
    throw new KiteError('INVALID_ARGUMENT', `invalid ${what} hyperparameters`, { issues });
}

export const common: Rule[] = [
  ['learningRate', num(1e-8, 10), 'a number in [1e-8, 10]'],
  ['optimizer', oneOf(OPTIMIZERS), OPTIMIZERS.join(' | ')],
];

export function optimizer(name: OptimizerName, lr: number): tf.Optimizer {
  if (name === 'sgd') return tf.train.momentum(lr, 0.9);
  if (name === 'rmsprop') return tf.train.rmsprop(lr);
  return tf.train.adam(lr);
}

export function compile(
  model: tf.LayersModel,
  head: ModelHead,
  hp: { optimizer: OptimizerName; learningRate: number },
): tf.LayersModel {
  model.compile({
    optimizer: optimizer(hp.optimizer, hp.learningRate),
    loss: head.task === 'classification' ? 'sparseCategoricalCrossentropy' : 'meanSquaredError',
    metrics: head.task === 'classification' ? ['accuracy'] : ['mae'],
  });
  return model;
}

export type L2Regularizer = ReturnType<typeof tf.regularizers.l2>;

export function output(head: ModelHead, seed: number, kernelRegularizer?: L2Regularizer): tf.layers.Layer {
  const common = {
    kernelInitializer: tf.initializers.glorotUniform({ seed }),
    ...(kernelRegularizer ? { kernelRegularizer } : {}),
  };
  return head.task === 'classification'
    ? tf.layers.dense({ units: head.numClasses, activation: 'softmax', ...common })
    : tf.layers.dense({ units: 1, ...common });
}
