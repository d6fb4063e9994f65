#!/usr/bin/env bash
# Builds the Debian package: a release build (no debug info to carry), then cpack -G DEB.
# Usage: scripts/package.sh [BUILD_DIR]   (default build-package); prints the .deb's path.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${1:-build-package}
"$(dirname "$0")/install-deps.sh"
cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE=Release -DCMAKE_INSTALL_PREFIX=/usr >/dev/null
cmake --build "$dir" -j"$(nproc)" --target shequ shequ_generated
(cd "$dir" && cpack -G DEB >/dev/null)
ls "$dir"/shequ_*.deb
