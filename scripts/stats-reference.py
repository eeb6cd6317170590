#!/usr/bin/env python3
"""Reference table for Kite's statistics and metrics (src/stats).

Computes every case with Debian's SciPy / scikit-learn / NumPy and writes
src/stats/fixtures/reference-cases.json; src/stats/reference-cases.test.ts checks Kite against
it to 1e-10. Inputs are drawn from a seeded NumPy generator and stored in the table, so the
TypeScript side never needs NumPy's random streams.

Usage (Debian 12):  apt-get install python3-scipy python3-sklearn
                    /usr/bin/python3 scripts/stats-reference.py
"""
import json
import math
import os
import sys

import numpy as np
import scipy
import sklearn
from scipy import stats
from scipy.special import ndtr, ndtri
from scipy.stats._resampling import _bca_interval
from sklearn import metrics

rng = np.random.default_rng(20261127)


def t_ppf(p, df):
    """Student t quantile to full double precision.

    SciPy 1.10's t.ppf (special.stdtrit) is CDFLIB's root search with relative tolerance 1e-8,
    so its value can be off by ~5e-9 (df=29, p=0.1: -1.311433650507697 vs the true
    -1.311433647301551). Two Newton steps on SciPy's own t.cdf / t.sf (Cephes incomplete beta,
    accurate to a few ulps) make it exact to ~1e-15; mpmath confirms it where installed.
    """
    x = stats.t.ppf(p, df)
    for _ in range(2):
        if x > 0:
            x += (stats.t.sf(x, df) - (1 - p)) / stats.t.pdf(x, df)
        else:
            x -= (stats.t.cdf(x, df) - p) / stats.t.pdf(x, df)
    return x


def check_t_ppf_with_mpmath():
    try:
        import mpmath as mp
    except ImportError:
        return "mpmath not installed: not cross-checked"
    mp.mp.dps = 40
    worst = 0.0
    for df in [1, 2.5, 7.3, 29, 1000.5]:
        for p in [0.001, 0.1, 0.9, 0.975, 0.995]:
            x = t_ppf(p, df)
            d = mp.mpf(df)
            ib = mp.betainc(d / 2, mp.mpf(1) / 2, 0, d / (d + mp.mpf(x) ** 2), regularized=True) / 2
            cdf = 1 - ib if x > 0 else ib
            dens = stats.t.pdf(x, df)
            worst = max(worst, abs(float((cdf - mp.mpf(p)) / dens)) / max(1, abs(x)))
    assert worst < 1e-13, worst
    return f"refined t quantiles agree with mpmath to {worst:.1e} (relative)"
cases = []


def enc(v):
    """JSON-safe value: non-finite floats become strings, arrays lists."""
    if isinstance(v, (list, tuple, np.ndarray)):
        return [enc(x) for x in v]
    if isinstance(v, dict):
        return {k: enc(x) for k, x in v.items()}
    if isinstance(v, (bool, np.bool_)):
        return bool(v)
    if isinstance(v, (int, np.integer)):
        return int(v)
    if isinstance(v, (float, np.floating)):
        f = float(v)
        if math.isnan(f):
            return "nan"
        if math.isinf(f):
            return "inf" if f > 0 else "-inf"
        return f
    return v


def add(fn, args, expected, note=""):
    cases.append({"id": f"{fn}/{sum(1 for c in cases if c['fn'] == fn)}", "fn": fn,
                  "note": note, "args": enc(args), "expected": enc(expected)})


def sample(n, loc=0.0, scale=1.0, decimals=None):
    x = rng.normal(loc, scale, n)
    return np.round(x, decimals) if decimals is not None else x


# ---------------------------------------------------------------- distributions
for df in [1, 2.5, 3, 7.3, 10, 29, 120, 1000.5]:
    for x in [-4.2, -1.0, 0.0, 0.3, 2.1, 6.0]:
        add("studentT.cdf", {"df": df, "x": x}, stats.t.cdf(x, df))
        add("studentT.sf", {"df": df, "x": x}, stats.t.sf(x, df))
    for p in [0.001, 0.025, 0.1, 0.5, 0.9, 0.95, 0.975, 0.995]:
        add("studentT.quantile", {"df": df, "p": p}, t_ppf(p, df),
            f"t_ppf (refined); scipy.stats.t.ppf itself gives {stats.t.ppf(p, df)!r}")
