"""Oracle: the same network, loss and optimiser steps in PyTorch (float32, autograd).

Reads JSON on stdin: {"layers": [[units, activation], ...], "params": [...] (rarenet's flat
layout: per layer the kernel (units x inputs, row-major) then the bias), "X", "Y", "W" (null,
per-row list, or per-element rows), "loss": "bce" | "cce" | "mse" | "focal_bce" | "focal_cce",
"focal": {"gamma", "alpha"} (the focal losses), "reduction":
"sum_over_batch_size" | "weighted_mean", "optimizer": {"name": "adam" | "sgd", "lr", "momentum",
"nesterov", "weight_decay", "input_weight_decay"}, "batches": [[row, ...], ...]}; optional "masks": per batch, per hidden
layer, the dropout mask as rows (batch rows x units, each 0 or 1 / (1 - rate)) that multiplies
the hidden layer's activation (Keras's inverted dropout with the masks rarenet drew); optional
"lrs": the learning rate of each batch's step (a schedule), set on torch.optim's param groups.
Prints {"loss": first batch's loss, "grad": its flat gradient (without weight decay), "after_1":
params after one step, "after_all": params after every batch}.
The sigmoid focal loss is torchvision.ops.sigmoid_focal_loss (reduction "none"), the softmax
one -(1 - p)^gamma log p written with torch ops; both are weighted and reduced as their
cross-entropies. The steps are torch.optim's own SGD and Adam, set up to be Keras's forms (see below). Weight
decay is a loss term 0.5 * weight_decay * sum(kernel^2) over the kernels only (not the biases),
differentiated by autograd: its gradient is weight_decay * kernel; input_weight_decay adds the
same term on the first layer's kernel alone.
"""
import json
import sys

import torch
import torchvision.ops

torch.set_num_threads(1)
req = json.load(sys.stdin)
X = torch.tensor(req["X"], dtype=torch.float32)
Y = torch.tensor(req["Y"], dtype=torch.float32)
W = req["W"]
if W is None:
    W = torch.ones_like(Y)
else:
    W = torch.tensor(W, dtype=torch.float32)
    if W.dim() == 1:
        W = W[:, None].expand_as(Y).clone()

flat = torch.tensor(req["params"], dtype=torch.float32)
params = []
offset, inputs = 0, X.shape[1]
for units, _ in req["layers"]:
    k = flat[offset:offset + units * inputs].reshape(units, inputs).clone().requires_grad_(True)
    offset += units * inputs
    b = flat[offset:offset + units].clone().requires_grad_(True)
    offset += units
    params += [k, b]
    inputs = units

acts = {"relu": torch.relu, "tanh": torch.tanh, "sigmoid": torch.sigmoid, "linear": lambda z: z,
        "leaky_relu": lambda z: torch.nn.functional.leaky_relu(z, 0.3)}


def logits(x, masks=None):
    a = x
    for i, (_, act) in enumerate(req["layers"]):
        z = a @ params[2 * i].T + params[2 * i + 1]
        if i + 1 == len(req["layers"]):
            return z
        a = acts[act](z)
        if masks is not None:
            a = a * torch.tensor(masks[i], dtype=torch.float32)


def batch_loss(rows, masks=None):
    z = logits(X[rows], masks)
    y, w = Y[rows], W[rows]
    if req["loss"] == "bce":
        el = torch.clamp(z, min=0) - z * y + torch.log1p(torch.exp(-torch.abs(z)))
        num = (w * el).sum()
        den = w.sum() if req["reduction"] == "weighted_mean" else torch.tensor(float(y.numel()))
    elif req["loss"] == "focal_bce":
        f = req["focal"]
        el = torchvision.ops.sigmoid_focal_loss(z, y, alpha=f["alpha"], gamma=f["gamma"],
                                                reduction="none")
        num = (w * el).sum()
        den = w.sum() if req["reduction"] == "weighted_mean" else torch.tensor(float(y.numel()))
    elif req["loss"] == "focal_cce":
        logp = torch.log_softmax(z, dim=1)
        el = -y * (1 - torch.exp(logp)) ** req["focal"]["gamma"] * logp
        num = (w * el).sum()
        den = (w * y).sum() if req["reduction"] == "weighted_mean" else torch.tensor(float(y.shape[0]))
    elif req["loss"] == "mse":
        num = (w * (z - y) ** 2).sum()
        den = w.sum() if req["reduction"] == "weighted_mean" else torch.tensor(float(y.numel()))
    else:
        el = -y * torch.log_softmax(z, dim=1)
        num = (w * el).sum()
        den = (w * y).sum() if req["reduction"] == "weighted_mean" else torch.tensor(float(y.shape[0]))
    return num / den


def flat_of(tensors):
    return torch.cat([t.detach().reshape(-1) for t in tensors]).tolist()


opt = req["optimizer"]
wd = opt.get("weight_decay", 0.0)
iwd = opt.get("input_weight_decay", 0.0)
B1, B2, EPS = 0.9, 0.999, 1e-7
if opt["name"] == "adam":
    # Keras: w -= lr * sqrt(1 - b2^t) / (1 - b1^t) * m / (sqrt(v) + eps).
    # torch: w -= lr / (1 - b1^t) * m / (sqrt(v) / sqrt(1 - b2^t) + eps_torch), the same update
    # when eps_torch = eps / sqrt(1 - b2^t): set per step below.
    step = torch.optim.Adam(params, lr=opt["lr"], betas=(B1, B2), eps=EPS, foreach=False)
else:
    # Keras: u = mu * u - lr * g; w += u (Nesterov: w += mu * u - lr * g).
    # torch: b = mu * b + g; w -= lr * b (Nesterov: w -= lr * (g + mu * b)).
    # With a constant lr, u = -lr * b, so both give the same parameters.
    step = torch.optim.SGD(params, lr=opt["lr"], momentum=opt["momentum"],
                           nesterov=opt["nesterov"], foreach=False)
out = {}
for t, rows in enumerate(req["batches"], start=1):
    step.zero_grad(set_to_none=True)
    masks = req["masks"][t - 1] if req.get("masks") else None
    loss = batch_loss(torch.tensor(rows), masks)
    if t == 1:
        out["loss"] = loss.item()
        out["grad"] = flat_of(torch.autograd.grad(loss, params, retain_graph=True))
    if wd:
        loss = loss + 0.5 * wd * sum((k * k).sum() for k in params[0::2])
    if iwd:
        loss = loss + 0.5 * iwd * (params[0] * params[0]).sum()
    loss.backward()
    if req.get("lrs"):
        for group in step.param_groups:
            group["lr"] = req["lrs"][t - 1]
    if opt["name"] == "adam":
        for group in step.param_groups:
            group["eps"] = EPS / (1 - B2 ** t) ** 0.5
    step.step()
    if t == 1:
        out["after_1"] = flat_of(params)
out["after_all"] = flat_of(params)
json.dump(out, sys.stdout)
