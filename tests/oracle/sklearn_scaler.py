"""Oracle: scikit-learn's StandardScaler. Reads a JSON request on stdin, prints JSON.

{"fit": [[...], ...], "transform": [[...], ...]}
    -> {"mean": [...], "var": [...], "scale": [...], "Z": [[...], ...]}
A list of requests gets the list of replies (one interpreter start for many questions).
"""
import json
import sys

import numpy as np
from sklearn.preprocessing import StandardScaler


def answer(req):
    X = np.asarray(req["fit"], dtype=np.float64)
    s = StandardScaler().fit(X)
    Z = s.transform(np.asarray(req["transform"], dtype=np.float64))
    return {"mean": s.mean_.tolist(), "var": s.var_.tolist(), "scale": s.scale_.tolist(),
            "Z": Z.tolist()}


req = json.load(sys.stdin)
json.dump([answer(r) for r in req] if isinstance(req, list) else answer(req), sys.stdout)
