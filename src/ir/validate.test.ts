import { describe, expect, it } from 'vitest';
import { errorsOf, type Issue, KiteError } from '../core/index.js';
import { type FieldKind, MESSAGES, messageDef } from './schema.js';
import type { PipelineSpec } from './types.js';
import { assertValidPipelineSpec, validatePipelineSpec } from './validate.js';

/** A small valid spec: producer → consumer, a loop over a list input, a DAG output. */
function base(): PipelineSpec {
  return {
    pipelineInfo: { name: 'demo' },
    schemaVersion: '2.1.0',
    sdkVersion: 'kite-0.1.0',
    components: {
      'comp-produce': {
        executorLabel: 'exec-produce',
        inputDefinitions: { parameters: { text: { parameterType: 'STRING' } } },
        outputDefinitions: {
          parameters: { n: { parameterType: 'NUMBER_INTEGER' } },
          artifacts: { data: { artifactType: { schemaTitle: 'system.Dataset', schemaVersion: '0.0.1' } } },
        },
      },
      'comp-consume': {
        executorLabel: 'exec-consume',
        inputDefinitions: {
          parameters: {
            n: { parameterType: 'NUMBER_INTEGER' },
            item: { parameterType: 'STRING', isOptional: true, defaultValue: 'x' },
          },
          artifacts: { data: { artifactType: { schemaTitle: 'system.Dataset', schemaVersion: '0.0.1' } } },
        },
      },
      'comp-for-loop-1': {
        dag: {
          tasks: {
            inner: {
              taskInfo: { name: 'inner' },
              componentRef: { name: 'comp-produce' },
              inputs: { parameters: { text: { componentInputParameter: 'pipelinechannel--xs-loop-item' } } },
            },
          },
        },
        inputDefinitions: {
          parameters: {
            'pipelinechannel--xs': { parameterType: 'LIST' },
            'pipelinechannel--xs-loop-item': { parameterType: 'STRING' },
          },
        },
      },
    },
    deploymentSpec: {
      executors: {
        'exec-produce': {
          container: { image: 'node:20', command: ['kite-exec'], args: ['--executor_input', '{{$}}'] },
        },
        'exec-consume': {
          container: {
            image: 'node:20',
            resources: {
              resourceCpuLimit: '1',
              accelerator: { resourceType: 'nvidia.com/gpu', resourceCount: '1' },
            },
          },
        },
      },
    },
    root: {
      inputDefinitions: {
        parameters: {
          text: { parameterType: 'STRING', defaultValue: 'hi', isOptional: true },
          xs: { parameterType: 'LIST' },
        },
      },
      outputDefinitions: { parameters: { n: { parameterType: 'NUMBER_INTEGER' } } },
      dag: {
        outputs: {
          parameters: { n: { valueFromParameter: { producerSubtask: 'produce', outputParameterKey: 'n' } } },
        },
        tasks: {
          produce: {
            taskInfo: { name: 'produce' },
            componentRef: { name: 'comp-produce' },
            cachingOptions: { enableCache: true },
            inputs: { parameters: { text: { componentInputParameter: 'text' } } },
            retryPolicy: {
              maxRetryCount: 3,
              backoffDuration: '0s',
              backoffFactor: 2,
              backoffMaxDuration: '3600s',
            },
          },
          consume: {
            taskInfo: { name: 'Consumer' },
            componentRef: { name: 'comp-consume' },
            dependentTasks: ['produce'],
            inputs: {
              parameters: {
                n: { taskOutputParameter: { producerTask: 'produce', outputParameterKey: 'n' } },
              },
              artifacts: {
                data: { taskOutputArtifact: { producerTask: 'produce', outputArtifactKey: 'data' } },
              },
            },
            triggerPolicy: {
              condition: "inputs.parameter_values['n'] > 1",
              strategy: 'ALL_UPSTREAM_TASKS_SUCCEEDED',
            },
          },
          'for-loop-1': {
            taskInfo: { name: 'for-loop-1' },
            componentRef: { name: 'comp-for-loop-1' },
            inputs: { parameters: { 'pipelinechannel--xs': { componentInputParameter: 'xs' } } },
            parameterIterator: {
              items: { inputParameter: 'pipelinechannel--xs' },
              itemInput: 'pipelinechannel--xs-loop-item',
            },
            iteratorPolicy: { parallelismLimit: 2 },
          },
        },
      },
    },
  };
}

