/**
 * The quick-start pipeline: make data, split it, train and evaluate a model, publish it only if
 * it is good enough, sweep learning rates in a loop, and report the final status whatever
 * happens.
 *
 *   npx kite compile examples/quickstart/pipeline.ts -o quickstart.yaml
 */
import { forEach, onExit, param, pipeline, when } from 'kite';
import {
  evaluateModel,
  makeDataset,
  notify,
  publishModel,
  rejectModel,
  splitDataset,
  trainModel,
} from './components.js';

export default pipeline({
  name: 'quickstart',
  description: 'Train, evaluate and gate a classifier; sweep learning rates.',
  params: {
    rows: param.integer({ default: 400 }),
    learningRate: param.number({ default: 0.1 }),
    minAccuracy: param.number({ default: 0.7 }),
    sweep: param.list<number>({ default: [0.3, 0.03] }),
  },
  build: ({ rows, learningRate, minAccuracy, sweep }) =>
    onExit(
      (status) => notify({ status }),
      () => {
        const data = makeDataset({ rows });
        const split = splitDataset({ data: data.outputs.data }, { retry: 2 });
        const trained = trainModel({ data: split.outputs.train, learningRate });
        const evaluated = evaluateModel({ model: trained.outputs.model, data: split.outputs.test });
        when(evaluated.outputs.accuracy.ge(minAccuracy), () => {
          publishModel({ model: trained.outputs.model, accuracy: evaluated.outputs.accuracy });
        }).otherwise(() => {
          rejectModel({ accuracy: evaluated.outputs.accuracy, threshold: minAccuracy });
        });
        forEach(
          sweep,
          (lr) => {
            const t = trainModel(
              { data: split.outputs.train, learningRate: lr, epochs: 30 },
              { cache: true },
            );
            evaluateModel({ model: t.outputs.model, data: split.outputs.test });
          },
          { parallelism: 2 },
        );
      },
    ),
});
