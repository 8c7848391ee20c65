#!/usr/bin/env python3
"""The reference protocol (benchmarks/fidelity.md) as a hand-written PyTorch script, to time
the same work as tlrun's shipped pipelines on the same machine and thread count, and to give PyTorch's
accuracy for every configuration of pipelines/sweeps/fidelity.yaml on the same seeds.

Usage: python3 benchmarks/pytorch_fidelity.py [--threads 2] [--seeds 0 1 2] [--json torch.json]
With --seeds, every configuration runs once per seed (the training seed; the data draws keep seed 0, as the
shipped pipelines' dataset.seed does) and --json writes {label: [{seed, accuracy, seconds}, ...]} for
benchmarks/fidelity_table.py. Without it, the five shipped cases run once, as a timing reference.
Needs torch and numpy (not dependencies of tlrun; install them in a virtual environment) and the data the
pipelines read (Debian's dataset-fashion-mnist and opencv-doc). Each case's time covers its training and
its test evaluation, with the data already in memory as tensors; the frozen part runs on every batch (no
feature cache), as in a plain script.
"""
import argparse
import gzip
import json
import time

import numpy as np
import torch
import torch.nn as nn

FASHION = "/usr/share/datasets/fashion-mnist"
DIGITS = "/usr/share/doc/opencv-doc/examples/data/digits.png"


