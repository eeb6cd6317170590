"""PyTorch CPU half of bench/models/speed.ts (run by it; not meant to be run alone).

Same architectures as Kite's DEFAULT_CNN and DEFAULT_RNN (src/models/builders.ts), same batch
sizes, one thread. Prints one JSON line: samples/s per case. speed.ts sets the environment that
makes this a fair reference (OpenBLAS, one BLAS thread, glibc's mmap threshold; see
/work/shared/notes/ml-compute.md).

    python3 bench/models/speed-torch.py '{"steps": 20, "threads": 1, ...}'
"""

import json
import sys
import time

import torch
from torch import nn

cfg = json.loads(sys.argv[1])
torch.set_num_threads(cfg["threads"])
torch.manual_seed(1)


class Cnn(nn.Module):
    """DEFAULT_CNN at Fashion-MNIST shape: 2 x (conv3x3 same, relu, maxpool 2, dropout .25), dense 128, dropout .5."""

    def __init__(self):
        super().__init__()
        self.body = nn.Sequential(
            nn.Conv2d(1, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2), nn.Dropout(0.25),
            nn.Conv2d(32, 64, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2), nn.Dropout(0.25),
            nn.Flatten(), nn.Linear(7 * 7 * 64, 128), nn.ReLU(), nn.Dropout(0.5), nn.Linear(128, 10),
        )

    def forward(self, x):
        return self.body(x)


class Rnn(nn.Module):
    """DEFAULT_RNN: embedding 64, bidirectional LSTM (or GRU) 64 (final states concatenated), dropout .3,
    dense 2. PyTorch's GRU applies the reset gate after the recurrent product (Keras/tfjs: before);
    same number of products per step."""

    def __init__(self, vocab, cell="lstm"):
        super().__init__()
        self.emb = nn.Embedding(vocab, 64)
        self.cell = cell
        rnn = nn.LSTM if cell == "lstm" else nn.GRU
        self.lstm = rnn(64, 64, batch_first=True, bidirectional=True)
        self.drop = nn.Dropout(0.3)
        self.out = nn.Linear(128, 2)

    def forward(self, x):
        _, state = self.lstm(self.emb(x))
        h = state[0] if self.cell == "lstm" else state
        return self.out(self.drop(torch.cat([h[0], h[1]], dim=1)))


def make(kind, batch):
    if kind == "cnn":
        return torch.rand(batch, 1, 28, 28), torch.randint(0, 10, (batch,))
    return torch.randint(1, cfg["vocab"], (batch, cfg["seqLen"])), torch.randint(0, 2, (batch,))


def train_rate(model, kind, lr):
    opt = torch.optim.Adam(model.parameters(), lr=lr)
    loss_fn = nn.CrossEntropyLoss()
    x, y = make(kind, cfg["trainBatch"])
    model.train()

    def step():
        opt.zero_grad()
        loss = loss_fn(model(x), y)
        loss.backward()
        opt.step()

    for _ in range(cfg["warmup"]):
        step()
    t0 = time.perf_counter()
    for _ in range(cfg["steps"]):
        step()
    return cfg["steps"] * cfg["trainBatch"] / (time.perf_counter() - t0)


def infer_rate(model, kind):
    x, _ = make(kind, cfg["inferBatch"])
    model.eval()
    with torch.no_grad():
        for _ in range(cfg["warmup"]):
            torch.softmax(model(x), dim=1)
        t0 = time.perf_counter()
        for _ in range(cfg["steps"]):
            torch.softmax(model(x), dim=1)
    return cfg["steps"] * cfg["inferBatch"] / (time.perf_counter() - t0)


out = {}
for case in cfg["cases"]:
    kind, mode = case.split("-")
    model = Cnn() if kind == "cnn" else Rnn(cfg["vocab"], kind)
    lr = 1e-3 if kind == "cnn" else 2e-3
    out[case] = train_rate(model, kind, lr) if mode == "train" else infer_rate(model, kind)
with open("/proc/self/maps") as maps:
    # The BLAS actually loaded (LD_LIBRARY_PATH picks OpenBLAS over Debian's reference libblas).
    out["blas"] = sorted({line.split()[-1] for line in maps if "blas" in line.split()[-1]})
out["threads"] = torch.get_num_threads()
print(json.dumps(out))
