"""Optuna 3.1 side of the Kite AutoML benchmark (run by run.ts in the same command).

Prints one JSON object per (problem, sampler, seed): best regret after each budget checkpoint
and the sampler time per trial in milliseconds. Same problems and spaces as run.ts.
"""
import gzip, json, math, os, sys, time
import optuna

optuna.logging.set_verbosity(optuna.logging.WARNING)

def branin(x):
    x1, x2 = x
    b, c, t = 5.1 / (4 * math.pi ** 2), 5 / math.pi, 1 / (8 * math.pi)
    return (x2 - b * x1 * x1 + c * x1 - 6) ** 2 + 10 * (1 - t) * math.cos(x1) + 10

A = [[10, 3, 17, 3.5, 1.7, 8], [0.05, 10, 17, 0.1, 8, 14], [3, 3.5, 1.7, 10, 17, 8], [17, 8, 0.05, 10, 0.1, 14]]
P = [[v * 1e-4 for v in r] for r in [[1312, 1696, 5569, 124, 8283, 5886], [2329, 4135, 8307, 3736, 1004, 9991],
                                      [2348, 1451, 3522, 2883, 3047, 6650], [4047, 8828, 8732, 5743, 1091, 381]]]
ALPHA = [1, 1.2, 3, 3.2]

def hartmann6(x):
    return -sum(ALPHA[i] * math.exp(-sum(A[i][j] * (x[j] - P[i][j]) ** 2 for j in range(6))) for i in range(4))

SYNTH = {
    "branin": ([("x1", -5, 10), ("x2", 0, 15)], branin, 0.397887),
    "hartmann6": ([(f"x{i+1}", 0, 1) for i in range(6)], hartmann6, -3.32237),
}
SIZES = {"hpobench": [10, 10, 3, 10, 10], "hpolib": [2, 2, 4, 3, 3, 6, 2, 6, 6], "nasbench201": [5] * 6}

def problem(name, data_dir):
    if name in SYNTH:
        params, f, opt = SYNTH[name]
        def obj(trial):
            return f([trial.suggest_float(n, lo, hi) for n, lo, hi in params])
        return obj, lambda v: v - opt
    family, dataset = name.split("/")
    with gzip.open(os.path.join(data_dir, "hpo", family, dataset + ".json.gz"), "rt") as fh:
        table = json.load(fh)
    means = {k: sum(v) / len(v) for k, v in table.items()}
    maximize = family != "hpolib"
    best = max(means.values()) if maximize else min(means.values())
    worst = min(means.values()) if maximize else max(means.values())
    sizes = SIZES[family]
    def obj(trial):
        cid = "".join(str(trial.suggest_categorical(f"p{i}", list(range(n)))) for i, n in enumerate(sizes))
        v = means.get(cid, worst)
        return -v if maximize else v
    return obj, (lambda v: best + v) if maximize else (lambda v: v - best)

def main():
    args = json.loads(sys.argv[1])
    for name in args["problems"]:
        obj, regret = problem(name, args["dataDir"])
        for sampler_name in args["samplers"]:
            for seed in range(args.get("seedOffset", 0), args.get("seedOffset", 0) + args["seeds"]):
                if sampler_name == "random":
                    sampler = optuna.samplers.RandomSampler(seed=seed)
                elif sampler_name == "tpe":
                    sampler = optuna.samplers.TPESampler(seed=seed)
                else:
                    continue
                study = optuna.create_study(sampler=sampler)
                t0 = time.perf_counter()
                study.optimize(obj, n_trials=args["budget"])
                ms = (time.perf_counter() - t0) * 1000 / args["budget"]
                vals = [t.value for t in study.trials]
                out = {}
                best = float("inf")
                for i, v in enumerate(vals, 1):
                    best = min(best, v)
                    if i in args["checkpoints"]:
                        out[str(i)] = regret(best)
                print(json.dumps({"problem": name, "algorithm": sampler_name, "seed": seed, "regret": out, "msPerTrial": ms}), flush=True)

main()
