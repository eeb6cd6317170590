/**
 * Type tests: `tsc --noEmit` (run by CI) fails if any `@ts-expect-error` below stops being an
 * error, or if an `expectTypeOf` assertion is wrong. The runtime halves check the same calls.
 */
import { describe, expectTypeOf, it } from 'vitest';
import {
  artifact,
  component,
  forEach,
  type InputArtifact,
  type OutputArtifact,
  onExit,
  type ParamRef,
  param,
  pipeline,
  when,
} from './index.js';

const ingest = component({
  name: 'ingest',
  inputs: { url: param.string({ default: 'file:///data.csv' }) },
  outputs: { data: artifact.dataset(), rows: param.integer() },
  run: async (_inputs, { outputs }) => {
    expectTypeOf(outputs.data).toEqualTypeOf<OutputArtifact>();
    return { rows: 3 };
  },
});

const train = component({
  name: 'train',
  inputs: {
    data: artifact.dataset(),
    epochs: param.integer({ default: 5 }),
    lr: param.number(),
    note: param.string({ optional: true }),
    tags: param.list<string>({ default: [] }),
  },
  outputs: { model: artifact.model(), accuracy: param.number() },
  run: ({ data, epochs, lr, note, tags }) => {
    expectTypeOf(data).toEqualTypeOf<InputArtifact>();
    expectTypeOf(epochs).toEqualTypeOf<number>();
    expectTypeOf(lr).toEqualTypeOf<number>();
    expectTypeOf(note).toEqualTypeOf<string | undefined>();
    expectTypeOf(tags).toEqualTypeOf<string[]>();
    return { accuracy: 0.5 };
  },
});

const show = component({
  name: 'show',
  inputs: { thing: artifact.artifact(), msg: param.string() },
  outputs: {},
  run: () => {},
});

describe('DSL types', () => {
  it('infers run inputs, outputs and task output references', () => {
    pipeline({
      name: 'typed',
      params: { lr: param.number({ default: 0.1 }), n: param.integer({ default: 2 }) },
      build: ({ lr, n }) => {
        expectTypeOf(lr).toEqualTypeOf<ParamRef<'NUMBER_DOUBLE', number>>();
        const data = ingest({});
        const t = train({ data: data.outputs.data, lr });
        expectTypeOf(t.outputs.accuracy).toEqualTypeOf<ParamRef<'NUMBER_DOUBLE', number>>();
        // an integer widens to a number; any artifact goes to a system.Artifact input
        train({ data: data.outputs.data, lr: n });
        show({ thing: t.outputs.model, msg: 'hello' });
        return { model: t.outputs.model };
      },
    });
  });

  it('rejects wrong wiring at compile time', () => {
    pipeline({
      name: 'mistakes',
      params: { name: param.string({ default: 'x' }) },
      build: ({ name }) => {
        const data = ingest({});
        // @ts-expect-error — a model is not a dataset
        train({ data: train({ data: data.outputs.data, lr: 1 }).outputs.model, lr: 1 });
        // @ts-expect-error — missing required input 'lr'
        train({ data: data.outputs.data });
        // @ts-expect-error — unknown input 'learningRate'
        train({ data: data.outputs.data, lr: 1, learningRate: 1 });
        // @ts-expect-error — wrong literal type
        train({ data: data.outputs.data, lr: 'fast' });
        // @ts-expect-error — a STRING parameter to a NUMBER input
        train({ data: data.outputs.data, lr: name });
        // @ts-expect-error — a parameter where an artifact goes
        train({ data: data.outputs.rows, lr: 1 });
        const accuracy = train({ data: data.outputs.data, lr: 1 }).outputs.accuracy;
        // @ts-expect-error — a number to an integer input
        train({ data: data.outputs.data, lr: 1, epochs: accuracy });
        // @ts-expect-error — comparing a number output with a string
        when(data.outputs.rows.eq('many'), () => {});
        return {};
      },
    });
  });

  it('types loop items, exit status and pipeline outputs', () => {
    const notify = component({
      name: 'notify',
      inputs: { status: param.taskFinalStatus() },
      outputs: {},
      run: ({ status }) => {
        expectTypeOf(status.state).toEqualTypeOf<string>();
      },
    });
    const inner = pipeline({
      name: 'inner',
      params: { lr: param.number() },
      build: ({ lr }) => {
        const d = ingest({});
        return { model: train({ data: d.outputs.data, lr }).outputs.model, rows: d.outputs.rows };
      },
    });
    pipeline({
      name: 'outer',
      build: () => {
        forEach(['a', 'b'], (item) => {
          expectTypeOf(item).toEqualTypeOf<ParamRef<'STRING', string>>();
        });
        onExit(
          (status) => notify({ status }),
          () => {
            const t = inner({ lr: 0.1 });
            expectTypeOf(t.outputs.model.schemaTitle).toEqualTypeOf<'system.Model'>();
            // @ts-expect-error — the nested pipeline has no output 'accuracy'
            t.outputs.accuracy;
          },
        );
      },
    });
  });
});
