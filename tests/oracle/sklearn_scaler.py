"""Oracle: scikit-learn's StandardScaler, RobustScaler and QuantileTransformer. Reads a JSON
request on stdin, prints JSON.

{"fit": [[...], ...], "transform": [[...], ...]}
    -> {"mean": [...], "var": [...], "scale": [...], "Z": [[...], ...]}
{"kind": "robust", "fit", "transform"} -> {"center": [...], "scale": [...], "Z"}
{"kind": "robust-clip", ...}: the same, Z smoothly clipped as RealMLP does, z / sqrt(1 + (z / 3)^2)
{"kind": "quantile", "output": "uniform" | "normal", "n_quantiles", "subsample", "random_state",
 "fit", "transform"} -> {"quantiles": [per feature [...]], "references": [...], "Z"}
A list of requests gets the list of replies (one interpreter start for many questions).
"""
import json
import sys
import warnings

import numpy as np
from sklearn.preprocessing import QuantileTransformer, RobustScaler, StandardScaler

warnings.filterwarnings("ignore", message="n_quantiles")


def answer(req):
    X = np.asarray(req["fit"], dtype=np.float64)
    T = np.asarray(req["transform"], dtype=np.float64)
    if req.get("kind") in ("robust", "robust-clip"):
        s = RobustScaler().fit(X)
        Z = s.transform(T)
        if req["kind"] == "robust-clip":
            Z = Z / np.sqrt(1.0 + (Z / 3.0) * (Z / 3.0))
        return {"center": s.center_.tolist(), "scale": s.scale_.tolist(), "Z": Z.tolist()}
    if req.get("kind") == "quantile":
        s = QuantileTransformer(n_quantiles=req["n_quantiles"], output_distribution=req["output"],
                                subsample=req["subsample"],
                                random_state=req["random_state"]).fit(X)
        return {"quantiles": s.quantiles_.T.tolist(), "references": s.references_.tolist(),
                "Z": s.transform(T).tolist()}
    s = StandardScaler().fit(X)
    Z = s.transform(np.asarray(req["transform"], dtype=np.float64))
    return {"mean": s.mean_.tolist(), "var": s.var_.tolist(), "scale": s.scale_.tolist(),
            "Z": Z.tolist()}


req = json.load(sys.stdin)
json.dump([answer(r) for r in req] if isinstance(req, list) else answer(req), sys.stdout)
