#!/usr/bin/env python3
"""Peer timings for bench/compare: NumPy (OpenBLAS sgemm) and PyTorch on CPU, same shapes and threads.

Run by dev.more.bench.Compare, never by the product. It writes one JSON object:
  {"numpy": {...}, "torch": {...}, "copy_gbps": float, "missing": [...]}
where each peer holds its version, its BLAS and a map from case key to median milliseconds.
The MoRe cases use the official algorithm's structure (two bmm calls with reshapes and transposes
between them), written here from the math in DESIGN.md.
"""
import argparse
import json
import os
import statistics
import sys
import time


def parse_args():
    p = argparse.ArgumentParser()
    p.add_argument("--threads", type=int, required=True)
    p.add_argument("--json", required=True)
    p.add_argument("--cases", required=True, help="JSON list of case objects from Compare")
    p.add_argument("--repeats", type=int, default=7)
    return p.parse_args()


def median_ms(fn, repeats):
    for _ in range(2):
        fn()
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1e3)
    return statistics.median(times)


def blas_info():
    try:
        from threadpoolctl import threadpool_info
        return "; ".join(f"{i.get('internal_api')} {i.get('version')} {i.get('architecture', '')} "
                         f"threads={i.get('num_threads')}" for i in threadpool_info())
    except Exception:  # threadpoolctl is optional
        return "unknown (threadpoolctl not installed)"


def numpy_cases(np, cases, repeats):
    rng = np.random.default_rng(1)
    out = {}
    for case in cases:
        if case["kind"] != "gemm":
            continue
        m, k, n = case["dims"]
        a = rng.standard_normal((m, k), dtype=np.float32)
        # Into a preallocated output, as our side writes into one: a fresh result would add its allocation.
        c = np.empty((m, n), dtype=np.float32)
        if case["variant"] == "nt":
            b = rng.standard_normal((n, k), dtype=np.float32)
            out[case["key"]] = median_ms(lambda: np.matmul(a, b.T, out=c), repeats)
        else:
            b = rng.standard_normal((k, n), dtype=np.float32)
            out[case["key"]] = median_ms(lambda: np.matmul(a, b, out=c), repeats)
    return out


def more_forward(torch, x, w1, w2, out_features):
    k, q, p = w1.shape
    l, s, r = w2.shape
    batch, n = x.shape
    if k * p > n:
        x = torch.nn.functional.pad(x, (0, k * p - n))
    out1 = torch.bmm(x.reshape(batch, k, p).transpose(0, 1), w1.transpose(-1, -2))
    out1 = out1.transpose(0, 1).reshape(batch, r, l).transpose(-1, -2).contiguous().transpose(0, 1)
    out2 = torch.bmm(out1, w2.transpose(-1, -2))
    out2 = out2.permute(1, 2, 0).reshape(batch, s * l)
    return out2[:, :out_features]


def torch_cases(torch, cases, repeats):
    torch.manual_seed(1)
    out = {}
    for case in cases:
        key = case["key"]
        if case["kind"] == "gemm":
            m, k, n = case["dims"]
            a = torch.randn(m, k)
            b = torch.randn(n, k) if case["variant"] == "nt" else torch.randn(k, n)
            c = torch.empty(m, n)
            f = (lambda: torch.matmul(a, b.t(), out=c)) if case["variant"] == "nt" else (lambda: torch.matmul(a, b, out=c))
            with torch.no_grad():
                out[key] = median_ms(f, repeats)
        elif case["kind"] == "more":
            rows, n_in, n_out = case["dims"]
            k, in_blk, blk_r, out_blk = case["blocks"]
            x = torch.randn(rows, n_in)
            w1 = torch.randn(k, blk_r, in_blk) * 0.1
            w2 = torch.randn(k, out_blk, blk_r) * 0.1
            if case["variant"] == "fwd":
                with torch.no_grad():
                    out[key] = median_ms(lambda: more_forward(torch, x, w1, w2, n_out), repeats)
            else:
                xg = x.clone().requires_grad_(True)
                w1g = w1.clone().requires_grad_(True)
                w2g = w2.clone().requires_grad_(True)
                d = torch.randn(rows, n_out)

                def step():
                    xg.grad = w1g.grad = w2g.grad = None
                    more_forward(torch, xg, w1g, w2g, n_out).backward(d)
                out[key] = median_ms(step, repeats)
        elif case["kind"] == "permutation":
            rows, width = case["dims"]
            src = torch.randn(rows, width)
            with torch.no_grad():
                out[key] = median_ms(lambda: src.reshape(rows, 4, width // 4).transpose(1, 2).contiguous(), repeats)
    return out


def main():
    args = parse_args()
    with open(args.cases) as f:
        cases = json.load(f)
    result = {"missing": []}
    try:
        import numpy as np
        result["numpy"] = {"version": np.__version__, "blas": blas_info(),
                           "results": numpy_cases(np, cases, args.repeats)}
        src = np.ones(64 * 1024 * 1024, dtype=np.float32)
        dst = np.empty_like(src)
        ms = median_ms(lambda: np.copyto(dst, src), args.repeats)
        result["copy_gbps"] = 2 * src.nbytes / (ms * 1e6)
    except ImportError as e:
        result["missing"].append(f"numpy ({e}); install python3-numpy and libopenblas0-pthread")
    try:
        import torch
        torch.set_num_threads(args.threads)
        result["torch"] = {"version": torch.__version__, "threads": torch.get_num_threads(),
                           "results": torch_cases(torch, cases, args.repeats)}
    except ImportError as e:
        result["missing"].append(f"torch ({e}); install python3-torch")
    with open(args.json, "w") as f:
        json.dump(result, f, indent=1)


if __name__ == "__main__":
    sys.exit(main())
