"""Oracle: imbalanced-learn's specificity_score and geometric_mean_score.

Reads a JSON list of requests on stdin, prints the JSON list of replies:
{"y_true": [...], "y_pred": [...]}
    -> {"specificity": specificity_score(average="binary", pos_label=1),
        "g_mean": geometric_mean_score(average="multiclass")}
These are the averages rarenet reports for a binary problem (include/rarenet/metrics.hpp).
"""
import json
import sys
import warnings

import numpy as np
from imblearn.metrics import geometric_mean_score, specificity_score


def answer(req):
    y_true = np.asarray(req["y_true"], dtype=np.int64)
    y_pred = np.asarray(req["y_pred"], dtype=np.int64)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return {
            "specificity": float(specificity_score(y_true, y_pred, average="binary", pos_label=1)),
            "g_mean": float(geometric_mean_score(y_true, y_pred, average="multiclass")),
        }


def main():
    requests = json.load(sys.stdin)
    json.dump([answer(r) for r in requests], sys.stdout)


if __name__ == "__main__":
    main()
