#!/usr/bin/env python3
"""Sends one PushBroadcast to the MPS emulator with an official Alibaba Cloud
Python SDK, so the emulator is checked against what real clients send.

Flavours:
  core-2019  aliyun-python-sdk-core + aliyun-python-sdk-mpaas (API 2019-08-21,
             RPC HMAC-SHA1, as in the product's own samples)
  tea-v2     alibabacloud-mpaas20201028 with Config.signature_algorithm='v2'
             (RPC HMAC-SHA1, API 2020-10-28)
  tea-v3     alibabacloud-mpaas20201028 with its default ACS3-HMAC-SHA256

Prints the response body as JSON on stdout and exits 0 when the SDK call
succeeded and the body says ResultCode OK; otherwise prints the error on
stderr and exits non-zero. Uses the standard library and the SDKs only.
"""

import argparse
import json
import sys

APP_ID = "ONEX570DA89211721"
WORKSPACE_ID = "test"
TEMPLATE_NAME = "broadcast_tpl"
TEMPLATE_KEY_VALUE = '{"content":"hello from the official SDK"}'
TASK_NAME = "official sdk"
REGION = "cn-hangzhou"
TIMEOUT_S = 10


def send_core_2019(args):
    from aliyunsdkcore.client import AcsClient
    from aliyunsdkmpaas.request.v20190821.PushBroadcastRequest import (
        PushBroadcastRequest,
    )

    host, _, port = args.endpoint.rpartition(":")
    if args.security_token:
        from aliyunsdkcore.auth.credentials import StsTokenCredential

        client = AcsClient(
            region_id=REGION,
            credential=StsTokenCredential(
                args.access_key_id, args.access_key_secret, args.security_token
            ),
            port=int(port),
            auto_retry=False,
            connect_timeout=TIMEOUT_S,
            timeout=TIMEOUT_S,
        )
    else:
        client = AcsClient(
            args.access_key_id,
            args.access_key_secret,
            REGION,
            port=int(port),
            auto_retry=False,
            connect_timeout=TIMEOUT_S,
            timeout=TIMEOUT_S,
        )
    request = PushBroadcastRequest()
    # Plain HTTP to the emulator instead of the endpoint map's host.
    request.set_protocol_type("http")
    request.set_endpoint(host)
    request.set_AppId(APP_ID)
    request.set_WorkspaceId(WORKSPACE_ID)
    request.set_DeliveryType(1)
    request.set_Msgkey(args.msgkey)
    request.set_ExpiredSeconds(300)
    request.set_TemplateName(TEMPLATE_NAME)
    request.set_TemplateKeyValue(TEMPLATE_KEY_VALUE)
    request.set_TaskName(TASK_NAME)
    request.set_PushStatus(0)
    # The 2019-08-21 model has no BindPeriod setter (only UnBindPeriod); the
    # core's generic body-parameter call sends it like any modelled field.
    request.add_body_params("BindPeriod", 1)
    body = client.do_action_with_exception(request)
    return json.loads(body.decode("utf-8"))


def send_tea(args, signature_algorithm):
    from alibabacloud_mpaas20201028 import models
    from alibabacloud_mpaas20201028.client import Client
    from alibabacloud_tea_openapi.models import Config
    from darabonba.runtime import RuntimeOptions

    config = Config(
        access_key_id=args.access_key_id,
        access_key_secret=args.access_key_secret,
        security_token=args.security_token,
        endpoint=args.endpoint,
        protocol="http",
        region_id=REGION,
        signature_algorithm=signature_algorithm,
    )
    client = Client(config)
    request = models.PushBroadcastRequest(
        app_id=APP_ID,
        workspace_id=WORKSPACE_ID,
        delivery_type=1,
        msgkey=args.msgkey,
        expired_seconds=300,
        template_name=TEMPLATE_NAME,
        template_key_value=TEMPLATE_KEY_VALUE,
        task_name=TASK_NAME,
        push_status=0,
        bind_period=1,
    )
    runtime = RuntimeOptions(
        read_timeout=TIMEOUT_S * 1000, connect_timeout=TIMEOUT_S * 1000
    )
    response = client.push_broadcast_with_options(request, runtime)
    return response.body.to_map()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--endpoint", required=True, help="emulator HOST:PORT")
    parser.add_argument("--access-key-id", required=True)
    parser.add_argument("--access-key-secret", required=True)
    parser.add_argument("--security-token", default=None, help="STS token")
    parser.add_argument(
        "--sdk", required=True, choices=["core-2019", "tea-v2", "tea-v3"]
    )
    parser.add_argument("--msgkey", required=True)
    args = parser.parse_args()

    try:
        if args.sdk == "core-2019":
            body = send_core_2019(args)
        elif args.sdk == "tea-v2":
            body = send_tea(args, "v2")
        else:
            body = send_tea(args, None)
    except Exception as e:  # noqa: BLE001 - report whatever the SDK raised
        print(f"{args.sdk}: {type(e).__name__}: {e}", file=sys.stderr)
        return 1

    print(json.dumps(body, ensure_ascii=False))
    if body.get("ResultCode") != "OK":
        print(f"{args.sdk}: ResultCode is not OK", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
