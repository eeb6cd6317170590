import { describe, expect, it } from 'vitest';
import { KiteError } from '../core/index.js';
import {
  type ArtifactRef,
  artifact,
  collect,
  component,
  forEach,
  param,
  pipeline,
  when,
} from '../dsl/index.js';
import { validatePipelineSpec } from '../ir/validate.js';
import { checkPipeline, compilePipeline } from './compile.js';

const noop = () => {};
const roll = component({
  name: 'roll',
  inputs: {},
  outputs: { n: param.integer(), side: param.string() },
  run: () => ({ n: 1, side: 'a' }),
});
const say = component({
  name: 'say',
  inputs: { msg: param.string() },
  outputs: { done: param.boolean() },
  run: () => ({ done: true }),
});
const make = component({
  name: 'make',
  inputs: {},
  outputs: { data: artifact.dataset(), model: artifact.model() },
  run: noop,
});
const train = component({
  name: 'fit',
  inputs: { data: artifact.dataset(), lr: param.number() },
  outputs: { model: artifact.model() },
  run: noop,
});

function codesOf(fn: () => unknown): { code: string; path: string; message: string }[] {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(KiteError);
    return [...(e as KiteError).issues];
  }
  throw new Error('expected the compile to fail');
}

describe('compilePipeline', () => {
  it('encodes when/elseWhen/otherwise as condition branches with KFP CEL', () => {
    const p = pipeline({
      name: 'branches',
      build: () => {
        const r = roll({});
        when(r.outputs.n.lt(5000), () => {
          say({ msg: 'low' });
        })
          .elseWhen(r.outputs.n.gt(5000), () => {
            say({ msg: 'high' });
          })
          .otherwise(() => {
            say({ msg: r.outputs.side });
          });
      },
    });
    const spec = compilePipeline(p);
    expect(validatePipelineSpec(spec)).toEqual([]);
    const root = spec.root.dag!.tasks!;
    expect(Object.keys(root).sort()).toEqual(['condition-branches-2', 'roll']);
    expect(root['condition-branches-2']!.dependentTasks).toEqual(['roll']);
    const branches = spec.components!['comp-condition-branches-2']!.dag!.tasks!;
    const ch = "inputs.parameter_values['pipelinechannel--roll-n']";
    expect(branches['condition-1']!.triggerPolicy!.condition).toBe(`int(${ch}) < 5000`);
    expect(branches['condition-3']!.triggerPolicy!.condition).toBe(
      `!(int(${ch}) < 5000) && int(${ch}) > 5000`,
    );
    expect(branches['condition-4']!.triggerPolicy!.condition).toBe(
      `!(int(${ch}) < 5000) && !(int(${ch}) > 5000)`,
    );
    // the else branch uses another output of the same task: it travels as a channel too
    expect(spec.components!['comp-condition-4']!.inputDefinitions!.parameters).toEqual({
      'pipelinechannel--roll-n': { parameterType: 'NUMBER_INTEGER' },
      'pipelinechannel--roll-side': { parameterType: 'STRING' },
    });
  });

  it('writes retry, caching, resources, display names and loop parallelism', () => {
    const p = pipeline({
      name: 'options',
      params: { lrs: param.list<number>({ default: [0.1, 0.01] }) },
      build: ({ lrs }) => {
        const m = make({}, { cache: false, displayName: 'Make data' });
        forEach(
          lrs,
          (lr) => {
            train(
              { data: m.outputs.data, lr },
              {
                retry: { maxRetries: 2, backoff: '30s', backoffFactor: 3, maxBackoff: '10m' },
                resources: {
                  cpuLimit: 2,
                  memoryLimit: '4Gi',
                  accelerator: { type: 'nvidia.com/gpu', count: 1 },
                },
              },
            );
          },
          { parallelism: 3 },
        );
      },
    });
    const spec = compilePipeline(p, { image: 'example/kite:1', module: 'pipes/options.ts' });
    expect(validatePipelineSpec(spec)).toEqual([]);
    const root = spec.root.dag!.tasks!;
    expect(root.make).toMatchObject({ cachingOptions: {}, taskInfo: { name: 'Make data' } });
    expect(root['for-loop-1']).toMatchObject({
      dependentTasks: ['make'],
      iteratorPolicy: { parallelismLimit: 3 },
      parameterIterator: {
        itemInput: 'pipelinechannel--lrs-loop-item',
        items: { inputParameter: 'pipelinechannel--lrs' },
      },
    });
    const loop = spec.components!['comp-for-loop-1']!;
    expect(loop.inputDefinitions!.parameters!['pipelinechannel--lrs-loop-item']).toEqual({
      parameterType: 'NUMBER_DOUBLE',
    });
    expect(loop.inputDefinitions!.artifacts!['pipelinechannel--make-data']!.artifactType!.schemaTitle).toBe(
      'system.Dataset',
    );
    expect(loop.dag!.tasks!.fit!.retryPolicy).toEqual({
      backoffDuration: '30s',
      backoffFactor: 3,
      backoffMaxDuration: '600s',
      maxRetryCount: 2,
    });
    const exec = spec.deploymentSpec!.executors!['exec-fit']!.container!;
    expect(exec.image).toBe('example/kite:1');
    expect(exec.command).toEqual(['kite', 'execute']);
    expect(exec.args).toEqual(
      expect.arrayContaining([
        '--executor_input',
        '{{$}}',
        '--component',
        'fit',
        '--module',
        'pipes/options.ts',
      ]),
    );
    expect(exec.resources).toEqual({
      resourceCpuLimit: '2',
      resourceMemoryLimit: '4Gi',
      accelerator: { resourceType: 'nvidia.com/gpu', resourceCount: '1' },
    });
  });

  it('compiles a pipeline used inside another as a DAG component with outputs', () => {
    const inner = pipeline({
      name: 'inner',
      params: { lr: param.number({ default: 0.1 }) },
      build: ({ lr }) => {
        const m = make({});
        return { model: train({ data: m.outputs.data, lr }).outputs.model };
      },
    });
    const outer = pipeline({
      name: 'outer',
      build: () => {
        const t = inner({ lr: 0.5 });
        const m = make({});
        train({ data: m.outputs.data, lr: 1 }, { after: t });
        return { model: t.outputs.model };
      },
    });
    const spec = compilePipeline(outer);
    expect(validatePipelineSpec(spec)).toEqual([]);
    const comp = spec.components![spec.root.dag!.tasks!.inner!.componentRef!.name!]!;
    expect(comp.dag!.outputs).toEqual({
      artifacts: { model: { artifactSelectors: [{ outputArtifactKey: 'model', producerSubtask: 'fit' }] } },
    });
    expect(comp.inputDefinitions!.parameters!.lr).toMatchObject({
      defaultValue: 0.1,
      parameterType: 'NUMBER_DOUBLE',
    });
    expect(spec.root.dag!.tasks!.inner!.inputs!.parameters!.lr).toEqual({ runtimeValue: { constant: 0.5 } });
    expect(spec.root.dag!.tasks!.fit!.dependentTasks).toEqual(['inner', 'make']);
    expect(spec.root.outputDefinitions!.artifacts!.model!.artifactType!.schemaTitle).toBe('system.Model');
  });

  it('lists every problem at once, each naming pipeline, task and port', () => {
    const other = pipeline({ name: 'other', build: () => ({ n: roll({}).outputs.n }) });
    const foreignTask = other.graph().tasks[0]!;
    const trainAlias = component({ name: 'fit', inputs: {}, outputs: {}, run: noop });
    const p = pipeline({
      name: 'broken',
      build: () => {
        const m = make({});
        // JavaScript users (or casts) bypass the types: the graph rules still catch it all
        train({ data: m.outputs.model, lr: 'fast' } as never);
        say({} as never);
        say({ msg: 'x', volume: 11 } as never);
        when(roll({}).outputs.side.eq('a'), () => {
          say({ msg: 'inside' });
        });
        say({
          msg: {
            kind: 'param',
            type: 'STRING',
            source: { kind: 'taskOutput', task: foreignTask, key: 'n' },
          } as never,
        });
        trainAlias({});
      },
    });
    const issues = codesOf(() => compilePipeline(p));
    const summary = issues.map((i) => `${i.code} ${i.path}`);
    expect(summary).toEqual(
      expect.arrayContaining([
        'TYPE_MISMATCH broken/fit.data',
        'TYPE_MISMATCH broken/fit.lr',
        'MISSING_INPUT broken/say.msg',
        'UNKNOWN_INPUT broken/say-2.volume',
        'DANGLING_REF broken/say-4.msg',
        'DUPLICATE_NAME broken/fit-2',
      ]),
    );
    expect(issues.find((i) => i.code === 'TYPE_MISMATCH' && i.path.endsWith('.data'))!.message).toMatch(
      /system\.Dataset.*system\.Model/,
    );
  });

  it('rejects outputs used outside their branch or loop, and cycles', () => {
    const p = pipeline({
      name: 'scopes',
      build: () => {
        let hidden: ReturnType<typeof say> | undefined;
        when(roll({}).outputs.side.eq('a'), () => {
          hidden = say({ msg: 'in branch' });
        });
        const a = say({ msg: 'a' });
        const b = say({ msg: 'b' }, { after: a });
        a.node.after.push(b.node); // a cycle, as a hand-edited graph could have
        return { done: hidden!.outputs.done };
      },
    });
    const issues = checkPipeline(p);
    expect(issues.map((i) => i.code)).toEqual(expect.arrayContaining(['SCOPE', 'CYCLE']));
    expect(issues.find((i) => i.code === 'SCOPE')!.message).toMatch(/inside a when\(\) branch/);
    expect(issues.find((i) => i.code === 'CYCLE')!.message).toMatch(/say-\d → say-\d → say-\d/);
  });

  it('refuses a build that is async, and components called outside a build', () => {
    const p = pipeline({ name: 'async-build', build: (async () => ({})) as never });
    expect(() => compilePipeline(p)).toThrowError(/build returned a Promise/);
    expect(() => say({ msg: 'x' })).toThrowError(/only be called inside a pipeline's build/);
  });

  it('collects artifacts from a loop into a list input (fan-in) and rejects collect() elsewhere', () => {
    const merge = component({
      name: 'merge',
      inputs: { models: artifact.model({ list: true }) },
      outputs: {},
      run: noop,
    });
    const p = pipeline({
      name: 'fan-in',
      build: () => {
        const m = make({});
        let model!: ArtifactRef<'system.Model', false>;
        forEach([0.1, 0.2], (lr) => {
          model = train({ data: m.outputs.data, lr }).outputs.model;
        });
        merge({ models: collect(model) });
        return { models: collect(model) };
      },
    });
    const spec = compilePipeline(p);
    expect(validatePipelineSpec(spec)).toEqual([]);
    expect(spec.root.dag!.tasks!.merge!.inputs!.artifacts!.models).toEqual({
      taskOutputArtifact: { outputArtifactKey: 'pipelinechannel--fit-model', producerTask: 'for-loop-1' },
    });
    expect(spec.root.dag!.tasks!.merge!.dependentTasks).toEqual(['for-loop-1']);
    expect(spec.components!['comp-for-loop-1']!.dag!.outputs).toEqual({
      artifacts: {
        'pipelinechannel--fit-model': {
          artifactSelectors: [{ outputArtifactKey: 'model', producerSubtask: 'fit' }],
        },
      },
    });
    expect(spec.root.dag!.outputs!.artifacts!.models).toEqual({
      artifactSelectors: [{ outputArtifactKey: 'pipelinechannel--fit-model', producerSubtask: 'for-loop-1' }],
    });

    const misplaced = pipeline({
      name: 'misplaced',
      build: () => {
        let n!: ReturnType<typeof roll>['outputs']['n'];
        forEach([1, 2], () => {
          n = roll({}).outputs.n;
        });
        when(n.gt(0), () => {
          say({ msg: 'uses a loop output outside the loop' });
        });
        const total = component({
          name: 'total',
          inputs: { nums: param.list<number>() },
          outputs: {},
          run: noop,
        });
        when(roll({}).outputs.side.eq('a'), () => {
          total({ nums: collect(n) });
        });
      },
    });
    expect(checkPipeline(misplaced).map((i) => `${i.code} ${i.path}`)).toEqual([
      'SCOPE misplaced/total.nums',
      'SCOPE misplaced/condition-2.condition',
    ]);
    expect(() => collect(roll.outputs as never)).toThrow();
  });
});
