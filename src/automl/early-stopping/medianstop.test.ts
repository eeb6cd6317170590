import { describe, expect, it } from 'vitest';
import { createStopChecker, MedianStop, validateEarlyStoppingSettings } from './medianstop.js';

describe('MedianStop (Katib)', () => {
  it('uses defaults min_trials_required 3 and start_step 4', () => {
    const m = new MedianStop('acc', 'maximize');
    expect([m.minTrialsRequired, m.startStep]).toEqual([3, 4]);
  });
  it('is the MEAN of per-trial averages of the first start_step values, after min_trials_required trials', () => {
    const m = new MedianStop('acc', 'maximize', [
      { name: 'min_trials_required', value: '2' },
      { name: 'start_step', value: '2' },
    ]);
    expect(m.rules([{ name: 'a', objectiveLog: [0.1, 0.3, 0.9] }])).toEqual([]);
    const rules = m.rules([
      { name: 'a', objectiveLog: [0.1, 0.3, 0.9] },
      { name: 'b', objectiveLog: [0.5, 0.7] },
      { name: 'c', objectiveLog: [1, 1] }, // a third trial: mean of 0.2, 0.6, 1.0
    ]);
    expect(rules).toHaveLength(1);
    expect(rules[0]?.value).toBeCloseTo(0.6, 12);
    expect(rules[0]).toMatchObject({ name: 'acc', comparison: 'less', startStep: 2 });
  });
  it('uses greater for minimize', () => {
    const m = new MedianStop('loss', 'minimize', [{ name: 'min_trials_required', value: '1' }]);
    expect(m.rules([{ name: 'a', objectiveLog: [4, 3, 2, 1, 0] }])[0]).toMatchObject({
      value: 2.5,
      comparison: 'greater',
    });
  });
  it('validates settings with Katib wording', () => {
    expect(validateEarlyStoppingSettings([{ name: 'min_trials_required', value: '0' }])).toEqual([
      'min_trials_required must be greater than zero (>0)',
    ]);
    expect(validateEarlyStoppingSettings([{ name: 'start_step', value: '0' }])).toEqual([
      'start_step must be greater or equal than one (>=1)',
    ]);
    expect(validateEarlyStoppingSettings([{ name: 'x', value: '1' }])).toEqual([
      'unknown setting x for algorithm medianstop',
    ]);
  });
});

describe('stop checker (the sidecar)', () => {
  const rule = { name: 'acc', value: 0.5, comparison: 'less' as const, startStep: 3 };
  it('checks best-so-far only at the start_step-th report', () => {
    const c = createStopChecker([rule], 'acc', 'maximize');
    expect(c.observe('acc', 0.1)).toBe(false);
    expect(c.observe('acc', 0.2)).toBe(false);
    expect(c.observe('acc', 0.3)).toBe(true); // best 0.3 < 0.5 at report 3
  });
  it('never fires after the start_step-th report', () => {
    const c = createStopChecker([rule], 'acc', 'maximize');
    c.observe('acc', 0.6);
    c.observe('acc', 0.1);
    expect(c.observe('acc', 0.1)).toBe(false); // best 0.6 ≥ 0.5
    expect(c.observe('acc', 0.0)).toBe(false);
  });
  it('ignores other metrics', () => {
    const c = createStopChecker([rule], 'acc', 'maximize');
    for (let i = 0; i < 5; i++) expect(c.observe('loss', 9)).toBe(false);
  });
});
