"""The benchmark workloads of bench/train_bench.cpp in a Keras-faithful PyTorch loop.

Same data shapes, network, weighted binary cross-entropy from the logits (sum over the batch
divided by the batch size, as Keras), Adam (1e-3, 0.9, 0.999, 1e-7), a fresh shuffle every epoch.
Usage: python3 bench/pytorch_train.py tutorial|large THREADS   -> prints the training seconds.
"""
import sys
import time

import torch

workload, threads = sys.argv[1], int(sys.argv[2])
torch.set_num_threads(threads)
torch.manual_seed(0)
if workload == "tutorial":
    n, d, hidden, batch, epochs = 80000, 2, [2, 2], 100, 50
else:
    n, d, hidden, batch, epochs = 1000000, 50, [64, 64], 256, 5
X = torch.randn(n, d)
y = (torch.rand(n, 1) < 0.01).float()
w = torch.where(y > 0, torch.tensor(50.0), torch.tensor(0.5))
layers, inputs = [], d
for h in hidden:
    layers += [torch.nn.Linear(inputs, h), torch.nn.ReLU()]
    inputs = h
layers.append(torch.nn.Linear(inputs, 1))
model = torch.nn.Sequential(*layers)
for m in model:
    if isinstance(m, torch.nn.Linear):
        torch.nn.init.xavier_uniform_(m.weight)
        torch.nn.init.zeros_(m.bias)
opt = torch.optim.Adam(model.parameters(), lr=1e-3, betas=(0.9, 0.999), eps=1e-7)
loss_fn = torch.nn.BCEWithLogitsLoss(reduction="none")
start = time.perf_counter()
for epoch in range(epochs):
    perm = torch.randperm(n)
    for i in range(0, n, batch):
        idx = perm[i:i + batch]
        opt.zero_grad()
        loss = (loss_fn(model(X[idx]), y[idx]) * w[idx]).sum() / len(idx)
        loss.backward()
        opt.step()
print(f"{time.perf_counter() - start:.3f}")
