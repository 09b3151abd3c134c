#!/usr/bin/env bash
# `npm test`: the whole suite on the primary combination of the support matrix
# (tools/support-matrix.json: the newest Node.js LTS, the newest @pulumi/pulumi, the newest
# Pulumi CLI), then the compatibility pass (tests/compat) on every other combination.
# With arguments, only jest with them, on the primary combination: `npm test -- tests/unit`.
# Node.js lines and CLIs that are missing are got first (scripts/ensure-*.sh).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
jest=(node "$root/node_modules/jest/bin/jest.js")
[ $# -eq 0 ] || exec bash scripts/on-primary.sh "${jest[@]}" "$@"

matrix() { node -p "const m = require('./tools/support-matrix.json'); $1"; }
took=()
part() { # part LABEL CMD...: runs CMD and notes how long it took
  local label=$1 start=$SECONDS
  shift
  printf '\n== %s\n' "$label" >&2
  "$@"
  took+=("$label: $((SECONDS - start)) s")
}
prepare_matrix() {
  for line in $(matrix 'Object.keys(m.node).join(" ")'); do
    bash scripts/ensure-node.sh "$line" >/dev/null
  done
  for version in "$(matrix m.cli.newest)" "$(matrix m.cli.floor)"; do
    bash scripts/ensure-pulumi-cli.sh "$version" >/dev/null
  done
}

part "getting every Node.js line and Pulumi CLI of the matrix" prepare_matrix
part "the whole suite on the primary combination" bash scripts/on-primary.sh "${jest[@]}"
part "the compatibility pass on the other combinations" \
  env SG_MATRIX_CELLS=others bash scripts/on-primary.sh "${jest[@]}" tests/compat
printf '\n== time taken\n' >&2
printf '%s\n' "${took[@]}" >&2
