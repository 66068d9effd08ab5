"""Oracle: scikit-learn's metrics. Reads a JSON request on stdin, prints JSON.

{"y_true": [...], "y_pred": [...], "scores": [...] (binary) or "proba": [[...]] (multi-class),
 "classes": [...], "sample_weight": [...] or null, "digits": [2, 3, 4]}
Replies with every figure rarenet reports, and the classification_report text per digits value.
"""
import json
import sys
import warnings

import numpy as np
from sklearn import metrics

warnings.simplefilter("ignore")
req = json.load(sys.stdin)
y_true = np.asarray(req["y_true"])
y_pred = np.asarray(req["y_pred"])
classes = req["classes"]
sw = req.get("sample_weight")
sw = None if sw is None else np.asarray(sw)
out = {
    "confusion_matrix": metrics.confusion_matrix(y_true, y_pred, labels=classes).tolist(),
    "report": metrics.classification_report(y_true, y_pred, labels=classes, output_dict=True),
    "report_text": {str(d): metrics.classification_report(y_true, y_pred, labels=classes, digits=d)
                    for d in req["digits"]},
    "accuracy": metrics.accuracy_score(y_true, y_pred),
    "balanced_accuracy": metrics.balanced_accuracy_score(y_true, y_pred),
    "mcc": metrics.matthews_corrcoef(y_true, y_pred),
}
if "scores" in req:
    s = np.asarray(req["scores"])
    pos = classes[-1]
    if len(np.unique(y_true)) == 2:
        fpr, tpr, thr = metrics.roc_curve(y_true, s, pos_label=pos, sample_weight=sw)
        out["roc_curve"] = {"fpr": fpr.tolist(), "tpr": tpr.tolist(), "thresholds": thr.tolist()}
        out["roc_auc"] = metrics.roc_auc_score(y_true, s, sample_weight=sw)
    p, r, t = metrics.precision_recall_curve(y_true, s, pos_label=pos, sample_weight=sw)
    out["pr_curve"] = {"precision": p.tolist(), "recall": r.tolist(), "thresholds": t.tolist()}
    out["average_precision"] = metrics.average_precision_score(y_true, s, pos_label=pos, sample_weight=sw)
    proba = np.column_stack([1 - s, s])
    out["log_loss"] = metrics.log_loss(y_true, proba, labels=classes)
    out["brier"] = metrics.brier_score_loss(y_true, s, pos_label=pos)
else:
    proba = np.asarray(req["proba"])
    out["log_loss"] = metrics.log_loss(y_true, proba, labels=classes)
    out["roc_auc_macro"] = metrics.roc_auc_score(y_true, proba, multi_class="ovr", average="macro", labels=classes)
    out["roc_auc_weighted"] = metrics.roc_auc_score(y_true, proba, multi_class="ovr", average="weighted", labels=classes)
json.dump(out, sys.stdout)
