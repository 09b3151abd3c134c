// Command sdk-gen writes the SDKs of a Pulumi package schema with pkg/v3's code generators:
//
//	sdk-gen -schema sdk/schema.json -out sdk
//
// It stands in for `pulumi package gen-sdk`, which asks the language host to generate the SDK
// and fails with ours (`method GeneratePackage not implemented`). It writes OUT/nodejs,
// OUT/python (plus OUT/python/README.md, which its pyproject.toml names) and OUT/go (plus
// OUT/go/go.mod, requiring the github.com/pulumi/pulumi/sdk/v3 this program is built with,
// whose API the generated code calls, for `go mod tidy` to complete), each directory replaced
// whole so that no stale file survives. .NET is not
// generated: pkg/v3 no longer holds its generator (it moved to the pulumi-dotnet module).
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"

	gogen "github.com/pulumi/pulumi/pkg/v3/codegen/go"
	"github.com/pulumi/pulumi/pkg/v3/codegen/nodejs"
	"github.com/pulumi/pulumi/pkg/v3/codegen/python"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
)

// tool names the generator in the files' "do not edit" headers.
const tool = "sdk-gen"

func main() {
	schemaPath := flag.String("schema", "", "the package schema (JSON)")
	out := flag.String("out", "", "the directory to write nodejs/, python/ and go/ into")
	flag.Parse()
	if *schemaPath == "" || *out == "" {
		flag.Usage()
		os.Exit(2)
	}
	if err := run(*schemaPath, *out); err != nil {
		fmt.Fprintf(os.Stderr, "sdk-gen: %v\n", err)
		os.Exit(1)
	}
}

func run(schemaPath, out string) error {
	goSDKVersion, err := builtWith("github.com/pulumi/pulumi/sdk/v3")
	if err != nil {
		return err
	}
	generators := []struct {
		dir      string
		generate func(*schema.Package) (map[string][]byte, error)
	}{
		{"nodejs", func(p *schema.Package) (map[string][]byte, error) {
			return nodejs.GeneratePackage(tool, p, nil, nil, false, noPackages{})
		}},
		{"python", func(p *schema.Package) (map[string][]byte, error) {
			files, err := python.GeneratePackage(tool, p, nil, noPackages{})
			if err != nil {
				return nil, err
			}
			// pyproject.toml names README.md beside it, which the generator writes into the
			// package only; without it `pip install` fails.
			info, _ := p.Language["python"].(python.PackageInfo)
			files["README.md"] = files[info.PackageName+"/README.md"]
			return files, nil
		}},
		{"go", func(p *schema.Package) (map[string][]byte, error) {
			files, err := gogen.GeneratePackage(tool, p, nil)
			if err != nil {
				return nil, err
			}
			mod, err := goModFile(p, goSDKVersion)
			files["go.mod"] = mod
			return files, err
		}},
	}
	for _, g := range generators {
		// Each generator fills in the package's language info as it goes: bind afresh for each.
		pkg, err := bind(schemaPath)
		if err != nil {
			return err
		}
		files, err := g.generate(pkg)
		if err != nil {
			return fmt.Errorf("generating the %s SDK: %w", g.dir, err)
		}
		if err := writeTree(filepath.Join(out, g.dir), files); err != nil {
			return err
		}
	}
	return nil
}

// bind reads and validates the schema.
func bind(path string) (*schema.Package, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var spec schema.PackageSpec
	if err := json.Unmarshal(data, &spec); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	pkg, diags, err := schema.BindSpec(spec, noPackages{}, schema.ValidationOptions{})
	if err != nil {
		return nil, fmt.Errorf("binding %s: %w", path, err)
	}
	if diags.HasErrors() {
		return nil, fmt.Errorf("binding %s: %s", path, diags.Error())
	}
	return pkg, nil
}

// goModFile is the Go SDK's go.mod: the module is importBasePath less its last element (the
// package directory), so that the module lives in OUT/go. `go mod tidy` raises the go
// directive to what the Pulumi SDK needs and adds the rest.
func goModFile(pkg *schema.Package, sdkVersion string) ([]byte, error) {
	info, _ := pkg.Language["go"].(gogen.GoPackageInfo)
	base := info.ImportBasePath
	slash := strings.LastIndex(base, "/")
	if slash < 0 {
		return nil, fmt.Errorf("language.go.importBasePath %q has no module part", base)
	}
	return []byte(fmt.Sprintf("module %s\n\ngo 1.21\n\nrequire github.com/pulumi/pulumi/sdk/v3 %s\n",
		base[:slash], sdkVersion)), nil
}

// builtWith is the version of module path that this program is built with.
func builtWith(path string) (string, error) {
	info, ok := debug.ReadBuildInfo()
	if ok {
		for _, dep := range info.Deps {
			if dep.Path == path {
				return dep.Version, nil
			}
		}
	}
	return "", fmt.Errorf("no build information about %s in this binary", path)
}

// writeTree replaces dir with exactly files (paths relative to dir).
func writeTree(dir string, files map[string][]byte) error {
	if err := os.RemoveAll(dir); err != nil {
		return err
	}
	for name, data := range files {
		path := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(path, data, 0o644); err != nil {
			return err
		}
	}
	return nil
}
