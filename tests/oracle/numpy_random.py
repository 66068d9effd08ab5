"""Oracle: numpy's legacy RandomState draws. Reads a JSON request on stdin, prints JSON.

Request: {"seed": S, "ops": [["random_sample", n], ["standard_normal", n], ["randint", lo, hi, n],
          ["uniform", lo, hi, n], ["permutation", n], ["shuffle", n]]}
Each op's draws are made one at a time (scalar calls) in order, from one generator; the reply is
a list with one list of values per op. Floats are printed with repr, so they read back exactly.
"""
import json
import sys

import numpy as np

req = json.load(sys.stdin)
rng = np.random.RandomState(req["seed"])
out = []
for op in req["ops"]:
    name = op[0]
    if name == "random_sample":
        out.append([float(rng.random_sample()) for _ in range(op[1])])
    elif name == "standard_normal":
        out.append([float(rng.standard_normal()) for _ in range(op[1])])
    elif name == "randint":
        out.append([int(rng.randint(op[1], op[2])) for _ in range(op[3])])
    elif name == "uniform":
        out.append([float(rng.uniform(op[1], op[2])) for _ in range(op[3])])
    elif name == "permutation":
        out.append([int(v) for v in rng.permutation(op[1])])
    elif name == "shuffle":
        a = np.arange(op[1])
        rng.shuffle(a)
        out.append([int(v) for v in a])
    else:
        raise SystemExit("unknown op " + name)
json.dump(out, sys.stdout)
