/**
 * Kite equivalents of the official KFP SDK's golden pipelines (`fixtures` in `src/ir`), written
 * with the same component and port names so that the compiled structures can be compared.
 */
import {
  artifact,
  collect,
  component,
  forEach,
  onExit,
  type ParamRef,
  param,
  pipeline,
  when,
} from '../../dsl/index.js';

const noop = () => {};

// two_step_pipeline.yaml
const writeToGcs = component({
  name: 'write-to-gcs',
  inputs: { text: param.string() },
  outputs: { output_gcs_path: artifact.artifact() },
  run: noop,
});
const readFromGcs = component({
  name: 'read-from-gcs',
  inputs: { input_gcs_path: artifact.artifact() },
  outputs: {},
  run: noop,
});
export const twoStep = pipeline({
  name: 'simple-two-step-pipeline',
  params: { text: param.string({ default: 'Hello KFP!' }) },
  build: ({ text }) => {
    const producer = writeToGcs({ text }, { displayName: 'Producer' });
    readFromGcs({ input_gcs_path: producer.outputs.output_gcs_path }, { displayName: 'Consumer' });
  },
});

// two_step_pipeline_containerized.yaml
const component1 = component({
  name: 'component1',
  inputs: { text: param.string() },
  outputs: { output_gcs: artifact.dataset() },
  run: noop,
});
const component2 = component({
  name: 'component2',
  inputs: { input_gcs: artifact.dataset() },
  outputs: {},
  run: noop,
});
export const twoStepContainerized = pipeline({
  name: 'containerized-two-step-pipeline',
  params: { text: param.string({ default: 'Hello KFP Containerized!' }) },
  build: ({ text }) => {
    const c1 = component1({ text });
    component2({ input_gcs: c1.outputs.output_gcs });
  },
});

// container_io.yaml
const containerIo = component({
  name: 'container-io',
  inputs: { text: param.string() },
  outputs: { output_path: param.string() },
  run: ({ text }) => ({ output_path: text }),
});
export const containerIoPipeline = pipeline({
  name: 'container-io',
  params: { text: param.string() },
  build: ({ text }) => ({ output_path: containerIo({ text }).outputs.output_path }),
});

// pipeline_with_condition.yaml
const flipCoinOp = component({
  name: 'flip-coin-op',
  inputs: {},
  outputs: { Output: param.string() },
  run: () => ({ Output: 'heads' }),
});
const printOp = component({ name: 'print-op', inputs: { msg: param.string() }, outputs: {}, run: noop });
export const singleCondition = pipeline({
  name: 'single-condition-pipeline',
  params: { text: param.string({ default: 'condition test' }) },
  build: ({ text }) => {
    const flip1 = flipCoinOp({}, { cache: false });
    printOp({ msg: flip1.outputs.Output });
    when(flip1.outputs.Output.eq('heads'), () => {
      const flip2 = flipCoinOp({}, { cache: false });
      printOp({ msg: flip2.outputs.Output });
      printOp({ msg: text });
    });
  },
});

// pipeline_with_loops.yaml
const argsGeneratorOp = component({
  name: 'args-generator-op',
  inputs: {},
  outputs: { Output: param.list<{ A_a: string; B_b: string }>() },
  run: () => ({ Output: [] }),
});
const printText = component({ name: 'print-text', inputs: { msg: param.string() }, outputs: {}, run: noop });
const printStruct = component({
  name: 'print-struct',
  inputs: { struct: param.struct() },
  outputs: {},
  run: noop,
});
export const withLoops = pipeline({
  name: 'pipeline-with-loops',
  params: { loop_parameter: param.list<string>({ default: ['a', 'b'] }) },
  build: ({ loop_parameter }) => {
    forEach(loop_parameter, (item) => {
      printText({ msg: item });
    });
    const generator = argsGeneratorOp({});
    forEach(generator.outputs.Output, (item) => {
      printStruct({ struct: item });
      printText({ msg: item.get('A_a') });
      printText({ msg: item.get('B_b') });
    });
    forEach(
      [
        { A_a: '1', B_b: '2' },
        { A_a: '10', B_b: '20' },
      ],
      (item) => {
        printStruct({ struct: item });
        printText({ msg: item.get('A_a') });
        printText({ msg: item.get('B_b') });
      },
    );
  },
});

