#!/usr/bin/env python3
"""The results table of docs/results.md from one run of pipelines/sweeps/fidelity.yaml and PyTorch's runs of the same
configurations on the same seeds (benchmarks/pytorch_fidelity.py --seeds ... --json FILE).

Usage: python3 benchmarks/fidelity_table.py runs/fidelity/<id> torch.json [seconds.json]
Each row: mean ± sample standard deviation over the seeds of both tools' test accuracy, their difference, and
whether it lies within the spread (|difference| at most the larger of the two standard deviations). tlrun's seconds
are the sweep's own (its trials may have run several at a time on fewer threads) unless seconds.json, from
benchmarks/sweep_one_by_one.py --json, gives each trial's seconds run alone on every core.
Plain Python 3, no NumPy.
"""
import json
import statistics
import sys


def spread(values):
    mean = statistics.fmean(values)
    return mean, (statistics.stdev(values) if len(values) > 1 else 0.0)


def main():
    folder, torch_file = sys.argv[1], sys.argv[2]
    sweep = json.load(open(f"{folder}/sweep.json"))
    torch = json.load(open(torch_file))
    alone = {int(k): v for k, v in json.load(open(sys.argv[3])).items()} if len(sys.argv) > 3 else {}
    label_at, seed_at = sweep["keys"].index("configuration"), sweep["keys"].index("seed")
    rows = {}
    for trial in sweep["trials"]:
        rows.setdefault(trial["values"][label_at], []).append(trial)
    seeds = sorted({int(t["values"][seed_at]) for t in sweep["trials"]})
    print(f"| run | tlrun test accuracy | PyTorch test accuracy | difference | within spread | tlrun seconds | PyTorch seconds | trained parameters |")
    print("|---|---|---|---|---|---|---|---|")
    within = 0
    for label, trials in rows.items():
        finished = [t for t in trials if t.get("test_accuracy") is not None]
        theirs = torch.get(label, [])
        if not finished or not theirs:
            print(f"| {label} | {'-' if not finished else ''} | {'-' if not theirs else ''} | | | | | |")
            continue
        ours, our_sd = spread([t["test_accuracy"] for t in finished])
        reference, reference_sd = spread([r["accuracy"] for r in theirs])
        difference = ours - reference
        inside = abs(difference) <= max(our_sd, reference_sd)
        within += inside
        our_seconds = statistics.fmean(alone.get(t["index"], t["seconds"]) for t in finished)
        their_seconds = statistics.fmean(r["seconds"] for r in theirs)
        print(f"| {label} | {ours:.4f} ± {our_sd:.4f} | {reference:.4f} ± {reference_sd:.4f} | {100 * difference:+.1f} pts | "
              f"{'yes' if inside else 'no'} | {our_seconds:.1f} | {their_seconds:.1f} | {finished[0]['trainable_parameters']:,} |")
    print(f"\n{len(rows)} configurations x seeds {', '.join(map(str, seeds))}; {within} differences within the larger spread.")


if __name__ == "__main__":
    main()
