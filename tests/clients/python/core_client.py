"""aliyun-python-sdk-core + aliyun-python-sdk-ecs (the RPC SDK: signature v1.0, HMAC-SHA1 only)
against the emulator. Typed requests, pointed at it per request by endpoint and protocol.
"""
import importlib
import json

from aliyunsdkcore.acs_exception.exceptions import ClientException, ServerException
from aliyunsdkcore.auth.credentials import AccessKeyCredential, StsTokenCredential
from aliyunsdkcore.client import AcsClient

from plan import run


def client(plan, step):
    c = step["credentials"]
    if c.get("securityToken"):
        credential = StsTokenCredential(c["accessKeyId"], c["accessKeySecret"], c["securityToken"])
    else:
        credential = AccessKeyCredential(c["accessKeyId"], c["accessKeySecret"])
    return AcsClient(region_id=plan["regionId"], credential=credential, timeout=10, connect_timeout=5)


def request_for(plan, action, params):
    module = importlib.import_module(f"aliyunsdkecs.request.v20140526.{action}Request")
    request = getattr(module, f"{action}Request")()
    for name, value in params.items():
        # The typed setter (lists: set_<Name>s, a RepeatList); RegionId has none.
        setter = getattr(request, f"set_{name}s" if isinstance(value, list) else f"set_{name}", None)
        if setter:
            setter(value)
        elif name == "RegionId":
            request.add_query_param(name, value)
        else:
            raise SystemExit(f"{action}Request has no setter for {name}")
    request.set_endpoint(plan["endpoint"])  # host:port
    request.set_protocol_type("http")
    return request


def call(plan, step, params):
    if step.get("signature") not in (None, "HMAC-SHA1"):
        raise SystemExit(f"aliyun-python-sdk-core signs HMAC-SHA1 only, not {step['signature']}")
    request = request_for(plan, step["action"], params)
    try:
        raw = client(plan, step).do_action_with_exception(request)
    except ServerException as error:
        return {
            "ok": False,
            "error": {
                "type": type(error).__name__,
                "code": error.get_error_code(),
                "status": error.get_http_status(),
                "requestId": error.get_request_id(),
                "message": error.get_error_msg(),
            },
        }
    except ClientException as error:
        return {
            "ok": False,
            "error": {
                "type": type(error).__name__,
                "code": error.get_error_code(),
                "message": error.get_error_msg(),
            },
        }
    body = json.loads(raw)
    # The SDK hands back the body only: no HTTP status on success.
    return {"ok": True, "requestId": body.get("RequestId"), "body": body}


if __name__ == "__main__":
    run(call)
