"""Oracle: learning rates per epoch from torch.optim.lr_scheduler.

Reads JSON on stdin: {"cases": [{"kind": "constant" | "cosine" | "step" | "exponential",
"lr", "warmup", "step_size", "gamma", "epochs"}, ...]}. Prints {"lrs": [[lr of epoch 0, 1, ...],
...]}: the rate the optimiser holds during each epoch, the scheduler stepped once per epoch.
The warmup is LinearLR(start_factor = 1 / (warmup + 1), total_iters = warmup), chained before the
schedule with SequentialLR(milestones = [warmup]).
"""
import json
import sys
import warnings

import torch

warnings.filterwarnings("ignore")
req = json.load(sys.stdin)
out = []
for c in req["cases"]:
    p = torch.nn.Parameter(torch.zeros(1))
    opt = torch.optim.SGD([p], lr=c["lr"])
    sched = torch.optim.lr_scheduler
    rest = c["epochs"] - c["warmup"]
    if c["kind"] == "cosine":
        main = sched.CosineAnnealingLR(opt, T_max=rest, eta_min=0)
    elif c["kind"] == "step":
        main = sched.StepLR(opt, step_size=c["step_size"], gamma=c["gamma"])
    elif c["kind"] == "exponential":
        main = sched.ExponentialLR(opt, gamma=c["gamma"])
    else:
        main = sched.ConstantLR(opt, factor=1.0, total_iters=0)
    if c["warmup"] > 0:
        warm = sched.LinearLR(opt, start_factor=1.0 / (c["warmup"] + 1), end_factor=1.0,
                              total_iters=c["warmup"])
        s = sched.SequentialLR(opt, schedulers=[warm, main], milestones=[c["warmup"]])
    else:
        s = main
    lrs = []
    for _ in range(c["epochs"]):
        lrs.append(opt.param_groups[0]["lr"])
        opt.step()
        s.step()
    out.append(lrs)
json.dump({"lrs": out}, sys.stdout)
