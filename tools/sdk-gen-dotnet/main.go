// Command sdk-gen-dotnet writes the .NET SDK of a Pulumi package schema with pkg/v3's C#
// generator:
//
//	sdk-gen-dotnet -schema sdk/schema.json -out sdk
//
// It is tools/sdk-gen's .NET counterpart, a module of its own because pkg/v3 dropped
// codegen/dotnet after v3.225.1 (it moved to github.com/pulumi/pulumi-dotnet, which the Go
// module proxy here does not serve), while tools/sdk-gen needs v3.276.0. It writes OUT/dotnet,
// replaced whole so that no stale file survives, and makes no network requests (see
// offlineLogo). Run it through scripts/gen-sdk-dotnet.sh. go.sum was written with GOSUMDB=off
// (the checksum database is unreachable here): GOSUMDB=off GOFLAGS=-mod=mod go mod tidy
package main

import (
	"flag"
	"fmt"
	"net/http"
	"os"
	"path/filepath"

	"github.com/pulumi/pulumi/pkg/v3/codegen/dotnet"
)

// tool names the generator in the files' "do not edit" headers.
const tool = "sdk-gen-dotnet"

func main() {
	schemaPath := flag.String("schema", "", "the package schema (JSON)")
	out := flag.String("out", "", "the directory to write dotnet/ into")
	flag.Parse()
	if *schemaPath == "" || *out == "" {
		flag.Usage()
		os.Exit(2)
	}
	if err := run(*schemaPath, *out); err != nil {
		fmt.Fprintf(os.Stderr, "sdk-gen-dotnet: %v\n", err)
		os.Exit(1)
	}
}

func run(schemaPath, out string) error {
	// The generator downloads the package's logo (logo.png, the NuGet package icon) with
	// net/http's default client; serve it from the binary instead.
	http.DefaultTransport = offlineLogo{}
	pkg, err := bind(schemaPath)
	if err != nil {
		return err
	}
	files, err := dotnet.GeneratePackage(tool, pkg, nil, nil)
	if err != nil {
		return fmt.Errorf("generating the dotnet SDK: %w", err)
	}
	return writeTree(filepath.Join(out, "dotnet"), files)
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
