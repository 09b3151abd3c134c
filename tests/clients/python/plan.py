"""The plan protocol the jest tests speak with every client program (the Go one too).

stdin: {"endpoint": "127.0.0.1:PORT", "regionId": ..., "steps": [{"action", "params" (ECS wire
names), "signature": "ACS3-HMAC-SHA256" | "HMAC-SHA1", "credentials": {"accessKeyId",
"accessKeySecret", "securityToken"?}, "pages": "NextToken" | "PageNumber" | absent}]}.
stdout: one JSON line per answer the client surfaced: {"step", "action", "ok": true, "status"?,
"requestId", "body"} or {"step", "action", "ok": false, "error": {"type", "code", "status",
"requestId", "message"}}.
"""
import json
import sys

LIST_WRAPPERS = ("Instances", "SecurityGroups", "NetworkInterfaceSets")
MAX_PAGES = 50


def entries(body):
    """How many items a Describe* page holds (the one list wrapper in its body)."""
    for wrapper in LIST_WRAPPERS:
        inner = body.get(wrapper)
        if isinstance(inner, dict):
            for items in inner.values():
                if isinstance(items, list):
                    return len(items)
    return 0


def run(call):
    """Reads the plan, makes each step's calls with `call(plan, step, params)`, prints outcomes."""
    plan = json.load(sys.stdin)
    for index, step in enumerate(plan["steps"]):
        params = dict(step.get("params") or {})
        pages = step.get("pages")
        listed = 0
        for page in range(1, MAX_PAGES + 1):
            outcome = {"step": index, "action": step["action"], **call(plan, step, params)}
            print(json.dumps(outcome), flush=True)
            if not outcome["ok"] or not pages:
                break
            body = outcome["body"]
            if pages == "NextToken":
                if not body.get("NextToken"):
                    break
                params["NextToken"] = body["NextToken"]
            elif pages == "PageNumber":
                listed += entries(body)
                if listed >= int(body.get("TotalCount") or 0) or entries(body) == 0:
                    break
                params["PageNumber"] = page + 1
            else:
                sys.exit(f"pages must be NextToken or PageNumber, not {pages!r}")
