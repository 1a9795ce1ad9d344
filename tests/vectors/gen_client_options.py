#!/usr/bin/env python3
"""Writes client-options.json: bad and good client options in the neutral
form (camelCase keys, durations in milliseconds). Each language derives its
spelling mechanically (Python: snake_case keywords; Node: the object as is;
JVM: the ClientConfig builder). Cases marked dynamicOnly hold a value of the
wrong type, which a typed host (the JVM) cannot even express."""
import json, pathlib

KEYS = {"accessKeyId": "LTAI-options-test", "accessKeySecret": "opt-secret-Zq81"}
LOCAL = {"endpoint": "http://127.0.0.1:9"}
cases = []

def bad(name, options, field, rule, dynamic=False, from_env=False, secrets=()):
    c = {"name": name, "options": options,
         "expect": {"code": "config", "field": field, "rule": rule}}
    if dynamic: c["dynamicOnly"] = True
    if from_env: c["fromEnv"] = True
    if secrets: c["mustNotContain"] = list(secrets)
    cases.append(c)

def good(name, options, dynamic=False):
    c = {"name": name, "options": options, "expect": "ok"}
    if dynamic: c["dynamicOnly"] = True
    cases.append(c)

# timeouts (milliseconds)
bad("connect-timeout-absurd", {**KEYS, "connectTimeoutMs": 1e30}, "connectTimeoutMs", "range")
bad("connect-timeout-zero", {**KEYS, "connectTimeoutMs": 0}, "connectTimeoutMs", "positive")
bad("connect-timeout-negative", {**KEYS, "connectTimeoutMs": -1}, "connectTimeoutMs", "positive")
bad("read-timeout-negative", {**KEYS, "readTimeoutMs": -5000}, "readTimeoutMs", "positive")
bad("total-timeout-over-a-day", {**KEYS, "totalTimeoutMs": 86400001}, "totalTimeoutMs", "range")
bad("connect-timeout-text", {**KEYS, "connectTimeoutMs": "5000"}, "connectTimeoutMs", "type", dynamic=True)
# retry policy
bad("retry-max-attempts-negative", {**KEYS, "retry": {"maxAttempts": -1}}, "retry.maxAttempts", "range")
bad("retry-max-attempts-zero", {**KEYS, "retry": {"maxAttempts": 0}}, "retry.maxAttempts", "range")
bad("retry-max-attempts-eleven", {**KEYS, "retry": {"maxAttempts": 11}}, "retry.maxAttempts", "range")
bad("retry-max-attempts-huge", {**KEYS, "retry": {"maxAttempts": 4294967297}}, "retry.maxAttempts", "range")
bad("retry-max-attempts-fraction", {**KEYS, "retry": {"maxAttempts": 1.5}}, "retry.maxAttempts", "type", dynamic=True)
bad("retry-maybe-sent-text", {**KEYS, "retry": {"retryMaybeSent": "yes"}}, "retry.retryMaybeSent", "type", dynamic=True)
bad("retry-base-delay-negative", {**KEYS, "retry": {"baseDelayMs": -1}}, "retry.baseDelayMs", "min")
bad("retry-max-delay-over-a-day", {**KEYS, "retry": {"maxDelayMs": 9e12}}, "retry.maxDelayMs", "range")
bad("retry-base-above-max", {**KEYS, "retry": {"baseDelayMs": 5000, "maxDelayMs": 1000}}, "retry.baseDelayMs", "range")
bad("retry-unknown-option", {**KEYS, "retry": {"maxAttempt": 2}}, "retry.maxAttempt", "unknown_field", dynamic=True)
bad("retry-not-an-object", {**KEYS, "retry": 3}, "retry", "type", dynamic=True)
# credentials and their pairing
bad("token-without-key-pair", {"securityToken": "sts-token-Vb02"}, "securityToken", "required_together", secrets=["sts-token-Vb02"])
bad("key-id-without-secret", {"accessKeyId": "LTAI-options-test"}, "accessKeySecret", "required_together")
bad("secret-without-key-id", {"accessKeySecret": "opt-secret-Zq81"}, "accessKeyId", "required_together", secrets=["opt-secret-Zq81"])
bad("token-with-id-only", {"accessKeyId": "LTAI-options-test", "securityToken": "sts-token-Vb02"}, "accessKeySecret", "required_together", secrets=["sts-token-Vb02"])
bad("blank-key-id", {"accessKeyId": "  ", "accessKeySecret": "opt-secret-Zq81"}, "accessKeyId", "not_blank", secrets=["opt-secret-Zq81"])
bad("empty-secret", {"accessKeyId": "LTAI-options-test", "accessKeySecret": ""}, "accessKeySecret", "not_blank")
bad("nul-in-secret", {"accessKeyId": "LTAI-options-test", "accessKeySecret": "opt-secret\u0000Zq81"}, "accessKeySecret", "no_nul", secrets=["opt-secret", "Zq81"])
bad("blank-token", {**KEYS, "securityToken": " "}, "securityToken", "not_blank", secrets=["opt-secret-Zq81"])
bad("secret-not-text", {"accessKeyId": "LTAI-options-test", "accessKeySecret": 987654321}, "accessKeySecret", "type", dynamic=True, secrets=["987654321"])
bad("from-env-with-key-id", {"accessKeyId": "LTAI-options-test", "accessKeySecret": "opt-secret-Zq81"}, "accessKeyId", "not_allowed", from_env=True, secrets=["opt-secret-Zq81"])
bad("from-env-with-token", {"securityToken": "sts-token-Vb02"}, "securityToken", "not_allowed", from_env=True, secrets=["sts-token-Vb02"])
# endpoint, region, signature, API version
bad("endpoint-plain-http-remote", {**KEYS, "endpoint": "http://mpaas.cn-hangzhou.aliyuncs.com"}, "endpoint", "https_required")
bad("endpoint-not-a-url", {**KEYS, "endpoint": "https://exa mple.com"}, "endpoint", "url")
bad("endpoint-with-path", {**KEYS, "endpoint": "https://mpaas.cn-hangzhou.aliyuncs.com/push"}, "endpoint", "url")
bad("endpoint-ftp", {**KEYS, "endpoint": "ftp://127.0.0.1"}, "endpoint", "url")
bad("endpoint-empty", {**KEYS, "endpoint": ""}, "endpoint", "not_blank")
bad("endpoint-user-info", {**KEYS, "endpoint": "https://user:pw-in-url@127.0.0.1"}, "endpoint", "url", secrets=["pw-in-url"])
bad("endpoint-not-text", {**KEYS, "endpoint": 8080}, "endpoint", "type", dynamic=True)
bad("region-with-space", {**KEYS, "region": "cn hangzhou"}, "region", "pattern")
bad("region-empty", {**KEYS, "region": ""}, "region", "not_blank")
bad("signature-unknown", {**KEYS, "signature": "hmac-md5"}, "signature", "one_of")
bad("api-version-unknown", {**KEYS, "apiVersion": "2018-01-01"}, "apiVersion", "one_of")
bad("allow-http-text", {**KEYS, "allowHttp": "true"}, "allowHttp", "type", dynamic=True)
# proxy, user agent, response cap, unknown options
bad("proxy-socks", {**KEYS, "proxy": "socks5://127.0.0.1:1080"}, "proxy", "url")
bad("proxy-not-a-url", {**KEYS, "proxy": "corporate proxy"}, "proxy", "url")
bad("proxy-bad-scheme-with-password", {**KEYS, "proxy": "ftp://alice:proxy-pw-77@127.0.0.1:21"}, "proxy", "url", secrets=["proxy-pw-77"])
bad("user-agent-newline", {**KEYS, "userAgentSuffix": "app/1\nX-Evil: 1"}, "userAgentSuffix", "header_value")
bad("max-response-bytes-tiny", {**KEYS, "maxResponseBytes": 10}, "maxResponseBytes", "range")
bad("max-response-bytes-huge", {**KEYS, "maxResponseBytes": 1000000000000}, "maxResponseBytes", "range")
bad("max-response-bytes-negative", {**KEYS, "maxResponseBytes": -1}, "maxResponseBytes", "range")
bad("unknown-option", {**KEYS, "timeout": 5}, "timeout", "unknown_field", dynamic=True)

