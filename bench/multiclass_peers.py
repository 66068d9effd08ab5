#!/usr/bin/python3
"""Multi-class peers on data/glass.csv: stratified 5-fold macro F1 and balanced accuracy.

    /usr/bin/python3 bench/multiclass_peers.py build/rarenet [--data data/glass.csv] [--folds 5]
        [--sweep-options "..."]

Every method is fitted on the same training folds (StratifiedKFold, shuffle, random_state 0)
and judged on the held-out fold by scikit-learn's f1_score(average="macro") and
balanced_accuracy_score; the table gives the mean and standard deviation over the folds.

- LogisticRegression (balanced class weights, standardised features)
- HistGradientBoostingClassifier (balanced class weights)
- rarenet train --class-weight balanced: the network at the plain argmax
- rarenet sweep --criterion f1: the class-weight candidates for a multi-class target, each with
  its decision rule tuned on inner out-of-fold probabilities; the winner refitted on the
  training fold (`-o model.json`), then `rarenet predict` on the held-out fold.
"""
import argparse
import os
import shlex
import subprocess
import sys
import tempfile
import time

import numpy as np

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def read_table(path):
    with open(path) as f:
        header = f.readline().rstrip("\n")
        lines = [ln.rstrip("\n") for ln in f if ln.strip()]
    if header.split(",")[-1] != "y":
        sys.exit(f"{path}: the last column must be y")
    values = np.array([[float(v) for v in ln.split(",")] for ln in lines])
    return header, lines, values[:, :-1], values[:, -1].astype(int)


def write_rows(path, header, lines, rows):
    with open(path, "w") as f:
        f.write(header + "\n")
        for i in rows:
            f.write(lines[i] + "\n")


def rarenet_predictions(binary, command, options, header, lines, train, test, work):
    """Train (train or sweep) on the training rows, predict the test rows; the labels."""
    train_csv, test_csv = os.path.join(work, "train.csv"), os.path.join(work, "test.csv")
    model, preds = os.path.join(work, "model.json"), os.path.join(work, "pred.csv")
    write_rows(train_csv, header, lines, train)
    write_rows(test_csv, header, lines, test)
    subprocess.run([binary, command, train_csv, "-o", model] + options, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    subprocess.run([binary, "predict", model, test_csv, "-o", preds], check=True)
    with open(preds) as f:
        names = f.readline().rstrip("\n").split(",")
        col = names.index("label")
        return np.array([int(float(ln.split(",")[col])) for ln in f if ln.strip()])


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("rarenet", help="path of the rarenet binary")
    p.add_argument("--data", default=os.path.join(REPO, "data", "glass.csv"))
    p.add_argument("--folds", type=int, default=5)
    p.add_argument("--train-options", default="--hidden 32,32 --epochs 200 --batch-size 32")
    p.add_argument("--sweep-options",
                   default="--criterion f1 --powers 0,0.5,1 --betas 0.9,0.99 --hidden 32,32 --epochs 200 "
                           "--batch-size 32")
    a = p.parse_args()

    from sklearn.ensemble import HistGradientBoostingClassifier
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import balanced_accuracy_score, f1_score
    from sklearn.model_selection import StratifiedKFold
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler
    import sklearn

    header, lines, X, y = read_table(a.data)
    folds = list(StratifiedKFold(a.folds, shuffle=True, random_state=0).split(X, y))
    binary = os.path.abspath(a.rarenet)
    methods = {
        "LogisticRegression (balanced)": lambda: make_pipeline(
            StandardScaler(), LogisticRegression(class_weight="balanced", max_iter=10000)),
        "HistGradientBoosting (balanced)": lambda: HistGradientBoostingClassifier(
            class_weight="balanced", random_state=0),
        "rarenet train --class-weight balanced (argmax)": ("train", [
            "--class-weight", "balanced"] + shlex.split(a.train_options)),
        "rarenet sweep (tuned decision rule)": ("sweep", shlex.split(a.sweep_options)),
    }
    results = {}
    with tempfile.TemporaryDirectory(prefix="rarenet-multiclass-") as work:
        for name, make in methods.items():
            f1s, bas = [], []
            t0 = time.perf_counter()
            for train, test in folds:
                if callable(make):
                    pred = make().fit(X[train], y[train]).predict(X[test])
                else:
                    pred = rarenet_predictions(binary, make[0], make[1], header, lines, train,
                                               test, work)
                f1s.append(f1_score(y[test], pred, average="macro"))
                bas.append(balanced_accuracy_score(y[test], pred))
            results[name] = (np.mean(f1s), np.std(f1s), np.mean(bas), np.std(bas),
                             time.perf_counter() - t0)
            print(f"{name}: macro F1 {results[name][0]:.3f}, balanced accuracy "
                  f"{results[name][2]:.3f}", file=sys.stderr, flush=True)
    cpu = "unknown CPU"
    try:
        with open("/proc/cpuinfo") as f:
            cpu = next(ln.split(":", 1)[1].strip() for ln in f if ln.startswith("model name"))
    except (OSError, StopIteration):
        pass
    counts = ", ".join(f"{c}: {n}" for c, n in zip(*np.unique(y, return_counts=True)))
    print(f"{os.path.basename(a.data)}: {len(y)} rows, {X.shape[1]} features, classes {counts}; "
          f"stratified {a.folds}-fold, scikit-learn {sklearn.__version__}, {cpu}\n")
    print("| method | macro F1 | balanced accuracy | seconds (all folds) |")
    print("|---|---|---|---|")
    for name, (f1, f1s, ba, bas, sec) in results.items():
        print(f"| {name} | {f1:.3f} ± {f1s:.3f} | {ba:.3f} ± {bas:.3f} | {sec:.1f} |")


if __name__ == "__main__":
    main()
