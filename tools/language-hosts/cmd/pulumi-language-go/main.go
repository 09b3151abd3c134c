// Command pulumi-language-go is a minimal stand-in for Pulumi's Go language host.
//
// The official host (module github.com/pulumi/pulumi/sdk/go/pulumi-language-go/v3) is not served
// by the Go module proxy our machines reach, so it cannot be built here. This host covers what
// `pulumi preview/up/refresh/import/destroy` need for a Go program: it builds the program with
// `go build` (or runs the prebuilt `runtime.options.binary` of Pulumi.yaml, as the official host
// does) and runs it with the environment the Go SDK reads (pulumi.Run), as the official host does.
//
// The build goes to a binary cached per program directory (under the user's cache directory,
// ~/.cache/pulumi-alicloud-sg-membership/go-programs), so that an unchanged program is not linked
// again on every command: go build leaves an up-to-date binary alone, which saves the link
// (about 5 s for a program on the Pulumi SDK). The Go build cache (GOCACHE) and the Go settings
// of the environment (GOFLAGS, GOPROXY, ...) are the user's.
//
// Not supported: reporting the program's provider plugins (GetRequiredPlugins and
// GetRequiredPackages return none, so plugins must be installed or found through `plugins:` /
// `packages:` in Pulumi.yaml), generating Go code (no GenerateProgram: `pulumi import` needs
// --generate-code=false, else it imports into the state and then fails with "method
// GenerateProgram not implemented"; `pulumi convert` and `pulumi package gen-sdk` fail),
// `pulumi install` / `pulumi new` (no InstallDependencies: run `go mod download` yourself),
// the `buildTarget` option, `pulumi about` details, policy packs.
package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"time"

	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"pulumi-alicloud-sg-membership/tools/language-hosts/hostkit"
)

const name = "pulumi-language-go"

type host struct {
	hostkit.Base
	engine hostkit.Engine
}

func main() {
	hostkit.Serve(name, func(engine hostkit.Engine) pulumirpc.LanguageRuntimeServer {
		return &host{engine: engine}
	})
}

func (h *host) Run(ctx context.Context, req *pulumirpc.RunRequest) (*pulumirpc.RunResponse, error) {
	dir, entry := hostkit.ProgramDir(req)
	program, buildErr, err := h.program(ctx, dir, entry, req.GetInfo().GetOptions().AsMap())
	if err != nil {
		return nil, err
	}
	if buildErr != "" {
		return &pulumirpc.RunResponse{Error: buildErr}, nil
	}

	config, err := hostkit.ConfigEnv(req)
	if err != nil {
		return nil, err
	}
	// The names of sdk/v3/go/pulumi/run.go (pulumi.EnvMonitor, ...).
	env := append(os.Environ(), config...)
	set := func(key, value string) {
		if value != "" {
			env = append(env, key+"="+value)
		}
	}
	set("PULUMI_MONITOR", req.GetMonitorAddress())
	set("PULUMI_ENGINE", h.engine.Address)
	set("PULUMI_ORGANIZATION", req.GetOrganization())
	set("PULUMI_PROJECT", req.GetProject())
	set("PULUMI_STACK", req.GetStack())
	set("PULUMI_DRY_RUN", strconv.FormatBool(req.GetDryRun()))
	set("PULUMI_PARALLEL", strconv.Itoa(int(req.GetParallel())))
	set("PULUMI_ROOT_DIRECTORY", req.GetInfo().GetRootDirectory())
	return hostkit.RunProgram(ctx, h.engine, dir, env, program, req.GetArgs()...)
}

// program is the executable to run: `binary` of the runtime options (relative to the program's
// directory), else the program built from entry. A failed build is returned as buildErr, the
// message the engine shows as the program's error, with the compiler's output.
func (h *host) program(
	ctx context.Context, dir, entry string, opts map[string]any,
) (program, buildErr string, err error) {
	if binary, ok := opts["binary"].(string); ok && binary != "" {
		if !filepath.IsAbs(binary) {
			binary = filepath.Join(dir, binary)
		}
		return binary, "", nil
	}
	goBin, err := exec.LookPath("go")
	if err != nil {
		return "", "", fmt.Errorf("%s: go not found on PATH (needed to build the program in %s; "+
			"or set runtime.options.binary in Pulumi.yaml to a prebuilt program)", name, dir)
	}
	out, err := outputPath(dir, entry)
	if err != nil {
		return "", "", err
	}
	build := exec.CommandContext(ctx, goBin, "build", "-o", out, entry)
	build.Dir = dir
	if output, err := build.CombinedOutput(); err != nil {
		return "", fmt.Sprintf("go build %s in %s failed (%v):\n%s", entry, dir, err, output), nil
	}
	markUsed(out)
	return out, "", nil
}

// How long a built program not run since is kept; the next build of any program removes it.
const keepUnused = 3 * 24 * time.Hour

// outputPath is where the program of dir and entry is built: one file per program, under the
// user's cache directory, beside the builds of other programs (those unused for keepUnused are
// removed).
func outputPath(dir, entry string) (string, error) {
	cache, err := os.UserCacheDir()
	if err != nil {
		return "", fmt.Errorf("%s: no cache directory for the built program: %w", name, err)
	}
	target := entry
	if !filepath.IsAbs(target) {
		target = filepath.Join(dir, target)
	}
	if target, err = filepath.Abs(target); err != nil {
		return "", err
	}
	programs := filepath.Join(cache, "pulumi-alicloud-sg-membership", "go-programs")
	sum := sha256.Sum256([]byte(target))
	out := filepath.Join(programs, hex.EncodeToString(sum[:8]), "program")
	removeUnused(programs)
	return out, os.MkdirAll(filepath.Dir(out), 0o755)
}

// removeUnused removes the builds in programs whose directory was not touched for keepUnused
// (markUsed touches it on every run); a failure only leaves them behind.
func removeUnused(programs string) {
	entries, _ := os.ReadDir(programs)
	for _, e := range entries {
		if info, err := e.Info(); err == nil && time.Since(info.ModTime()) > keepUnused {
			_ = os.RemoveAll(filepath.Join(programs, e.Name()))
		}
	}
}

// markUsed touches the directory of a built program (go build leaves an up-to-date one as it is).
func markUsed(program string) {
	now := time.Now()
	_ = os.Chtimes(filepath.Dir(program), now, now)
}
