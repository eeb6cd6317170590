/**
 * # ir (layer 1): the Kubeflow Pipelines v2 wire format
 *
 * (Work in progress: types first; YAML I/O, the strict validator and the executor-contract
 * helpers follow.)
 */
export * from './types.js';
