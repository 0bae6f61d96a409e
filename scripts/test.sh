#!/usr/bin/env bash
# Runs the whole test suite: builds first (running setup when something is missing),
# then every CTest test, including the sanitizer-labelled ones. Extra arguments go to ctest
# (e.g. -L unit, -L sanitize, -R Clean).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x build/depeche ] || ! command -v lt-proc >/dev/null || { [ -f package.json ] && [ ! -d node_modules ]; }; then
  ./scripts/setup.sh
else
  cmake -S . -B build >/dev/null
  cmake --build build -j"$(nproc)"
fi
ctest --test-dir build --output-on-failure -j"$(nproc)" "$@"
