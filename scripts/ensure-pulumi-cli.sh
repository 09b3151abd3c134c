#!/usr/bin/env bash
# Makes a Pulumi CLI available, with the Node.js language host and the dynamic-provider plugin
# beside it, and prints the directory that holds `pulumi`:
#
#   PULUMI_DIR=$(bash scripts/ensure-pulumi-cli.sh) && export PATH="$PULUMI_DIR:$PATH"
#   bash scripts/ensure-pulumi-cli.sh 3.248.0     # exactly that version (the matrix's floor)
#
# Without an argument: the newest CLI of tools/support-matrix.json, or any `pulumi` on PATH at
# least that new. With a VERSION: a `pulumi` on PATH of exactly that version, else our build.
# Builds tools/pulumi-cli/vVERSION and our language hosts (tools/language-hosts/cmd/*:
# pulumi-language-nodejs, and those of the native plugin's other languages) with Go into a cache
# outside the repository (PULUMI_CLI_CACHE/pulumi-cli-vVERSION, PULUMI_CLI_CACHE defaulting to
# ~/.cache/pulumi-alicloud-sg-membership), in a directory per build key (the modules and host
# sources), so trees with different hosts (branches, worktrees) never rebuild each other's.
# Progress goes to stderr; the directory is the only line on stdout.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
if [ $# -gt 0 ]; then
  VERSION=${1#v} exact=true
else
  VERSION=$(node -p "require('$root/tools/support-matrix.json').cli.newest") exact=false
fi
readonly VERSION exact
tools="$root/tools/pulumi-cli/v$VERSION"
host_src="$root/tools/language-hosts"
cache="${PULUMI_CLI_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-alicloud-sg-membership}/pulumi-cli-v$VERSION"
exec 3>&1 1>&2

log() { echo "ensure-pulumi-cli: $*"; }
die() { log "error: $*"; exit 1; }
# shellcheck source=lib/go.sh
. "$root/scripts/lib/go.sh"
# Found beside the (symlink-resolved) pulumi binary, where the engine looks first, or on PATH.
beside_or_on_path() { [ -x "$1/$2" ] || command -v "$2" >/dev/null; }
# finish DIR VERSION: the one line on stdout.
finish() {
  log "using pulumi $2 from $1"
  echo "$1" >&3
  exit 0
}

[ -f "$tools/go.mod" ] || die "no build of Pulumi CLI v$VERSION here: $tools/go.mod is missing" \
  "(versions: $(cd "$root/tools/pulumi-cli" && echo v*))"

# 1. A suitable pulumi on PATH.
suitable() { if $exact; then [ "$1" = "$VERSION" ]; else version_at_least "$1" "$VERSION"; fi; }
if existing=$(command -v pulumi); then
  dir=$(dirname "$(readlink -f "$existing")")
  have=$(PULUMI_SKIP_UPDATE_CHECK=true "$dir/pulumi" version 2>/dev/null || true)
  if suitable "${have#v}" &&
    beside_or_on_path "$dir" pulumi-language-nodejs &&
    beside_or_on_path "$dir" pulumi-resource-pulumi-nodejs; then
    finish "$dir" "$have"
  fi
  log "not using $existing (${have:-unknown version}): need $($exact || echo '>= ')v$VERSION with" \
    "pulumi-language-nodejs and pulumi-resource-pulumi-nodejs beside it or on PATH"
fi

# 2. Otherwise our own build, cached under a key that covers everything that goes into it.
plugin_src="$root/node_modules/@pulumi/pulumi/pulumi-resource-pulumi-nodejs"
[ -f "$plugin_src" ] || die "$plugin_src is missing: run 'npm ci' in $root first"
key=$( (cd "$host_src" && find . -type f | LC_ALL=C sort | xargs cat) | cat "$tools/go.mod" "$tools/go.sum" - |
  sha256sum | cut -d' ' -f1)
bin="$cache/build-${key:0:16}/bin"
cached() { [ -x "$bin/pulumi" ] && [ "$(cat "$bin/.build-key" 2>/dev/null)" = "$key" ]; }

mkdir -p "$cache"
# shellcheck source=lib/build.sh
. "$root/scripts/lib/build.sh"
cached || lock_cache "$cache" || true

if cached; then
  log "reusing the build in $bin"
else
  go=$(find_go)
  need_go=$(sed -n 's/^go //p' "$tools/go.mod" "$host_src/go.mod" | sort -V | tail -n1)
  wanted="$($exact || echo '>= ')v$VERSION"
  [ -n "$go" ] || die "no Pulumi CLI $wanted on PATH, and no Go to build one." \
    "Install Go >= $need_go (and put it on PATH), or install the Pulumi CLI $wanted" \
    "(its release archive ships pulumi-language-nodejs beside it)."
  use_go "$need_go" "Pulumi CLI v$VERSION"

  log "building Pulumi CLI v$VERSION with $have_go into $bin" \
    "(several minutes while the Go caches are cold)"
  start=$SECONDS
  rm -rf "$cache"/.build.* # left by interrupted runs (we hold the lock)
  tmp=$(mktemp -d "$cache/.build.XXXXXX")
  cd "$tools"
  export CGO_ENABLED=0
  # -mod=readonly: the committed go.sum must cover everything (no checksum database needed).
  # -buildvcs=false: the wrapper lives in the project's git tree, whose state is irrelevant.
  export GOFLAGS="-mod=readonly -buildvcs=false"
  build=(build -trimpath -tags "osusergo,grpcnotrace"
    -ldflags "-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v$VERSION")
  step "downloading Go modules into $("$go" env GOMODCACHE)" "$go" mod download
  step "building pulumi" "$go" "${build[@]}" -o "$tmp/bin/pulumi" github.com/pulumi/pulumi/pkg/v3/cmd/pulumi
  cd "$host_src"
  step "downloading the language hosts' Go modules" "$go" mod download
  step "building the language hosts ($(cd cmd && echo *))" "$go" "${build[@]}" -o "$tmp/bin/" ./cmd/...
  echo "$key" >"$tmp/bin/.build-key"
  # Swap in the finished directory; an interrupted run leaves only a .build.* dir behind.
  rm -rf "$bin"
  mkdir -p "$(dirname "$bin")"
  mv "$tmp/bin" "$bin"
  rm -rf "$tmp"
  # Keep the three newest builds of this version; older keys are old trees' hosts.
  # shellcheck disable=SC2012 # build-<hex> names only
  ls -dt "$cache"/build-* | tail -n +4 | xargs -r rm -rf
  log "built in $((SECONDS - start))s"
fi

# Dynamic providers run through this script; keep it in step with the installed SDK.
if ! cmp -s "$plugin_src" "$bin/pulumi-resource-pulumi-nodejs"; then
  cp "$plugin_src" "$bin/.pulumi-resource-pulumi-nodejs.$$"
  chmod +x "$bin/.pulumi-resource-pulumi-nodejs.$$"
  mv -f "$bin/.pulumi-resource-pulumi-nodejs.$$" "$bin/pulumi-resource-pulumi-nodejs"
fi

got=$(PULUMI_SKIP_UPDATE_CHECK=true "$bin/pulumi" version)
[ "$got" = "v$VERSION" ] || die "$bin/pulumi version printed '$got', expected v$VERSION"
finish "$bin" "$got"
