#!/usr/bin/env python3
"""Generates tests/vectors/companion-requests.json: golden request vectors for
six companion MPS actions (API 2020-10-28), taken from Alibaba Cloud's
official Python SDK.

Actions: QueryPushSchedulerList, CancelPushScheduler, RevokePushTask,
RevokePushMessage, QueryPushAnalysisTaskDetail, QueryPushAnalysisTaskList.

For every case the SDK builds and signs the request twice:
  v1  Config(signature_algorithm='v2'): RPC style, HMAC-SHA1 signature
  v3  the default: ACS3-HMAC-SHA256 in the Authorization header
The nonce, the timestamp and the user-agent are pinned by patching the SDK's
helpers, and the HTTP send is intercepted just before it would go out (a
canned {"RequestId":"x","ResultCode":"OK"} answer is returned), so nothing
touches the network and the output is the same on every run and machine.

The script recomputes every signature on its own (HMAC-SHA1 over the RPC
string-to-sign, ACS3-HMAC-SHA256 over the canonical request built from the
recorded headers and body) and stops with an error on any mismatch.

How to run (Python 3.11, from the repository root):

    VENV="$(mktemp -d)/venv"
    python3.11 -m venv "$VENV"
    "$VENV/bin/pip" install \\
        alibabacloud-mpaas20201028==3.4.1 alibabacloud-tea-openapi==0.4.6 \\
        darabonba-core==1.0.9 alibabacloud-credentials==1.0.12
    "$VENV/bin/python" tests/official_sdks/gen_companion_vectors.py

It writes tests/vectors/companion-requests.json (or the path given with
--out). With --check it writes nothing and exits 1 when the file on disk
differs from what it would write. Uses the standard library and the SDK only.
"""

import argparse
import base64
import hashlib
import hmac
import io
import json
import re
import sys
from pathlib import Path
from urllib.parse import parse_qsl, urlencode

from alibabacloud_mpaas20201028 import models as mpaas_models
from alibabacloud_mpaas20201028.client import Client
from alibabacloud_tea_openapi import utils as openapi_utils
from alibabacloud_tea_openapi.models import Config
from darabonba.core import DaraCore
from darabonba.response import DaraResponse
from darabonba.runtime import RuntimeOptions

GENERATED_WITH = (
    "alibabacloud-mpaas20201028 3.4.1 + alibabacloud-tea-openapi 0.4.6 "
    "(official Python SDK), tests/official_sdks/gen_companion_vectors.py"
)
DEFAULT_OUT = Path(__file__).resolve().parent.parent / "vectors" / "companion-requests.json"

ENDPOINT = "mpaas.cn-hangzhou.aliyuncs.com"
REGION = "cn-hangzhou"
API_VERSION = "2020-10-28"
TIMESTAMP = "2026-11-28T03:49:18Z"
# The SDK's default user-agent names the OS, CPU and Python patch version of
# the machine it runs on; it is pinned so the (signed) header is reproducible.
USER_AGENT = "AlibabaCloud (Linux; x86_64) Python/3.11 Core/0.4.3 TeaDSL/2"
V3_NOTE = (
    "the official SDK signs every header it sends; compare params, "
    "and check the signature with an independent verifier"
)

APP_ID = "ONEX570DA89211721"
WORKSPACE_ID = "test"
AK = {"accessKeyId": "testid", "accessKeySecret": "testsecret"}
STS = {
    "accessKeyId": "STS.testid",
    "accessKeySecret": "testsecret",
    "securityToken": "CAIS+sts/token=0",
}
# Milliseconds since the epoch around 2026-11-28.
T_START = 1795800000000
T_END = 1795900000000
PERCENT = "a b*c~d&e=f"


def base(**fields):
    return {"appId": APP_ID, "workspaceId": WORKSPACE_ID, **fields}


