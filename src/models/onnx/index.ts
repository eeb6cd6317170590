/**
 * # models/onnx: ONNX export of Kite's models and inference on ONNX Runtime
 *
 * {@link exportOnnx} turns a tfjs `LayersModel` made by `buildCnn`, `buildRnn` (Kite's
 * FusedLstm, tfjs LSTM or GRU, uni- or bidirectional, stacked) or `buildMlp` into ONNX bytes
 * (opset 17, IR 8), written by Kite's own protobuf writer (`protobuf.ts`, `onnx-proto.ts`; field
 * numbers from onnx/onnx.proto), so exporting needs no extra package. {@link saveOnnx} writes a
 * file. {@link loadOnnxModel} runs one on `onnxruntime-node` (optional: imported on first use;
 * without it a `KiteError('NOT_FOUND')` gives the install command,
 * `ONNXRUNTIME_NODE_INSTALL=skip npm install onnxruntime-node@1.30.0`); its `predict` returns
 * what the tfjs model's `predict` returns.
 *
 * Layers (`convert-layers.ts`, `convert-embedding.ts`, `convert-recurrent.ts`): Conv2D (bias,
 * activation, same/valid, strides, dilation), Max/AveragePooling2D, BatchNormalization (folded to a scale and shift),
 * Activation, Dropout (dropped), Flatten, Dense, Embedding (Gather), LSTM, GRU, Bidirectional
 * (concat), Kite's FusedLstm, StepDropout (dropped) and MaskedPooling (max/mean over the real
 * steps). Anything else is `KiteError('UNSUPPORTED')` naming the layer and what to do.
 * Layout: images stay NHWC at the graph's edge; the convolutional part runs NCHW (one transpose
 * in, one back before Flatten, so Dense weights keep their order). Sequences run time-major.
 * Masking (`maskZero`): padding tokens are skipped as Keras and FusedLstm skip them, by moving
 * each row's real tokens to the front and passing `sequence_lens` (`convert-embedding.ts`).
 *
 * Components: `train-model` writes `model.onnx` into the model directory (`onnx: true`, the default);
 * `predict` and `evaluate-model` take `engine` (`auto`: ONNX when `model.onnx` is there and the
 * runtime loads, else tfjs; `tfjs`; `onnx`: ONNX or an error) through {@link openOnnxEngine};
 * `predict` records the engine used in its predictions' metadata.
 *
 * To extend: add a converter `(ctx, value) => value` and its class name in `export.ts`.
 * Left to do: functional (non-chain) models; Conv1D and global pooling layers; GRU `resetAfter`
 * (tfjs has none); fp16 / int8 quantisation.
 *
 * Measured (bench/models/RESULTS.md, one thread, batch 256, same command): ONNX Runtime runs the
 * CNN at 3.7× and the bi-LSTM at 2.4× PyTorch's inference rate (tfjs-wasm: 1.2× and 0.31×).
 */
export * from './export.js';
export type {
  OnnxAttribute,
  OnnxGraph,
  OnnxModel,
  OnnxNode,
  OnnxTensor,
  OnnxValueInfo,
} from './onnx-proto.js';
export * from './predict.js';
export * from './runtime.js';
