#!/usr/bin/env bash
# Installs what the toolkit needs on Debian 12 / Ubuntu when it is missing; a no-op (under a second) otherwise.
set -euo pipefail

packages=(
  # The embedded tabletop: MuJoCo 2.2.2 with its renderer, headless GL (EGL first, OSMesa as fallback), a C compiler for its shim.
  libmujoco-dev libegl1 libegl-mesa0 libegl-dev libosmesa6 libosmesa6-dev libgl-dev gcc libc6-dev
  # The Python adapter and its tests, run with /usr/bin/python3.
  python3 python3-grpcio python3-protobuf python3-numpy python3-pytest python3-sentencepiece
  protobuf-compiler protobuf-compiler-grpc
  # The ManiSkill dataset-import tests write a trajectory.h5 in ManiSkill's layout with h5py.
  python3-h5py
  # The adapter's TLS test makes its certificate with openssl.
  openssl
  # The report's browser test: headless screenshots of report.html (about 25 s to install, 25 packages).
  chromium
  # The LeRobot export's independent Parquet reader (hyparquet, from npm) runs on Node.
  nodejs
)
# Debian's npm is a package of its own; Node from other sources brings npm along, so ask for it only where it is missing.
if ! command -v npm >/dev/null 2>&1; then packages+=(npm); fi

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing missing Debian packages: ${missing[*]}" >&2
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq >&2
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
fi

if ! command -v dotnet >/dev/null 2>&1; then
  echo "setup: the .NET SDK 10 is required and was not found on PATH (see https://learn.microsoft.com/dotnet/core/install/linux-debian)." >&2
  exit 1
fi

# The LeRobot export's tests read its Parquet files with hyparquet, pinned in tests/parquet-reader/package-lock.json.
reader="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/tests/parquet-reader"
if [ -f "$reader/package-lock.json" ] && [ ! -d "$reader/node_modules/hyparquet" ]; then
  echo "setup: installing the test's Parquet reader (npm ci in tests/parquet-reader)" >&2
  npm ci --prefix "$reader" --no-audit --no-fund --silent >&2
fi
