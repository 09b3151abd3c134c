#!/usr/bin/env bash
# Builds actionlint (tools/actionlint, pinned with its go.sum) into a cache outside the
# repository, once, and prints the directory that holds it. Progress goes to stderr.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
tools="$root/tools/actionlint"
# shellcheck source=lib/go.sh
. "$root/scripts/lib/go.sh"
key=$(cat "$tools/go.mod" "$tools/go.sum" | sha256sum | cut -c1-16)
dir="${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-alicloud-sg-membership/actionlint-$key"
if [ ! -x "$dir/actionlint" ]; then
  need_go=$(sed -n 's/^go //p' "$tools/go.mod")
  go=$(find_go)
  have_go=$([ -z "$go" ] || GOTOOLCHAIN=local "$go" env GOVERSION)
  if [ -z "$go" ] || ! version_at_least "${have_go#go}" "$need_go"; then
    echo "ensure-actionlint: error: building actionlint needs Go >= $need_go on PATH (found: ${have_go:-none})" >&2
    exit 1
  fi
  echo "ensure-actionlint: building actionlint with $have_go into $dir" >&2
  mkdir -p "$dir"
  (cd "$tools" && GOTOOLCHAIN=local CGO_ENABLED=0 GOFLAGS="-mod=readonly -buildvcs=false" \
    "$go" build -trimpath -o "$dir/.actionlint.$$" github.com/rhysd/actionlint/cmd/actionlint) >&2
  mv "$dir/.actionlint.$$" "$dir/actionlint"
fi
echo "$dir"
