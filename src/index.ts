/**
 * # kite
 *
 * The package root: the pipeline DSL and the few functions most users need. Each domain module
 * also has its own subpath export (`kite/ir`, `kite/compiler`, ...).
 */
export * from './core/index.js';