# (name, action, credentials, neutral camelCase request)
CASES = [
    # QueryPushSchedulerList
    ("scheduler-list-minimal", "QueryPushSchedulerList", AK,
     base(startTime=T_START, endTime=T_END)),
    ("scheduler-list-all-optional", "QueryPushSchedulerList", AK,
     base(startTime=T_START, endTime=T_END, type=0, uniqueId="1795812345678001",
          pageNumber=2, pageSize=50, tenantId="tenant-01")),
    ("scheduler-list-percent-encoding", "QueryPushSchedulerList", AK,
     base(startTime=T_START, endTime=T_END, type=1, uniqueId=PERCENT)),
    ("scheduler-list-sts", "QueryPushSchedulerList", STS,
     base(startTime=T_START, endTime=T_END, pageNumber=1, pageSize=20)),
    # CancelPushScheduler
    ("cancel-scheduler-one-id", "CancelPushScheduler", AK,
     base(uniqueIds=["1795812345678001"])),
    ("cancel-scheduler-several-ids-all-optional", "CancelPushScheduler", AK,
     base(uniqueIds=["1795812345678001", "1795812345678002", "1795812345678003"],
          type=1, tenantId="tenant-01")),
    ("cancel-scheduler-type-zero", "CancelPushScheduler", AK,
     base(uniqueIds=["1795812345678001", "1795812345678002"], type=0)),
    ("cancel-scheduler-percent-encoding", "CancelPushScheduler", AK,
     base(uniqueIds=["id 1", "id*2", "id~3&x=y", "定时4"])),
    # RevokePushTask
    ("revoke-task-minimal", "RevokePushTask", AK,
     base(taskId="31052858")),
    ("revoke-task-tenant", "RevokePushTask", AK,
     base(taskId="31052858", tenantId="tenant-01")),
    ("revoke-task-percent-encoding", "RevokePushTask", AK,
     base(taskId=PERCENT)),
    # RevokePushMessage
    ("revoke-message-minimal", "RevokePushMessage", AK,
     base(messageId="1578807462788", targetId="user-0001")),
    ("revoke-message-tenant", "RevokePushMessage", AK,
     base(messageId="1578807462788", targetId="user-0001", tenantId="tenant-01")),
    ("revoke-message-non-ascii-percent", "RevokePushMessage", AK,
     base(messageId=PERCENT, targetId="用户 张三*~")),
    ("revoke-message-sts", "RevokePushMessage", STS,
     base(messageId="1578807462788", targetId="user-0001")),
    # QueryPushAnalysisTaskDetail
    ("analysis-detail-minimal", "QueryPushAnalysisTaskDetail", AK,
     base(taskId="31052858")),
    ("analysis-detail-tenant", "QueryPushAnalysisTaskDetail", AK,
     base(taskId="31052858", tenantId="tenant-01")),
    ("analysis-detail-percent-encoding", "QueryPushAnalysisTaskDetail", AK,
     base(taskId=PERCENT)),
    # QueryPushAnalysisTaskList
    ("analysis-list-minimal", "QueryPushAnalysisTaskList", AK,
     base(startTime=T_START)),
    ("analysis-list-all-optional", "QueryPushAnalysisTaskList", AK,
     base(startTime=T_START, taskId="31052858", taskName="群发测试任务",
          pageNumber=3, pageSize=100, tenantId="tenant-01")),
    ("analysis-list-non-ascii-task-name", "QueryPushAnalysisTaskList", AK,
     base(startTime=T_START, taskName="群发测试任务")),
    ("analysis-list-percent-encoding", "QueryPushAnalysisTaskList", AK,
     base(startTime=T_START, taskName="task " + PERCENT, pageNumber=1, pageSize=10)),
]


def snake(name):
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def to_sdk_request(action, neutral):
    """Maps the neutral camelCase request to the SDK's request model."""
    kwargs = {}
    for key, value in neutral.items():
        if key == "uniqueIds":
            # The SDK takes UniqueIds as one comma-separated string.
            value = ",".join(value)
        kwargs[snake(key)] = value  # an unknown field raises TypeError
    return getattr(mpaas_models, action + "Request")(**kwargs)


# ---- pinning and interception -------------------------------------------

class _Pins:
    nonce = None
    sent = None


