# Sourced by the scripts that build tools from Go modules.

# version_at_least HAVE NEED
version_at_least() { [ "$(printf '%s\n%s\n' "$2" "$1" | sort -V | head -n1)" = "$2" ]; }

# The `go` to build with: from PATH, else the standard install; prints nothing when there is none.
find_go() {
  if command -v go; then return; fi
  if [ -x /usr/local/go/bin/go ]; then echo /usr/local/go/bin/go; fi
}

# use_go NEED WHAT: the `go` found (by find_go) must be >= NEED to build WHAT, else dies saying
# so. Sets have_go, GOTOOLCHAIN=local (never fetch a toolchain behind our back) and step_hint
# (what to check when a build step fails; names $cache).
use_go() {
  export GOTOOLCHAIN=local
  have_go=$("$go" env GOVERSION)
  version_at_least "${have_go#go}" "$1" ||
    die "$go is $have_go; building $2 needs Go >= $1. Install a newer Go."
  step_hint="Check access to the Go module proxy ($("$go" env GOPROXY)) and the free space of $("$go" env GOMODCACHE) and $cache."
}
