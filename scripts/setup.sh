#!/usr/bin/env bash
# Installs what tlrun needs on Debian 12 (idempotent: installs only what is missing).
#   system libraries: libyaml (YAML parser), oneDNN (compute kernels), OpenBLAS with LAPACKE (the eigensolver and
#   symmetric products of advise's scores), libpng, libjpeg-turbo, zlib (images), Open MPI (library and mpirun: sweeps
#   and training across processes and machines under `mpirun`; tlrun run alone never starts it)
#   data for the shipped pipelines: Fashion-MNIST (dataset-fashion-mnist), OpenCV's digits (opencv-doc)
#   test tools: Python's jsonschema and yaml (the independent JSON Schema check), from Debian's packages
#   (python3-jsonschema, python3-yaml) unless a python3 on PATH has them already; no pip, so a stock Debian
#   whose system Python refuses pip installs (PEP 668) or has no pip works as it is
#   ONNX export tests: onnx and ONNX Runtime from PyPI, in a virtual environment inside the ignored build
#   folder (.build/onnx-venv; python3-venv from Debian makes it)
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(libyaml-dev pkg-config libdnnl-dev libopenblas-dev liblapacke-dev libpng-dev libjpeg-dev zlib1g-dev libopenmpi-dev openmpi-bin
          dataset-fashion-mnist opencv-doc python3-venv)
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

venv=.build/onnx-venv
if ! "$venv/bin/python" -c "import onnx, onnxruntime, numpy" 2>/dev/null; then
  echo "setup: making $venv with onnx and onnxruntime"
  rm -rf "$venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q --disable-pip-version-check onnx==1.23.2 onnxruntime==1.32.0 numpy==2.4.6
fi

echo "setup: system packages and tools are in place"