def _fake_do_action(request, runtime_option=None):
    """Records the request as the SDK would send it and answers OK."""
    body = request.body
    if isinstance(body, bytes):
        body = body.decode("utf-8")
    _Pins.sent = {
        "method": request.method,
        "pathname": request.pathname,
        "query": dict(request.query or {}),
        "headers": dict(request.headers or {}),
        "body": body or "",
    }
    response = DaraResponse()
    response.status_code = 200
    response.status_message = "OK"
    response.headers = {"content-type": "application/json;charset=utf-8"}
    response.body = io.BytesIO(b'{"RequestId":"x","ResultCode":"OK"}')
    return response


def install_pins():
    utils = openapi_utils.Utils
    utils.get_timestamp = staticmethod(lambda: TIMESTAMP)
    utils.get_nonce = staticmethod(lambda: _Pins.nonce)
    utils.get_user_agent = staticmethod(
        lambda user_agent=None: USER_AGENT + (" " + user_agent if user_agent else "")
    )
    DaraCore.do_action = staticmethod(_fake_do_action)


def pinned_nonce(name, flavour):
    return hashlib.md5(f"{name}/{flavour}".encode("utf-8")).hexdigest()


def call_sdk(action, credentials, neutral, signature_algorithm, nonce):
    config = Config(
        access_key_id=credentials["accessKeyId"],
        access_key_secret=credentials["accessKeySecret"],
        security_token=credentials.get("securityToken"),
        endpoint=ENDPOINT,
        region_id=REGION,
        signature_algorithm=signature_algorithm,
    )
    client = Client(config)
    method = getattr(client, snake(action) + "_with_options")
    _Pins.nonce = nonce
    _Pins.sent = None
    response = method(to_sdk_request(action, neutral), RuntimeOptions())
    assert response.body.result_code == "OK", response.body
    assert _Pins.sent is not None, "the SDK sent nothing"
    return _Pins.sent


# ---- independent verifiers ------------------------------------------------

