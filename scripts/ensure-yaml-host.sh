#!/usr/bin/env bash
# Makes the official Pulumi YAML language host (pulumi-language-yaml) available and prints the
# directory that holds it, for the native provider plugin's YAML programs:
#
#   YAML_DIR=$(bash scripts/ensure-yaml-host.sh) && export PATH="$YAML_DIR:$PATH"
#   bash scripts/ensure-yaml-host.sh 1.25.0      # exactly that version
#
# Without an argument: the newest version under tools/pulumi-language-yaml/. Builds the wrapper
# module tools/pulumi-language-yaml/vVERSION (committed go.sum) with Go into a cache outside the
# repository (PULUMI_CLI_CACHE/pulumi-language-yaml-vVERSION, PULUMI_CLI_CACHE defaulting to
# ~/.cache/pulumi-alicloud-sg-membership), once per change of that module. A
# pulumi-language-yaml on PATH is not used: it reports no version, so it could be any release.
# Progress goes to stderr; the directory is the only line on stdout.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
tools_root="$root/tools/pulumi-language-yaml"
if [ $# -gt 0 ]; then
  VERSION=${1#v}
else
  VERSION=$(cd "$tools_root" && printf '%s\n' v* | sort -V | tail -n1)
  VERSION=${VERSION#v}
fi
readonly VERSION
tools="$tools_root/v$VERSION"
cache="${PULUMI_CLI_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-alicloud-sg-membership}/pulumi-language-yaml-v$VERSION"
bin="$cache/bin"
exec 3>&1 1>&2

log() { echo "ensure-yaml-host: $*"; }
die() { log "error: $*"; exit 1; }
# shellcheck source=lib/go.sh
. "$root/scripts/lib/go.sh"
finish() {
  log "using pulumi-language-yaml v$VERSION from $bin"
  echo "$bin" >&3
  exit 0
}

[ -f "$tools/go.mod" ] || die "no build of pulumi-language-yaml v$VERSION here: $tools/go.mod is missing" \
  "(versions: $(cd "$tools_root" && echo v*))"

key=$(cat "$tools/go.mod" "$tools/go.sum" | sha256sum | cut -d' ' -f1)
cached() { [ -x "$bin/pulumi-language-yaml" ] && [ "$(cat "$bin/.build-key" 2>/dev/null)" = "$key" ]; }
if cached; then finish; fi

mkdir -p "$cache"
# shellcheck source=lib/build.sh
. "$root/scripts/lib/build.sh"
if lock_cache "$cache" && cached; then finish; fi

go=$(find_go)
need_go=$(sed -n 's/^go //p' "$tools/go.mod")
[ -n "$go" ] || die "no Go to build pulumi-language-yaml v$VERSION (the YAML language host of the" \
  "native provider's tests). Install Go >= $need_go and put it on PATH, or use the Pulumi CLI's" \
  "release archive, which ships pulumi-language-yaml beside pulumi."
use_go "$need_go" "pulumi-language-yaml v$VERSION"

log "building pulumi-language-yaml v$VERSION with $have_go into $bin (about a minute on 2 cores" \
  "while the Go caches are cold)"
start=$SECONDS
rm -rf "$cache"/.build.* # left by interrupted runs (we hold the lock)
tmp=$(mktemp -d "$cache/.build.XXXXXX")
cd "$tools"
export CGO_ENABLED=0
# -mod=readonly: the committed go.sum must cover everything (no checksum database needed).
# -buildvcs=false: the wrapper lives in the project's git tree, whose state is irrelevant.
export GOFLAGS="-mod=readonly -buildvcs=false"
step "downloading Go modules into $("$go" env GOMODCACHE)" "$go" mod download
step "building pulumi-language-yaml" "$go" build -trimpath -tags "osusergo,grpcnotrace" \
  -ldflags "-s -w -X github.com/pulumi/pulumi-yaml/pkg/version.Version=v$VERSION" \
  -o "$tmp/bin/pulumi-language-yaml" github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml
echo "$key" >"$tmp/bin/.build-key"
swap_in "$tmp/bin" "$bin"
rm -rf "$tmp"
log "built in $((SECONDS - start))s"
finish
