// Command pulumi-language-nodejs is a minimal stand-in for Pulumi's Node.js language host.
//
// The official host (module github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3)
// has no tagged releases, and the Go module proxy our machines reach does not serve it, so it
// cannot be built here. This host covers what `pulumi preview/up/refresh/destroy` need for a
// program that depends only on @pulumi/pulumi (and dynamic providers): it runs the SDK's own
// entry point, @pulumi/pulumi/cmd/run, under node, exactly as the official host does.
//
// Not supported: dependency installation (`pulumi install`, `pulumi new`), reporting provider
// plugins from node_modules (GetRequiredPackages returns none, so `@pulumi/<provider>` packages
// would need their plugins installed by hand), `pulumi about` details, policy packs, bun/pnpm.
package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"

	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"pulumi-alicloud-sg-membership/tools/language-hosts/hostkit"
)

type host struct {
	hostkit.Base
	node   string
	engine hostkit.Engine
}

func main() {
	node, err := exec.LookPath("node")
	if err != nil {
		fmt.Fprintln(os.Stderr, "pulumi-language-nodejs: node not found on PATH")
		os.Exit(1)
	}
	hostkit.Serve("pulumi-language-nodejs", func(engine hostkit.Engine) pulumirpc.LanguageRuntimeServer {
		return &host{node: node, engine: engine}
	})
}

func (h *host) Run(ctx context.Context, req *pulumirpc.RunRequest) (*pulumirpc.RunResponse, error) {
	dir, entry := hostkit.ProgramDir(req)
	opts := req.GetInfo().GetOptions().AsMap()

	// Resolve the SDK from the program's directory, as the program itself will.
	resolve := exec.CommandContext(ctx, h.node, "-e",
		"console.log(require.resolve('@pulumi/pulumi/cmd/run'))")
	resolve.Dir = dir
	out, err := resolve.Output()
	if err != nil {
		return nil, fmt.Errorf("cannot find @pulumi/pulumi from %s (run npm install): %w", dir, err)
	}

	var args []string
	if nodeargs, ok := opts["nodeargs"].(string); ok {
		args = strings.Fields(nodeargs)
	}
	args = append(args, strings.TrimSpace(string(out)))
	flag := func(name, value string) {
		if value != "" {
			args = append(args, "--"+name, value)
		}
	}
	flag("monitor", req.GetMonitorAddress())
	flag("engine", h.engine.Address)
	flag("organization", req.GetOrganization())
	flag("project", req.GetProject())
	flag("stack", req.GetStack())
	flag("pwd", dir)
	flag("root-directory", req.GetInfo().GetRootDirectory())
	if req.GetParallel() > 0 {
		flag("parallel", strconv.Itoa(int(req.GetParallel())))
	}
	if req.GetDryRun() {
		args = append(args, "--dry-run")
	}
	args = append(args, entry)
	args = append(args, req.GetArgs()...)

	config, err := hostkit.ConfigEnv(req)
	if err != nil {
		return nil, err
	}
	env := append(os.Environ(), config...)
	if ts, ok := opts["typescript"].(bool); !ok || ts {
		env = append(env, "PULUMI_NODEJS_TYPESCRIPT=true")
	}
	if tsconfig, ok := opts["tsconfig"].(string); ok && tsconfig != "" {
		env = append(env, "PULUMI_NODEJS_TSCONFIG_PATH="+tsconfig)
	}
	return hostkit.RunProgram(ctx, h.engine, dir, env, h.node, args...)
}
