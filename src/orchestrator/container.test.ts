/**
 * A plain container executor (not Kite's `kite execute`), as KFP runs one: the orchestrator
 * substitutes the placeholders of its command line, runs it as a subprocess, and reads the
 * output parameter files with KFP's text rules and the output artifact from its `.path`.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PipelineSpec, validatePipelineSpec } from '../ir/index.js';
import { openStore, type Store } from '../store/index.js';
import { runPipeline } from './run-pipeline.js';

const type = (schemaTitle: string) => ({ schemaTitle, schemaVersion: '0.0.1' });

const spec: PipelineSpec = {
  pipelineInfo: { name: 'shell' },
  schemaVersion: '2.1.0',
  sdkVersion: 'test',
  components: {
    'comp-write': {
      executorLabel: 'exec-write',
      inputDefinitions: { parameters: { text: { parameterType: 'STRING' } } },
      outputDefinitions: {
        artifacts: { out: { artifactType: type('system.Dataset') } },
        parameters: { n: { parameterType: 'NUMBER_INTEGER' } },
      },
    },
    'comp-read': {
      executorLabel: 'exec-read',
      inputDefinitions: {
        artifacts: { data: { artifactType: type('system.Dataset') } },
        parameters: { n: { parameterType: 'NUMBER_INTEGER' } },
      },
      outputDefinitions: { parameters: { same: { parameterType: 'BOOLEAN' } } },
    },
  },
  deploymentSpec: {
    executors: {
      'exec-write': {
        container: {
          image: 'busybox',
          command: ['sh', '-c', 'printf %s "$0" > "$1" && printf " 3\\n" > "$2"'],
          args: [
            "{{$.inputs.parameters['text']}}",
            "{{$.outputs.artifacts['out'].path}}",
            "{{$.outputs.parameters['n'].output_file}}",
          ],
        },
      },
      'exec-read': {
        container: {
          image: 'busybox',
          command: ['sh', '-c', 'echo "read $(cat "$0")"; [ "$1" = 3 ] && echo T > "$2" || echo F > "$2"'],
          args: [
            "{{$.inputs.artifacts['data'].path}}",
            "{{$.inputs.parameters['n']}}",
            "{{$.outputs.parameters['same'].output_file}}",
          ],
        },
      },
    },
  },
  root: {
    dag: {
      tasks: {
        write: {
          componentRef: { name: 'comp-write' },
          inputs: { parameters: { text: { componentInputParameter: 'text' } } },
          taskInfo: { name: 'write' },
        },
        read: {
          componentRef: { name: 'comp-read' },
          dependentTasks: ['write'],
          inputs: {
            artifacts: { data: { taskOutputArtifact: { producerTask: 'write', outputArtifactKey: 'out' } } },
            parameters: { n: { taskOutputParameter: { producerTask: 'write', outputParameterKey: 'n' } } },
          },
          taskInfo: { name: 'read' },
        },
      },
    },
    inputDefinitions: { parameters: { text: { parameterType: 'STRING' } } },
  },
};

let dir: string;
let store: Store;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'kite-container-'));
  store = openStore(dir, { fsync: false });
});
afterAll(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('plain container executors', () => {
  it('runs them with placeholders substituted and reads their output files', async () => {
    expect(validatePipelineSpec(spec).filter((i) => i.severity !== 'warning')).toEqual([]);
    const r = await runPipeline({ spec, store, params: { text: 'hello world' } });
    expect(r.error).toBeNull();
    const [write, read] = r.tasks;
    expect(write?.outputs.parameters).toEqual({ n: 3 });
    expect(readFileSync(write!.outputs.artifacts.out![0]!, 'utf8')).toBe('hello world');
    expect(read?.outputs.parameters).toEqual({ same: true });
    const logs = store.meta.getTaskLogs(store.meta.getTask(r.runId, 'read')!.id);
    expect(logs.map((l) => `${l.stream} ${l.line}`)).toEqual(['stdout read hello world']);
  });

  it('fails a task whose command fails or leaves a declared output unwritten', async () => {
    const broken = structuredClone(spec);
    broken.deploymentSpec!.executors!['exec-write']!.container!.command = [
      'sh',
      '-c',
      'echo oops >&2; exit 3',
    ];
    const r = await runPipeline({ spec: broken, store, params: { text: 'x' } });
    expect(r.state).toBe('FAILED');
    expect(r.tasks[0]?.error?.message).toMatch(/exited with code 3:\noops/);
    expect(r.tasks[1]?.state).toBe('SKIPPED');
    const silent = structuredClone(spec);
    silent.deploymentSpec!.executors!['exec-write']!.container!.command = ['sh', '-c', 'printf x > "$1"'];
    const s = await runPipeline({ spec: silent, store, params: { text: 'x' }, noCache: true });
    expect(s.tasks[0]?.error?.message).toMatch(/failed to read output parameter 'n'/);
  });

  it('runs an importer: the existing file becomes the output artifact, with lineage', async () => {
    const file = join(dir, 'imported.txt');
    writeFileSync(file, 'imported text');
    const imp: PipelineSpec = structuredClone(spec);
    imp.components!['comp-importer'] = {
      executorLabel: 'exec-importer',
      inputDefinitions: { parameters: { uri: { parameterType: 'STRING' } } },
      outputDefinitions: { artifacts: { artifact: { artifactType: type('system.Dataset') } } },
    };
    imp.deploymentSpec!.executors!['exec-importer'] = {
      importer: {
        artifactUri: { runtimeParameter: 'uri' },
        typeSchema: type('system.Dataset'),
        metadata: { source: 'x' },
      },
    };
    imp.root.dag!.tasks = {
      importer: {
        componentRef: { name: 'comp-importer' },
        inputs: { parameters: { uri: { runtimeValue: { constant: file } } } },
        taskInfo: { name: 'importer' },
      },
      read: {
        componentRef: { name: 'comp-read' },
        dependentTasks: ['importer'],
        inputs: {
          artifacts: {
            data: { taskOutputArtifact: { producerTask: 'importer', outputArtifactKey: 'artifact' } },
          },
          parameters: { n: { runtimeValue: { constant: 3 } } },
        },
        taskInfo: { name: 'read' },
      },
    };
    expect(validatePipelineSpec(imp).filter((i) => i.severity !== 'warning')).toEqual([]);
    const r = await runPipeline({ spec: imp, store, params: { text: 'unused' } });
    expect(r.error).toBeNull();
    const logs = store.meta.getTaskLogs(store.meta.getTask(r.runId, 'read')!.id);
    expect(logs.map((l) => l.line)).toEqual(['read imported text']);
    const lineage = store.meta.getLineage(file);
    expect(lineage.artifact).toMatchObject({
      typeTitle: 'system.Dataset',
      kind: 'file',
      metadata: { source: 'x' },
    });
    expect(lineage.consumedBy.map((e) => e.task.path)).toEqual(['read']);
  });
});
