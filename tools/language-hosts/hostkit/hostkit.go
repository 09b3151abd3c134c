// Package hostkit is what our minimal language hosts (cmd/pulumi-language-*) share: serving the
// LanguageRuntime service to the engine, stopping when the engine goes away, the program's
// directory and config as the engine hands them, and running the program with its exit code
// mapped the way the official hosts map it.
package hostkit

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/common/util/rpcutil"
	"github.com/pulumi/pulumi/sdk/v3/go/common/version"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc"
	"google.golang.org/protobuf/types/known/emptypb"
)

// The SDKs exit with this code after they have already reported the error to the engine.
const exitAfterReportedError = 32

// How often a host asks the engine whether it is still there. The official hosts wait five
// minutes; a killed `pulumi` should not leave a host (and the program it runs) behind that long.
const engineCheckInterval = 2 * time.Second

// Engine is the engine a host serves: its address, and a context done once it has gone away.
type Engine struct {
	Address string
	Alive   context.Context
}

// Base answers what every one of our hosts answers alike: its version, and no required plugins
// or packages (the engine then loads providers as the program registers resources).
type Base struct {
	pulumirpc.UnimplementedLanguageRuntimeServer
}

func (Base) GetPluginInfo(context.Context, *emptypb.Empty) (*pulumirpc.PluginInfo, error) {
	return &pulumirpc.PluginInfo{Version: version.Version}, nil
}

func (Base) GetRequiredPlugins(
	context.Context, *pulumirpc.GetRequiredPluginsRequest,
) (*pulumirpc.GetRequiredPluginsResponse, error) {
	return &pulumirpc.GetRequiredPluginsResponse{}, nil
}

func (Base) GetRequiredPackages(
	context.Context, *pulumirpc.GetRequiredPackagesRequest,
) (*pulumirpc.GetRequiredPackagesResponse, error) {
	return &pulumirpc.GetRequiredPackagesResponse{}, nil
}

// Serve runs host `name` until the engine goes away: it watches the engine (whose address the
// engine passes last, after flags such as --logtostderr, -v=N and --tracing URL), serves the
// server newServer makes and prints its port, the first line the engine reads. It exits the
// process on failure, naming the host.
func Serve(name string, newServer func(Engine) pulumirpc.LanguageRuntimeServer) {
	fail := func(format string, args ...any) {
		fmt.Fprintf(os.Stderr, name+": "+format+"\n", args...)
		os.Exit(1)
	}
	var address string
	if n := len(os.Args); n > 1 {
		address = os.Args[n-1]
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
	if address != "" {
		if err := rpcutil.Healthcheck(ctx, address, engineCheckInterval, engineGone); err != nil {
			fail("cannot watch the engine at %s: %v", address, err)
		}
	}
	server := newServer(Engine{Address: address, Alive: ctx})
	handle, err := rpcutil.ServeWithOptions(rpcutil.ServeOptions{
		Cancel: stop,
		Init: func(srv *grpc.Server) error {
			pulumirpc.RegisterLanguageRuntimeServer(srv, server)
			return nil
		},
	})
	if err != nil {
		fail("%v", err)
	}
	fmt.Printf("%d\n", handle.Port)
	if err := <-handle.Done; err != nil {
		fail("%v", err)
	}
}

// ProgramDir is the program's directory and its entry point (`.` when the project names none,
// else a path joined to the directory).
func ProgramDir(req *pulumirpc.RunRequest) (dir, entry string) {
	dir, entry = req.GetPwd(), "."
	if info := req.GetInfo(); info != nil {
		if info.GetProgramDirectory() != "" {
			dir = info.GetProgramDirectory()
		}
		if info.GetEntryPoint() != "" && info.GetEntryPoint() != "." {
			entry = filepath.Join(dir, info.GetEntryPoint())
		}
	}
	return dir, entry
}

// ConfigEnv is the stack config as every Pulumi SDK reads it from its environment:
// PULUMI_CONFIG (an object, never "null") and PULUMI_CONFIG_SECRET_KEYS.
func ConfigEnv(req *pulumirpc.RunRequest) ([]string, error) {
	configMap := req.GetConfig()
	if configMap == nil {
		configMap = map[string]string{}
	}
	config, err := json.Marshal(configMap)
	if err != nil {
		return nil, err
	}
	secretKeys, err := json.Marshal(append([]string{}, req.GetConfigSecretKeys()...))
	if err != nil {
		return nil, err
	}
	return []string{"PULUMI_CONFIG=" + string(config), "PULUMI_CONFIG_SECRET_KEYS=" + string(secretKeys)}, nil
}

// RunProgram runs `program args...` in dir with env, its output going to the host's (which the
// engine shows), until it ends, the request is cancelled or the engine goes away; an exit code
// becomes the RunResponse the official hosts give for it.
func RunProgram(
	ctx context.Context, engine Engine, dir string, env []string, program string, args ...string,
) (*pulumirpc.RunResponse, error) {
	runCtx, cancelRun := context.WithCancel(ctx)
	defer cancelRun()
	defer context.AfterFunc(engine.Alive, cancelRun)()
	cmd := exec.CommandContext(runCtx, program, args...)
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
		return nil, fmt.Errorf("could not run %s: %w", filepath.Base(program), err)
	}
}
