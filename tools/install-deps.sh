#!/usr/bin/env bash
# Installs the Debian 12 packages dsegym builds and tests with. Idempotent: when every package is
# already installed it only runs dpkg-query and returns in well under a second.
set -euo pipefail

packages=(
  build-essential cmake ccache pkg-config
  libxtensor-dev librange-v3-dev nlohmann-json3-dev
  cppzmq-dev libzmq3-dev libcli11-dev libeigen3-dev zlib1g-dev
  libgtest-dev libbenchmark-dev libcadical-dev dataset-fashion-mnist berkeley-abc yosys
  libboost1.81-dev
  python3 python3-zmq python3-msgpack python3-numpy python3-pytest
)

# Optional: the references benchmarks/nn_vs_torch.py compares the trainer with (PyTorch, and
# OpenBLAS for its GEMMs). Installed with `install-deps.sh --bench`; without them the benchmark
# prints one line saying it skipped.
if [[ "${1:-}" == "--bench" ]]; then
  packages+=(python3-torch libopenblas0-pthread)
fi

missing=()
for p in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$p")
done

if ((${#missing[@]} == 0)); then
  exit 0
fi

echo "[dsegym] installing missing Debian packages: ${missing[*]}" >&2
sudo_cmd=()
if [[ $(id -u) -ne 0 ]]; then
  command -v sudo >/dev/null || { echo "[dsegym] need root or sudo to run apt-get" >&2; exit 1; }
  sudo_cmd=(sudo)
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "[dsegym] packages installed" >&2
