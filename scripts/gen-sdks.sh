#!/usr/bin/env bash
# Regenerates the SDKs of the native provider plugin from its package schema:
#
#   npm run build && bash scripts/gen-sdks.sh          # rewrites sdk/ (commit the result)
#   bash scripts/gen-sdks.sh /tmp/out                  # the same into another directory
#
# Writes OUT/schema.json (packageSchema(version) of dist/provider/native/schema.js, version from
# package.json), then OUT/nodejs, OUT/python and OUT/go with tools/sdk-gen (pkg/v3 v3.276.0's
# code generators) and OUT/dotnet with tools/sdk-gen-dotnet (pkg/v3 v3.225.1's, the newest
# release that still has the C# generator), each built with Go into PULUMI_CLI_CACHE/sdk-gen[-dotnet],
# PULUMI_CLI_CACHE defaulting to ~/.cache/pulumi-alicloud-sg-membership, once per change of its
# module; nothing here builds or runs the C#. It completes the Go
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
build_go_tool "$tools" "$cache" sdk-gen
build_go_tool "$root/tools/sdk-gen-dotnet" "$cache-dotnet" sdk-gen-dotnet

start=$SECONDS
cd "$root"
node -e '
  const { packageSchema } = require(process.argv[1]);
  const { version } = require("./package.json");
  process.stdout.write(JSON.stringify(packageSchema(version), null, 2) + "\n");
' "$schema_js" >"$out/schema.json"
"$bin/sdk-gen" -schema "$out/schema.json" -out "$out"
"$cache-dotnet/bin/sdk-gen-dotnet" -schema "$out/schema.json" -out "$out"
# -mod=mod and no checksum database: tidy writes go.sum from the Go module proxy's modules.
(cd "$out/go" && GOFLAGS="-mod=mod -buildvcs=false" GOSUMDB=off \
  step "completing the Go SDK's go.mod and go.sum" "$go" mod tidy)
log "wrote $out (schema.json, nodejs, python, go, dotnet) in $((SECONDS - start))s"
