package main

// github.com/aliyun/alibaba-cloud-sdk-go (the SDK v1, which the Terraform provider uses): typed
// ECS requests, RPC signature v1.0 (HMAC-SHA1) only, pointed at the emulator per request by
// Domain and Scheme.

import (
	"errors"
	"fmt"
	"reflect"
	"time"

	sdkerrors "github.com/aliyun/alibaba-cloud-sdk-go/sdk/errors"
	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/requests"
	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/responses"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/ecs"
)

func v1Client(p *plan, s *step) *ecs.Client {
	c := s.Credentials
	var client *ecs.Client
	var err error
	if c.SecurityToken != "" {
		client, err = ecs.NewClientWithStsToken(p.RegionID, c.AccessKeyID, c.AccessKeySecret, c.SecurityToken)
	} else {
		client, err = ecs.NewClientWithAccessKey(p.RegionID, c.AccessKeyID, c.AccessKeySecret)
	}
	if err != nil {
		fail("ecs.NewClient: %v", err)
	}
	client.SetReadTimeout(10 * time.Second)
	client.SetConnectTimeout(5 * time.Second)
	return client
}

// v1Request makes the typed request and response of an action.
func v1Request(action string) (requests.AcsRequest, responses.AcsResponse) {
	switch action {
	case "JoinSecurityGroup":
		return ecs.CreateJoinSecurityGroupRequest(), ecs.CreateJoinSecurityGroupResponse()
	case "LeaveSecurityGroup":
		return ecs.CreateLeaveSecurityGroupRequest(), ecs.CreateLeaveSecurityGroupResponse()
	case "DescribeInstanceAttribute":
		return ecs.CreateDescribeInstanceAttributeRequest(), ecs.CreateDescribeInstanceAttributeResponse()
	case "DescribeInstances":
		return ecs.CreateDescribeInstancesRequest(), ecs.CreateDescribeInstancesResponse()
	case "DescribeNetworkInterfaces":
		return ecs.CreateDescribeNetworkInterfacesRequest(), ecs.CreateDescribeNetworkInterfacesResponse()
	case "DescribeSecurityGroups":
		return ecs.CreateDescribeSecurityGroupsRequest(), ecs.CreateDescribeSecurityGroupsResponse()
	}
	fail("action %s is not in this program", action)
	return nil, nil
}

// setFields sets a v1 request's fields from wire-named params, by their `name` tags.
func setFields(request requests.AcsRequest, params map[string]interface{}) {
	v := reflect.ValueOf(request).Elem()
	t := v.Type()
	for name, value := range params {
		if name == "RegionId" { // a field of the embedded RpcRequest; the signer adds the client's otherwise
			request.GetQueryParams()[name] = fmt.Sprint(value)
			continue
		}
		found := false
		for i := 0; i < t.NumField(); i++ {
			if t.Field(i).Tag.Get("name") != name {
				continue
			}
			found = true
			field := v.Field(i)
			switch field.Kind() {
			case reflect.String: // string and requests.Integer / requests.Boolean
				field.SetString(fmt.Sprint(value))
			case reflect.Ptr: // *[]string, for Repeated parameters
				var list []string
				for _, item := range value.([]interface{}) {
					list = append(list, fmt.Sprint(item))
				}
				field.Set(reflect.ValueOf(&list))
			default:
				fail("%s: field %s of kind %s", t.Name(), name, field.Kind())
			}
		}
		if !found {
			fail("%s has no parameter %s", t.Name(), name)
		}
	}
}

func callV1(p *plan, s *step, params map[string]interface{}) outcome {
	if s.Signature != "" && s.Signature != "HMAC-SHA1" {
		fail("the SDK v1 signs HMAC-SHA1 only, not %s", s.Signature)
	}
	client := v1Client(p, s)
	request, response := v1Request(s.Action)
	setFields(request, params)
	request.SetDomain(p.Endpoint) // host:port
	request.SetScheme("http")
	if err := client.DoAction(request, response); err != nil {
		return outcome{Error: v1Failure(err)}
	}
	m := asMap(response)
	requestID, _ := m["RequestId"].(string)
	return outcome{OK: true, Status: response.GetHttpStatus(), RequestID: requestID, Body: m}
}

func v1Failure(err error) *failure {
	f := &failure{Type: fmt.Sprintf("%T", err), Message: err.Error()}
	var server *sdkerrors.ServerError
	if errors.As(err, &server) {
		f.Code = server.ErrorCode()
		f.Status = server.HttpStatus()
		f.RequestID = server.RequestId()
		f.Message = server.Message()
		f.Recommend = server.Recommend()
	}
	return f
}
