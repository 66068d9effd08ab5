"""Oracle: scikit-learn's compute_class_weight and Python's repr of the class-weight dictionary.

Reads a JSON list of requests on stdin, prints the JSON list of replies:
{"op": "balanced", "classes": [...], "y": [...]}
    -> {"weights": [...], "dict": repr of {class: weight} as Keras's class_weight gets it}
{"op": "dict", "classes": [...], "weights": [...]} -> {"dict": "..."}
{"op": ...} that scikit-learn rejects -> {"error": "<message>"}
"""
import json
import sys

import numpy as np
from sklearn.utils.class_weight import compute_class_weight


def as_dict_text(classes, weights):
    return repr(dict(zip([int(c) for c in classes], [float(w) for w in weights])))


def answer(req):
    try:
        if req["op"] == "balanced":
            classes = np.asarray(req["classes"], dtype=np.int64)
            y = np.asarray(req["y"], dtype=np.int64)
            w = compute_class_weight("balanced", classes=classes, y=y)
            return {"weights": w.tolist(), "dict": as_dict_text(classes, w)}
        if req["op"] == "dict":
            return {"dict": as_dict_text(req["classes"], req["weights"])}
        return {"error": "unknown op " + req["op"]}
    except ValueError as e:
        return {"error": str(e)}


print(json.dumps([answer(r) for r in json.load(sys.stdin)]))
