"""The companion-action vector files through the Python dry run
(``Client.prepare``); mirrors tests/tests/companion_vectors.rs.

companion-requests.json: the official Python SDK's signed requests. HMAC-SHA1
must match exactly (signature, signed/query/body parameters); for ACS3 the
body parameters and the body hash must match, and the signature is verified
here from scratch (the SDK signs more headers than we send).
companion-rules.json: every invalid case is refused naming field and rule,
every valid case passes and puts the pinned parameters on the wire."""

from __future__ import annotations

import hashlib
import hmac
from typing import Any, Dict, List, Tuple
from urllib.parse import parse_qsl, urlsplit

import pytest

from mpaas_push import Client, PreparedRequest, ValidationError
from support import ID, SECRET, assert_clean, load, raises

REQUESTS: List[Dict[str, Any]] = load("companion-requests.json")["cases"]
RULES = load("companion-rules.json")
INVALID: List[Dict[str, Any]] = RULES["invalid"]
VALID: List[Dict[str, Any]] = RULES["valid"]
REDACTED = "** redacted **"
COMPANION_ACTIONS = {
    "QueryPushSchedulerList",
    "CancelPushScheduler",
    "RevokePushTask",
    "RevokePushMessage",
    "QueryPushAnalysisTaskDetail",
    "QueryPushAnalysisTaskList",
}


def ids(cases: List[Dict[str, Any]]) -> List[str]:
    return [c["name"] for c in cases]


def form(text: str) -> Dict[str, str]:
    pairs: List[Tuple[str, str]] = parse_qsl(text, keep_blank_values=True, strict_parsing=bool(text))
    out = dict(pairs)
    assert len(out) == len(pairs), f"repeated parameter in {text}"
    return out


def client_for(case: Dict[str, Any], signature: str = "hmac-sha1") -> Client:
    cr = case["credentials"]
    return Client(cr["accessKeyId"], cr["accessKeySecret"], cr.get("securityToken"), signature=signature)


def test_vector_files_cover_every_companion_action() -> None:
    assert len(REQUESTS) == 22 and len(INVALID) >= 30 and len(VALID) >= 4
    assert {c["action"] for c in REQUESTS} == COMPANION_ACTIONS
    assert {c["action"] for c in INVALID} == COMPANION_ACTIONS


@pytest.mark.parametrize("case", REQUESTS, ids=ids(REQUESTS))
def test_companion_vectors_hmac_sha1_match_the_official_sdk(case: Dict[str, Any]) -> None:
    v1 = case["v1"]
    token = case["credentials"].get("securityToken")
    client = client_for(case)
    p = client.prepare(case["action"], case["request"], nonce=v1["nonce"], timestamp=v1["timestamp"])
    assert p.signature == v1["signature"]
    assert (p.method, p.nonce, p.timestamp) == ("POST", v1["nonce"], v1["timestamp"])
    signed = dict(v1["signedParams"])
    query = dict(v1["queryParams"])
    if token is not None:
        # Signed with the real token, shown redacted.
        assert signed["SecurityToken"] == query["SecurityToken"] == token
        signed["SecurityToken"] = query["SecurityToken"] = REDACTED
        assert_clean(p, client)
    assert p.signed_params == signed
    # The SDK's split: common parameters in the query, the action's in the body.
    assert form(urlsplit(p.url).query) == query
    assert form(p.body) == v1["bodyParams"]


def verify_acs3(p: PreparedRequest, secret: str, token: Any) -> None:
    """Recomputes the ACS3 signature from the request as sent (headers and
    body), independently of the engine."""
    auth = p.headers["authorization"]
    scheme, _, rest = auth.partition(" ")
    assert scheme == "ACS3-HMAC-SHA256"
    parts = dict(kv.split("=", 1) for kv in rest.split(","))
    signed_headers = parts["SignedHeaders"].split(";")
    assert signed_headers == sorted(signed_headers)
    assert {"host", "x-acs-action", "x-acs-content-sha256", "x-acs-date", "x-acs-signature-nonce"} <= set(signed_headers)
    headers = dict(p.headers)
    if token is not None:
        assert headers["x-acs-security-token"] == REDACTED
        headers["x-acs-security-token"] = token
    body_hash = hashlib.sha256(p.body.encode()).hexdigest()
    assert headers["x-acs-content-sha256"] == body_hash
    canonical = "\n".join(
        ["POST", "/", ""]
        + [f"{h}:{headers[h].strip()}" for h in signed_headers]
        + ["", ";".join(signed_headers), body_hash]
    )
    string_to_sign = "ACS3-HMAC-SHA256\n" + hashlib.sha256(canonical.encode()).hexdigest()
    want = hmac.new(secret.encode(), string_to_sign.encode(), hashlib.sha256).hexdigest()
    assert parts["Signature"] == p.signature == want
    assert p.string_to_sign == string_to_sign


@pytest.mark.parametrize("case", REQUESTS, ids=ids(REQUESTS))
def test_companion_vectors_acs3_body_matches_and_signature_verifies(case: Dict[str, Any]) -> None:
    v3 = case["v3"]
    cr = case["credentials"]
    p = client_for(case, "acs3-hmac-sha256").prepare(
        case["action"], case["request"], nonce=v3["nonce"], timestamp=v3["date"]
    )
    assert p.signature_method == "acs3-hmac-sha256"
    assert p.url == "https://mpaas.cn-hangzhou.aliyuncs.com/", "no query string"
    assert form(p.body) == v3["bodyParams"]
    # Same body bytes as the SDK's, so the same body hash.
    assert p.headers["x-acs-content-sha256"] == v3["headers"]["x-acs-content-sha256"]
    assert p.headers["x-acs-action"] == case["action"]
    assert p.headers["x-acs-version"] == "2020-10-28"
    assert (p.headers["x-acs-date"], p.headers["x-acs-signature-nonce"]) == (v3["date"], v3["nonce"])
    verify_acs3(p, cr["accessKeySecret"], cr.get("securityToken"))
    with pytest.raises(AssertionError):
        verify_acs3(p, "wrong-secret", cr.get("securityToken"))


@pytest.mark.parametrize("case", INVALID, ids=ids(INVALID))
def test_companion_rules_reject_naming_field_and_rule(case: Dict[str, Any]) -> None:
    client = Client(ID, SECRET)
    with raises(ValidationError, code="validation", maybe_sent=False, retryable=False) as info:
        client.prepare(case["action"], case["request"], timestamp=case["now"])
    e = info.value
    assert (e.field, e.rule) == (case["field"], case["rule"]), str(e)


@pytest.mark.parametrize("case", VALID, ids=ids(VALID))
def test_companion_rules_valid_cases_pass_and_put_the_pinned_wire(case: Dict[str, Any]) -> None:
    p = Client(ID, SECRET).prepare(case["action"], case["request"], timestamp=case["now"])
    assert form(p.body) == case["wire"]
    assert p.signed_params["Action"] == case["action"]
