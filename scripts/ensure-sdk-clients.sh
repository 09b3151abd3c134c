#!/usr/bin/env bash
# Makes the official non-Node ECS SDKs that tests/clients/ drives against the emulator
# available, and prints what to run:
#
#   PY=$(bash scripts/ensure-sdk-clients.sh python)   # a venv's python with the Python SDKs
#   BIN=$(bash scripts/ensure-sdk-clients.sh go)      # tests/clients/go built: ecs-clients
#
# python: a venv with exactly tests/clients/python/requirements.txt (every package pinned with
#   `==` and its hashes, installed with pip --require-hashes from PyPI; its one sdist built
#   without build isolation by the setuptools of build-requirements.txt, hashed too), made once
#   per change of those files or of the Python version, with the python3 on PATH (>= 3.9).
# go: tests/clients/go built with Go (>= the go.mod's go line, from PATH or /usr/local/go) with
#   GOFLAGS=-mod=readonly, so the committed go.sum must cover every module (fetched from the Go
#   module proxy), once per change of that module's files or of the Go version.
# Both go into a cache outside the repository (SDK_CLIENTS_CACHE, default
# ~/.cache/pulumi-alicloud-sg-membership), built in a temporary directory under a lock and
# renamed into place, so that concurrent runs (jest workers) neither race nor see half a build.
# Progress goes to stderr; the path is the only line on stdout.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
clients="$root/tests/clients"
cache="${SDK_CLIENTS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-alicloud-sg-membership}"
exec 3>&1 1>&2

log() { echo "ensure-sdk-clients: $*"; }
die() { log "error: $*"; exit 1; }
# shellcheck source=lib/go.sh
. "$root/scripts/lib/go.sh"

tmp='' holding_lock=false
trap '[ -z "$tmp" ] || rm -rf "$tmp"' EXIT
trap 'exit 1' INT TERM HUP # so that the EXIT trap runs when interrupted

# locked DIR: holds an exclusive lock on DIR.lock until the script exits.
locked() {
  mkdir -p "$cache"
  if command -v flock >/dev/null; then
    exec 9>"$1.lock"
    flock 9
    holding_lock=true
  fi
}

# build_into DIR BUILD...: runs BUILD with $tmp as the directory to fill, then renames it to DIR.
# (A venv survives the rename: its bin/python finds the venv by the pyvenv.cfg beside it; only
# the console scripts' #! lines name the old path, and nothing here runs them.)
build_into() {
  local dir=$1 start=$SECONDS
  shift
  if $holding_lock; then rm -rf "$dir".build.*; fi # left by interrupted runs
  tmp=$(mktemp -d "$dir.build.XXXXXX")
  chmod 755 "$tmp"
  "$@"
  if mv -T "$tmp" "$dir" 2>/dev/null; then
    log "done in $((SECONDS - start))s"
  else # without flock, another run may have won the race
    [ -e "$dir" ] || die "could not rename $tmp to $dir"
    log "another run made $dir first; using that"
    rm -rf "$tmp"
  fi
  tmp=''
}

ensure_python() {
  local requirements="$clients/python/requirements.txt" python version key dir
  local build_requirements="$clients/python/build-requirements.txt"
  python=$(command -v python3) ||
    die "no python3 on PATH. The Python SDK tests need Python >= 3.9 with venv and pip" \
      "(Debian/Ubuntu: apt-get install python3 python3-venv)."
  version=$("$python" -c 'import sys; print("%d.%d.%d" % sys.version_info[:3])')
  version_at_least "$version" 3.9 || die "$python is Python $version; the Python SDKs need >= 3.9."
  "$python" -c 'import venv, ensurepip' 2>/dev/null ||
    die "$python $version has no venv/ensurepip module (Debian/Ubuntu: apt-get install python3-venv)."
  key=$( (echo "$version" && cat "$build_requirements" "$requirements") | sha256sum | cut -c1-16)
  dir="$cache/python-sdk-clients-$key"
  if [ ! -x "$dir/bin/python" ]; then
    locked "$dir"
  fi
  if [ -x "$dir/bin/python" ]; then
    log "reusing the venv $dir"
  else
    log "making a venv with Python $version and the SDKs of $requirements in $dir" \
      "(from PyPI; about 90 MB, under a minute)"
    fill_venv() {
      local pip=("$tmp/bin/python" -m pip install --quiet --no-input --disable-pip-version-check
        --require-hashes) # every package in the file, at that version, with its hash
      "$python" -m venv "$tmp"
      # First what builds the one sdist, so that it is built from hashed packages only.
      "${pip[@]}" -r "$build_requirements" &&
        "${pip[@]}" --no-build-isolation -r "$requirements" ||
        die "pip could not install $requirements (is PyPI reachable?)"
    }
    build_into "$dir" fill_venv
  fi
  echo "$dir/bin/python" >&3
}

ensure_go() {
  local src="$clients/go" go have need key dir
  go=$(find_go)
  need=$(sed -n 's/^go //p' "$src/go.mod")
  [ -n "$go" ] || die "no Go on PATH or in /usr/local/go. The Go SDK tests need Go >= $need" \
    "(https://go.dev/doc/install, or apt-get install golang-go if that is new enough)."
  export GOTOOLCHAIN=local # never fetch a toolchain behind our back
  have=$("$go" env GOVERSION)
  version_at_least "${have#go}" "$need" || die "$go is $have; tests/clients/go needs Go >= $need."
  key=$( (echo "$have" && cat "$src"/go.mod "$src"/go.sum "$src"/*.go) | sha256sum | cut -c1-16)
  dir="$cache/go-sdk-clients-$key"
  if [ ! -x "$dir/ecs-clients" ]; then
    locked "$dir"
  fi
  if [ -x "$dir/ecs-clients" ]; then
    log "reusing the build in $dir"
  else
    log "building $src with $have into $dir (modules from the Go module proxy into" \
      "$("$go" env GOMODCACHE); a minute or two while the Go caches are cold)"
    build_go() {
      # -mod=readonly: the committed go.sum must cover everything (no checksum database needed).
      (cd "$src" && CGO_ENABLED=0 GOFLAGS="-mod=readonly -buildvcs=false" \
        "$go" build -trimpath -o "$tmp/ecs-clients" .) ||
        die "go build in $src failed (is the Go module proxy reachable?)"
    }
    build_into "$dir" build_go
  fi
  echo "$dir/ecs-clients" >&3
}

case "${1:-}" in
  python) ensure_python ;;
  go) ensure_go ;;
  *) die "usage: ensure-sdk-clients.sh python|go" ;;
esac