for x in [-8.0, -3.3, -1.96, 0.0, 0.5, 1.64, 5.0]:
    add("normal.cdf", {"x": x}, stats.norm.cdf(x))
    add("normal.sf", {"x": x}, stats.norm.sf(x))
for p in [1e-10, 0.001, 0.05, 0.5, 0.8, 0.975, 0.999999]:
    add("normal.quantile", {"p": p}, stats.norm.ppf(p))

# ---------------------------------------------------------------- t-tests
ALTS = ["two-sided", "less", "greater"]


def ci_of(est, se, df, alt, level):
    """The interval of SciPy's TtestResult.confidence_interval, with the refined quantile."""
    if alt == "two-sided":
        q = t_ppf(0.5 + level / 2, df)
        return est - q * se, est + q * se
    if alt == "less":
        return -np.inf, est + t_ppf(level, df) * se
    return est - t_ppf(level, df) * se, np.inf


for i, (n, shift) in enumerate([(3, 0.4), (5, 0.0), (10, 0.3), (12, -0.8), (30, 0.1), (100, 0.25)]):
    a = sample(n, 0.8, 0.1 + i * 0.2)
    b = a - shift + sample(n, 0, 0.3)
    for alt in ALTS:
        level = [0.95, 0.9, 0.99][i % 3]
        r = stats.ttest_rel(a, b, alternative=alt)
        d = a - b
        lo, hi = ci_of(np.mean(d), np.std(d, ddof=1) / np.sqrt(n), r.df, alt, level)
        add("pairedTTest", {"a": a, "b": b, "alternative": alt, "confidenceLevel": level},
            {"statistic": r.statistic, "pValue": r.pvalue, "df": r.df, "low": lo, "high": hi},
            "scipy.stats.ttest_rel; interval as its confidence_interval, refined quantile")
        mu = 0.1 * i
        r = stats.ttest_1samp(a, mu, alternative=alt)
        lo, hi = ci_of(np.mean(a), np.std(a, ddof=1) / np.sqrt(n), r.df, alt, level)
        add("oneSampleTTest", {"x": a, "nullValue": mu, "alternative": alt, "confidenceLevel": level},
            {"statistic": r.statistic, "pValue": r.pvalue, "df": r.df, "low": lo, "high": hi},
            "scipy.stats.ttest_1samp; interval as its confidence_interval, refined quantile")

for i, (na, nb, sa, sb, shift) in enumerate([(3, 4, 1, 1, 0.5), (8, 8, 1, 3, 0.0), (10, 25, 0.5, 2, 1.0),
                                             (40, 15, 2, 0.3, -0.4), (200, 180, 1, 1.2, 0.1)]):
    a = sample(na, 1.0 + shift, sa)
    b = sample(nb, 1.0, sb)
    for alt in ALTS:
        level = [0.95, 0.9, 0.99][i % 3]
        r = stats.ttest_ind(a, b, equal_var=False, alternative=alt)
        va, vb = np.var(a, ddof=1) / na, np.var(b, ddof=1) / nb
        df = (va + vb) ** 2 / (va ** 2 / (na - 1) + vb ** 2 / (nb - 1))
        lo, hi = ci_of(np.mean(a) - np.mean(b), np.sqrt(va + vb), df, alt, level)
        add("welchTTest", {"a": a, "b": b, "alternative": alt, "confidenceLevel": level},
            {"statistic": r.statistic, "pValue": r.pvalue, "df": df, "low": lo, "high": hi},
            "scipy.stats.ttest_ind(equal_var=False); interval with the refined t quantile")
        r = stats.ttest_ind(a, b, equal_var=True, alternative=alt)
        df = na + nb - 2
        sp = ((na - 1) * np.var(a, ddof=1) + (nb - 1) * np.var(b, ddof=1)) / df
        lo, hi = ci_of(np.mean(a) - np.mean(b), np.sqrt(sp * (1 / na + 1 / nb)), df, alt, level)
        add("pooledTTest", {"a": a, "b": b, "alternative": alt, "confidenceLevel": level},
            {"statistic": r.statistic, "pValue": r.pvalue, "df": df, "low": lo, "high": hi},
            "scipy.stats.ttest_ind(equal_var=True); interval with the refined t quantile")

# ---------------------------------------------------------------- Wilcoxon
def wil(x, y, note="", **kw):
    r = stats.wilcoxon(x, y, **kw)
    exp = {"statistic": r.statistic, "pValue": r.pvalue}
    if hasattr(r, "zstatistic"):
        exp["zStatistic"] = r.zstatistic
    args = {"x": x, "y": y}
    for k, v in kw.items():
        args[{"zero_method": "zeroMethod"}.get(k, k)] = v
    add("wilcoxonSignedRank", args, exp, note)


