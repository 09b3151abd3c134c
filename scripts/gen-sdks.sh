#!/usr/bin/env bash
# Regenerates the SDKs of the native provider plugin from its package schema:
#
#   npm run build && bash scripts/gen-sdks.sh          # rewrites sdk/ (commit the result)
#   bash scripts/gen-sdks.sh /tmp/out                  # the same into another directory
#
# Writes OUT/schema.json (packageSchema(version) of dist/provider/native/schema.js, version from
# package.json), then OUT/nodejs, OUT/python and OUT/go with tools/sdk-gen (pkg/v3's code
# generators; built with Go into PULUMI_CLI_CACHE/sdk-gen, PULUMI_CLI_CACHE defaulting to
# ~/.cache/pulumi-alicloud-sg-membership, once per change of that module), and completes the Go
# SDK's go.mod and go.sum with `go mod tidy` (github.com/pulumi/pulumi/sdk/v3 as sdk-gen is
# built with). The same inputs give the same files. Progress goes to stderr.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
out=$(mkdir -p "${1:-$root/sdk}" && cd "${1:-$root/sdk}" && pwd)
tools="$root/tools/sdk-gen"
cache="${PULUMI_CLI_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-alicloud-sg-membership}/sdk-gen"
bin="$cache/bin"
schema_js="$root/dist/provider/native/schema.js"

log() { echo "gen-sdks: $*" >&2; }
die() { log "error: $*"; exit 1; }
# shellcheck source=lib/go.sh
. "$root/scripts/lib/go.sh"
# shellcheck source=lib/build.sh
. "$root/scripts/lib/build.sh"

[ -f "$schema_js" ] || die "$schema_js is missing: build first (npm run build)"
go=$(find_go)
need_go=$(sed -n 's/^go //p' "$tools/go.mod")
[ -n "$go" ] || die "no Go to build tools/sdk-gen. Install Go >= $need_go and put it on PATH."
export GOTOOLCHAIN=local # never fetch a toolchain behind our back
have_go=$("$go" env GOVERSION)
version_at_least "${have_go#go}" "$need_go" ||
  die "$go is $have_go; building tools/sdk-gen needs Go >= $need_go. Install a newer Go."
step_hint="Check access to the Go module proxy ($("$go" env GOPROXY)) and the free space of $("$go" env GOMODCACHE) and $cache."

build_sdk_gen() {
  local key
  key=$(cat "$tools/go.mod" "$tools/go.sum" "$tools"/*.go | sha256sum | cut -d' ' -f1)
  cached() { [ -x "$bin/sdk-gen" ] && [ "$(cat "$bin/.build-key" 2>/dev/null)" = "$key" ]; }
  if cached; then return; fi
  mkdir -p "$cache"
  if lock_cache "$cache" && cached; then return; fi
  log "building tools/sdk-gen with $have_go into $bin"
  rm -rf "$cache"/.build.* # left by interrupted runs (we hold the lock)
  tmp=$(mktemp -d "$cache/.build.XXXXXX")
  # -mod=readonly: the committed go.sum must cover everything (no checksum database needed).
  (cd "$tools" && CGO_ENABLED=0 GOFLAGS="-mod=readonly -buildvcs=false" \
    step "building sdk-gen" "$go" build -trimpath -ldflags "-s -w" -o "$tmp/bin/sdk-gen" .)
  echo "$key" >"$tmp/bin/.build-key"
  swap_in "$tmp/bin" "$bin"
  rm -rf "$tmp"
  tmp=''
}
build_sdk_gen

start=$SECONDS
cd "$root"
node -e '
  const { packageSchema } = require(process.argv[1]);
  const { version } = require("./package.json");
  process.stdout.write(JSON.stringify(packageSchema(version), null, 2) + "\n");
' "$schema_js" >"$out/schema.json"
"$bin/sdk-gen" -schema "$out/schema.json" -out "$out"
# -mod=mod and no checksum database: tidy writes go.sum from the Go module proxy's modules.
(cd "$out/go" && GOFLAGS="-mod=mod -buildvcs=false" GOSUMDB=off \
  step "completing the Go SDK's go.mod and go.sum" "$go" mod tidy)
log "wrote $out (schema.json, nodejs, python, go) in $((SECONDS - start))s"
