#!/usr/bin/env bash
# install-node-deps.sh - install the npm packages the server uses at run time
# (the MJML compiler) into tools/mjml/node_modules, from its package.json.
set -euo pipefail
cd "$(dirname "$0")/../tools/mjml" 2>/dev/null || exit 0
[ -f package.json ] || exit 0
if [ ! -d node_modules ] || [ package.json -nt node_modules ]; then
  npm install --no-audit --no-fund --loglevel=error
  touch node_modules
fi
