/**
 * # kite
 *
 * The package root: the pipeline DSL (`component`, `pipeline`, `param`, `artifact`, `when`,
 * `forEach`, `onExit`) and the functions most users need (`compilePipeline`). Each module
 * also has its own subpath export (`kite/ir`, `kite/compiler`, ...).
 */
export { type CompileOptions, checkPipeline, compilePipeline, loadPipeline } from './compiler/index.js';
export * from './core/index.js';
export * from './dsl/index.js';
