"""What the Python package costs over the C++ engine, and how it compares with scikit-learn's
MLPClassifier and a Keras-faithful PyTorch loop.

  1. Fit on the tutorial's training rows (80,000 x 2, 2-2-1 network, 50 epochs of 100 rows,
     balanced weights): RareNetClassifier.fit against the training seconds `rarenet tutorial`
     reports for the same run (same data, options and seed: the same model, bit for bit).
  2. predict_proba on 1,000,000 x 50 rows (a 64-64 network): RareNetClassifier.predict_proba on a
     numpy array against the library's Classifier::predict_proba on a matrix already in C++
     memory, timed in C++.
  3. Side by side on the tutorial workload without class weights (MLPClassifier has none):
     RareNetClassifier, MLPClassifier(solver="adam", the same layers, batch, epochs and learning
     rate, no L2, no early stop) and the PyTorch loop of bench/pytorch_train.py (one thread).

Usage (after the build):  PYTHONPATH=build/python python3 bench/python_bench.py [--repeats N]
Figures: the best of N runs (default 5), in seconds.
"""

import argparse
import json
import os
import subprocess
import time
import warnings

import numpy as np
from sklearn.datasets import make_classification
from sklearn.exceptions import ConvergenceWarning
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import train_test_split
from sklearn.neural_network import MLPClassifier

import rarenet
from rarenet import _rarenet

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def best_of(repeats, fn):
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def tutorial_data():
    X, y = make_classification(
        n_samples=100000, n_features=2, n_informative=2, n_redundant=0, n_repeated=0,
        n_classes=2, n_clusters_per_class=1, weights=[0.995, 0.005], class_sep=0.5,
        random_state=0,
    )
    return train_test_split(X, y, test_size=0.2, random_state=42)


NETWORK = dict(hidden_layer_sizes=(2, 2), epochs=50, batch_size=100, standardize=False, random_state=7)


def bench_fit(repeats, binary):
    X_train, X_test, y_train, y_test = tutorial_data()
    py = best_of(repeats, lambda: rarenet.RareNetClassifier(class_weight="balanced", **NETWORK).fit(X_train, y_train))
    cli = []
    for _ in range(repeats):
        out = subprocess.run([binary, "tutorial", "--no-sweep", "--json"], capture_output=True,
                             text=True, check=True).stdout
        cli.append(json.loads(out)["seconds"]["balanced"])
    return py, min(cli)


def bench_predict(repeats):
    rng = np.random.RandomState(0)
    X_fit = rng.standard_normal((2000, 50))
    y_fit = (X_fit[:, 0] + rng.standard_normal(2000) > 2).astype(int)
    clf = rarenet.RareNetClassifier(hidden_layer_sizes=(64, 64), epochs=1, random_state=0).fit(X_fit, y_fit)
    X = rng.standard_normal((1_000_000, 50))
    py = best_of(repeats, lambda: clf.predict_proba(X))
    cpp = _rarenet._time_predict_proba(clf.model_, X, repeats)
    X32 = X.astype(np.float32)
    py32 = best_of(repeats, lambda: clf.predict_proba(X32))
    Xf = np.asfortranarray(X)
    pyf = best_of(repeats, lambda: clf.predict_proba(Xf))
    return py, cpp, py32, pyf


def torch_fit(X_train, y_train):
    import torch

    torch.set_num_threads(1)
    torch.manual_seed(0)
    X = torch.tensor(X_train, dtype=torch.float32)
    y = torch.tensor(y_train, dtype=torch.float32).reshape(-1, 1)
    layers, inputs = [], X.shape[1]
    for h in (2, 2):
        layers += [torch.nn.Linear(inputs, h), torch.nn.ReLU()]
        inputs = h
    layers.append(torch.nn.Linear(inputs, 1))
    model = torch.nn.Sequential(*layers)
    for m in model:
        if isinstance(m, torch.nn.Linear):
            torch.nn.init.xavier_uniform_(m.weight)
            torch.nn.init.zeros_(m.bias)
    opt = torch.optim.Adam(model.parameters(), lr=1e-3, betas=(0.9, 0.999), eps=1e-7)
    loss_fn = torch.nn.BCEWithLogitsLoss(reduction="sum")
    n = len(X)
    for _ in range(50):
        perm = torch.randperm(n)
        for i in range(0, n, 100):
            idx = perm[i:i + 100]
            opt.zero_grad()
            loss = loss_fn(model(X[idx]), y[idx]) / len(idx)
            loss.backward()
            opt.step()
    return model


def bench_side_by_side(repeats):
    X_train, X_test, y_train, y_test = tutorial_data()
    rn = rarenet.RareNetClassifier(**NETWORK)
    t_rn = best_of(repeats, lambda: rn.fit(X_train, y_train))
    mlp = MLPClassifier(hidden_layer_sizes=(2, 2), solver="adam", batch_size=100, max_iter=50,
                        learning_rate_init=0.001, alpha=0.0, tol=0.0, n_iter_no_change=50,
                        random_state=7)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        t_mlp = best_of(max(1, repeats // 2), lambda: mlp.fit(X_train, y_train))
    try:
        import torch  # noqa: F401

        holder = {}
        t_torch = best_of(max(1, repeats // 2), lambda: holder.update(m=torch_fit(X_train, y_train)))
    except ImportError:
        t_torch = None
    auc_rn = roc_auc_score(y_test, rn.predict_proba(X_test)[:, 1])
    auc_mlp = roc_auc_score(y_test, mlp.predict_proba(X_test)[:, 1])
    return t_rn, t_mlp, t_torch, auc_rn, auc_mlp


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--binary", default=os.path.join(ROOT, "build", "rarenet"))
    args = parser.parse_args()

    py, cli = bench_fit(args.repeats, args.binary)
    print("1. fit, tutorial training rows (80,000 x 2, 50 epochs, balanced weights)")
    print(f"   RareNetClassifier.fit      {py:8.3f} s")
    print(f"   rarenet tutorial (C++)     {cli:8.3f} s   ratio {py / cli:.2f}")

    py, cpp, py32, pyf = bench_predict(args.repeats)
    print("2. predict_proba, 1,000,000 x 50, 64-64 network")
    print(f"   RareNetClassifier, float64 C   {py:8.3f} s")
    print(f"   Classifier::predict_proba      {cpp:8.3f} s   ratio {py / cpp:.2f}")
    print(f"   RareNetClassifier, float32 C   {py32:8.3f} s   ratio {py32 / cpp:.2f}")
    print(f"   RareNetClassifier, float64 F   {pyf:8.3f} s   ratio {pyf / cpp:.2f}")

    t_rn, t_mlp, t_torch, auc_rn, auc_mlp = bench_side_by_side(args.repeats)
    print("3. tutorial workload without weights, side by side (fit seconds)")
    print(f"   RareNetClassifier          {t_rn:8.3f} s   ROC AUC {auc_rn:.4f}")
    print(f"   sklearn MLPClassifier      {t_mlp:8.3f} s   ROC AUC {auc_mlp:.4f}   "
          f"{t_mlp / t_rn:.1f}x RareNetClassifier")
    if t_torch is not None:
        print(f"   PyTorch loop (1 thread)    {t_torch:8.3f} s   "
              f"{t_torch / t_rn:.1f}x RareNetClassifier")
    else:
        print("   PyTorch loop: python3-torch is not installed")


if __name__ == "__main__":
    main()
