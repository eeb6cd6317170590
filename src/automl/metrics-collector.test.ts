import { describe, expect, it } from 'vitest';
import {
  compileFilters,
  objectiveValue,
  observationOf,
  parseJsonLine,
  parseTextLine,
  UNAVAILABLE,
} from './metrics-collector.js';

const def = compileFilters();

describe('text collector', () => {
  it("takes every name=value match of Katib's default filter", () => {
    const logs = parseTextLine(
      'epoch 1: loss=0.3 accuracy = .98 Score=-7.53e-05',
      ['loss', 'accuracy', 'Score'],
      def,
    );
    expect(logs.map((l) => [l.name, l.value])).toEqual([
      ['loss', '0.3'],
      ['accuracy', '.98'],
      ['Score', '-7.53e-05'],
    ]);
  });
  it('skips lines without a metric name and unknown names', () => {
    expect(parseTextLine('hello=1', ['loss'], def)).toEqual([]);
    expect(parseTextLine('loss=1 other=2', ['loss'], def).map((l) => l.name)).toEqual(['loss']);
  });
  it('reads a leading RFC 3339 timestamp', () => {
    const [l] = parseTextLine('2026-01-02T03:04:05Z loss=1', ['loss'], def);
    expect(l?.timestamp).toBe('2026-01-02T03:04:05Z');
    expect(parseTextLine('x loss=1', ['loss'], def)[0]?.timestamp).toBe('0001-01-01T00:00:00Z');
  });
  it('uses custom filters', () => {
    const f = compileFilters([String.raw`([\w-]+):\s*(\d+\.\d+)`]);
    expect(parseTextLine('loss: 0.25', ['loss'], f)[0]?.value).toBe('0.25');
  });
});

describe('JSON collector', () => {
  it('takes string values only, like Katib', () => {
    expect(parseJsonLine('{"loss": "0.5", "acc": 0.9, "timestamp": 1700000000}', ['loss', 'acc'])).toEqual([
      { timestamp: '2023-11-14T22:13:20.000Z', name: 'loss', value: '0.5' },
    ]);
  });
  it('rejects a line that is not JSON', () => {
    expect(() => parseJsonLine('loss=1', ['loss'])).toThrow(/failed to parse metrics line as JSON/);
  });
});

describe('observation', () => {
  const logs = [
    { timestamp: 't', name: 'loss', value: '3' },
    { timestamp: 't', name: 'loss', value: '1' },
    { timestamp: 't', name: 'loss', value: '2' },
  ];
  it('is min, max and latest per metric; unavailable when absent', () => {
    expect(observationOf(logs, ['loss', 'acc'])).toEqual([
      { name: 'loss', min: '1', max: '3', latest: '2' },
      { name: 'acc', min: UNAVAILABLE, max: UNAVAILABLE, latest: UNAVAILABLE },
    ]);
  });
  it('extracts the objective by strategy', () => {
    const obs = observationOf(logs, ['loss']);
    expect([
      objectiveValue(obs, 'loss', 'min'),
      objectiveValue(obs, 'loss', 'max'),
      objectiveValue(obs, 'loss', 'latest'),
    ]).toEqual([1, 3, 2]);
  });
});
