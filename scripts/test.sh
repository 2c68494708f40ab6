#!/usr/bin/env bash
# Sets up the machine (scripts/setup.sh), then typechecks, lints and runs every test.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export PATH="$PWD/node_modules/.bin:$PATH"
echo "== typecheck"
tsc -p tsconfig.json
echo "== lint"
biome check src test bench bin scripts
echo "== tests"
vitest run "$@"
