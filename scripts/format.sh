#!/usr/bin/env bash
# Formats every tracked Swift file with swift-format (configuration: .swift-format, 4-space indentation, lines of at
# most 120 characters), or, with --check, lists the files that are not formatted and exits 1 (CI runs the check).
# The protobuf code in Sources/TLONNX/Proto is left as protoc generated it.
set -euo pipefail
cd "$(dirname "$0")/.."
mapfile -t files < <(git ls-files '*.swift' | grep -v '^Sources/TLONNX/Proto/')
if [ "${1:-}" = "--check" ]; then
  swift format lint --strict --configuration .swift-format "${files[@]}"
else
  swift format format --in-place --configuration .swift-format "${files[@]}"
fi
