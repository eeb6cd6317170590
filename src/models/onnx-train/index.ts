/**
 * # models/onnx-train: training on ONNX Runtime's native kernels
 *
 * tfjs-wasm trains at 0.3–0.4× a tuned PyTorch on the CPU (its kernels are 128-bit wasm SIMD;
 * PyTorch's are AVX2/AVX-512), and `tfjs-node` cannot install offline. `onnxruntime-node` ships
 * native CPU kernels in its npm package but only runs inference — so Kite compiles a *training
 * step* into an inference graph: {@link compileTrainStep} walks a tfjs chain model and emits
 * the forward pass, the loss, every gradient (reverse mode, layer by layer, written by hand per
 * layer) and the optimizer's update as one ONNX graph whose inputs are the batch, the weights,
 * the optimizer state, the step's dropout masks and scalars, and whose outputs are the loss, the
 * metric and the new weights and state. {@link OnnxTrainer} runs it step after step (one session
 * per batch size) and writes the weights back into the tfjs model ({@link OnnxTrainer.push});
 * the tfjs model stays the source of truth (saving, validation, prediction, ONNX export).
 *
 * The optimizer's state (Adam's moments) lives in the trainer: a second `trainModel` call on the
 * same model starts it afresh, where tfjs's own optimizer would carry it over.
 *
 * `trainModel({ engine })` uses it: `'auto'` (default) when `onnxruntime-node` is installed and
 * the model is supported, else tfjs with the reason logged and recorded (`result.engine`);
 * `'onnx'` insists; `'tfjs'` never. {@link chooseTrainEngine} decides.
 *
 * Supported (`ONNX_TRAIN_LAYERS`): Conv2D (same/valid, any kernel and stride); Max- and
 * AveragePooling2D (valid, any window and stride; `layers-pool.ts`); BatchNormalization (batch
 * statistics, gradient through them, moving statistics updated as extra graph outputs and
 * written back with the weights); Activation and layer activations relu/elu/tanh/sigmoid/
 * linear; Flatten; Dense; Dropout and StepDropout (element, per-channel and per-step noise;
 * masks drawn per step from a seeded generator — not tfjs's stream, so a dropout model's
 * trajectory differs from tfjs's though its statistics do not); Embedding (maskZero); Kite's
 * FusedLstm and tfjs's LSTM and GRU (sigmoid gates; uni- or bidirectional — Bidirectional with
 * concat —, stacked, `returnSequences`; `recurrent.ts`, `lstm-direction.ts`,
 * `gru-direction.ts`); MaskedPooling (max/mean); L2 regularisers; loss sparse categorical
 * cross-entropy on softmax (tfjs's clipping) or MSE; metrics accuracy / MAE; optimizers Adam,
 * momentum SGD and RMSProp (not centered) with tfjs's formulas. Anything else (dilated
 * convolutions, 'same' pooling, hard-sigmoid gates, GRU `resetAfter`, centered RMSProp,
 * Nesterov) is `KiteError('UNSUPPORTED')` naming it.
 *
 * Exactness: `train.test.ts` runs the same steps on tfjs and here and compares every weight
 * (< 1e-5 after three Adam steps) for CNNs with and without batch norm, strided convolutions,
 * max / average pooling
 * with disjoint and overlapping windows on odd sizes, bi-LSTMs with padding anywhere and
 * all-padding rows, tfjs LSTM / GRU layers, MLPs with L2, batch norm, momentum SGD and RMSProp.
 *
 * Layout: images NCHW inside (one transpose in); sequences time-major with each row's real
 * tokens moved to the front (`packTokens`; FusedLstm and Keras RNNs skip padding wherever it
 * is, so nothing changes), which lets the forward pass use ONNX's LSTM / GRU with
 * `sequence_lens`. Their gradients recompute the gates of all steps in a few large products,
 * then run back-propagation through time as ~10 small nodes per step (formulas at the top of
 * `lstm-direction.ts` and `gru-direction.ts`).
 *
 * Speed (bench/models/RESULTS.md, same command as tuned PyTorch 1.13 on the CPU): CNN 1.22×,
 * bi-LSTM 0.98× PyTorch's training rate at one thread, 0.97× / 1.23× at two; tfjs-wasm 0.3–0.4×.
 *
 * Left to do: dilated convolutions, 'same' pooling; keeping weights inside ONNX
 * Runtime between steps (today they cross into JS every step, a few ms for the 1.3 M-weight
 * text model).
 */
export * from './build.js';
export * from './engine.js';
export type { TrainLayout, TrainNoise, TrainParam, TrainValue } from './graph.js';
export * from './trainer.js';
