"""rarenet beside scikit-learn's HistGradientBoostingClassifier on data/credit_data.csv.

Both are judged on the same stratified folds (5 folds, shuffled, random_state 42: rarenet's
defaults, which give scikit-learn's StratifiedKFold rows), with "bad" as the positive class,
balanced class weights and the threshold 0.5. rarenet reads the file as it is
(`--impute median`); HistGradientBoostingClassifier gets the categorical columns ordinal-encoded
and handles missing cells natively.

    /usr/bin/python3 bench/credit_compare.py build/rarenet
"""
import json
import subprocess
import sys

import numpy as np
import pandas as pd
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.metrics import (average_precision_score, balanced_accuracy_score, f1_score,
                             matthews_corrcoef, precision_score, recall_score, roc_auc_score)
from sklearn.model_selection import StratifiedKFold
from sklearn.preprocessing import OrdinalEncoder

DATA = "data/credit_data.csv"
FIGURES = ["roc_auc", "average_precision", "balanced_accuracy", "precision_bad", "recall_bad",
           "f1_bad", "mcc"]


def peer_figures():
    df = pd.read_csv(DATA)
    y = (df.pop("Status") == "bad").to_numpy().astype(int)
    cats = [c for c in df.columns if df[c].dtype == object]
    X = df.copy()
    X[cats] = OrdinalEncoder(handle_unknown="use_encoded_value", unknown_value=np.nan,
                             encoded_missing_value=np.nan).fit_transform(df[cats])
    mask = [c in cats for c in X.columns]
    per_fold = []
    for train, test in StratifiedKFold(5, shuffle=True, random_state=42).split(X, y):
        m = HistGradientBoostingClassifier(categorical_features=mask, class_weight="balanced",
                                           random_state=0)
        m.fit(X.iloc[train], y[train])
        p = m.predict_proba(X.iloc[test])[:, 1]
        pred = (p >= 0.5).astype(int)
        yt = y[test]
        per_fold.append({
            "roc_auc": roc_auc_score(yt, p), "average_precision": average_precision_score(yt, p),
            "balanced_accuracy": balanced_accuracy_score(yt, pred),
            "precision_bad": precision_score(yt, pred), "recall_bad": recall_score(yt, pred),
            "f1_bad": f1_score(yt, pred), "mcc": matthews_corrcoef(yt, pred)})
    return {k: (np.mean([f[k] for f in per_fold]), np.std([f[k] for f in per_fold]))
            for k in FIGURES}


def rarenet_figures(binary):
    out = subprocess.run([binary, "cv", DATA, "--target", "Status", "--positive-class", "bad",
                          "--impute", "median", "--class-weight", "balanced", "--json"],
                         check=True, capture_output=True, text=True).stdout
    j = json.loads(out)
    return {k: (j["mean"][k], j["std"][k]) for k in FIGURES}


peer = peer_figures()
ours = rarenet_figures(sys.argv[1]) if len(sys.argv) > 1 else None
print("| figure (mean ± std over 5 folds) | rarenet | HistGradientBoostingClassifier |")
print("|---|---|---|")
for k in FIGURES:
    r = f"{ours[k][0]:.3f} ± {ours[k][1]:.3f}" if ours else "-"
    print(f"| {k} | {r} | {peer[k][0]:.3f} ± {peer[k][1]:.3f} |")
