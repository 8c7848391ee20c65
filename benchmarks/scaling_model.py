#!/usr/bin/env python3
"""The scaling model of docs/several-processes.md for data-parallel training on N machines: a training step's compute time measured on
one machine (tlbench --data-parallel) split evenly over the machines, plus a ring all-reduce of the gradients,
2(N-1)/N x size / bandwidth.

Usage: python3 benchmarks/scaling_model.py NAME STEP_MS GRADIENT_MB [NAME STEP_MS GRADIENT_MB ...]
Assumptions, printed with the table: the global batch stays the same (each machine computes 1/N of it, and compute
time scales with the share); the all-reduce is bandwidth-bound (latency ignored) and does not overlap the backward
pass; one process per machine; data loading keeps up. Plain Python 3.
"""
import sys

MACHINES = [2, 4, 8, 16, 32, 64]
LINKS_GBIT = [10, 25, 100]


def main():
    arguments = sys.argv[1:]
    if len(arguments) % 3 or not arguments:
        sys.exit(__doc__)
    print("| workload | link | " + " | ".join(f"{n} machines" for n in MACHINES) + " |")
    print("|---|---|" + "---|" * len(MACHINES))
    for start in range(0, len(arguments), 3):
        name, step_ms, megabytes = arguments[start], float(arguments[start + 1]), float(arguments[start + 2])
        for link in LINKS_GBIT:
            bytes_per_second = link * 1e9 / 8
            cells = []
            for n in MACHINES:
                communication_ms = 2 * (n - 1) / n * megabytes * 1e6 / bytes_per_second * 1000
                step = step_ms / n + communication_ms
                cells.append(f"{step_ms / step:.1f}x ({step:.0f} ms)")
            print(f"| {name} ({step_ms:.0f} ms, {megabytes:.1f} MB) | {link} Gb/s | " + " | ".join(cells) + " |")
    print("\nSpeed-up over one machine (step time). Assumes: the global batch stays the same and each machine computes 1/N of it;"
          " a bandwidth-bound ring all-reduce, 2(N-1)/N x gradient size / link speed, not overlapped with the backward pass;"
          " latency, stragglers and data loading ignored.")


if __name__ == "__main__":
    main()
