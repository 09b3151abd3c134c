#!/usr/bin/env bash
# Makes the Python environment of the native provider plugin's Python programs and prints its
# directory (a virtualenv, for `runtime.options.virtualenv` in Pulumi.yaml):
#
#   VENV=$(bash scripts/ensure-python-program-env.sh)
#
# The venv holds exactly tools/python-program/requirements.txt (the pulumi SDK and what the
# generated SDK requires, every package pinned with `==` and its hashes, installed with pip
# --require-hashes from PyPI) and this tree's generated SDK, sdk/python
# (pulumi_alicloud_sg_membership), built from a copy without build isolation by the setuptools of
# build-requirements.txt (hashed too) and installed without any index. It is made once per
# change of those files or of the Python (python3 on PATH, >= 3.10), into a cache outside the
# repository (PYTHON_PROGRAM_CACHE, default ~/.cache/pulumi-alicloud-sg-membership), built in a
# temporary directory under a lock and renamed into place, so that concurrent runs (jest
# workers) neither race nor see half a venv. Progress goes to stderr; the path is the only line
# on stdout.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
reqs="$root/tools/python-program"
sdk="$root/sdk/python"
cache="${PYTHON_PROGRAM_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-alicloud-sg-membership}/python-program-env"
exec 3>&1 1>&2

log() { echo "ensure-python-program-env: $*"; }
die() { log "error: $*"; exit 1; }
# shellcheck source=lib/go.sh
. "$root/scripts/lib/go.sh" # version_at_least
finish() {
  log "using the venv $1"
  echo "$1" >&3
  exit 0
}

python=$(command -v python3) ||
  die "no python3 on PATH. Python programs on the native plugin need Python >= 3.10 with venv" \
    "and pip (Debian/Ubuntu: apt-get install python3 python3-venv)."
python=$(readlink -f "$python")
version=$("$python" -c 'import sys; print("%d.%d.%d" % sys.version_info[:3])')
version_at_least "$version" 3.10 || die "$python is Python $version; the pulumi SDK needs >= 3.10."
"$python" -c 'import venv, ensurepip' 2>/dev/null ||
  die "$python $version has no venv/ensurepip module (Debian/Ubuntu: apt-get install python3-venv)."
[ -f "$sdk/pyproject.toml" ] || die "$sdk/pyproject.toml is missing: the generated Python SDK" \
  "belongs in this tree (bash scripts/gen-sdks.sh makes it)."

# The SDK's files as pip would copy them: without what builds and runs leave in the tree.
sdk_files() {
  (cd "$sdk" && find . \( -name __pycache__ -o -name build -o -name dist -o -name '*.egg-info' \) \
    -prune -o -type f -print | LC_ALL=C sort)
}
key=$({
  echo "$python $version"
  cat "$reqs/build-requirements.txt" "$reqs/requirements.txt"
  sdk_files | (cd "$sdk" && xargs -d '\n' sha256sum)
} | sha256sum | cut -c1-16)
dir="$cache/venv-$key"
cached() { [ -x "$dir/bin/python" ]; }
if cached; then finish "$dir"; fi

mkdir -p "$cache"
# shellcheck source=lib/build.sh
. "$root/scripts/lib/build.sh"
if lock_cache "$cache" && cached; then finish "$dir"; fi
step_hint="Check access to PyPI and the free space of $cache."

log "making a venv with Python $version, $(grep -o '^pulumi==[^ ]*' "$reqs/requirements.txt")" \
  "and sdk/python in $dir (about 85 MB, from PyPI; under a minute)"
start=$SECONDS
rm -rf "$cache"/.build.* # left by interrupted runs (we hold the lock, or there is no flock)
tmp=$(mktemp -d "$cache/.build.XXXXXX")
pip=("$tmp/venv/bin/python" -m pip install --quiet --no-input --disable-pip-version-check)
step "creating the venv" "$python" -m venv "$tmp/venv"
step "installing $reqs/build-requirements.txt" "${pip[@]}" --require-hashes -r "$reqs/build-requirements.txt"
step "installing $reqs/requirements.txt" "${pip[@]}" --require-hashes -r "$reqs/requirements.txt"
# A copy, so that the build leaves nothing in the tree; no index: its requirements are all in.
mkdir "$tmp/sdk"
sdk_files | (cd "$sdk" && xargs -d '\n' cp --parents -t "$tmp/sdk")
step "installing sdk/python" "${pip[@]}" --no-index --no-deps --no-build-isolation "$tmp/sdk"
step "checking that every requirement is met" "$tmp/venv/bin/python" -m pip check
# (The venv survives the rename: its bin/python finds it by the pyvenv.cfg beside it; only the
# console scripts' #! lines name the old path, and nothing runs them.)
if mv -T "$tmp/venv" "$dir" 2>/dev/null; then
  log "made in $((SECONDS - start))s"
else # without flock, another run may have won the race
  cached || die "could not rename $tmp/venv to $dir"
  log "another run made $dir first; using that"
fi
rm -rf "$tmp"
tmp=''
finish "$dir"
