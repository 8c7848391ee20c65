#!/usr/bin/env python3
"""The ONNX Runtime side of tlbench's evaluation comparisons: the model `tlrun` exports, run by ONNX Runtime's CPU
provider on the same machine.

Usage: python3 benchmarks/onnxruntime_reference.py MODEL.onnx [MODEL.onnx ...] [--threads N] [--runs N] [--batch N]
Needs onnxruntime and numpy (`.build/onnx-venv` from scripts/setup.sh has them). Each model is the `model.onnx` of a
run with `output: {onnx: true}` (or `tlrun export`); it is timed on a batch of random normalised pixels with
`--threads` intra-op threads and one inter-op thread, the median of `--runs` runs after three untimed ones.
"""
import argparse
import statistics
import time

import numpy
import onnxruntime


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("models", nargs="+")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--runs", type=int, default=11)
    parser.add_argument("--batch", type=int, default=16)
    args = parser.parse_args()
    print(f"{'model':60} {'batch':>5} {'median':>11} {'images/s':>9}")
    for path in args.models:
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = args.threads
        options.inter_op_num_threads = 1
        session = onnxruntime.InferenceSession(path, options, providers=["CPUExecutionProvider"])
        feed = session.get_inputs()[0]
        shape = [args.batch] + [int(d) for d in feed.shape[1:]]
        x = numpy.random.default_rng(2).standard_normal(shape).astype(numpy.float32)
        for _ in range(3):
            session.run(None, {feed.name: x})
        times = []
        for _ in range(args.runs):
            start = time.perf_counter()
            session.run(None, {feed.name: x})
            times.append(time.perf_counter() - start)
        median = statistics.median(times)
        print(f"{path:60} {args.batch:>5} {median * 1000:>8.2f} ms {args.batch / median:>9.1f}"
              f"   (onnxruntime {onnxruntime.__version__}, {args.threads} threads)")


if __name__ == "__main__":
    main()
