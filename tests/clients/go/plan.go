package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
)

// The plan the jest test hands over on stdin: one endpoint, then the calls to make in order.
// Params are ECS wire names (PascalCase), as in reference/ecs-api.md.
type plan struct {
	SDK      string `json:"sdk"`
	Endpoint string `json:"endpoint"` // 127.0.0.1:PORT
	RegionID string `json:"regionId"`
	Steps    []step `json:"steps"`
}

type step struct {
	Action      string                 `json:"action"`
	Params      map[string]interface{} `json:"params"`
	Signature   string                 `json:"signature"` // ACS3-HMAC-SHA256 | HMAC-SHA1
	Credentials credentials            `json:"credentials"`
	// Pages: "NextToken" follows NextToken until a page has none; "PageNumber" asks for the
	// next page until TotalCount entries were listed. Empty: one call.
	Pages string `json:"pages"`
}

type credentials struct {
	AccessKeyID     string `json:"accessKeyId"`
	AccessKeySecret string `json:"accessKeySecret"`
	SecurityToken   string `json:"securityToken"`
}

// One line of output per HTTP answer the client surfaced.
type outcome struct {
	Step      int                    `json:"step"`
	Action    string                 `json:"action"`
	OK        bool                   `json:"ok"`
	Status    int                    `json:"status,omitempty"`
	RequestID string                 `json:"requestId,omitempty"`
	Body      map[string]interface{} `json:"body,omitempty"`
	Error     *failure               `json:"error,omitempty"`
}

// What the client's error value says, read through the SDK's own accessors.
type failure struct {
	Type      string `json:"type"`
	Code      string `json:"code"`
	Status    int    `json:"status"`
	RequestID string `json:"requestId"`
	Message   string `json:"message"`
	Recommend string `json:"recommend,omitempty"`
}

// A client of one SDK: makes one call and tells what it saw.
type caller func(p *plan, s *step, params map[string]interface{}) outcome

func main() {
	input, err := io.ReadAll(os.Stdin)
	if err != nil {
		fail("reading the plan from stdin: %v", err)
	}
	var p plan
	if err := json.Unmarshal(input, &p); err != nil {
		fail("the plan on stdin is not JSON: %v", err)
	}
	callers := map[string]caller{"darabonba": callDarabonba, "v1": callV1}
	call, known := callers[p.SDK]
	if !known {
		fail("sdk must be darabonba or v1, not %q", p.SDK)
	}
	out := json.NewEncoder(os.Stdout)
	for i := range p.Steps {
		for _, o := range run(&p, i, call) {
			if err := out.Encode(o); err != nil {
				fail("writing: %v", err)
			}
		}
	}
}

// run makes step i's call, following pages if asked to.
func run(p *plan, i int, call caller) []outcome {
	s := &p.Steps[i]
	params := map[string]interface{}{}
	for k, v := range s.Params {
		params[k] = v
	}
	var seen []outcome
	listed := 0
	for page := 1; page <= 50; page++ {
		o := call(p, s, params)
		o.Step, o.Action = i, s.Action
		seen = append(seen, o)
		if !o.OK || s.Pages == "" {
			break
		}
		switch s.Pages {
		case "NextToken":
			next, _ := o.Body["NextToken"].(string)
			if next == "" {
				return seen
			}
			params["NextToken"] = next
		case "PageNumber":
			listed += entries(o.Body)
			total, _ := o.Body["TotalCount"].(float64)
			if listed >= int(total) || entries(o.Body) == 0 {
				return seen
			}
			params["PageNumber"] = page + 1
		default:
			fail("pages must be NextToken or PageNumber, not %q", s.Pages)
		}
	}
	return seen
}

// entries counts the items of a Describe* page (the one list wrapper in its body).
func entries(body map[string]interface{}) int {
	for _, wrapper := range []string{"Instances", "SecurityGroups", "NetworkInterfaceSets"} {
		if w, ok := body[wrapper].(map[string]interface{}); ok {
			for _, list := range w {
				if items, ok := list.([]interface{}); ok {
					return len(items)
				}
			}
		}
	}
	return 0
}

// asMap turns an SDK response model into its wire-named JSON object.
func asMap(model interface{}) map[string]interface{} {
	raw, err := json.Marshal(model)
	if err != nil {
		fail("encoding a response: %v", err)
	}
	var m map[string]interface{}
	if err := json.Unmarshal(raw, &m); err != nil {
		fail("decoding a response: %v", err)
	}
	return m
}

func fail(format string, args ...interface{}) {
	fmt.Fprintf(os.Stderr, "ecs-clients: "+format+"\n", args...)
	os.Exit(2)
}
