#!/usr/bin/env bash
# Runs a command on the primary combination of the support matrix (tools/support-matrix.json):
# its Node.js line and the newest Pulumi CLI first on PATH, each got if missing.
#
#   bash scripts/on-primary.sh node dist/bench/run.js
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
node_dir=$(bash "$root/scripts/ensure-node.sh" primary)
cli_dir=$(bash "$root/scripts/ensure-pulumi-cli.sh" "$(node -p "require('$root/tools/support-matrix.json').cli.newest")")
export PATH="$node_dir:$cli_dir:$PATH"
exec "$@"
