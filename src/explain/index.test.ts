import { describe, expect, it } from 'vitest';
import * as explain from './index.js';

describe('kite/explain public surface', () => {
  it('exports the shap vocabulary', () => {
    const names = Object.keys(explain).sort();
    for (const n of [
      'Explainer',
      'ExactExplainer',
      'KernelExplainer',
      'PermutationExplainer',
      'PartitionExplainer',
      'GradientExplainer',
      'TreeExplainer',
      'DeepExplainer',
      'Explanation',
      'IndependentMasker',
      'PartitionMasker',
      'TextMasker',
      'ImageMasker',
      'waterfallPlot',
      'barPlot',
      'beeswarmPlot',
      'forcePlot',
      'scatterPlot',
      'imagePlot',
      'textPlot',
      'compareAttributions',
      'kmeans',
      'sample',
    ]) {
      expect(names).toContain(n);
    }
  });
});
