"""Writes the PyTorch reference numbers that the dev.more.nn.loss and dev.more.nn.optim tests compare with.

Run once with Debian's python3-torch (see README.md); the tests never run Python. Every input is stored in
the JSON next to the outputs, as the exact float32 values torch used, so both sides start from the same bits.
"""
import json
import math
import os

import torch

torch.set_num_threads(1)
HERE = os.path.dirname(os.path.abspath(__file__))


def flat(t):
    return t.detach().reshape(-1).tolist()


def f32(values, *shape):
    return torch.tensor(values, dtype=torch.float32).reshape(*shape)


# ---- losses -----------------------------------------------------------------------------------------------

def cross_entropy_case(name, logits, targets, ignore_index, label_smoothing):
    x = logits.clone().requires_grad_(True)
    classes = x.shape[-1]
    loss = torch.nn.functional.cross_entropy(x.reshape(-1, classes), torch.tensor(targets, dtype=torch.long),
                                             ignore_index=ignore_index, label_smoothing=label_smoothing)
    loss.backward()
    return {"name": name, "shape": list(x.shape), "logits": flat(logits), "targets": targets,
            "ignore_index": ignore_index, "label_smoothing": label_smoothing,
            "loss": loss.item(), "grad": flat(x.grad)}


def losses():
    g = torch.Generator().manual_seed(7)
    logits2 = torch.randn(4, 5, generator=g) * 2
    logits3 = torch.randn(2, 3, 6, generator=g)
    cases = [
        cross_entropy_case("plain", logits2, [1, 0, 4, 2], -100, 0.0),
        cross_entropy_case("ignore_index", logits2, [1, -100, 4, -100], -100, 0.0),
        cross_entropy_case("label_smoothing", logits2, [1, 0, 4, 2], -100, 0.1),
        cross_entropy_case("ignore_and_smoothing", logits2, [3, -100, 4, 2], -100, 0.2),
        cross_entropy_case("rank3_ignore_class_0", logits3, [0, 5, 2, 0, 1, 3], 0, 0.05),
        cross_entropy_case("all_ignored", logits2, [-100, -100, -100, -100], -100, 0.0),
    ]
    prediction = torch.randn(2, 3, generator=g).requires_grad_(True)
    target = torch.randn(2, 3, generator=g)
    mse = torch.nn.functional.mse_loss(prediction, target)
    mse.backward()
    return {"cross_entropy": cases,
            "mse": {"shape": [2, 3], "prediction": flat(prediction), "target": flat(target),
                    "loss": mse.item(), "grad": flat(prediction.grad)}}


# ---- gradient clipping ------------------------------------------------------------------------------------

def clipping():
    g = torch.Generator().manual_seed(11)
    grads = [torch.randn(3, 4, generator=g), torch.randn(5, generator=g) * 3]
    cases = []
    for max_norm in [1.0, 100.0]:
        params = [torch.zeros(3, 4, requires_grad=True), torch.zeros(5, requires_grad=True),
                  torch.zeros(2, requires_grad=True)]
        params[0].grad = grads[0].clone()
        params[1].grad = grads[1].clone()
        # params[2] keeps grad None: clipping must skip it.
        total = torch.nn.utils.clip_grad_norm_(params, max_norm)
        cases.append({"max_norm": max_norm, "shapes": [[3, 4], [5]], "grads": [flat(x) for x in grads],
                      "total_norm": total.item(), "clipped": [flat(p.grad) for p in params[:2]]})
    return {"clip_grad_norm": cases}


# ---- optimizers -------------------------------------------------------------------------------------------
# Problem: loss = sum(aw * (w - tw)^2) + sum(ab * (b - tb)^2); the b term is left out (and b.grad is None)
# at the steps listed in b_skipped_steps, so the optimizers' "skip parameters without a gradient" is covered.

STEPS = 5
B_SKIPPED = [2]


def linear_warmup(warmup, total):
    # transformers.get_linear_schedule_with_warmup's lr_lambda.
    def f(step):
        if step < warmup:
            return float(step) / float(max(1, warmup))
        return max(0.0, float(total - step) / float(max(1, total - warmup)))
    return f


