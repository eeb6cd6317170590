/**
 * # ir (layer 1): the Kubeflow Pipelines v2 wire format
 *
 * (Guide being written; exports below are stable.)
 */
export * from './executor-output.js';
export * from './header.js';
export * from './normalize.js';
export * from './parameter-values.js';
export * from './parse.js';
export * from './placeholders.js';
export { dumpPyYaml, PyFloat, type PyYamlValue } from './pyyaml.js';
export * from './schema.js';
export { describe as describeJson, formatPath, isObject } from './structure.js';
export * from './types.js';
export * from './uri.js';
export * from './validate.js';
export * from './yaml.js';
