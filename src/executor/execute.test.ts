import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UserCodeError } from '../core/index.js';
import { artifact, component, param } from '../dsl/index.js';
import { parseExecutorOutput } from '../ir/executor-output.js';
import type { ExecutorInput } from '../ir/index.js';
import { executeComponent } from './execute.js';

const train = component({
  name: 'train',
  inputs: { data: artifact.dataset(), epochs: param.integer({ default: 3 }), tags: param.list<string>() },
  outputs: { model: artifact.model(), loss: param.number(), summary: param.struct() },
  run: ({ data, epochs, tags }, { outputs, report }) => {
    const rows = readFileSync(data.path, 'utf8').trim().split('\n').length;
    for (let e = 1; e <= epochs; e++) report(e, { loss: 1 / e });
    writeFileSync(outputs.model.path, `rows=${rows}`);
    outputs.model.metadata.framework = 'test';
    return { loss: 1 / epochs, summary: { rows, tags, fromMeta: data.metadata.source ?? null } };
  },
});

function setup(): { dir: string; input: ExecutorInput } {
  const dir = mkdtempSync(join(tmpdir(), 'kite-exec-'));
  writeFileSync(join(dir, 'data.csv'), 'a\nb\nc\n');
  const input: ExecutorInput = {
    inputs: {
      parameterValues: { tags: ['x'] },
      artifacts: {
        data: {
          artifacts: [
            {
              name: 'data',
              type: { schemaTitle: 'system.Dataset' },
              uri: join(dir, 'data.csv'),
              metadata: { source: 'unit' },
            },
          ],
        },
      },
    },
    outputs: {
      parameters: {
        loss: { outputFile: join(dir, 'out/params/loss') },
        summary: { outputFile: join(dir, 'out/params/summary') },
      },
      artifacts: {
        model: {
          artifacts: [
            { name: 'model', type: { schemaTitle: 'system.Model' }, uri: join(dir, 'out/model/model') },
          ],
        },
      },
      outputFile: join(dir, 'out/output_metadata.json'),
    },
  };
  return { dir, input };
}

describe('executeComponent', () => {
  it('runs a component from an executor input and writes KFP-shaped outputs', async () => {
    const { dir, input } = setup();
    const reports: number[] = [];
    const out = await executeComponent(train, input, { onReport: (step) => reports.push(step) });
    expect(reports).toEqual([1, 2, 3]);
    expect(out.parameterValues).toEqual({ loss: 1 / 3, summary: { rows: 3, tags: ['x'], fromMeta: 'unit' } });
    expect(readFileSync(join(dir, 'out/params/loss'), 'utf8')).toBe(String(1 / 3));
    expect(JSON.parse(readFileSync(join(dir, 'out/params/summary'), 'utf8'))).toEqual({
      fromMeta: 'unit',
      rows: 3,
      tags: ['x'],
    });
    expect(readFileSync(join(dir, 'out/model/model'), 'utf8')).toBe('rows=3');
    // what KFP's launcher parses strictly
    const meta = parseExecutorOutput(readFileSync(join(dir, 'out/output_metadata.json'), 'utf8'));
    expect(meta.artifacts?.model?.artifacts?.[0]).toEqual({
      name: 'model',
      uri: join(dir, 'out/model/model'),
      metadata: { framework: 'test' },
    });
  });

  it('turns a throw in user code into a UserCodeError that names the component and the line', async () => {
    const { broken } = await import('../../test/fixtures/components/broken.js');
    const err = await executeComponent(broken, {}).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserCodeError);
    expect((err as Error).message).toMatch(/component 'broken' failed: RangeError: learning rate too high/);
    expect((err as Error).message).toMatch(/fixtures\/components\/broken\.ts:\d+:\d+/);
    expect((err as UserCodeError).cause).toBeInstanceOf(RangeError);
  });

  it('rejects missing inputs and outputs of the wrong type', async () => {
    const { input } = setup();
    delete input.inputs!.artifacts;
    await expect(executeComponent(train, input)).rejects.toThrow(/input artifact 'data' is missing/);
    const liar = component({
      name: 'liar',
      inputs: {},
      outputs: { n: param.integer() },
      run: () => ({ n: 1.5 }) as never,
    });
    await expect(executeComponent(liar, {})).rejects.toThrow(/output 'n': expected an integer/);
    const forgetful = component({
      name: 'forgetful',
      inputs: {},
      outputs: { n: param.integer() },
      run: () => ({}) as never,
    });
    await expect(executeComponent(forgetful, {})).rejects.toThrow(/did not return output 'n'/);
  });
});
