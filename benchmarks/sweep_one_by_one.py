#!/usr/bin/env python3
"""Runs every trial of a finished sweep again, one by one with `tlrun run` (what a shell loop over the trials
does), and prints the wall time next to the sweep's own: the comparison behind the sweep timing in docs/sweeps.md.

Usage: python3 benchmarks/sweep_one_by_one.py runs/<sweep>/<id> [--skip-reused] [--json FILE]
Reads each trial's pipeline and overrides from the sweep's sweep.json (leaving out train.threads, so each run uses
every core); --skip-reused leaves out the trials the sweep reused from earlier runs (a one-by-one loop would
otherwise retrain them); --json writes {trial index: the run's seconds} for benchmarks/fidelity_table.py.
Needs a release build.
"""
import json
import subprocess
import sys
import time


def main():
    folder = sys.argv[1]
    skip_reused = "--skip-reused" in sys.argv[2:]
    output = sys.argv[sys.argv.index("--json") + 1] if "--json" in sys.argv else None
    seconds = {}
    sweep = json.load(open(f"{folder}/sweep.json"))
    trials = [t for t in sweep["trials"] if not (skip_reused and t["status"] == "reused")]
    started = time.perf_counter()
    for number, trial in enumerate(trials, 1):
        arguments = [".build/release/tlrun", "run", trial["pipeline"], "--quiet"]
        for override in trial["overrides"]:
            if not override.startswith("train.threads="):
                arguments += ["--set", override]
        result = subprocess.run(arguments, capture_output=True, text=True)
        if result.returncode == 0:
            run = result.stdout.strip().splitlines()[-1]
            seconds[trial["index"]] = json.load(open(f"{run}/summary.json"))["seconds"]
        print(f"{number}/{len(trials)} trial {trial['index'] + 1}: exit {result.returncode}, {time.perf_counter() - started:.0f} s so far", flush=True)
    print(f"one by one: {len(trials)} trials in {time.perf_counter() - started:.1f} s")
    if output:
        with open(output, "w") as f:
            json.dump(seconds, f, indent=1)


if __name__ == "__main__":
    main()