// pipeline_with_exit_handler.yaml
const printMessage = component({
  name: 'print-op',
  inputs: { message: param.string() },
  outputs: {},
  run: noop,
});
const failOp = component({ name: 'fail-op', inputs: { message: param.string() }, outputs: {}, run: noop });
export const withExitHandler = pipeline({
  name: 'pipeline-with-exit-handler',
  params: { message: param.string({ default: 'Hello World!' }) },
  build: ({ message }) => {
    onExit(
      () => printMessage({ message: 'Exit handler has worked!' }),
      () => {
        printMessage({ message });
        failOp({ message: 'Task failed.' });
      },
    );
  },
});

// pipeline_with_retry.yaml
const add = component({
  name: 'add',
  inputs: { a: param.number(), b: param.number() },
  outputs: { Output: param.number() },
  run: ({ a, b }) => ({ Output: a + b }),
});
export const withRetry = pipeline({
  name: 'test-pipeline',
  params: { a: param.number({ default: 1 }), b: param.number({ default: 7 }) },
  build: ({ a, b }) => {
    add({ a, b }, { retry: { maxRetries: 3, backoff: '0s', backoffFactor: 2, maxBackoff: '1h' } });
  },
});

// metrics_visualization_v2.yaml
const digitClassification = component({
  name: 'digit-classification',
  inputs: {},
  outputs: { metrics: artifact.metrics() },
  run: noop,
});
const wineClassification = component({
  name: 'wine-classification',
  inputs: {},
  outputs: { metrics: artifact.classificationMetrics() },
  run: noop,
});
const irisSgdclassifier = component({
  name: 'iris-sgdclassifier',
  inputs: { test_samples_fraction: param.number() },
  outputs: { metrics: artifact.classificationMetrics() },
  run: noop,
});
const htmlVisualization = component({
  name: 'html-visualization',
  inputs: {},
  outputs: { html_artifact: artifact.html() },
  run: noop,
});
const markdownVisualization = component({
  name: 'markdown-visualization',
  inputs: {},
  outputs: { markdown_artifact: artifact.markdown() },
  run: noop,
});
export const metricsVisualization = pipeline({
  name: 'metrics-visualization-pipeline',
  build: () => {
    wineClassification({});
    irisSgdclassifier({ test_samples_fraction: 0.3 });
    digitClassification({});
    htmlVisualization({});
    markdownVisualization({});
  },
});

// parallelfor_fan_in/simple_with_parameters.yaml (fan-in with collect)
const double = component({
  name: 'double',
  inputs: { num: param.integer() },
  outputs: { Output: param.integer() },
  run: ({ num }) => ({ Output: 2 * num }),
});
const addAll = component({
  name: 'add',
  inputs: { nums: param.list<number>() },
  outputs: { Output: param.integer() },
  run: ({ nums }) => ({ Output: nums.reduce((a, b) => a + b, 0) }),
});
export const fanIn = pipeline({
  name: 'math-pipeline',
  build: () => {
    let doubled!: ParamRef<'NUMBER_INTEGER', number>;
    forEach([1, 2, 3], (n) => {
      doubled = double({ num: n }).outputs.Output;
    });
    return { Output: addAll({ nums: collect(doubled) }).outputs.Output };
  },
});

/** Golden file → equivalent Kite pipeline. */
export const GOLDEN = {
  'two_step_pipeline.yaml': twoStep,
  'two_step_pipeline_containerized.yaml': twoStepContainerized,
  'container_io.yaml': containerIoPipeline,
  'pipeline_with_condition.yaml': singleCondition,
  'pipeline_with_loops.yaml': withLoops,
  'pipeline_with_exit_handler.yaml': withExitHandler,
  'pipeline_with_retry.yaml': withRetry,
  'metrics_visualization_v2.yaml': metricsVisualization,
} as const;
