#!/usr/bin/env bash
# Installs and builds everything, then serves UI + API at one URL on the embedded database (./data).
set -euo pipefail
cd "$(dirname "$0")/.."
npx -y pnpm@10 install --frozen-lockfile
npx -y pnpm@10 -s build
exec node apps/api/dist/server.js