for n in [5, 9, 16, 25, 50]:  # exact: no ties, no zeros (distinct continuous values)
    x = sample(n, 0.3, 1)
    y = sample(n, 0, 1)
    for alt in ALTS:
        wil(x, y, "exact", alternative=alt)
for n in [51, 80]:  # normal approximation (auto)
    x = sample(n, 0.2, 1)
    y = sample(n, 0, 1)
    for alt in ALTS:
        wil(x, y, "approx (n > 50)", alternative=alt)
        wil(x, y, "approx, continuity correction", alternative=alt, correction=True)
# ties and zeros: rounded data, normal approximation
x = sample(30, 0.3, 1, decimals=1)
y = sample(30, 0, 1, decimals=1)
y[:3] = x[:3]  # three zeros
for zm in ["wilcox", "pratt", "zsplit"]:
    for alt in ALTS:
        wil(x, y, "ties and zeros", alternative=alt, zero_method=zm, method="approx")
    wil(x, y, "ties and zeros, correction", zero_method=zm, method="approx", correction=True)

# ---------------------------------------------------------------- Mann-Whitney U
def mwu(x, y, note, **kw):
    r = stats.mannwhitneyu(x, y, **kw)
    args = {"x": x, "y": y}
    for k, v in kw.items():
        args[{"use_continuity": "continuity"}.get(k, k)] = v
    add("mannWhitneyU", args, {"statistic": r.statistic, "pValue": r.pvalue}, note)


for n1, n2 in [(3, 5), (6, 8), (8, 30), (4, 4)]:  # exact: one sample <= 8, no ties
    x, y = sample(n1, 0.5, 1), sample(n2, 0, 1)
    for alt in ALTS:
        mwu(x, y, "exact", alternative=alt)
for n1, n2 in [(9, 12), (40, 35)]:  # asymptotic
    x, y = sample(n1, 0.4, 1), sample(n2, 0, 1)
    for alt in ALTS:
        mwu(x, y, "asymptotic", alternative=alt)
        mwu(x, y, "asymptotic, no continuity correction", alternative=alt, use_continuity=False)
x, y = sample(7, 0.3, 1, decimals=0), sample(12, 0, 1, decimals=0)  # ties -> asymptotic even if small
for alt in ALTS:
    mwu(x, y, "ties", alternative=alt)
mwu(sample(10, 0, 1), sample(12, 0, 1), "exact forced", method="exact")

# ---------------------------------------------------------------- model comparison
for b, c in [(0, 0), (3, 3), (10, 2), (2, 11), (40, 25), (300, 260), (1500, 1400)]:
    exact = stats.binomtest(min(b, c), b + c, 0.5).pvalue if b + c > 0 else 1.0
    chi = (abs(b - c) - 1) ** 2 / (b + c) if b + c > 0 else 0.0
    add("mcnemar", {"b": b, "c": c}, {"exact": exact, "chi2": chi, "chi2P": stats.chi2.sf(chi, 1) if b + c > 0 else 1.0},
        "exact: scipy.stats.binomtest(min(b,c), b+c, 0.5); chi-square with continuity: scipy.stats.chi2.sf(., 1)")
for j, ratio in [(10, 1 / 9), (30, 0.25), (100, 1 / 9)]:
    a = sample(j, 0.85, 0.02)
    b = a - 0.005 + sample(j, 0, 0.01)
    d = a - b
    for alt in ALTS:
        t = np.mean(d) / np.sqrt((1 / j + ratio) * np.var(d, ddof=1))
        pv = {"two-sided": 2 * stats.t.sf(abs(t), j - 1), "greater": stats.t.sf(t, j - 1), "less": stats.t.cdf(t, j - 1)}[alt]
        add("correctedResampledTTest", {"a": a, "b": b, "testTrainRatio": ratio, "alternative": alt},
            {"statistic": t, "pValue": pv}, "Nadeau & Bengio formula, p from scipy.stats.t")

# ---------------------------------------------------------------- rank
for v in [[3, 1, 2], [10, 20, 10, 30, 20, 20], list(np.round(sample(25, 0, 2), 0))]:
    add("rankAverage", {"x": v}, stats.rankdata(v))

