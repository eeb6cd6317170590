import { describe, expect, it } from 'vitest';
import type { PipelineSpec } from '../ir/index.js';
import { mermaidGraph } from './graph.js';

const spec = {
  root: {
    dag: {
      tasks: {
        prep: { componentRef: { name: 'comp-prep' }, taskInfo: { name: 'prep' } },
        'for-loop-2': {
          componentRef: { name: 'comp-for-loop-2' },
          dependentTasks: ['prep'],
          parameterIterator: { items: { raw: '[1,2]' }, itemInput: 'x' },
        },
        report: {
          componentRef: { name: 'comp-report' },
          inputs: { parameters: { s: { taskFinalStatus: { producerTask: 'for-loop-2' } } } },
        },
      },
    },
  },
  components: {
    'comp-prep': { executorLabel: 'exec-prep' },
    'comp-report': { executorLabel: 'exec-report' },
    'comp-train': { executorLabel: 'exec-train' },
    'comp-for-loop-2': {
      dag: {
        tasks: {
          train: {
            componentRef: { name: 'comp-train' },
            inputs: {
              artifacts: { d: { taskOutputArtifact: { producerTask: 'prep', outputArtifactKey: 'd' } } },
            },
          },
        },
      },
    },
  },
} as unknown as PipelineSpec;

describe('mermaidGraph', () => {
  it('draws tasks, loop groups and edges, with states folded over iterations', () => {
    const g = mermaidGraph(spec, [
      { path: 'prep', state: 'SUCCEEDED', durationMs: 1200 },
      { path: 'for-loop-2/iteration-0/train', state: 'SUCCEEDED', durationMs: 500 },
      { path: 'for-loop-2/iteration-1/train', state: 'FAILED', durationMs: 700, error: 'x' },
    ]);
    expect(g).toBe(
      [
        'flowchart TD',
        '  n0["prep<br/>SUCCEEDED · 1.2 s"]',
        '  subgraph n1["for-loop-2 🔁"]',
        '    n3["train<br/>2× FAILED · 1.2 s"]',
        '  end',
        '  n2["report<br/>not run"]',
        '  n0 --> n1',
        '  n1 --> n2',
        '  classDef succeeded fill:#dafbe1,stroke:#1a7f37',
        '  class n0 succeeded',
        '  classDef failed fill:#ffebe9,stroke:#cf222e',
        '  class n3 failed',
      ].join('\n'),
    );
  });

  it('matches the bare task names Kubeflow reports', () => {
    const g = mermaidGraph(spec, [{ path: 'prep', state: 'RUNNING', durationMs: null }]);
    expect(g).toContain('n0["prep<br/>RUNNING · –"]');
  });

  it('has nothing to draw for an empty spec', () => {
    expect(mermaidGraph({ root: { dag: { tasks: {} } } } as unknown as PipelineSpec, [])).toBeUndefined();
  });
});
