// Command pulumi-language-python is a minimal stand-in for Pulumi's Python language host.
//
// The official host (module github.com/pulumi/pulumi/sdk/python/cmd/pulumi-language-python/v3)
// is not served by the Go module proxy our machines reach, and the PyPI package `pulumi` does not
// ship the host's Python half, pulumi-language-python-exec. This host runs our own exec.py
// (embedded, so the binary is all there is to install) with the project's Python: that of
// `runtime.options.virtualenv` (relative to the project's root, as with the official host) when
// it is set, else python3 on PATH. exec.py connects the pulumi SDK to the engine and runs the
// program (`main`, else the project's directory, whose __main__.py runs).
//
// Not supported: creating the virtualenv or installing requirements.txt (`pulumi install`,
// `pulumi new`, nor on first run as the official host does), toolchains other than pip
// (`toolchain: uv` or `poetry` are refused), reporting the provider plugins of installed
// pulumi_* packages (GetRequiredPlugins returns none: plugins come from Pulumi.yaml or PATH),
// the `typechecker` option, `pulumi import` code generation (GenerateProgram), `pulumi about`
// details, policy packs, debugging.
package main

import (
	"context"
	_ "embed"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"

	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"pulumi-alicloud-sg-membership/tools/language-hosts/hostkit"
)

//go:embed exec.py
var execScript string

type host struct {
	hostkit.Base
	engine hostkit.Engine
}

func main() {
	hostkit.Serve("pulumi-language-python", func(engine hostkit.Engine) pulumirpc.LanguageRuntimeServer {
		return &host{engine: engine}
	})
}

// python is the interpreter to run the program with, and its environment (os.Environ() and any
// virtualenv activation).
func python(req *pulumirpc.RunRequest, dir string) (string, []string, error) {
	opts := req.GetInfo().GetOptions().AsMap()
	if tc, ok := opts["toolchain"].(string); ok && tc != "" && tc != "pip" {
		return "", nil, fmt.Errorf("runtime.options.toolchain is %q: this host runs only pip "+
			"virtualenvs (or python3 on PATH); drop the option and set virtualenv instead", tc)
	}
	venv, _ := opts["virtualenv"].(string)
	if venv == "" {
		interpreter, err := exec.LookPath("python3")
		if err != nil {
			return "", nil, fmt.Errorf("no python3 on PATH, and runtime.options.virtualenv is not set " +
				"in Pulumi.yaml: install Python 3, or name a virtualenv that has the pulumi package")
		}
		return interpreter, os.Environ(), nil
	}
	if !filepath.IsAbs(venv) {
		root := req.GetInfo().GetRootDirectory()
		if root == "" {
			root = dir
		}
		venv = filepath.Join(root, venv)
	}
	interpreter := filepath.Join(venv, "bin", "python")
	if _, err := os.Stat(interpreter); err != nil {
		return "", nil, fmt.Errorf("runtime.options.virtualenv is %s, which has no bin/python "+
			"(this host does not create it): python3 -m venv %s && %s -m pip install pulumi",
			venv, venv, interpreter)
	}
	return interpreter, activate(os.Environ(), venv), nil
}

// activate is env as `source VENV/bin/activate` leaves it: VIRTUAL_ENV set, its bin/ first on
// PATH, no PYTHONHOME (pulumi's python/toolchain.ActivateVirtualEnv, whose package would bring
// in forty more modules).
func activate(env []string, venv string) []string {
	out := []string{"VIRTUAL_ENV=" + venv, "PATH=" + filepath.Join(venv, "bin")}
	for _, kv := range env {
		key, value, _ := strings.Cut(kv, "=")
		switch key {
		case "PATH":
			out[1] += string(os.PathListSeparator) + value
		case "VIRTUAL_ENV", "PYTHONHOME":
		default:
			out = append(out, kv)
		}
	}
	return out
}

func (h *host) Run(ctx context.Context, req *pulumirpc.RunRequest) (*pulumirpc.RunResponse, error) {
	dir, entry := hostkit.ProgramDir(req)
	interpreter, env, err := python(req, dir)
	if err != nil {
		return nil, err
	}
	args := []string{"-u", "-c", execScript}
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
	flag("root_directory", req.GetInfo().GetRootDirectory())
	if req.GetParallel() > 0 {
		flag("parallel", strconv.Itoa(int(req.GetParallel())))
	}
	if req.GetDryRun() {
		args = append(args, "--dry_run")
	}
	args = append(args, entry)
	args = append(args, req.GetArgs()...)

	config, err := hostkit.ConfigEnv(req)
	if err != nil {
		return nil, err
	}
	return hostkit.RunProgram(ctx, h.engine, dir, append(env, config...), interpreter, args...)
}
