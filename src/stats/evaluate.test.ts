import { describe, expect, it } from 'vitest';
import { evaluateClassifier, evaluateRegressor } from './evaluate.js';

describe('evaluateClassifier', () => {
  it('gives every binary metric and the KFP classification metadata', () => {
    const ev = evaluateClassifier({
      yTrue: [0, 0, 1, 1],
      probabilities: [
        [0.9, 0.1],
        [0.6, 0.4],
        [0.65, 0.35],
        [0.2, 0.8],
      ],
      classes: ['neg', 'pos'],
    });
    expect(ev.predictions).toEqual([0, 0, 0, 1]);
    expect(ev.metrics.accuracy).toBe(0.75);
    expect(ev.metrics.rocAuc).toBeCloseTo(0.75, 15);
    expect(ev.metrics['macro.f1']).toBeCloseTo((0.8 + 2 / 3) / 2, 15);
    expect(Object.keys(ev.metrics).sort()).toEqual([
      'accuracy',
      'logLoss',
      'macro.f1',
      'macro.precision',
      'macro.recall',
      'matthewsCorrelation',
      'micro.f1',
      'micro.precision',
      'micro.recall',
      'rocAuc',
      'weighted.f1',
      'weighted.precision',
      'weighted.recall',
    ]);
    expect(ev.classification.confusionMatrix).toEqual({
      annotationSpecs: [{ displayName: 'neg' }, { displayName: 'pos' }],
      rows: [{ row: [2, 0] }, { row: [1, 1] }],
    });
    expect(ev.classification.confidenceMetrics?.at(-1)).toEqual({
      confidenceThreshold: 0.1,
      recall: 1,
      falsePositiveRate: 1,
    });
  });

  it('handles multiclass without ROC', () => {
    const ev = evaluateClassifier({
      yTrue: [0, 1, 2],
      probabilities: [
        [0.7, 0.2, 0.1],
        [0.1, 0.8, 0.1],
        [0.5, 0.1, 0.4],
      ],
    });
    expect(ev.metrics.accuracy).toBeCloseTo(2 / 3, 15);
    expect(ev.metrics.rocAuc).toBeUndefined();
    expect(ev.classification.confidenceMetrics).toBeUndefined();
    expect(ev.classification.confusionMatrix?.rows).toHaveLength(3);
  });
});

describe('evaluateRegressor', () => {
  it('gives MSE, RMSE, MAE and R² as flat metrics', () => {
    const { metrics } = evaluateRegressor([1, 2, 3], [1, 2, 4]);
    expect(metrics).toEqual({ mse: 1 / 3, rmse: Math.sqrt(1 / 3), mae: 1 / 3, r2: 0.5 });
  });
});
