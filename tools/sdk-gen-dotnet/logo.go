package main

import (
	"bytes"
	_ "embed"
	"fmt"
	"io"
	"net/http"
)

// defaultLogoURL is the logo dotnet.GeneratePackage fetches for a schema without logoUrl.
const defaultLogoURL = "https://raw.githubusercontent.com/pulumi/pulumi/" +
	"dbc96206bec722b7791a22ff50e895ab7c0abdc0/sdk/dotnet/pulumi_logo_64x64.png"

// pulumiLogo is that file: the copy the generator wrote into its own test data
// (pkg/v3@v3.219.0/codegen/dotnet/testdata/*/logo.png, sha256 5eaacfd3...).
//
//go:embed pulumi-logo.png
var pulumiLogo []byte

// offlineLogo answers a GET of defaultLogoURL with pulumiLogo and refuses every other request,
// so generating needs no network and always writes the same logo.png.
type offlineLogo struct{}

func (offlineLogo) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.Method != http.MethodGet || r.URL.String() != defaultLogoURL {
		return nil, fmt.Errorf("sdk-gen-dotnet makes no network requests (%s %s): "+
			"it serves only the default logo, for a schema without logoUrl", r.Method, r.URL)
	}
	return &http.Response{
		StatusCode:    http.StatusOK,
		Status:        "200 OK",
		Proto:         "HTTP/1.1",
		ProtoMajor:    1,
		ProtoMinor:    1,
		Header:        http.Header{"Content-Type": {"image/png"}},
		Body:          io.NopCloser(bytes.NewReader(pulumiLogo)),
		ContentLength: int64(len(pulumiLogo)),
		Request:       r,
	}, nil
}
