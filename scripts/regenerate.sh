#!/usr/bin/env bash
# Rewrites every generated file from `tlrun schema`'s output: the JSON Schemas in schemas/ and the key references
# between the markers in docs/pipeline-reference.md and docs/sweeps.md. The tests fail while any of them is stale.
#
#   bash scripts/regenerate.sh                       builds tlrun (debug), then rewrites
#   TLRUN=path/to/tlrun bash scripts/regenerate.sh   uses that binary and skips the build
#
# Running it twice changes nothing the second time.
set -euo pipefail
cd "$(dirname "$0")/.."

TLRUN=${TLRUN:-}
if [[ -z "$TLRUN" ]]; then
  swift build --product tlrun
  TLRUN="$(swift build --show-bin-path)/tlrun"
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Writes a command's standard output to a file, byte for byte, only when it differs.
generate() {
  local file=$1
  shift
  "$TLRUN" "$@" > "$work/out"
  if ! cmp -s "$work/out" "$file"; then
    cp "$work/out" "$file"
    echo "rewrote $file"
  fi
}

# Replaces the text between <!-- NAME:start --> and <!-- NAME:end --> in a Markdown file with a command's output.
between_markers() {
  local file=$1 name=$2
  shift 2
  "$TLRUN" "$@" > "$work/out"
  python3 - "$file" "$name" "$work/out" <<'PYTHON'
import sys

path, name, generated = sys.argv[1], sys.argv[2], sys.argv[3]
with open(path, encoding="utf-8", newline="") as f:
    text = f.read()
with open(generated, encoding="utf-8", newline="") as f:
    new = f.read()
start, end = f"<!-- {name}:start -->\n", f"<!-- {name}:end -->"
if text.count(start) != 1 or text.count(end) != 1 or text.index(end) < text.index(start):
    sys.exit(f"error: {path} must hold {start.strip()} and then {end}, once each")
head, rest = text.split(start)
old, tail = rest.split(end)
if old != new:
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(head + start + new + end + tail)
    print(f"rewrote the {name} section of {path}")
PYTHON
}

generate schemas/pipeline.schema.json schema
generate schemas/sweep.schema.json schema --sweep
between_markers docs/pipeline-reference.md reference schema --format markdown
between_markers docs/sweeps.md sweep-reference schema --sweep --format markdown
