"""Makes src/explain/fixtures/deep-reference.json: Dense networks with fixed weights and the
SHAP values the Python shap library's DeepExplainer gives for them (TensorFlow/Keras backend).

Run (needs numpy, tensorflow, shap):
    python bench/explain/make-deep-fixtures.py > src/explain/fixtures/deep-reference.json
"""
import json
import os
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
import numpy as np
import shap
import tensorflow as tf

rng = np.random.default_rng(0)


def network(sizes, activations):
    inp = tf.keras.Input(shape=(sizes[0],))
    h = inp
    layers = []
    for units, act in zip(sizes[1:], activations):
        dense = tf.keras.layers.Dense(units, activation=act)
        h = dense(h)
        layers.append(dense)
    model = tf.keras.Model(inp, h)
    spec = []
    for dense, act in zip(layers, activations):
        w, b = dense.get_weights()
        w = (rng.normal(size=w.shape) * 0.8).astype(np.float32)
        b = (rng.normal(size=b.shape) * 0.3).astype(np.float32)
        dense.set_weights([w, b])
        spec.append({"kernel": w.astype(float).ravel().tolist(), "bias": b.astype(float).tolist(), "inputs": w.shape[0], "units": w.shape[1], "activation": act})
    return model, spec


def case(sizes, activations, bg, X):
    model, spec = network(sizes, activations)
    e = shap.DeepExplainer(model, bg)
    v = e.shap_values(X, check_additivity=False)
    return {
        "layers": spec,
        "background": bg.astype(float).tolist(),
        "X": X.astype(float).tolist(),
        "values": np.asarray(v).tolist(),
        "expected": np.asarray(e.expected_value).ravel().tolist(),
        "output": np.asarray(model(X)).tolist(),
    }


x2 = rng.normal(1, 10, size=(200, 2)).astype(np.float32)
out = {"source": f"made by bench/explain/make-deep-fixtures.py with shap {shap.__version__}, tensorflow {tf.__version__}"}
out["linear"] = case([2, 1], ["linear"], x2, x2[:20])
for act in ["relu", "elu", "selu", "sigmoid", "tanh"]:
    out[act] = case([2, 1], [act], x2, x2[:20])
bg5 = rng.normal(size=(30, 5)).astype(np.float32)
X5 = rng.normal(0.5, 2, size=(4, 5)).astype(np.float32)
out["mlp"] = case([5, 8, 6, 4], ["tanh", "elu", "relu"], bg5, X5)
out["softmax"] = case([5, 8, 3], ["sigmoid", "softmax"], bg5, X5)
json.dump(out, sys.stdout, allow_nan=False)