def idx(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    dims = data[3]
    shape = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(dims)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def fashion(split, classes):
    prefix = "train" if split == "train" else "t10k"
    images, labels = idx(f"{FASHION}/{prefix}-images-idx3-ubyte.gz"), idx(f"{FASHION}/{prefix}-labels-idx1-ubyte.gz")
    keep = np.isin(labels, classes)
    relabel = {c: i for i, c in enumerate(classes)}
    x = torch.tensor(images[keep], dtype=torch.float32).unsqueeze(1) / 255
    return x, torch.tensor([relabel[int(l)] for l in labels[keep]])


def digits():
    from PIL import Image
    sheet = np.array(Image.open(DIGITS).convert("L"))
    tiles = sheet.reshape(50, 20, 100, 20).transpose(0, 2, 1, 3).reshape(5000, 20, 20)
    x = torch.tensor(np.pad(tiles, ((0, 0), (4, 4), (4, 4))), dtype=torch.float32).unsqueeze(1) / 255
    y = torch.arange(5000) // 500
    position = torch.arange(5000) % 500
    return (x[position < 400], y[position < 400]), (x[position >= 400], y[position >= 400])


def per_class(x, y, count, seed):
    generator = torch.Generator().manual_seed(seed)
    chosen = torch.cat([torch.nonzero(y == c).flatten()[torch.randperm(int((y == c).sum()), generator=generator)[:count]]
                        for c in range(int(y.max()) + 1)])
    return x[chosen], y[chosen]


def seed_cnn(classes):
    return nn.Sequential(
        nn.Conv2d(1, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(32, 64, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(64, 128, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(1152, 256), nn.ReLU(), nn.Dropout(0.5),
        nn.Linear(256, 128), nn.ReLU(), nn.Linear(128, classes))


def train(model, trained, x, y, epochs, seed):
    torch.manual_seed(seed)
    opt = torch.optim.Adam(trained, lr=1e-3)
    for _ in range(epochs):
        model.train()
        order = torch.randperm(len(x))
        for start in range(0, len(x), 64):
            index = order[start:start + 64]
            opt.zero_grad()
            nn.functional.cross_entropy(model(x[index]), y[index]).backward()
            opt.step()


def accuracy(model, x, y):
    model.eval()
    with torch.inference_mode():
        return sum(int((model(x[s:s + 256]).argmax(1) == y[s:s + 256]).sum()) for s in range(0, len(x), 256)) / len(x)


def timed(name, images, body):
    start = time.perf_counter()
    acc = body()
    print(f"| {name} | {images:,} | {acc:.4f} | {time.perf_counter() - start:.1f} |", flush=True)


def configurations():
    """(label, target, per-class count or None for all, epochs, how) for every row of the fidelity sweep, in its order;
    how is ("cut", index after the kept layer), ("finetune",) or ("scratch",)."""
    cuts = {"conv1": 3, "conv2": 6, "conv3": 9, "fc1": 12, "fc2": 15}
    rows = []
    for size in (50, 400):
        n = f"{size * 5:,}"
        rows += [(f"similar, {n}: cut fc2, freeze (case 1)", "similar", size, 15, ("cut", cuts["fc2"])),
                 (f"similar, {n}: cut fc1, freeze", "similar", size, 15, ("cut", cuts["fc1"]))]
        rows += [(f"similar, {n}: cut {c}, freeze", "similar", size, 15, ("cut", cuts[c])) for c in ("conv3", "conv2", "conv1")]
        rows += [(f"similar, {n}: fine-tune all", "similar", size, 15, ("finetune",)),
                 (f"similar, {n}: from scratch", "similar", size, 15, ("scratch",))]
    rows += [("similar, 30,000: fine-tune all (case 3)", "similar", None, 3, ("finetune",)),
             ("similar, 30,000: from scratch", "similar", None, 3, ("scratch",))]
    for size in (10, 100, 400):
        n, epochs = f"{size * 10:,}", 10 if size == 400 else 30
        for cut in ("conv2", "conv1", "conv3", "fc2"):
            label = f"digits, {n}: cut {cut}, freeze" + (" (case 2)" if size != 400 and cut in ("conv2", "conv1") else "")
            rows.append((label, "digits", None if size == 400 else size, epochs, ("cut", cuts[cut])))
        rows += [(f"digits, {n}: from scratch" + (" (case 4)" if size == 400 else ""), "digits", None if size == 400 else size, epochs, ("scratch",)),
                 (f"digits, {n}: fine-tune all", "digits", None if size == 400 else size, epochs, ("finetune",))]
    return rows


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--seeds", type=int, nargs="*")
    parser.add_argument("--json")
    arguments = parser.parse_args()
    torch.set_num_threads(arguments.threads)
    source_x, source_y = fashion("train", [0, 1, 5, 7, 8])
    source_test = fashion("test", [0, 1, 5, 7, 8])
    similar_x, similar_y = fashion("train", [2, 3, 4, 6, 9])
    similar_test = fashion("test", [2, 3, 4, 6, 9])
    (digits_x, digits_y), digits_test = digits()
    print(f"| run | train images | PyTorch test accuracy | PyTorch seconds (torch {torch.__version__}, {torch.get_num_threads()} threads) |")
    print("|---|---|---|---|")
    pretrained = seed_cnn(5)

    def pretrain(seed=0):
        model = pretrained if seed == 0 else seed_cnn(5)
        train(model, model.parameters(), source_x, source_y, 5, seed)
        return accuracy(model, *source_test)

    def transfer(x, y, test, classes, epochs, cut=None, scratch=False, seed=1):
        model = seed_cnn(classes)
        if not scratch:
            state = {k: v for k, v in pretrained.state_dict().items() if not k.startswith("15.")}
            model.load_state_dict(state, strict=False)
        if cut is not None:
            kept = model[:cut]
            for parameter in kept.parameters():
                parameter.requires_grad_(False)
            with torch.no_grad():
                width = kept.eval()(x[:1]).flatten(1).shape[1]
            model = nn.Sequential(kept, nn.Flatten(), nn.Linear(width, classes))
            trained = model[2].parameters()
        else:
            trained = model.parameters()
        train(model, list(trained), x, y, epochs, seed)
        return accuracy(model, *test)

    if arguments.seeds is None:
        timed("pre-train source", len(source_x), pretrain)
        small = per_class(similar_x, similar_y, 50, 0)
        timed("similar, 250: cut fc2, freeze (case 1)", 250, lambda: transfer(*small, similar_test, 5, 15, cut=15))
        timed("similar, 250: from scratch", 250, lambda: transfer(*small, similar_test, 5, 15, scratch=True))
        timed("similar, 30,000: fine-tune all (case 3)", len(similar_x), lambda: transfer(similar_x, similar_y, similar_test, 5, 3))
        few = per_class(digits_x, digits_y, 10, 0)
        timed("digits, 100: cut conv2, freeze (case 2)", 100, lambda: transfer(*few, digits_test, 10, 30, cut=6))
        timed("digits, 4,000: from scratch (case 4)", 4000, lambda: transfer(digits_x, digits_y, digits_test, 10, 10, scratch=True))
        return

    results = {}

    def record(label, images, seed, body):
        start = time.perf_counter()
        acc = body()
        seconds = time.perf_counter() - start
        results.setdefault(label, []).append({"seed": seed, "accuracy": acc, "seconds": seconds})
        print(f"| {label}, seed {seed} | {images:,} | {acc:.4f} | {seconds:.1f} |", flush=True)
        if arguments.json:
            with open(arguments.json, "w") as f:
                json.dump(results, f, indent=1)

    if 0 not in arguments.seeds:
        pretrain(0)                                                          # the source of every transfer, as pretrain.yaml's seed
    for seed in sorted(arguments.seeds, key=lambda seed: seed != 0):
        record("pre-train source (5 classes), 30,000", len(source_x), seed, lambda: pretrain(seed))
    data = {"similar": (similar_x, similar_y, similar_test, 5), "digits": (digits_x, digits_y, digits_test, 10)}
    for label, target, size, epochs, how in configurations():
        x, y, test, classes = data[target]
        if size is not None:
            x, y = per_class(x, y, size, 0)
        for seed in arguments.seeds:
            record(label, len(x), seed, lambda: transfer(x, y, test, classes, epochs, cut=how[1] if how[0] == "cut" else None,
                                                        scratch=how[0] == "scratch", seed=seed))


if __name__ == "__main__":
    main()
