"""The shared vector files (tests/vectors/*.json) through the Python API;
mirrors tests/tests/vectors.rs."""

from __future__ import annotations

from typing import Any, Dict, List, Tuple
from urllib.parse import parse_qsl, urlsplit

import pytest

import mpaas_push
from mpaas_push import Client, ValidationError
from support import ID, SECRET, assert_clean, load, raises

REQUESTS = load("requests.json")["cases"]
INVALID = load("invalid-requests.json")["cases"]
VALID = load("valid-requests.json")["cases"]
ERROR_CODES = load("error-codes.json")["codes"]

# Signed parameters that are not operation parameters (RPC common + signature).
COMMON = {
    "AccessKeyId",
    "Action",
    "Format",
    "SecurityToken",
    "SignatureMethod",
    "SignatureNonce",
    "SignatureVersion",
    "Timestamp",
    "Version",
}
REDACTED = "** redacted **"


def ids(cases: List[Dict[str, Any]]) -> List[str]:
    return [c["name"] for c in cases]


def form(text: str) -> List[Tuple[str, str]]:
    return parse_qsl(text, keep_blank_values=True, strict_parsing=bool(text))


def test_vector_files_are_not_empty() -> None:
    assert len(REQUESTS) >= 9 and len(INVALID) >= 16 and len(VALID) >= 10


@pytest.mark.parametrize("case", REQUESTS, ids=ids(REQUESTS))
def test_request_vectors_hmac_sha1(case: Dict[str, Any]) -> None:
    cr = case["credentials"]
    v1 = case["v1"]
    token = cr.get("securityToken")
    client = Client(cr["accessKeyId"], cr["accessKeySecret"], token)
    p = client.prepare_broadcast(request=case["request"], nonce=v1["nonce"], timestamp=v1["timestamp"])
    assert p.signature == v1["signature"]
    assert p.method == v1["method"] == "POST"
    assert (p.nonce, p.timestamp) == (v1["nonce"], v1["timestamp"])
    assert p.signature_method == "hmac-sha1"
    want = dict(v1["signedParams"])
    if token is not None:
        # Signed with the real token, shown redacted.
        assert want["SecurityToken"] == token
        assert p.signed_params["SecurityToken"] == REDACTED
        want["SecurityToken"] = REDACTED
        assert_clean(p, client)
    assert p.signed_params == want
    # What is sent is what was signed: query + body decode to the signed set.
    url = urlsplit(p.url)
    sent = dict(form(url.query))
    assert sent.pop("Signature") == p.signature
    sent.update(form(p.body))
    assert sent == p.signed_params


@pytest.mark.parametrize("case", INVALID, ids=ids(INVALID))
def test_invalid_request_vectors_name_the_field(case: Dict[str, Any]) -> None:
    client = Client(ID, SECRET)
    with raises(ValidationError) as info:
        client.prepare_broadcast(request=case["request"], timestamp=case["now"])
    e = info.value
    assert e.field == case["field"], str(e)
    if "rule" in case:
        assert e.rule == case["rule"], str(e)
    assert e.code == "validation"
    assert e.maybe_sent is False and e.retryable is False


@pytest.mark.parametrize("case", VALID, ids=ids(VALID))
def test_valid_request_vectors_pass_and_encode_as_pinned(case: Dict[str, Any]) -> None:
    client = Client(ID, SECRET)
    p = client.prepare_broadcast(request=case["request"], timestamp=case["now"])
    if case.get("payloadEncoding") == "json":
        # The Python API does not choose the payload encoding (flattened is
        # the default): validated above, encoding not comparable.
        return
    params = {k: v for k, v in p.signed_params.items() if k not in COMMON}
    assert params == case["params"]
    assert dict(form(p.body)) == case["params"]


def test_error_codes_match_the_contract() -> None:
    assert mpaas_push.ERROR_CODES == [c["code"] for c in ERROR_CODES]