# ---------------------------------------------------------------- bootstrap intervals (SciPy's formulas)
def mean_stat(x, axis=-1):
    return np.mean(x, axis=axis)


def median_stat(x, axis=-1):
    return np.median(x, axis=axis)


def boot_case(kind, data, theta_b, level, theta_hat, stat_fn, data_for_bca):
    alpha = (1 - level) / 2
    expected = {}
    for method in ["percentile", "basic", "bca"]:
        if method == "bca":
            a1, a2, _ = _bca_interval(data_for_bca, stat_fn, axis=-1, alpha=alpha, theta_hat_b=theta_b, batch=None)
        else:
            a1, a2 = alpha, 1 - alpha
        lo, hi = np.percentile(theta_b, a1 * 100), np.percentile(theta_b, a2 * 100)
        if method == "basic":
            lo, hi = 2 * theta_hat - hi, 2 * theta_hat - lo
        expected[method] = {"low": lo, "high": hi}
    add("bootstrapInterval", {"statistic": kind, "samples": data, "distribution": theta_b,
                              "confidenceLevel": level}, expected,
        "scipy.stats._resampling._bca_interval + numpy.percentile, as scipy.stats.bootstrap")


for i, n in enumerate([8, 20, 45]):
    x = np.exp(sample(n, 0, 0.7))
    for stat_name, fn in [("mean", mean_stat), ("median", median_stat)]:
        theta_hat = fn(x)
        theta_b = fn(x[rng.integers(0, n, (300 + 150 * i, n))], axis=-1)
        boot_case(stat_name, [x], theta_b, [0.95, 0.9][i % 2], theta_hat, fn, (x,))

# two independent samples: difference of means
a, b = sample(15, 1, 1), sample(22, 0.5, 2)


def diff_means(x, y, axis=-1):
    return np.mean(x, axis=axis) - np.mean(y, axis=axis)


theta_b = np.array([np.mean(a[rng.integers(0, 15, 15)]) - np.mean(b[rng.integers(0, 22, 22)]) for _ in range(400)])
boot_case("diffMeans", [a, b], theta_b, 0.95, diff_means(a, b), diff_means, (a, b))

# paired samples: mean difference, resampling indices as SciPy does for paired=True
a = sample(18, 1, 1)
b = a - 0.3 + sample(18, 0, 0.5)
idx = rng.integers(0, 18, (350, 18))
theta_b = np.mean(a[idx] - b[idx], axis=-1)


def paired_stat(i, axis=-1):
    return np.mean(a[i] - b[i], axis=axis)


boot_case("pairedMeanDiff", [a, b], theta_b, 0.9, np.mean(a - b), paired_stat, (np.arange(18),))

# ---------------------------------------------------------------- effect sizes, Holm
for na, nb in [(5, 5), (12, 30), (50, 40)]:
    a, b = sample(na, 1, 1.5), sample(nb, 0.4, 1)
    sp = ((na - 1) * np.var(a, ddof=1) + (nb - 1) * np.var(b, ddof=1)) / (na + nb - 2)
    add("cohensD", {"a": a, "b": b}, (np.mean(a) - np.mean(b)) / np.sqrt(sp), "NumPy formula")
for n in [4, 15, 60]:
    a = sample(n, 1, 1)
    b = a - 0.2 + sample(n, 0, 0.4)
    d = a - b
    add("cohensDz", {"a": a, "b": b}, np.mean(d) / np.std(d, ddof=1), "NumPy formula")


def holm_ref(p):
    """Holm step-down adjusted p-values (as statsmodels' multipletests(method='holm'))."""
    p = np.asarray(p)
    order = np.argsort(p, kind="mergesort")
    m = len(p)
    adj_sorted = np.maximum.accumulate(np.minimum(1, (m - np.arange(m)) * p[order]))
    out = np.empty(m)
    out[order] = adj_sorted
    return out


for p in [[0.01, 0.04, 0.03], [0.2], [0.001, 0.5, 0.011, 0.02, 0.04, 0.0049], list(rng.uniform(0, 0.1, 12))]:
    add("holm", {"pValues": p}, holm_ref(p), "NumPy reference (statsmodels is not in Debian's python3-scipy)")

