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
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/common/util/rpcutil"
	"github.com/pulumi/pulumi/sdk/v3/go/common/version"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc"
	"google.golang.org/protobuf/types/known/emptypb"
)

// The SDK exits with this code after it has already reported the error to the engine.
const exitAfterReportedError = 32

// How often the host asks the engine whether it is still there. The official hosts wait five
// minutes; a killed `pulumi` should not leave a host (and the program it runs) behind that long.
const engineCheckInterval = 2 * time.Second

type host struct {
	pulumirpc.UnimplementedLanguageRuntimeServer
	node   string
	engine string
	// Done once the engine has gone away: running programs are killed with it.
	engineAlive context.Context
}

func main() {
	// The engine may pass --logtostderr, -v=N and --tracing URL; its address is always last.
	var engine string
	if n := len(os.Args); n > 1 {
		engine = os.Args[n-1]
	}
	node, err := exec.LookPath("node")
	if err != nil {
		fmt.Fprintln(os.Stderr, "pulumi-language-nodejs: node not found on PATH")
		os.Exit(1)
	}
	// When the engine stops answering (killed, crashed), kill the running program and stop
	// serving, so the host exits instead of waiting for good.
	ctx, engineGone := context.WithCancel(context.Background())
	defer engineGone()
	stop := make(chan bool)
	go func() {
		<-ctx.Done()
		close(stop)
	}()
	if engine != "" {
		if err := rpcutil.Healthcheck(ctx, engine, engineCheckInterval, engineGone); err != nil {
			fmt.Fprintf(os.Stderr, "pulumi-language-nodejs: cannot watch the engine at %s: %v\n", engine, err)
			os.Exit(1)
		}
	}
	handle, err := rpcutil.ServeWithOptions(rpcutil.ServeOptions{
		Cancel: stop,
		Init: func(srv *grpc.Server) error {
			pulumirpc.RegisterLanguageRuntimeServer(srv, &host{node: node, engine: engine, engineAlive: ctx})
			return nil
		},
	})
	if err != nil {
		fmt.Fprintf(os.Stderr, "pulumi-language-nodejs: %v\n", err)
		os.Exit(1)
	}
	fmt.Printf("%d\n", handle.Port) // the engine reads the port from our first stdout line
	if err := <-handle.Done; err != nil {
		fmt.Fprintf(os.Stderr, "pulumi-language-nodejs: %v\n", err)
		os.Exit(1)
	}
}

func (h *host) GetPluginInfo(context.Context, *emptypb.Empty) (*pulumirpc.PluginInfo, error) {
	return &pulumirpc.PluginInfo{Version: version.Version}, nil
}

func (h *host) GetRequiredPlugins(
	context.Context, *pulumirpc.GetRequiredPluginsRequest,
) (*pulumirpc.GetRequiredPluginsResponse, error) {
	return &pulumirpc.GetRequiredPluginsResponse{}, nil
}

func (h *host) GetRequiredPackages(
	context.Context, *pulumirpc.GetRequiredPackagesRequest,
) (*pulumirpc.GetRequiredPackagesResponse, error) {
	return &pulumirpc.GetRequiredPackagesResponse{}, nil
}

func (h *host) Run(ctx context.Context, req *pulumirpc.RunRequest) (*pulumirpc.RunResponse, error) {
	dir, entry := req.GetPwd(), "."
	if info := req.GetInfo(); info != nil {
		if info.GetProgramDirectory() != "" {
			dir = info.GetProgramDirectory()
		}
		if info.GetEntryPoint() != "" && info.GetEntryPoint() != "." {
			entry = filepath.Join(dir, info.GetEntryPoint())
		}
	}
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
	flag("engine", h.engine)
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

	configMap := req.GetConfig()
	if configMap == nil {
		configMap = map[string]string{} // the SDK parses PULUMI_CONFIG as an object; "null" breaks it
	}
	config, err := json.Marshal(configMap)
	if err != nil {
		return nil, err
	}
	secretKeys, err := json.Marshal(append([]string{}, req.GetConfigSecretKeys()...))
	if err != nil {
		return nil, err
	}
	env := append(os.Environ(), "PULUMI_CONFIG="+string(config), "PULUMI_CONFIG_SECRET_KEYS="+string(secretKeys))
	if ts, ok := opts["typescript"].(bool); !ok || ts {
		env = append(env, "PULUMI_NODEJS_TYPESCRIPT=true")
	}
	if tsconfig, ok := opts["tsconfig"].(string); ok && tsconfig != "" {
		env = append(env, "PULUMI_NODEJS_TSCONFIG_PATH="+tsconfig)
	}

	runCtx, cancelRun := context.WithCancel(ctx)
	defer cancelRun()
	defer context.AfterFunc(h.engineAlive, cancelRun)()
	cmd := exec.CommandContext(runCtx, h.node, args...)
	cmd.Dir, cmd.Env, cmd.Stdout, cmd.Stderr = dir, env, os.Stdout, os.Stderr
	var exitErr *exec.ExitError
	switch err := cmd.Run(); {
	case err == nil:
		return &pulumirpc.RunResponse{}, nil
	case errors.As(err, &exitErr) && exitErr.ExitCode() == exitAfterReportedError:
		return &pulumirpc.RunResponse{Bail: true}, nil
	case errors.As(err, &exitErr):
		return &pulumirpc.RunResponse{
			Error: fmt.Sprintf("Program exited with non-zero exit code: %d", exitErr.ExitCode()),
		}, nil
	default:
		return nil, fmt.Errorf("could not run node: %w", err)
	}
}
