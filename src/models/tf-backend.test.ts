import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { createLogger, type LogRecord } from '../core/index.js';
import { currentBackend, initBackend } from './tf-backend.js';

describe('initBackend', () => {
  it('picks tfjs-node when installed, else wasm, and says why', async () => {
    const records: LogRecord[] = [];
    const info = await initBackend({ logger: createLogger((r) => records.push(r), 'debug') });
    expect(tf.getBackend()).toBe(info.name);
    expect(currentBackend()).toBe(info);
    if (info.name === 'wasm') {
      expect(info.warning).toMatch(/tfjs-node is not installed/);
      expect(info.simd).toBe(true);
      expect(info.addedKernels).toEqual(
        expect.arrayContaining(['Conv2DBackpropFilter', 'UnsortedSegmentSum']),
      );
    }
    expect(
      records.some((r) => r.level === 'info' && r.message === `tensorflow.js backend: ${info.name}`),
    ).toBe(true);
    // A second call returns the same choice without re-initialising.
    expect(await initBackend()).toBe(info);
  });

  it('warns when the pure-JS cpu backend is used', async () => {
    const records: LogRecord[] = [];
    const info = await initBackend({ prefer: 'cpu', logger: createLogger((r) => records.push(r), 'debug') });
    expect(info.name).toBe('cpu');
    expect(info.warning).toMatch(/slower than wasm/);
    expect(records.some((r) => r.level === 'warn')).toBe(true);
  });
});