# ---------------------------------------------------------------- classification metrics
def clf_case(y_true, y_pred, labels=None, note=""):
    L = labels if labels is not None else sorted(set(y_true) | set(y_pred))
    p, r, f, s = metrics.precision_recall_fscore_support(y_true, y_pred, labels=L, zero_division=0)
    avg = {}
    for a in ["macro", "micro", "weighted"]:
        pa, ra, fa, _ = metrics.precision_recall_fscore_support(y_true, y_pred, labels=L, average=a, zero_division=0)
        avg[a] = {"precision": pa, "recall": ra, "f1": fa}
    add("classification", {"yTrue": y_true, "yPred": y_pred, "labels": labels},
        {"accuracy": metrics.accuracy_score(y_true, y_pred),
         "confusionMatrix": metrics.confusion_matrix(y_true, y_pred, labels=L),
         "precision": p, "recall": r, "f1": f, "support": s, **avg,
         "matthews": metrics.matthews_corrcoef(y_true, y_pred)}, note)


yt = list(rng.integers(0, 2, 60))
yp = [v if rng.uniform() < 0.8 else 1 - v for v in yt]
clf_case(yt, yp, note="binary")
yt = list(rng.integers(0, 5, 200))
yp = [v if rng.uniform() < 0.6 else int(rng.integers(0, 5)) for v in yt]
clf_case(yt, yp, note="5 classes")
clf_case([0, 1, 2, 2, 1], [0, 2, 2, 2, 2], note="a class never predicted")
clf_case([0, 0, 1, 1], [0, 0, 1, 1], labels=[0, 1, 2], note="a label with no samples")
clf_case(["cat", "dog", "cat", "bird", "dog", "dog"], ["cat", "cat", "cat", "bird", "dog", "bird"], note="string labels")
clf_case([1, 1, 1], [1, 1, 1], note="one class: MCC 0")

for i, n in enumerate([10, 57, 300]):
    y = rng.integers(0, 2, n)
    y[0], y[1] = 0, 1
    s = np.round(y * 0.6 + rng.uniform(0, 1, n), 2 if i < 2 else 6)  # rounding gives tied scores
    for drop in [True, False]:
        fpr, tpr, thr = metrics.roc_curve(y, s, drop_intermediate=drop)
        add("rocCurve", {"yTrue": y, "scores": s, "dropIntermediate": drop},
            {"falsePositiveRate": fpr, "truePositiveRate": tpr, "thresholds": thr[1:]},
            "thresholds[0] differs by design (Kite: Infinity, scikit-learn 1.2: max + 1) and is not compared")
    add("rocAuc", {"yTrue": y, "scores": s}, metrics.roc_auc_score(y, s))
    p = np.clip(s / 1.6, 0, 1)
    p[0] = 0.0  # clipping path
    add("logLoss", {"yTrue": y, "probabilities": p}, metrics.log_loss(y, p))
for k in [3, 6]:
    y = rng.integers(0, k, 80)
    pr = rng.dirichlet(np.ones(k), 80)
    add("logLoss", {"yTrue": y, "probabilities": pr}, metrics.log_loss(y, pr, labels=list(range(k))))

# ---------------------------------------------------------------- regression metrics
for n in [2, 17, 500]:
    yt = sample(n, 3, 2)
    yp = yt + sample(n, 0.1, 0.8)
    add("regression", {"yTrue": yt, "yPred": yp},
        {"mse": metrics.mean_squared_error(yt, yp), "mae": metrics.mean_absolute_error(yt, yp),
         "rmse": metrics.mean_squared_error(yt, yp, squared=False), "r2": metrics.r2_score(yt, yp)})
add("regression", {"yTrue": [2.0, 2.0, 2.0], "yPred": [2.0, 2.0, 2.5]},
    {"mse": 1 / 12, "mae": 1 / 6, "rmse": math.sqrt(1 / 12), "r2": metrics.r2_score([2.0, 2, 2], [2.0, 2, 2.5])},
    "constant target")

out = {
    "generator": "scripts/stats-reference.py",
    "versions": {"python": sys.version.split()[0], "numpy": np.__version__, "scipy": scipy.__version__,
                 "sklearn": sklearn.__version__},
    "tolerance": "abs diff <= 1e-10 * max(1, |expected|)",
    "tQuantile": check_t_ppf_with_mpmath(),
    "cases": cases,
}
path = os.path.join(os.path.dirname(__file__), "..", "src", "stats", "fixtures", "reference-cases.json")
with open(path, "w") as fh:
    json.dump(out, fh, indent=None, separators=(",", ":"))
    fh.write("\n")
print(f"wrote {len(cases)} cases to {os.path.normpath(path)}")