def cosine_warmup(warmup, total, cycles=0.5):
    # transformers.get_cosine_schedule_with_warmup's lr_lambda.
    def f(step):
        if step < warmup:
            return float(step) / float(max(1, warmup))
        progress = float(step - warmup) / float(max(1, total - warmup))
        return max(0.0, 0.5 * (1.0 + math.cos(math.pi * float(cycles) * 2.0 * progress)))
    return f


def trajectory(name, kind, options, schedule=None):
    g = torch.Generator().manual_seed(3)
    w0 = torch.randn(2, 3, generator=g)
    b0 = torch.randn(3, generator=g)
    aw = torch.rand(2, 3, generator=g) + 0.5
    tw = torch.randn(2, 3, generator=g)
    ab = torch.rand(3, generator=g) + 0.5
    tb = torch.randn(3, generator=g)
    w = w0.clone().requires_grad_(True)
    b = b0.clone().requires_grad_(True)
    if kind == "sgd":
        opt = torch.optim.SGD([w, b], lr=options["lr"], momentum=options["momentum"],
                              dampening=options["dampening"], nesterov=options["nesterov"],
                              weight_decay=options["weight_decay"])
    else:
        opt = torch.optim.AdamW([w, b], lr=options["lr"], betas=(options["beta1"], options["beta2"]),
                                eps=options["eps"], weight_decay=options["weight_decay"])
    scheduler = None
    if schedule is not None:
        fn = (linear_warmup if schedule["kind"] == "linear" else cosine_warmup)(schedule["warmup"], schedule["total"])
        scheduler = torch.optim.lr_scheduler.LambdaLR(opt, fn)
    steps = []
    for step in range(STEPS):
        opt.zero_grad(set_to_none=True)
        loss = (aw * (w - tw) ** 2).sum()
        if step not in B_SKIPPED:
            loss = loss + (ab * (b - tb) ** 2).sum()
        loss.backward()
        lr = opt.param_groups[0]["lr"]
        opt.step()
        if scheduler is not None:
            scheduler.step()
        steps.append({"lr": lr, "loss": loss.item(), "w": flat(w), "b": flat(b)})
    state = {}
    for i, p in enumerate([w, b]):
        for key, value in opt.state[p].items():
            if value is None:  # SGD without momentum keeps a None buffer
                continue
            state[f"{i}.{key}"] = flat(value) if value.dim() > 0 else [value.item()]
    return {"name": name, "optimizer": kind, "options": options, "schedule": schedule,
            "b_skipped_steps": B_SKIPPED,
            "w0": flat(w0), "b0": flat(b0), "aw": flat(aw), "tw": flat(tw), "ab": flat(ab), "tb": flat(tb),
            "steps": steps, "state": state}


def optimizers():
    sgd = {"lr": 0.1, "momentum": 0.0, "dampening": 0.0, "nesterov": False, "weight_decay": 0.0}
    adamw = {"lr": 0.01, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8, "weight_decay": 0.01}
    return {"trajectories": [
        trajectory("sgd_plain", "sgd", sgd),
        trajectory("sgd_momentum_weight_decay", "sgd", dict(sgd, momentum=0.9, weight_decay=0.05)),
        trajectory("sgd_nesterov", "sgd", dict(sgd, lr=0.05, momentum=0.8, nesterov=True, weight_decay=0.01)),
        trajectory("sgd_dampening", "sgd", dict(sgd, momentum=0.9, dampening=0.3)),
        trajectory("adamw_defaults", "adamw", adamw),
        trajectory("adamw_custom", "adamw", dict(adamw, lr=0.05, beta1=0.8, beta2=0.95, eps=1e-6,
                                                 weight_decay=0.1)),
        trajectory("adamw_linear_warmup", "adamw", dict(adamw, lr=0.05),
                   {"kind": "linear", "warmup": 2, "total": 5}),
        trajectory("sgd_cosine_warmup", "sgd", dict(sgd, momentum=0.9),
                   {"kind": "cosine", "warmup": 1, "total": 4}),
    ]}


def write(name, data):
    data = {"generator": f"make_reference.py with torch {torch.__version__}", **data}
    with open(os.path.join(HERE, name), "w") as f:
        json.dump(data, f, indent=1)
        f.write("\n")


write("losses.json", losses())
write("clipping.json", clipping())
write("optimizers.json", optimizers())
