"""alibabacloud-ecs20140526 (Tea / darabonba, on alibabacloud-tea-openapi) against the emulator.

signature_algorithm unset signs ACS3-HMAC-SHA256; 'v2' switches to the RPC form (HMAC-SHA1).
"""
import re

from alibabacloud_ecs20140526 import models as ecs_models
from alibabacloud_ecs20140526.client import Client
from alibabacloud_tea_openapi import models as openapi_models
from alibabacloud_tea_openapi.exceptions import AlibabaCloudException

from plan import run


def client(plan, step):
    credentials = step["credentials"]
    config = openapi_models.Config(
        access_key_id=credentials["accessKeyId"],
        access_key_secret=credentials["accessKeySecret"],
        security_token=credentials.get("securityToken"),
        endpoint=plan["endpoint"],  # host:port, no scheme
        protocol="http",
        region_id=plan["regionId"],
        read_timeout=10000,
        connect_timeout=5000,
    )
    if step.get("signature") == "HMAC-SHA1":
        config.signature_algorithm = "v2"
    return Client(config)


def snake(action):
    return re.sub(r"(?<!^)(?=[A-Z])", "_", action).lower()


def call(plan, step, params):
    action = step["action"]
    request = getattr(ecs_models, f"{action}Request")().from_map(params)
    try:
        response = getattr(client(plan, step), snake(action))(request)
    except AlibabaCloudException as error:
        return {
            "ok": False,
            "error": {
                "type": type(error).__name__,
                "code": error.code,
                "status": error.status_code,
                "requestId": error.request_id,
                "message": error.message,
                "retryAfter": getattr(error, "retry_after", None),
            },
        }
    body = response.body.to_map()
    return {
        "ok": True,
        "status": response.status_code,
        "requestId": body.get("RequestId"),
        "body": body,
    }


if __name__ == "__main__":
    run(call)
