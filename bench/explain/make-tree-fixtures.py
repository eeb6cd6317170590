"""Makes src/explain/fixtures/tree-reference.json: real scikit-learn and LightGBM models with
the SHAP values the Python shap library gives for them (TreeExplainer, raw output).

Run (needs numpy, scikit-learn, lightgbm, shap):
    python bench/explain/make-tree-fixtures.py > src/explain/fixtures/tree-reference.json
"""
import json
import sys

import lightgbm
import numpy as np
import shap
import sklearn
from sklearn.ensemble import RandomForestRegressor
from sklearn.tree import DecisionTreeRegressor

rng = np.random.default_rng(0)
M = 6
X = rng.normal(size=(200, M))
y = X[:, 0] * X[:, 1] + np.sin(2 * X[:, 2]) + (X[:, 3] > 0.3) * 2 + 0.1 * rng.normal(size=200)
bg = X[:20]
Xe = X[100:105]


def sk_tree(t, scale):
    tr = t.tree_
    return {
        "childrenLeft": tr.children_left.tolist(),
        "childrenRight": tr.children_right.tolist(),
        "feature": tr.feature.tolist(),
        "threshold": tr.threshold.tolist(),
        "value": (tr.value[:, 0, 0] * scale).tolist(),
        "nodeSampleWeight": tr.weighted_n_node_samples.tolist(),
    }


def explain(model, data=None, approximate=False, X=Xe, perturbation="interventional"):
    if data is None:
        e = shap.TreeExplainer(model)
    else:
        e = shap.TreeExplainer(model, data, feature_perturbation=perturbation)
    v = e.shap_values(X, approximate=approximate, check_additivity=False)
    ev = e.expected_value
    return {"values": np.asarray(v).tolist(), "expected": np.asarray(ev).tolist()}


out = {
    "source": f"made by bench/explain/make-tree-fixtures.py with shap {shap.__version__}, scikit-learn {sklearn.__version__}, lightgbm {lightgbm.__version__}",
    "X": Xe.tolist(),
    "background": bg.tolist(),
}

# T1, fitted for real
and_X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
and_tree = DecisionTreeRegressor(max_depth=2).fit(and_X, [0, 0, 0, 80])
out["and"] = {
    "model": {"trees": [sk_tree(and_tree, 1.0)]},
    "X": and_X.tolist(),
    "pathDependent": explain(and_tree, X=and_X),
    "saabas": explain(and_tree, approximate=True, X=and_X),
}

rf = RandomForestRegressor(n_estimators=5, max_depth=4, random_state=0).fit(X, y)
out["forest"] = {
    "model": {"trees": [sk_tree(t, 1 / len(rf.estimators_)) for t in rf.estimators_]},
    "predict": rf.predict(Xe).tolist(),
    "pathDependent": explain(rf),
    "interventional": explain(rf, bg),
    "pathDependentWithData": explain(rf, bg, perturbation="tree_path_dependent"),
    "saabasWithData": explain(rf, bg, approximate=True),
    "saabas": explain(rf, approximate=True),
}

Xn = X.copy()
Xn[rng.random(Xn.shape) < 0.1] = np.nan
reg = lightgbm.LGBMRegressor(n_estimators=8, num_leaves=6, min_child_samples=5, verbose=-1).fit(Xn, y)
Xen = Xn[100:105]
out["lightgbm"] = {
    "dump": reg.booster_.dump_model(),
    "X": np.where(np.isnan(Xen), None, Xen).tolist(),
    "background": np.where(np.isnan(Xn[:20]), None, Xn[:20]).tolist(),
    "predictRaw": reg.predict(Xen, raw_score=True).tolist(),
    "pathDependent": explain(reg, X=Xen),
    "interventional": explain(reg, Xn[:20], X=Xen),
}

yc = np.digitize(y, np.quantile(y, [0.33, 0.66]))
clf = lightgbm.LGBMClassifier(n_estimators=4, num_leaves=5, min_child_samples=5, verbose=-1).fit(X, yc)
out["lightgbmMulticlass"] = {
    "dump": clf.booster_.dump_model(),
    "predictRaw": clf.predict(Xe, raw_score=True).tolist(),
    "pathDependent": explain(clf),
}

json.dump(out, sys.stdout, allow_nan=False)
