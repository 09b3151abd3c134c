#!/usr/bin/env bash
# The demo: starts ecs-emulator, runs `pulumi up` on the top-level program (one instance joins
# one extra security group), prints the membership and the instance's groups, then destroys
# it. Local file backend in a temp folder; no account, no prompt.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

say() { printf '\n== %s\n' "$*"; }

say "building the package"
npm run --silent build

say "making the Pulumi CLI available"
pulumi_dir=$(bash scripts/ensure-pulumi-cli.sh)
export PATH="$pulumi_dir:$PATH"

work=$(mktemp -d "${TMPDIR:-/tmp}/sg-membership-demo.XXXXXX")
emulator_pid=''
cleanup() {
  [ -z "$emulator_pid" ] || kill "$emulator_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

say "starting ecs-emulator"
node dist/emulator/cli.js --port 0 >"$work/emulator.log" 2>&1 &
emulator_pid=$!
for _ in $(seq 100); do
  url=$(sed -n 's/^ecs-emulator listening on //p' "$work/emulator.log")
  [ -n "$url" ] && break
  sleep 0.1
done
[ -n "${url:-}" ] || { cat "$work/emulator.log"; echo "ecs-emulator did not start" >&2; exit 1; }
echo "ecs-emulator at $url"

# The emulator's documented default key pair; nothing here is a real credential.
export ALIBABA_CLOUD_ECS_ENDPOINT="$url"
export ALIBABA_CLOUD_ACCESS_KEY_ID=ecs-emulator
export ALIBABA_CLOUD_ACCESS_KEY_SECRET=ecs-emulator-secret
export ALIBABA_CLOUD_ECS_METADATA_DISABLED=true
export PULUMI_BACKEND_URL="file://$work/state"
export PULUMI_CONFIG_PASSPHRASE=demo-only
export PULUMI_SKIP_UPDATE_CHECK=true
export PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true
export PULUMI_SKIP_CONFIRMATIONS=true
mkdir -p "$work/state"

pulumi stack init demo --non-interactive >/dev/null
pulumi config set alicloud:region cn-hangzhou

say "pulumi up"
pulumi up --yes --non-interactive

say "the membership and the instance's groups"
pulumi stack output --json

say "pulumi destroy"
pulumi destroy --yes --non-interactive
pulumi stack rm demo --yes --non-interactive >/dev/null
say "the instance's groups in the emulator after destroy"
node -e '
  fetch(process.argv[1] + "/_emulator/state").then((r) => r.json()).then((world) => {
    const eni = world.networkInterfaces.find((e) => e.type === "Primary" && e.instanceId === process.argv[2]);
    console.log(process.argv[2], JSON.stringify(eni.securityGroupIds));
  });' "$url" "$(node -p 'require("./dist/emulator").DEFAULT_IDS.web1')"
