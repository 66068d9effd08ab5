"""Oracle: scikit-learn's metrics. Reads a JSON request on stdin, prints JSON.

A request is one case or {"cases": [case, ...]} (the reply is then a list, one per case):
{"y_true": [...], "y_pred": [...], "scores": [...] (binary) or "proba": [[...]] (multi-class),
 "classes": [...], "labels_given": true (default; false: report over the labels present),
 "sample_weight": [...] or null, "digits": [2, 3, 4], "target_names": [...] (optional),
 "multilabel": {"y_true": [[0/1...]], "y_pred": [[0/1...]]} (optional)}
Replies with every figure rarenet reports, and the classification_report text per digits value.
Figures computed with sample weights are under "weighted".
G-mean is imbalanced-learn's definition (scipy's gmean of the per-class recalls, 0 when
undefined); specificity is rarenet's (one-vs-rest TN / (TN + FP): of the last class for two
classes, the mean over classes otherwise).
"""
import json
import sys
import warnings

import numpy as np
from scipy.stats import gmean
from sklearn import metrics
from sklearn.utils.multiclass import unique_labels

warnings.simplefilter("ignore")


def report_figures(y_true, y_pred, labels, digits, target_names=None):
    return {
        "report": metrics.classification_report(y_true, y_pred, labels=labels, output_dict=True),
        "report_text": {
            str(d): metrics.classification_report(
                y_true, y_pred, labels=labels, digits=d, target_names=target_names
            )
            for d in digits
        },
    }


def specificity(y_true, y_pred, classes):
    mcm = metrics.multilabel_confusion_matrix(y_true, y_pred, labels=classes)
    tn, fp = mcm[:, 0, 0].astype(float), mcm[:, 0, 1].astype(float)
    spec = np.where(tn + fp > 0, tn / np.where(tn + fp > 0, tn + fp, 1), 0.0)
    return float(spec[1]) if len(classes) == 2 else float(np.mean(spec))


def one_case(req):
    y_true = np.asarray(req["y_true"])
    y_pred = np.asarray(req["y_pred"])
    classes = req["classes"]
    labels = classes if req.get("labels_given", True) else None
    sw = req.get("sample_weight")
    sw = None if sw is None else np.asarray(sw, dtype=float)
    out = report_figures(y_true, y_pred, labels, req["digits"], req.get("target_names"))
    present = unique_labels(y_true, y_pred)
    recall = metrics.recall_score(y_true, y_pred, labels=present, average=None, zero_division=0)
    out.update({
        "confusion_matrix": metrics.confusion_matrix(y_true, y_pred, labels=labels).tolist(),
        "accuracy": metrics.accuracy_score(y_true, y_pred),
        "balanced_accuracy": metrics.balanced_accuracy_score(y_true, y_pred),
        "mcc": metrics.matthews_corrcoef(y_true, y_pred),
        "g_mean": float(gmean(recall)),
        "specificity": specificity(y_true, y_pred, classes),
    })
    if sw is not None:
        out["weighted"] = {
            "balanced_accuracy": metrics.balanced_accuracy_score(y_true, y_pred, sample_weight=sw),
            "mcc": metrics.matthews_corrcoef(y_true, y_pred, sample_weight=sw),
        }
    if "scores" in req:
        s = np.asarray(req["scores"], dtype=float)
        pos = classes[-1]
        if len(np.unique(y_true)) == 2:
            fpr, tpr, thr = metrics.roc_curve(y_true, s, pos_label=pos, sample_weight=sw)
            out["roc_curve"] = {"fpr": fpr.tolist(), "tpr": tpr.tolist(), "thresholds": thr.tolist()}
            out["roc_auc"] = metrics.roc_auc_score(y_true, s, sample_weight=sw)
        else:
            try:
                metrics.roc_auc_score(y_true, s)
            except ValueError as e:
                out["roc_auc_error"] = str(e)
        p, r, t = metrics.precision_recall_curve(y_true, s, pos_label=pos, sample_weight=sw)
        out["pr_curve"] = {"precision": p.tolist(), "recall": r.tolist(), "thresholds": t.tolist()}
        out["average_precision"] = metrics.average_precision_score(
            y_true, s, pos_label=pos, sample_weight=sw)
        proba = np.column_stack([1 - s, s])
        out["log_loss"] = metrics.log_loss(y_true, proba, labels=classes)
        out["brier"] = metrics.brier_score_loss(y_true, s, pos_label=pos)
        if sw is not None:
            out["weighted"]["log_loss"] = metrics.log_loss(
                y_true, proba, labels=classes, sample_weight=sw)
            out["weighted"]["brier"] = metrics.brier_score_loss(
                y_true, s, pos_label=pos, sample_weight=sw)
    elif "proba" in req:
        proba = np.asarray(req["proba"], dtype=float)
        out["log_loss"] = metrics.log_loss(y_true, proba, labels=classes)
        if sw is not None:
            out["weighted"]["log_loss"] = metrics.log_loss(
                y_true, proba, labels=classes, sample_weight=sw)
        out["roc_auc_macro"] = metrics.roc_auc_score(
            y_true, proba, multi_class="ovr", average="macro", labels=classes)
        out["roc_auc_weighted"] = metrics.roc_auc_score(
            y_true, proba, multi_class="ovr", average="weighted", labels=classes)
        # Average precision one-vs-rest, macro over the classes.
        onehot = (y_true[:, None] == np.asarray(classes)[None, :]).astype(int)
        out["average_precision_macro"] = metrics.average_precision_score(
            onehot, proba, average="macro")
    if "multilabel" in req:
        yt = np.asarray(req["multilabel"]["y_true"], dtype=int)
        yp = np.asarray(req["multilabel"]["y_pred"], dtype=int)
        out["multilabel"] = {
            "per_label": [report_figures(yt[:, j], yp[:, j], [0, 1], req["digits"])
                          for j in range(yt.shape[1])],
            "report": metrics.classification_report(yt, yp, output_dict=True),
        }
    return out


request = json.load(sys.stdin)
if "cases" in request:
    json.dump([one_case(c) for c in request["cases"]], sys.stdout)
else:
    json.dump(one_case(request), sys.stdout)
