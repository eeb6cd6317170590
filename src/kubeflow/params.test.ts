import { describe, expect, it } from 'vitest';
import { KiteError } from '../core/index.js';
import { parseDuration, parseParams } from './params.js';

describe('parseParams', () => {
  const declared = {
    epochs: 'NUMBER_INTEGER',
    lr: 'NUMBER_DOUBLE',
    fast: 'BOOLEAN',
    name: 'STRING',
    xs: 'LIST',
    cfg: 'STRUCT',
  };

  it('types values by the declared inputs', () => {
    expect(
      parseParams(['epochs=3', 'lr=1e-3', 'fast=true', 'name=a=b', 'xs=[1,2]', 'cfg={"a":1}'], declared),
    ).toEqual({ epochs: 3, lr: 0.001, fast: true, name: 'a=b', xs: [1, 2], cfg: { a: 1 } });
  });

  it('lists every problem in one error', () => {
    try {
      parseParams(['epochs=3.5', 'lr=x', 'fast=maybe', 'xs={}', 'nope=1', 'bare'], declared);
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(KiteError);
      const e = err as KiteError;
      expect(e.code).toBe('INVALID_ARGUMENT');
      expect(e.issues.map((i) => i.code)).toEqual([
        'PARAM_TYPE',
        'PARAM_TYPE',
        'PARAM_TYPE',
        'PARAM_TYPE',
        'PARAM_UNKNOWN',
        'PARAM_SYNTAX',
      ]);
      expect(e.message).toContain("the pipeline has no input 'nope'");
    }
  });
});

describe('parseDuration', () => {
  it('reads units and plain seconds', () => {
    expect(parseDuration('90s')).toBe(90_000);
    expect(parseDuration('1h30m')).toBe(5_400_000);
    expect(parseDuration('2d')).toBe(172_800_000);
    expect(parseDuration('250ms')).toBe(250);
    expect(parseDuration('1.5')).toBe(1500);
    expect(() => parseDuration('soon', '--timeout')).toThrow(/--timeout 'soon' is not a duration/);
  });
});
