# Sourced by the scripts that build tools from Go modules.

# version_at_least HAVE NEED
version_at_least() { [ "$(printf '%s\n%s\n' "$2" "$1" | sort -V | head -n1)" = "$2" ]; }

# The `go` to build with: from PATH, else the standard install; prints nothing when there is none.
find_go() {
  if command -v go; then return; fi
  if [ -x /usr/local/go/bin/go ]; then echo /usr/local/go/bin/go; fi
}
