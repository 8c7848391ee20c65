#!/usr/bin/env bash
# Runs the shipped pipelines and their variants (other cut points, from scratch, fine-tune all) on the
# reference protocol's data (benchmarks/fidelity.md) and prints a Markdown table of tlrun's test
# accuracy and wall time next to PyTorch's reference numbers. Needs a release build:
#   swift build -c release && bash benchmarks/fidelity.sh [FILTER]
# Runs go to runs/ as usual; pretrain.yaml runs first (once) because the case pipelines take its output.
set -euo pipefail
cd "$(dirname "$0")/.."
tlrun=.build/release/tlrun
filter="${1:-}"
conv_head='head=[{op: flatten, name: head.flatten}, {op: linear, name: head.fc, out_features: classes}]'
finetune=(--set 'slice={before: fc3}' --set freeze=none --set 'head=[{op: linear, name: fc3, out_features: classes}]')

# label | reference accuracy | reference seconds | pipeline | overrides...
rows=()
row() { rows+=("$(printf '%s\x1f' "$@")"); }
row "pre-train source (5 classes), 30,000 images" 0.9868 44 pipelines/pretrain.yaml
for size in 50 400; do
  images=$((size * 5))
  row "similar, $images: cut fc2, freeze (case 1)" $([ $size = 50 ] && echo "0.5982 2.7" || echo "0.6352 5.0") pipelines/case1.yaml --set dataset.train.per_class=$size
  row "similar, $images: cut fc1, freeze" $([ $size = 50 ] && echo "0.6702 1.7" || echo "0.7056 4.9") pipelines/case1.yaml --set dataset.train.per_class=$size --set slice=fc1
  for conv in conv3 conv2 conv1; do
    case "$size$conv" in 50conv3) ref="0.7540 1.6";; 50conv2) ref="0.7786 1.4";; 50conv1) ref="0.7816 0.9";;
      400conv3) ref="0.8264 4.8";; 400conv2) ref="0.8492 3.8";; 400conv1) ref="0.8348 2.2";; esac
    row "similar, $images: cut $conv, freeze" $ref pipelines/case1.yaml --set dataset.train.per_class=$size --set slice=$conv --set "$conv_head"
  done
  row "similar, $images: fine-tune all" $([ $size = 50 ] && echo "0.7814 2.1" || echo "0.8582 8.4") pipelines/case1.yaml --set dataset.train.per_class=$size --set freeze=none
  row "similar, $images: from scratch" $([ $size = 50 ] && echo "0.6688 2.2" || echo "0.8416 8.8") pipelines/case1.yaml --set dataset.train.per_class=$size --from-scratch
done
row "similar, 30,000: fine-tune all (case 3)" 0.8954 23.8 pipelines/case3.yaml
row "similar, 30,000: from scratch" 0.8816 25.6 pipelines/case3.yaml --from-scratch
for size in 10 100 400; do
  images=$((size * 10)); epochs=$([ $size = 400 ] && echo 10 || echo 30)
  declare -A ref=([10fc2]="0.197 0.5" [10conv3]="0.808 0.5" [10conv2]="0.835 0.4" [10conv1]="0.803 0.3" [10scratch]="0.763 1.0" [10all]="0.829 1.0"
                  [100fc2]="0.393 3.4" [100conv3]="0.920 3.3" [100conv2]="0.946 3.1" [100conv1]="0.914 2.4" [100scratch]="0.948 9.1" [100all]="0.944 7.6"
                  [400fc2]="0.390 4.8" [400conv3]="0.935 4.4" [400conv2]="0.960 4.0" [400conv1]="0.946 2.3" [400scratch]="0.970 10.4" [400all]="0.971 10.7")
  digits=(--set dataset.train.per_class=$size --set train.epochs=$epochs)
  for cut in conv2 conv1 conv3 fc2; do
    label="digits, $images: cut $cut, freeze"; [ $size != 400 ] && [ $cut != conv3 ] && [ $cut != fc2 ] && label="$label (case 2)"
    row "$label" ${ref[$size$cut]} pipelines/case2.yaml "${digits[@]}" --set slice=$cut
  done
  label="digits, $images: from scratch"; [ $size = 400 ] && label="$label (case 4)"
  row "$label" ${ref[${size}scratch]} pipelines/case4.yaml "${digits[@]}"
  row "digits, $images: fine-tune all" ${ref[${size}all]} pipelines/case2.yaml "${digits[@]}" "${finetune[@]}"
done

echo "| run | train images | tlrun test accuracy | PyTorch reference | difference | tlrun seconds | PyTorch seconds | trained parameters | feature cache |"
echo "|---|---|---|---|---|---|---|---|---|"
for entry in "${rows[@]}"; do
  IFS=$'\x1f' read -r -a fields <<< "$entry"
  label="${fields[0]}"; reference="${fields[1]}"; reference_seconds="${fields[2]}"; pipeline="${fields[3]}"; overrides=("${fields[@]:4}")
  [[ -n "$filter" && "$label" != *"$filter"* ]] && continue
  folder=$("$tlrun" run "$pipeline" "${overrides[@]}" --quiet | tail -n 1)
  python3 - "$folder" "$label" "$reference" "$reference_seconds" <<'PY'
import json, sys
folder, label, reference, reference_seconds = sys.argv[1:]
summary = json.load(open(folder + "/summary.json"))
stages = {s["stage"]: s["seconds"] for s in summary["stages"]}
seconds = summary["seconds"] - stages.get("source", 0)   # a source pipeline's own run is not this run's work
accuracy = summary["test"]["accuracy"]
print(f"| {label} | {summary['images']['train']:,} | {accuracy:.4f} | {float(reference):.4f} | {100 * (accuracy - float(reference)):+.1f} pts "
      f"| {seconds:.1f} | {reference_seconds} | {summary['trainable_parameters']:,} | {'on' if summary['feature_cache'] else 'off'} |")
PY
done
