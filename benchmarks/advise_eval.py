#!/usr/bin/env python3
"""How well `tlrun advise` ranks the cut points: for every shipped configuration it runs advise and compares each
score's ranking of the cuts with the test accuracies actually reached by training each cut (the results table
of docs/results.md, made by the sweep pipelines/sweeps/fidelity.yaml), printing Kendall's tau-b per configuration and whether the recommended cut was
the best one or within 1 point of it. Needs a release build:

    swift build -c release && python3 benchmarks/advise_eval.py
"""
import json
import math
import subprocess
import sys
import time

# Test accuracy per frozen cut, mean over three seeds, from the results table of docs/results.md (pipelines/sweeps/fidelity.yaml).
CONFIGURATIONS = [
    ("similar, 250", "pipelines/case1.yaml", ["dataset.train.per_class=50"],
     {"fc2": 0.5356, "fc1": 0.6244, "conv3": 0.7556, "conv2": 0.7820, "conv1": 0.7736}),
    ("similar, 2000", "pipelines/case1.yaml", ["dataset.train.per_class=400"],
     {"fc2": 0.6148, "fc1": 0.7080, "conv3": 0.8184, "conv2": 0.8463, "conv1": 0.8455}),
    ("digits, 100", "pipelines/case2.yaml", ["dataset.train.per_class=10", "train.epochs=30"],
     {"conv2": 0.8377, "conv1": 0.7893, "conv3": 0.7953, "fc2": 0.2940}),
    ("digits, 1000", "pipelines/case2.yaml", ["dataset.train.per_class=100", "train.epochs=30"],
     {"conv2": 0.9407, "conv1": 0.9193, "conv3": 0.9183, "fc2": 0.4547}),
    ("digits, 4000", "pipelines/case2.yaml", ["dataset.train.per_class=400", "train.epochs=10"],
     {"conv2": 0.9610, "conv1": 0.9443, "conv3": 0.9357, "fc2": 0.4580}),
]
SCORES = [("probe", "probe_accuracy"), ("k-NN", "knn_accuracy"), ("LogME", "log_me")]


def kendall_tau_b(x, y):
    concordant = discordant = tied_x = tied_y = 0
    for i in range(len(x)):
        for j in range(i + 1, len(x)):
            a, b = x[i] - x[j], y[i] - y[j]
            if a == 0 and b == 0:
                continue
            if a == 0:
                tied_x += 1
            elif b == 0:
                tied_y += 1
            elif (a > 0) == (b > 0):
                concordant += 1
            else:
                discordant += 1
    return (concordant - discordant) / math.sqrt((concordant + discordant + tied_x) * (concordant + discordant + tied_y))


def main():
    rows, taus = [], {name: [] for name, _ in SCORES}
    best_count = within = 0
    for label, pipeline, overrides, measured in CONFIGURATIONS:
        command = [".build/release/tlrun", "advise", pipeline, "--format", "json", "--cuts", ",".join(measured)]
        for override in overrides:
            command += ["--set", override]
        started = time.time()
        advice = json.loads(subprocess.run(command, check=True, capture_output=True, text=True).stdout)
        seconds = time.time() - started
        cuts = [cut for cut in advice["cuts"] if cut["name"] in measured]
        truth = [measured[cut["name"]] for cut in cuts]
        tau = {}
        for name, key in SCORES:
            tau[name] = kendall_tau_b([cut[key] for cut in cuts], truth)
            taus[name].append(tau[name])
        best = max(measured, key=measured.get)
        chosen = advice["recommendation"]["best_frozen_cut"]
        gap = 100 * (measured[best] - measured[chosen])
        best_count += chosen == best
        within += gap <= 1.0
        rows.append((label, advice["sampled_images"], chosen, best, gap, tau, advice["recommendation"]["transfer_case"], seconds))
    print("| configuration | images scored | recommended cut | best cut (trained) | points behind the best | "
          + " | ".join(f"tau {name}" for name, _ in SCORES) + " | case | seconds |")
    print("|---|---|---|---|---|" + "---|" * len(SCORES) + "---|---|")
    for label, images, chosen, best, gap, tau, case, seconds in rows:
        print(f"| {label} | {images:,} | {chosen} | {best} | {gap:.1f} | " + " | ".join(f"{tau[name]:+.2f}" for name, _ in SCORES)
              + f" | {case} | {seconds:.1f} |")
    means = " | ".join(f"{sum(values) / len(values):+.2f}" for values in taus.values())
    print(f"| mean | | best in {best_count} of {len(rows)} | | within 1 point in {within} of {len(rows)} | {means} | | |")


if __name__ == "__main__":
    sys.exit(main())
