#!/usr/bin/env bash
# Builds the native provider plugin's tarball for the official Pulumi CLI and prints its path:
#
#   bash scripts/pack-plugin.sh [OUT_DIR]     # npm run pack-plugin -- [OUT_DIR]
#   pulumi plugin install resource alicloud-sg-membership VERSION --file OUT_DIR/<tarball>
#
# OUT_DIR defaults to the current directory; the tarball is
# pulumi-resource-alicloud-sg-membership-vVERSION.tgz (VERSION from package.json). Its root is
# the published package (`npm pack` of the built tree: package.json, dist/) with the plugin
# script moved up from plugin/, plus node_modules/: the production dependencies and
# @pulumi/pulumi (the plugin is a process of its own), installed by `npm ci --omit=dev` at the
# versions of the committed package-lock.json, from the npm cache where it has them. Nothing in
# it is built for one platform: it needs `node` >= 22 on PATH. The same tree and lockfile give
# the same bytes (entries sorted, owners, modes and mtimes fixed, `gzip -n`). Progress goes to
# stderr; the tarball's path is the only line on stdout.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
out_dir=$(mkdir -p "${1:-.}" && cd "${1:-.}" && pwd)
exec 3>&1 1>&2

log() { echo "pack-plugin: $*"; }
die() { log "error: $*"; exit 1; }

plugin=pulumi-resource-alicloud-sg-membership
[ -f "$root/dist/provider/native/main.js" ] ||
  die "$root/dist/provider/native/main.js is missing: build first (npm run build)"
command -v npm >/dev/null || die "needs npm (it comes with Node.js) on PATH"
version=$(node -p "require('$root/package.json').version")
tarball="$out_dir/$plugin-v$version.tgz"

start=$SECONDS
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
trap 'exit 1' INT TERM HUP # so that the EXIT trap runs when interrupted

log "packing the package (npm pack)"
(cd "$root" && npm pack --silent --pack-destination "$tmp" >/dev/null)
stage="$tmp/$plugin"
mkdir "$stage"
tar -xzf "$tmp"/*.tgz -C "$stage" --strip-components=1

log "installing its production dependencies and @pulumi/pulumi (npm ci --omit=dev)"
# npm ci installs what the committed lockfile pins. @pulumi/pulumi is the package's peer (and,
# in this repository, dev) dependency, so for this install only it becomes a dependency; the
# other devDependencies go, and with them peers such as typescript that would otherwise stay.
cp "$root/package-lock.json" "$stage/"
cp "$stage/package.json" "$tmp/package.json.published"
node -e '
  const fs = require("fs");
  const file = process.argv[1];
  const pkg = JSON.parse(fs.readFileSync(file, "utf8"));
  const sdk = pkg.devDependencies["@pulumi/pulumi"];
  if (!sdk) throw new Error("package.json: no devDependencies[\"@pulumi/pulumi\"] to pin the plugin'\''s SDK");
  pkg.dependencies = { ...pkg.dependencies, "@pulumi/pulumi": sdk };
  delete pkg.devDependencies;
  fs.writeFileSync(file, JSON.stringify(pkg, null, 2));
' "$stage/package.json"
(cd "$stage" && npm ci --omit=dev --ignore-scripts --no-bin-links --no-audit --no-fund \
  --prefer-offline --loglevel=error)
mv "$tmp/package.json.published" "$stage/package.json"
rm -f "$stage/package-lock.json" "$stage/node_modules/.package-lock.json"
mv "$stage/plugin/$plugin" "$stage/$plugin"
rmdir "$stage/plugin"

log "writing $tarball"
# Owners, modes and times of the build machine are not part of the plugin.
find "$stage" -type d -exec chmod 755 {} +
find "$stage" -type f -perm /111 -exec chmod 755 {} +
find "$stage" -type f ! -perm /111 -exec chmod 644 {} +
tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner --format=gnu --hard-dereference \
  -C "$stage" -cf - . | gzip -n -6 >"$tmp/plugin.tgz"
# Renamed into place within OUT_DIR, so that a reader never sees half a tarball.
mv "$tmp/plugin.tgz" "$tarball.partial.$$"
mv "$tarball.partial.$$" "$tarball"
log "$(du -h "$tarball" | cut -f1) ($(du -sh --apparent-size "$stage" | cut -f1) unpacked) in $((SECONDS - start))s"
echo "$tarball" >&3
