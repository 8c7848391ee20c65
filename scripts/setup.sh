#!/usr/bin/env bash
# Installs what tlrun needs on Debian 12 (idempotent: installs only what is missing).
#   system libraries: libyaml (YAML parser), oneDNN (compute kernels), libpng, libjpeg-turbo, zlib (images)
#   data for the shipped pipelines: Fashion-MNIST (dataset-fashion-mnist), OpenCV's digits (opencv-doc)
#   test tools: Python's jsonschema and yaml (the independent JSON Schema check), from Debian's packages
#   (python3-jsonschema, python3-yaml) unless a python3 on PATH has them already; no pip, so a stock Debian
#   whose system Python refuses pip installs (PEP 668) or has no pip works as it is
set -euo pipefail

packages=(libyaml-dev pkg-config libdnnl-dev libpng-dev libjpeg-dev zlib1g-dev dataset-fashion-mnist opencv-doc)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if ! python3 -c "import jsonschema, yaml" 2>/dev/null && ! /usr/bin/python3 -c "import jsonschema, yaml" 2>/dev/null; then
  missing+=(python3-jsonschema python3-yaml)
fi
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${missing[@]}" >/dev/null
fi

echo "setup: system packages and tools are in place"
