#!/usr/bin/env python3
"""The PyTorch side of tlbench's comparisons: the same workloads in PyTorch eager, on the same machine.

Usage: python3 benchmarks/pytorch_reference.py [--threads N] [--runs N] [--filter REGEX]
Needs torch and torchvision (not a dependency of tlrun; install them in a virtual environment).
Each workload runs in a child process so that its peak memory is its own. Prints a table like tlbench's.
"""
import argparse
import json
import re
import statistics
import subprocess
import sys
import time

WORKLOADS = [
    ("seed-cnn-28", "train", 64, (1, 28, 28)),
    ("seed-cnn-32", "train", 64, (3, 32, 32)),
    ("resnet18-64", "train", 32, (3, 64, 64)),
    ("resnet18-64", "eval", 32, (3, 64, 64)),
    ("resnet18-224", "train", 16, (3, 224, 224)),
    ("resnet18-224", "eval", 16, (3, 224, 224)),
    ("case1-cache", "pipeline", 20000, (1, 28, 28)),
] + [(f"{model}-224", mode, 16, (3, 224, 224))
     for model in ("resnet50", "mobilenet_v2", "mobilenet_v3_large", "efficientnet_b0", "convnext_tiny", "densenet121",
                   "vit_b_16", "swin_t", "swin_v2_t") for mode in ("train", "eval")]


def memory(field):
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(field):
                return int(line.split()[1]) / 1024
    return 0.0


def seed_cnn(torch, nn, in_ch, hw, classes=10):
    side = hw // 8
    return nn.Sequential(
        nn.Conv2d(in_ch, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(32, 64, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(64, 128, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(128 * side * side, 256), nn.ReLU(), nn.Dropout(0.5),
        nn.Linear(256, 128), nn.ReLU(), nn.Linear(128, classes))


def case1_naive(torch, nn):
    """Case 1 as a hand-written script does it: the frozen seed-cnn runs forward on every batch of every epoch
    (2,000 28x28 images in memory, 10 epochs, batch 64, shuffled, Adam on the new last layer only)."""
    model = seed_cnn(torch, nn, 1, 28)
    model[-1] = nn.Linear(128, 10)
    for parameter in model[:-1].parameters():
        parameter.requires_grad_(False)
    images = torch.rand(2000, 1, 28, 28)
    labels = torch.arange(2000) % 10
    opt = torch.optim.Adam(model[-1].parameters(), lr=1e-3)

    def body():
        model.train()
        for _ in range(10):
            order = torch.randperm(2000)
            for start in range(0, 2000, 64):
                index = order[start:start + 64]
                opt.zero_grad()
                nn.functional.cross_entropy(model(images[index]), labels[index]).backward()
                opt.step()
    return body


def engine_step(torch, nn, torchvision, name, mode, batch, shape):
    """One training step (SGD with momentum) or one inference forward of a batch of random images."""
    if name.startswith("seed-cnn"):
        model = seed_cnn(torch, nn, shape[0], shape[1])
    else:
        model = getattr(torchvision.models, name.rsplit("-", 1)[0])(num_classes=10)
    x = torch.randn(batch, *shape)
    y = torch.arange(batch) % 10
    if mode == "train":
        model.train()
        opt = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)

        def body():
            opt.zero_grad()
            nn.functional.cross_entropy(model(x), y).backward()
            opt.step()
        return body
    model.eval()

    def body():
        with torch.inference_mode():
            model(x)
    return body


def child(index, threads, runs):
    import torch
    import torch.nn as nn
    import torchvision
    torch.set_num_threads(threads)
    name, mode, batch, shape = WORKLOADS[index]
    baseline = memory("VmRSS:")
    if name == "case1-cache":
        body = case1_naive(torch, nn)
    else:
        body = engine_step(torch, nn, torchvision, name, mode, batch, shape)
    for _ in range(3):
        body()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        body()
        times.append(time.perf_counter() - start)
    median = statistics.median(times)
    peak = memory("VmHWM:")
    print(json.dumps({"name": name, "mode": mode, "batch": batch, "median_ms": median * 1000,
                      "images_per_s": batch / median, "peak_rss_mb": peak, "added_rss_mb": peak - baseline,
                      "torch": torch.__version__, "threads": torch.get_num_threads()}))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--runs", type=int, default=11)
    parser.add_argument("--filter", default="")
    parser.add_argument("--child", type=int)
    args = parser.parse_args()
    if args.child is not None:
        child(args.child, args.threads, args.runs)
        return
    print(f"{'benchmark':14} {'mode':6} {'batch':>5} {'median':>11} {'images/s':>9} {'added RSS':>10}")
    for index, (name, mode, batch, _) in enumerate(WORKLOADS):
        if not re.search(args.filter, name):
            continue
        out = subprocess.run([sys.executable, __file__, "--child", str(index), "--threads", str(args.threads),
                              "--runs", str(args.runs)], capture_output=True, text=True, check=True).stdout
        r = json.loads(out.strip().splitlines()[-1])
        print(f"{name:14} {mode:6} {batch:>5} {r['median_ms']:>8.2f} ms {r['images_per_s']:>9.0f} {r['added_rss_mb']:>7.0f} MB"
              f"   (torch {r['torch']}, {r['threads']} threads)")


if __name__ == "__main__":
    main()