good("keys-and-loopback-endpoint", {**KEYS, **LOCAL})
good("sts-token-with-key-pair", {**KEYS, **LOCAL, "securityToken": "sts-token-Vb02"})
good("every-option", {**KEYS, "securityToken": "sts-token-Vb02", "endpoint": "https://127.0.0.1:8443",
     "allowHttp": False, "region": "cn-shanghai", "signature": "acs3-hmac-sha256", "apiVersion": "2019-08-21",
     "connectTimeoutMs": 1500, "readTimeoutMs": 2500.5, "totalTimeoutMs": 60000,
     "retry": {"maxAttempts": 5, "baseDelayMs": 50, "maxDelayMs": 2000, "retryMaybeSent": True},
     "proxy": "http://alice:proxy-pw-77@127.0.0.1:3128", "userAgentSuffix": "shop-backend/2.1",
     "maxResponseBytes": 2097152})
good("region-picks-default-endpoint", {**KEYS, "region": "cn-shanghai"})
good("plain-http-remote-opted-in", {**KEYS, "endpoint": "http://mpaas.cn-hangzhou.aliyuncs.com", "allowHttp": True})
good("limits-inclusive", {**KEYS, **LOCAL, "connectTimeoutMs": 86400000, "readTimeoutMs": 0.5,
     "retry": {"maxAttempts": 10, "baseDelayMs": 0, "maxDelayMs": 0}, "maxResponseBytes": 1024})
good("single-attempt", {**KEYS, **LOCAL, "retry": {"maxAttempts": 1}})
good("proxy-from-environment", {**KEYS, **LOCAL, "proxy": "env"})
good("proxy-none", {**KEYS, **LOCAL, "proxy": "none"})
good("nulls-are-absent", {**KEYS, **LOCAL, "region": None, "retry": None}, dynamic=True)

doc = {
    "about": "Client options, bad and good, in the neutral form: camelCase keys, durations in "
             "milliseconds. Every language builds a client from each case (fromEnv: Client.fromEnv / "
             "from_env with these options) and must fail with exactly expect.code/field/rule, or succeed "
             "when expect is \"ok\"; no string of mustNotContain may appear in the error's text or repr. "
             "Python passes the options as snake_case keywords, Node as the object, the JVM through its "
             "ClientConfig builder; dynamicOnly cases hold a value of a type the JVM cannot express. "
             "Written by gen_client_options.py.",
    "cases": cases,
}
out = pathlib.Path(__file__).with_name("client-options.json")
out.write_text(json.dumps(doc, ensure_ascii=False, indent=1) + "\n")
print(f"{len(cases)} cases -> {out.name}")
