package main

// github.com/alibabacloud-go/ecs-20140526/v7 on darabonba-openapi v2: the generated client
// pointed at the emulator. SignatureAlgorithm unset signs ACS3-HMAC-SHA256; "v2" switches to
// the RPC form (HMAC-SHA1) through DoRPCRequest.

import (
	"encoding/json"
	"errors"
	"fmt"

	openapiutil "github.com/alibabacloud-go/darabonba-openapi/v2/utils"
	ecs "github.com/alibabacloud-go/ecs-20140526/v7/client"
	"github.com/alibabacloud-go/tea/dara"
	"github.com/alibabacloud-go/tea/tea"
)

func darabonbaClient(p *plan, s *step) *ecs.Client {
	config := &openapiutil.Config{
		AccessKeyId:     tea.String(s.Credentials.AccessKeyID),
		AccessKeySecret: tea.String(s.Credentials.AccessKeySecret),
		Endpoint:        tea.String(p.Endpoint), // host:port, no scheme
		Protocol:        tea.String("http"),
		RegionId:        tea.String(p.RegionID),
		ReadTimeout:     tea.Int(10000),
		ConnectTimeout:  tea.Int(5000),
	}
	if s.Credentials.SecurityToken != "" {
		config.SecurityToken = tea.String(s.Credentials.SecurityToken)
	}
	if s.Signature == "HMAC-SHA1" {
		config.SignatureAlgorithm = tea.String("v2")
	}
	client, err := ecs.NewClient(config)
	if err != nil {
		fail("ecs.NewClient: %v", err)
	}
	return client
}

// fill sets a request model from wire-named params: the models' json tags are the wire names.
func fill(request interface{}, params map[string]interface{}) {
	raw, _ := json.Marshal(params)
	if err := json.Unmarshal(raw, request); err != nil {
		fail("params %s do not fit %T: %v", raw, request, err)
	}
}

func callDarabonba(p *plan, s *step, params map[string]interface{}) outcome {
	client := darabonbaClient(p, s)
	runtime := &dara.RuntimeOptions{}
	var status *int32
	var body interface{}
	var err error
	switch s.Action {
	case "JoinSecurityGroup":
		req := &ecs.JoinSecurityGroupRequest{}
		fill(req, params)
		var res *ecs.JoinSecurityGroupResponse
		if res, err = client.JoinSecurityGroupWithOptions(req, runtime); err == nil {
			status, body = res.StatusCode, res.Body
		}
	case "LeaveSecurityGroup":
		req := &ecs.LeaveSecurityGroupRequest{}
		fill(req, params)
		var res *ecs.LeaveSecurityGroupResponse
		if res, err = client.LeaveSecurityGroupWithOptions(req, runtime); err == nil {
			status, body = res.StatusCode, res.Body
		}
	case "DescribeInstanceAttribute":
		req := &ecs.DescribeInstanceAttributeRequest{}
		fill(req, params)
		var res *ecs.DescribeInstanceAttributeResponse
		if res, err = client.DescribeInstanceAttributeWithOptions(req, runtime); err == nil {
			status, body = res.StatusCode, res.Body
		}
	case "DescribeInstances":
		req := &ecs.DescribeInstancesRequest{}
		fill(req, params)
		var res *ecs.DescribeInstancesResponse
		if res, err = client.DescribeInstancesWithOptions(req, runtime); err == nil {
			status, body = res.StatusCode, res.Body
		}
	case "DescribeNetworkInterfaces":
		req := &ecs.DescribeNetworkInterfacesRequest{}
		fill(req, params)
		var res *ecs.DescribeNetworkInterfacesResponse
		if res, err = client.DescribeNetworkInterfacesWithOptions(req, runtime); err == nil {
			status, body = res.StatusCode, res.Body
		}
	case "DescribeSecurityGroups":
		req := &ecs.DescribeSecurityGroupsRequest{}
		fill(req, params)
		var res *ecs.DescribeSecurityGroupsResponse
		if res, err = client.DescribeSecurityGroupsWithOptions(req, runtime); err == nil {
			status, body = res.StatusCode, res.Body
		}
	default:
		fail("action %s is not in this program", s.Action)
	}
	if err != nil {
		return outcome{Error: darabonbaFailure(err)}
	}
	m := asMap(body)
	requestID, _ := m["RequestId"].(string)
	return outcome{OK: true, Status: int(tea.Int32Value(status)), RequestID: requestID, Body: m}
}

// darabonbaFailure reads the *tea.SDKError the client returns by default (DisableSDKError unset).
func darabonbaFailure(err error) *failure {
	f := &failure{Type: fmt.Sprintf("%T", err), Message: err.Error()}
	var sdkErr *tea.SDKError
	if errors.As(err, &sdkErr) {
		f.Code = tea.StringValue(sdkErr.Code)
		f.Status = tea.IntValue(sdkErr.StatusCode)
		var data map[string]interface{}
		if json.Unmarshal([]byte(tea.StringValue(sdkErr.Data)), &data) == nil {
			f.RequestID, _ = data["RequestId"].(string)
		}
	}
	return f
}
