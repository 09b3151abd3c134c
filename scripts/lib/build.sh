# Sourced by the scripts that build a tool into the cache. The caller defines `log` and `die`,
# and may set `step_hint`: what to check when a step fails.

ticker='' tmp='' step_hint=''
# shellcheck disable=SC2317 # called by the trap below
cleanup() {
  if [ -n "$ticker" ]; then kill "$ticker" 2>/dev/null || true; fi
  if [ -n "$tmp" ]; then rm -rf "$tmp"; fi
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP # so that the EXIT trap runs when interrupted

# lock_cache DIR: waits for any other run building into DIR (another run may be building the
# same thing); returns 1 when there is no flock, so callers re-check their cache only if 0.
lock_cache() {
  command -v flock >/dev/null || return 1
  exec 9>"$1/.lock"
  flock 9
}

# step LABEL CMD...: runs CMD with a heartbeat on stderr every 30 s; a failure names the step.
step() {
  local label=$1 start=$SECONDS
  shift
  log "$label..."
  # The subshell drops fd 3 so `$(...)` callers never wait on it; its trap stops the sleep too.
  (
    trap 'kill $s 2>/dev/null; exit 0' TERM
    while :; do
      sleep 30 & s=$!
      wait $s
      log "  still $label ($((SECONDS - start))s)"
    done
  ) 3>&- &
  ticker=$!
  local rc=0
  "$@" || rc=$?
  kill "$ticker" 2>/dev/null || true
  wait "$ticker" 2>/dev/null || true
  ticker=''
  [ "$rc" -eq 0 ] || die "$label failed (exit $rc; its output is above).${step_hint:+ $step_hint}"
  log "$label: done in $((SECONDS - start))s"
}

# swap_in NEW DEST: replaces DEST with the finished directory NEW; an interrupted run leaves
# only NEW behind, never a half-written DEST.
swap_in() {
  local old
  old="$(dirname "$2")/.old"
  rm -rf "$old"
  if [ -e "$2" ]; then mv "$2" "$old"; fi
  mv "$1" "$2"
  rm -rf "$old"
}

# build_go_tool SRC CACHE NAME: builds the Go main package in SRC (its committed go.sum must
# cover every module: -mod=readonly) into CACHE/bin/NAME, once per change of SRC's files, under
# the cache's lock. Needs lib/go.sh; sets `go` to the Go it builds with.
build_go_tool() {
  local src=$1 cache=$2 name=$3 need key
  local bin="$cache/bin"
  go=$(find_go)
  need=$(sed -n 's/^go //p' "$src/go.mod")
  [ -n "$go" ] || die "no Go to build ${src#"$root"/}. Install Go >= $need and put it on PATH."
  use_go "$need" "${src#"$root"/}"
  key=$( (cd "$src" && find . -type f | LC_ALL=C sort | xargs cat) | sha256sum | cut -d' ' -f1)
  built() { [ -x "$bin/$name" ] && [ "$(cat "$bin/.build-key" 2>/dev/null)" = "$key" ]; }
  if built; then return; fi
  mkdir -p "$cache"
  if lock_cache "$cache" && built; then return; fi
  log "building ${src#"$root"/} with $have_go into $bin"
  rm -rf "$cache"/.build.* # left by interrupted runs (we hold the lock)
  tmp=$(mktemp -d "$cache/.build.XXXXXX")
  (cd "$src" && CGO_ENABLED=0 GOFLAGS="-mod=readonly -buildvcs=false" \
    step "building $name" "$go" build -trimpath -ldflags "-s -w" -o "$tmp/bin/$name" .)
  echo "$key" >"$tmp/bin/.build-key"
  swap_in "$tmp/bin" "$bin"
  rm -rf "$tmp"
  tmp=''
}
