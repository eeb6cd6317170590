/** The benchmark's pipelines: `size` no-op tasks in layers of ten, each after one task of the layer before. */
import { component, param, pipeline, type Task } from '../../src/dsl/index.js';

export const noop = component({
  name: 'noop',
  inputs: { i: param.integer({ default: 0 }) },
  outputs: { out: param.integer() },
  run: ({ i }) => ({ out: i }),
});

function layered(name: string, size: number) {
  return pipeline({
    name,
    params: {},
    build: () => {
      let previous: Task[] = [];
      for (let start = 0; start < size; start += 10) {
        const layer: Task[] = [];
        for (let i = start; i < Math.min(size, start + 10); i++) {
          const after = previous[i % 10];
          layer.push(after ? noop({ i }, { after }) : noop({ i }));
        }
        previous = layer;
      }
    },
  });
}

export const dag100 = layered('noop-100', 100);
export const dag20 = layered('noop-20', 20);
