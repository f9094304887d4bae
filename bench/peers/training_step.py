#!/usr/bin/env python3
"""PyTorch peer for dev.more.bench.TrainingStep: one fine-tuning step of an all-MiniLM-L6-v2-shaped BERT.

Run by TrainingStep --peer (which sets the fair thread environment), never by the product. The model is
written here from the architecture (post-LN BERT: 6 layers, hidden 384, 12 heads, FFN 1536, GELU, mean
pooling, a 2-class head) with random weights: a step's time does not depend on the weights' values. The
adapters are MoRe (nblocks 4, blk_r 4, the official two-bmm algorithm of peers.py) or LoRA (r 8, alpha 16)
on query/key/value; everything else is frozen except the head, dropout 0.1 is on, AdamW updates the
trainable parameters. With --device cuda the model and batch live on the GPU and each step waits for the GPU's
work before its time is taken. Prints one JSON object: {"torch": version, "threads": n, "median_ms": m,
"steps_ms": [...], "device": ...}.
"""
import argparse
import json
import math
import os
import statistics
import sys
import time

os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")  # before torch loads: spinning threads triple a step here
import torch  # noqa: E402
from torch import nn  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from peers import more_forward  # noqa: E402

HIDDEN, HEADS, FFN, LAYERS, VOCAB, POSITIONS = 384, 12, 1536, 6, 30522, 512


class MoReLinear(nn.Module):
    def __init__(self, base, nblocks=4, blk_r=4):
        super().__init__()
        self.base = base
        in_blk = math.ceil(base.in_features / nblocks)
        out_blk = math.ceil(base.out_features / nblocks)
        bound = 1 / math.sqrt(in_blk)
        self.blkdiag1 = nn.Parameter(torch.empty(nblocks, blk_r, in_blk).uniform_(-bound, bound))
        self.blkdiag2 = nn.Parameter(torch.zeros(nblocks, out_blk, blk_r))

    def forward(self, x):
        rows = x.reshape(-1, self.base.in_features)
        delta = more_forward(torch, rows, self.blkdiag1, self.blkdiag2, self.base.out_features)
        return self.base(x) + delta.reshape(*x.shape[:-1], self.base.out_features)


class LoraLinear(nn.Module):
    def __init__(self, base, r=8, alpha=16):
        super().__init__()
        self.base = base
        self.lora_A = nn.Linear(base.in_features, r, bias=False)
        self.lora_B = nn.Linear(r, base.out_features, bias=False)
        nn.init.zeros_(self.lora_B.weight)
        self.scaling = alpha / r
        self.dropout = nn.Dropout(0.1)

    def forward(self, x):
        return self.base(x) + self.lora_B(self.lora_A(self.dropout(x))) * self.scaling


class Layer(nn.Module):
    def __init__(self):
        super().__init__()
        self.query, self.key, self.value = (nn.Linear(HIDDEN, HIDDEN) for _ in range(3))
        self.attention_output = nn.Linear(HIDDEN, HIDDEN)
        self.attention_norm = nn.LayerNorm(HIDDEN, eps=1e-12)
        self.intermediate = nn.Linear(HIDDEN, FFN)
        self.output = nn.Linear(FFN, HIDDEN)
        self.output_norm = nn.LayerNorm(HIDDEN, eps=1e-12)
        self.dropout = nn.Dropout(0.1)

    def forward(self, x, mask):
        b, s, _ = x.shape
        heads = lambda t: t.reshape(b, s, HEADS, HIDDEN // HEADS).permute(0, 2, 1, 3)  # noqa: E731
        q, k, v = heads(self.query(x)), heads(self.key(x)), heads(self.value(x))
        scores = q @ k.transpose(-1, -2) / math.sqrt(HIDDEN // HEADS) + mask
        context = (self.dropout(scores.softmax(-1)) @ v).permute(0, 2, 1, 3).reshape(b, s, HIDDEN)
        x = self.attention_norm(x + self.dropout(self.attention_output(context)))
        ffn = self.output(nn.functional.gelu(self.intermediate(x)))
        return self.output_norm(x + self.dropout(ffn))


class Classifier(nn.Module):
    def __init__(self):
        super().__init__()
        self.words = nn.Embedding(VOCAB, HIDDEN)
        self.positions = nn.Embedding(POSITIONS, HIDDEN)
        self.types = nn.Embedding(2, HIDDEN)
        self.norm = nn.LayerNorm(HIDDEN, eps=1e-12)
        self.layers = nn.ModuleList(Layer() for _ in range(LAYERS))
        self.dropout = nn.Dropout(0.1)
        self.head = nn.Linear(HIDDEN, 2)

    def forward(self, ids, attention):
        positions = torch.arange(ids.shape[1], device=ids.device).unsqueeze(0)
        x = self.dropout(self.norm(self.words(ids) + self.positions(positions) + self.types(torch.zeros_like(ids))))
        mask = (1.0 - attention[:, None, None, :].float()) * torch.finfo(torch.float32).min
        for layer in self.layers:
            x = layer(x, mask)
        weights = attention.unsqueeze(-1).float()
        pooled = (x * weights).sum(1) / weights.sum(1).clamp(min=1e-9)
        return self.head(self.dropout(pooled))


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--adapter", choices=["more", "lora"], default="more")
    p.add_argument("--threads", type=int, required=True)
    p.add_argument("--batch", type=int, default=16)
    p.add_argument("--tokens", type=int, default=128)
    p.add_argument("--steps", type=int, default=8)
    p.add_argument("--device", choices=["cpu", "cuda"], default="cpu")
    args = p.parse_args()
    if args.device == "cuda" and not torch.cuda.is_available():
        sys.exit("training_step.py: --device cuda, but this PyTorch sees no CUDA device")
    torch.set_num_threads(args.threads)
    torch.manual_seed(1)
    model = Classifier()
    for param in model.parameters():
        param.requires_grad_(False)
    for layer in model.layers:
        for name in ("query", "key", "value"):
            base = getattr(layer, name)
            setattr(layer, name, MoReLinear(base) if args.adapter == "more" else LoraLinear(base))
    model.head.weight.requires_grad_(True)
    model.head.bias.requires_grad_(True)
    model.to(args.device)
    model.train()
    trainable = [q for q in model.parameters() if q.requires_grad]
    optimizer = torch.optim.AdamW(trainable, lr=5e-3)
    ids = torch.randint(1, VOCAB, (args.batch, args.tokens)).to(args.device)
    attention = torch.ones(args.batch, args.tokens, dtype=torch.long, device=args.device)
    labels = torch.zeros(args.batch, dtype=torch.long, device=args.device)
    times = []
    for step in range(args.steps + 2):
        t0 = time.perf_counter()
        loss = nn.functional.cross_entropy(model(ids, attention), labels)
        loss.backward()
        optimizer.step()
        optimizer.zero_grad()
        if args.device == "cuda":
            torch.cuda.synchronize()
        if step >= 2:
            times.append((time.perf_counter() - t0) * 1e3)
    print(json.dumps({"torch": torch.__version__, "threads": torch.get_num_threads(),
                      "trainable_params": sum(q.numel() for q in trainable),
                      "median_ms": statistics.median(times), "steps_ms": times,
                      "device": torch.cuda.get_device_name() if args.device == "cuda" else "cpu"}))


if __name__ == "__main__":
    main()