_UNRESERVED = set(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~")


def pe(text):
    """RFC 3986 percent-encoding: space %20, '*' %2A, '~' kept, upper hex."""
    return "".join(
        chr(b) if b in _UNRESERVED else "%%%02X" % b for b in text.encode("utf-8")
    )


def v1_signature(signed_params, secret):
    canonical = "&".join(f"{pe(k)}={pe(v)}" for k, v in sorted(signed_params.items()))
    string_to_sign = "POST&%2F&" + pe(canonical)
    mac = hmac.new((secret + "&").encode("utf-8"), string_to_sign.encode("utf-8"), hashlib.sha1)
    return base64.b64encode(mac.digest()).decode("ascii")


def v3_authorization(method, pathname, query, headers, body, key_id, secret):
    auth = headers["authorization"]
    match = re.fullmatch(
        r"ACS3-HMAC-SHA256 Credential=([^,]+),SignedHeaders=([^,]+),Signature=([0-9a-f]{64})",
        auth,
    )
    if not match:
        raise SystemExit(f"unexpected authorization header: {auth}")
    if match.group(1) != key_id:
        raise SystemExit(f"credential {match.group(1)!r} != {key_id!r}")
    signed = match.group(2).split(";")
    canonical_query = "&".join(f"{pe(k)}={pe(v)}" for k, v in sorted(query.items()))
    canonical_headers = "".join(f"{h}:{headers[h].strip()}\n" for h in signed)
    payload = hashlib.sha256(body.encode("utf-8")).hexdigest()
    if headers.get("x-acs-content-sha256") != payload:
        raise SystemExit("x-acs-content-sha256 does not match the body")
    canonical_request = "\n".join(
        [method, pathname or "/", canonical_query, canonical_headers, ";".join(signed), payload]
    )
    string_to_sign = "ACS3-HMAC-SHA256\n" + hashlib.sha256(
        canonical_request.encode("utf-8")
    ).hexdigest()
    signature = hmac.new(
        secret.encode("utf-8"), string_to_sign.encode("utf-8"), hashlib.sha256
    ).hexdigest()
    return f"ACS3-HMAC-SHA256 Credential={key_id},SignedHeaders={';'.join(signed)},Signature={signature}"


def check(condition, message):
    if not condition:
        raise SystemExit("self-check failed: " + message)


# ---- one case -------------------------------------------------------------

def sorted_map(m):
    return {k: m[k] for k in sorted(m)}


def form_params(body):
    params = dict(parse_qsl(body, keep_blank_values=True, strict_parsing=bool(body)))
    check(urlencode(sorted_map(params)) == body, f"form body does not round-trip: {body}")
    return sorted_map(params)


def build_case(name, action, credentials, neutral):
    key_id = credentials["accessKeyId"]
    secret = credentials["accessKeySecret"]

    # V1: RPC HMAC-SHA1.
    nonce1 = pinned_nonce(name, "v1")
    sent1 = call_sdk(action, credentials, neutral, "v2", nonce1)
    check(sent1["method"] == "POST", f"{name}: v1 method {sent1['method']}")
    query1 = {k: str(v) for k, v in sent1["query"].items()}
    body1 = form_params(sent1["body"])
    signature = query1.get("Signature")
    check(signature is not None, f"{name}: v1 sent no Signature")
    signed = {k: v for k, v in query1.items() if k != "Signature"}
    check(not set(signed) & set(body1), f"{name}: v1 query and body overlap")
    signed.update(body1)
    check(v1_signature(signed, secret) == signature,
          f"{name}: v1 signature {signature} != independent recomputation")
    check(signed["SignatureNonce"] == nonce1 and signed["Timestamp"] == TIMESTAMP,
          f"{name}: v1 nonce/timestamp not pinned")
    check(signed["Action"] == action and signed["Version"] == API_VERSION,
          f"{name}: v1 Action/Version")
    headers1 = {k.lower(): str(v) for k, v in sent1["headers"].items()}

    # V3: ACS3-HMAC-SHA256.
    nonce3 = pinned_nonce(name, "v3")
    sent3 = call_sdk(action, credentials, neutral, None, nonce3)
    check(sent3["method"] == "POST", f"{name}: v3 method {sent3['method']}")
    headers3 = {}
    for k, v in sent3["headers"].items():
        check(k.lower() not in headers3, f"{name}: duplicate header {k}")
        headers3[k.lower()] = str(v)
    query3 = {k: str(v) for k, v in sent3["query"].items()}
    body3 = form_params(sent3["body"])
    check(headers3.get("x-acs-signature-nonce") == nonce3, f"{name}: v3 nonce not pinned")
    check(headers3.get("x-acs-date") == TIMESTAMP, f"{name}: v3 date not pinned")
    expected = v3_authorization(
        sent3["method"], sent3["pathname"], query3, headers3, sent3["body"], key_id, secret
    )
    check(expected == headers3["authorization"],
          f"{name}: v3 authorization {headers3['authorization']} != {expected}")
    signed_headers = headers3["authorization"].split("SignedHeaders=")[1].split(",")[0]
    check(signed_headers.split(";") == sorted(set(headers3) - {"authorization"}),
          f"{name}: v3 did not sign every header it sent")

    return {
        "name": name,
        "action": action,
        "credentials": credentials,
        "request": neutral,
        "v1": {
            "method": "POST",
            "nonce": nonce1,
            "timestamp": TIMESTAMP,
            "apiVersion": API_VERSION,
            "signedParams": sorted_map(signed),
            "signature": signature,
            "queryParams": sorted_map(query1),
            "bodyParams": body1,
            "body": sent1["body"],
            "headers": sorted_map(headers1),
        },
        "v3": {
            "method": "POST",
            "nonce": nonce3,
            "date": TIMESTAMP,
            "queryParams": sorted_map(query3),
            "bodyParams": body3,
            "body": sent3["body"],
            "headers": sorted_map(headers3),
            "note": V3_NOTE,
        },
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--check", action="store_true",
                        help="write nothing; exit 1 if the file would change")
    args = parser.parse_args()

    install_pins()
    cases = [build_case(*case) for case in CASES]
    text = json.dumps(
        {"generatedWith": GENERATED_WITH, "cases": cases}, ensure_ascii=False, indent=1
    )
    if args.check:
        current = args.out.read_text(encoding="utf-8") if args.out.exists() else None
        if current != text:
            print(f"{args.out} is out of date", file=sys.stderr)
            return 1
        print(f"{args.out} is up to date ({len(cases)} cases)")
        return 0
    args.out.write_text(text, encoding="utf-8")
    print(f"wrote {len(cases)} cases to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
