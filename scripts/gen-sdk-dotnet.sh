#!/usr/bin/env bash
# Generates the .NET SDK of the native provider plugin from a package schema:
#
#   bash scripts/gen-sdk-dotnet.sh             # sdk/schema.json -> sdk/dotnet (commit the result)
#   bash scripts/gen-sdk-dotnet.sh /tmp/out    # /tmp/out/schema.json -> /tmp/out/dotnet
#
# OUT/schema.json is what scripts/gen-sdks.sh writes. tools/sdk-gen-dotnet (pkg/v3 v3.225.1's C#
# generator, the newest pkg/v3 release that still has one) is built with Go into
# PULUMI_CLI_CACHE/sdk-gen-dotnet, PULUMI_CLI_CACHE defaulting to
# ~/.cache/pulumi-alicloud-sg-membership, once per change of that module. OUT/dotnet is replaced
# whole; the same schema gives the same files. Nothing here builds or tests the generated C#
# (that needs the .NET SDK and NuGet). Progress goes to stderr.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
tools="$root/tools/sdk-gen-dotnet"
cache="${PULUMI_CLI_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-alicloud-sg-membership}/sdk-gen-dotnet"
bin="$cache/bin"

log() { echo "gen-sdk-dotnet: $*" >&2; }
die() { log "error: $*"; exit 1; }
[ -f "${1:-$root/sdk}/schema.json" ] ||
  die "${1:-$root/sdk}/schema.json is missing: write it first (bash scripts/gen-sdks.sh ${1:-})"
out=$(cd "${1:-$root/sdk}" && pwd)
# shellcheck source=lib/go.sh
. "$root/scripts/lib/go.sh"
# shellcheck source=lib/build.sh
. "$root/scripts/lib/build.sh"

go=$(find_go)
need_go=$(sed -n 's/^go //p' "$tools/go.mod")
[ -n "$go" ] || die "no Go to build tools/sdk-gen-dotnet. Install Go >= $need_go and put it on PATH."
export GOTOOLCHAIN=local # never fetch a toolchain behind our back
have_go=$("$go" env GOVERSION)
version_at_least "${have_go#go}" "$need_go" ||
  die "$go is $have_go; building tools/sdk-gen-dotnet needs Go >= $need_go. Install a newer Go."
step_hint="Check access to the Go module proxy ($("$go" env GOPROXY)) and the free space of $("$go" env GOMODCACHE) and $cache."

build_sdk_gen_dotnet() {
  local key
  key=$(cat "$tools/go.mod" "$tools/go.sum" "$tools"/*.go "$tools"/*.png | sha256sum | cut -d' ' -f1)
  cached() { [ -x "$bin/sdk-gen-dotnet" ] && [ "$(cat "$bin/.build-key" 2>/dev/null)" = "$key" ]; }
  if cached; then return; fi
  mkdir -p "$cache"
  if lock_cache "$cache" && cached; then return; fi
  log "building tools/sdk-gen-dotnet with $have_go into $bin"
  rm -rf "$cache"/.build.* # left by interrupted runs (we hold the lock)
  tmp=$(mktemp -d "$cache/.build.XXXXXX")
  # -mod=readonly: the committed go.sum must cover everything (no checksum database needed).
  (cd "$tools" && CGO_ENABLED=0 GOFLAGS="-mod=readonly -buildvcs=false" \
    step "building sdk-gen-dotnet" "$go" build -trimpath -ldflags "-s -w" -o "$tmp/bin/sdk-gen-dotnet" .)
  echo "$key" >"$tmp/bin/.build-key"
  swap_in "$tmp/bin" "$bin"
  rm -rf "$tmp"
  tmp=''
}
build_sdk_gen_dotnet

start=$SECONDS
"$bin/sdk-gen-dotnet" -schema "$out/schema.json" -out "$out"
log "wrote $out/dotnet in $((SECONDS - start))s"