// biome-ignore lint/suspicious/noExplicitAny: tests poke at arbitrary spec paths to break them
type Mutable = Record<string, any>;

/** Errors of the base spec after `mutate`. */
function errorsAfter(mutate: (s: Mutable) => void): Issue[] {
  const spec = structuredClone(base()) as Mutable;
  mutate(spec);
  return errorsOf(validatePipelineSpec(spec));
}

const task = (s: Mutable, id: string): Mutable => s.root.dag.tasks[id];

describe('validatePipelineSpec', () => {
  it('accepts the base spec with no issue at all', () => {
    expect(validatePipelineSpec(base())).toEqual([]);
  });

  it('rejects unknown fields at any depth, with the full path and a hint', () => {
    const errors = errorsAfter((s) => {
      task(s, 'produce').inputs.parameters.text.extra = 1;
      s.root.dag.tasks.consume.dependsOn = ['produce'];
      s.deploymentSpec.executors['exec-produce'].container.imagePullPolicy = 'Always';
      s.pipelineInfo.version = '1';
    });
    expect(errors.map((e) => [e.code, e.path])).toEqual([
      ['IR_UNKNOWN_FIELD', 'pipelineInfo.version'],
      ['IR_UNKNOWN_FIELD', 'deploymentSpec.executors.exec-produce.container.imagePullPolicy'],
      ['IR_UNKNOWN_FIELD', 'root.dag.tasks.produce.inputs.parameters.text.extra'],
      ['IR_UNKNOWN_FIELD', 'root.dag.tasks.consume.dependsOn'],
    ]);
    expect(errors[3]?.message).toMatch(/did you mean 'dependentTasks'/);
  });

  it('rejects bad enum values and wrong scalar kinds', () => {
    const errors = errorsAfter((s) => {
      s.components['comp-produce'].inputDefinitions.parameters.text.parameterType = 'FLOAT';
      task(s, 'consume').triggerPolicy.strategy = 'ALWAYS';
      task(s, 'produce').cachingOptions.enableCache = 'yes';
      task(s, 'produce').retryPolicy.maxRetryCount = 1.5;
      task(s, 'produce').retryPolicy.backoffDuration = '10';
      task(s, 'consume').dependentTasks = 'produce';
    });
    expect(errors.map((e) => [e.code, e.path])).toEqual([
      ['IR_ENUM', 'components.comp-produce.inputDefinitions.parameters.text.parameterType'],
      ['IR_TYPE', 'root.dag.tasks.produce.cachingOptions.enableCache'],
      ['IR_TYPE', 'root.dag.tasks.produce.retryPolicy.maxRetryCount'],
      ['IR_TYPE', 'root.dag.tasks.produce.retryPolicy.backoffDuration'],
      ['IR_TYPE', 'root.dag.tasks.consume.dependentTasks'],
      ['IR_ENUM', 'root.dag.tasks.consume.triggerPolicy.strategy'],
    ]);
  });

  it('requires pipelineInfo.name, root and schemaVersion 2.1.0', () => {
    expect(errorsAfter((s) => delete s.pipelineInfo.name).map((e) => e.path)).toEqual(['pipelineInfo.name']);
    expect(errorsAfter((s) => delete s.root).map((e) => [e.code, e.path])).toEqual([['IR_REQUIRED', 'root']]);
    const v = errorsAfter((s) => {
      s.schemaVersion = '2.0.0';
    });
    expect(v).toHaveLength(1);
    expect(v[0]?.message).toBe('KFP only supports schema version 2.1.0, got "2.0.0"');
  });

  it("checks the pipeline name against KFP's pattern", () => {
    expect(errorsAfter((s) => (s.pipelineInfo.name = '___')).map((e) => e.code)).toEqual(['IR_NAME']);
    const warnings = validatePipelineSpec({ ...base(), pipelineInfo: { name: 'My Pipeline' } });
    expect(warnings.map((w) => [w.code, w.severity])).toEqual([['IR_NAME', 'warning']]);
  });

  it('keeps oneofs exclusive', () => {
    const errors = errorsAfter((s) => {
      task(s, 'produce').inputs.parameters.text.runtimeValue = { constant: 'x' };
      s.components['comp-produce'].dag = { tasks: {} };
    });
    expect(errors.map((e) => [e.code, e.path])).toEqual([
      ['IR_ONEOF', 'components.comp-produce'],
      ['IR_ONEOF', 'root.dag.tasks.produce.inputs.parameters.text'],
    ]);
  });

  it('resolves componentRef and executorLabel', () => {
    expect(
      errorsAfter((s) => (task(s, 'produce').componentRef.name = 'comp-nope')).map((e) => [
        e.code,
        e.path,
        e.message,
      ]),
    ).toEqual([
      [
        'IR_REF',
        'root.dag.tasks.produce.componentRef.name',
        "component 'comp-nope' is not defined in components",
      ],
    ]);
    expect(
      errorsAfter((s) => (s.components['comp-consume'].executorLabel = 'exec-gone')).map((e) => e.path),
    ).toEqual(['components.comp-consume.executorLabel']);
  });

  it('resolves producer tasks and their output keys', () => {
    const errors = errorsAfter((s) => {
      task(s, 'consume').inputs.parameters.n.taskOutputParameter.producerTask = 'ghost';
      task(s, 'consume').inputs.artifacts.data.taskOutputArtifact.outputArtifactKey = 'model';
    });
    expect(errors.map((e) => [e.path, e.message])).toEqual([
      [
        'root.dag.tasks.consume.inputs.parameters.n.taskOutputParameter.producerTask',
        "no task 'ghost' in this DAG (tasks: produce, consume, for-loop-1)",
      ],
      [
        'root.dag.tasks.consume.inputs.artifacts.data.taskOutputArtifact.outputArtifactKey',
        "task 'produce' has no output artifact 'model'",
      ],
    ]);
  });

  it('resolves component inputs, task inputs and required inputs', () => {
    const errors = errorsAfter((s) => {
      task(s, 'produce').inputs.parameters.text.componentInputParameter = 'txt';
      task(s, 'consume').inputs.parameters.extra = { runtimeValue: { constant: 1 } };
      delete task(s, 'consume').inputs.parameters.n;
    });
    expect(errors.map((e) => [e.code, e.path])).toEqual([
      ['IR_REF', 'root.dag.tasks.produce.inputs.parameters.text.componentInputParameter'],
      ['IR_MISSING_INPUT', 'root.dag.tasks.consume.inputs.parameters.n'],
    ]);
  });

  it('warns about an input artifact the component does not declare', () => {
    const spec = structuredClone(base()) as Mutable;
    spec.root.dag.tasks.consume.inputs.artifacts.extra = {
      taskOutputArtifact: { producerTask: 'produce', outputArtifactKey: 'data' },
    };
    expect(validatePipelineSpec(spec).map((i) => [i.code, i.severity, i.path])).toEqual([
      ['IR_EXTRA_INPUT', 'warning', 'root.dag.tasks.consume.inputs.artifacts.extra'],
    ]);
  });

  it('checks task final status inputs', () => {
    const spec = structuredClone(base()) as Mutable;
    spec.components['comp-consume'].inputDefinitions.parameters.status = {
      parameterType: 'TASK_FINAL_STATUS',
    };
    spec.root.dag.tasks.consume.inputs.parameters.status = { runtimeValue: { constant: 'x' } };
    expect(errorsOf(validatePipelineSpec(spec)).map((i) => [i.code, i.path])).toEqual([
      ['IR_TYPE', 'root.dag.tasks.consume.inputs.parameters.status'],
    ]);
    spec.root.dag.tasks.consume.inputs.parameters.status = {
      taskFinalStatus: { producerTask: 'for-loop-1' },
    };
    expect(validatePipelineSpec(spec).map((i) => [i.code, i.severity])).toEqual([
      ['IR_FINAL_STATUS', 'warning'],
    ]);
    spec.root.dag.tasks.consume.dependentTasks.push('for-loop-1');
    expect(validatePipelineSpec(spec)).toEqual([]);
  });

  it('checks command-line placeholders against the component definitions', () => {
    const errors = errorsAfter((s) => {
      s.deploymentSpec.executors['exec-produce'].container.args = [
        "{{$.inputs.parameters['text']}}",
        "{{$.inputs.parameters['txt']}}",
        "{{$.outputs.parameters['n'].output_file}}",
        "{{$.outputs.artifacts['model'].path}}",
        '{"IfPresent": {"InputName": "opt", "Then": ["x"]}}',
        '{{$.pipeline_job_name}}',
      ];
    });
    expect(errors.map((e) => [e.code, e.path])).toEqual([
      ['IR_PLACEHOLDER', 'deploymentSpec.executors.exec-produce.container.args[1]'],
      ['IR_PLACEHOLDER', 'deploymentSpec.executors.exec-produce.container.args[3]'],
      ['IR_PLACEHOLDER', 'deploymentSpec.executors.exec-produce.container.args[4]'],
    ]);
    expect(errors[0]?.message).toBe(
      "placeholder {{$.inputs.parameters['txt']… refers to input parameter 'txt', which component 'comp-produce' does not define",
    );
  });

  it('checks values against parameter types', () => {
    const errors = errorsAfter((s) => {
      s.root.inputDefinitions.parameters.text.defaultValue = 3;
      task(s, 'consume').inputs.parameters.n = { runtimeValue: { constant: 2.5 } };
    });
    expect(errors.map((e) => [e.code, e.path])).toEqual([
      ['IR_VALUE', 'root.inputDefinitions.parameters.text.defaultValue'],
      ['IR_VALUE', 'root.dag.tasks.consume.inputs.parameters.n.runtimeValue.constant'],
    ]);
  });

  it('checks dependentTasks and finds cycles', () => {
    expect(errorsAfter((s) => task(s, 'consume').dependentTasks.push('nobody')).map((e) => e.path)).toEqual([
      'root.dag.tasks.consume.dependentTasks[1]',
    ]);
    const errors = errorsAfter((s) => {
      task(s, 'produce').dependentTasks = ['consume'];
    });
    expect(errors.map((e) => [e.code, e.path, e.message])).toEqual([
      [
        'IR_CYCLE',
        'root.dag.tasks.consume',
        'dependency cycle: consume → produce → consume (→ means "waits for")',
      ],
    ]);
    expect(
      errorsAfter((s) => (task(s, 'produce').dependentTasks = ['produce'])).map((e) => e.message),
    ).toEqual(["task 'produce' cannot consume its own output"]);
  });

  it('checks iterators', () => {
    const errors = errorsAfter((s) => {
      task(s, 'for-loop-1').parameterIterator = {
        items: { inputParameter: 'ys' },
        itemInput: 'pipelinechannel--item',
      };
    });
    expect(errors.map((e) => e.path)).toEqual([
      'root.dag.tasks.for-loop-1.parameterIterator.items.inputParameter',
      'root.dag.tasks.for-loop-1.parameterIterator.itemInput',
      'root.dag.tasks.for-loop-1.inputs.parameters.pipelinechannel--xs-loop-item',
    ]);
    expect(
      errorsAfter((s) => (task(s, 'for-loop-1').parameterIterator.items = { raw: '{"a": 1}' })).map(
        (e) => e.path,
      ),
    ).toEqual(['root.dag.tasks.for-loop-1.parameterIterator.items.raw']);
  });

  it('checks DAG outputs', () => {
    const errors = errorsAfter((s) => {
      s.root.dag.outputs.parameters.n.valueFromParameter.producerSubtask = 'nobody';
      s.root.dag.outputs.parameters.m = {
        valueFromParameter: { producerSubtask: 'produce', outputParameterKey: 'zzz' },
      };
    });
    expect(errors.map((e) => e.path)).toEqual([
      'root.dag.outputs.parameters.n.valueFromParameter.producerSubtask',
      'root.dag.outputs.parameters.m',
      'root.dag.outputs.parameters.m.valueFromParameter.outputParameterKey',
    ]);
  });

  it('warns (only) about spellings protojson accepts but Kite does not write', () => {
    const spec = structuredClone(base()) as Mutable;
    spec.pipeline_info = spec.pipelineInfo;
    delete spec.pipelineInfo;
    spec.components['comp-produce'].inputDefinitions.parameters.text.parameterType = 3;
    const issues = validatePipelineSpec(spec);
    expect(issues.map((i) => [i.code, i.severity, i.path])).toEqual([
      ['IR_ENUM_NUMBER', 'warning', 'components.comp-produce.inputDefinitions.parameters.text.parameterType'],
      ['IR_PROTO_NAME', 'warning', 'pipeline_info'],
    ]);
  });

  it('warns about null, deprecated fields and unused components or executors', () => {
    const spec = structuredClone(base()) as Mutable;
    spec.root.dag.tasks.produce.triggerPolicy = null;
    spec.components['comp-produce'].outputDefinitions.parameters.n.type = 'INT';
    spec.components['comp-spare'] = { executorLabel: 'exec-spare' };
    spec.deploymentSpec.executors['exec-spare'] = { container: { image: 'alpine' } };
    spec.deploymentSpec.executors['exec-orphan'] = { container: { image: 'alpine' } };
    const issues = validatePipelineSpec(spec);
    expect(errorsOf(issues)).toEqual([]);
    expect(issues.map((i) => [i.code, i.path])).toEqual([
      ['IR_DEPRECATED', 'components.comp-produce.outputDefinitions.parameters.n.type'],
      ['IR_NULL', 'root.dag.tasks.produce.triggerPolicy'],
      ['IR_UNUSED', 'components.comp-spare'],
      ['IR_UNUSED', 'deploymentSpec.executors.exec-orphan'],
    ]);
  });

  it('requires an executor kind and a container image', () => {
    const errors = errorsAfter((s) => {
      s.deploymentSpec.executors['exec-produce'] = {};
      s.deploymentSpec.executors['exec-consume'].container.image = '';
    });
    expect(errors.map((e) => [e.code, e.path])).toEqual([
      ['IR_REQUIRED', 'deploymentSpec.executors.exec-produce'],
      ['IR_REQUIRED', 'deploymentSpec.executors.exec-consume.container.image'],
    ]);
  });

  it('assertValidPipelineSpec throws INVALID_SPEC listing every error', () => {
    const spec = structuredClone(base()) as Mutable;
    spec.schemaVersion = '2.0.0';
    spec.root.dag.tasks.produce.componentRef.name = 'x';
    try {
      assertValidPipelineSpec(spec);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(KiteError);
      expect((e as KiteError).code).toBe('INVALID_SPEC');
      expect((e as KiteError).issues).toHaveLength(2);
      expect((e as KiteError).message).toMatch(/2 problems/);
    }
    expect(assertValidPipelineSpec(base())).toEqual([]);
  });

  it('validates the platform spec document', () => {
    const issues = validatePipelineSpec(base(), {
      platformSpec: { platforms: { kubernetes: { deploymentSpec: { executors: {} }, oops: 1 } } },
    });
    expect(errorsOf(issues).map((i) => i.path)).toEqual(['platformSpec.platforms.kubernetes.oops']);
  });
});

describe('field table', () => {
  it('refers only to messages it defines', () => {
    const check = (k: FieldKind): void => {
      if (k.t === 'message') expect(() => messageDef(k.of)).not.toThrow();
      if (k.t === 'map' || k.t === 'list') check(k.of);
    };
    for (const m of Object.values(MESSAGES)) for (const f of Object.values(m.fields)) check(f.kind);
  });
});
