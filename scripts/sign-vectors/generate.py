#!/usr/bin/env python3
"""Known-answer vectors for the Rust TC3-HMAC-SHA256 signer, produced by the
official Tencent Cloud Python SDK (tencentcloud-sdk-python-common).

The SDK builds every request itself: we only pin the clock, fix a fake
credential and eavesdrop on the intermediate values. Nothing here
re-implements the signature, so the vectors are the SDK's behaviour, not our
reading of it.

Writes (relative to the repository root):
  crates/tencentcloud-runtime/tests/fixtures/signing/vectors.json
  crates/tencentcloud-runtime/tests/fixtures/signing/query_encoding.json

Usage: see README.md beside this file.
"""

import functools
import hashlib
import json
import os
import types
import warnings
from urllib.parse import urlencode
from unittest import mock

import tencentcloud
from tencentcloud.common import abstract_client
from tencentcloud.common.common_client import CommonClient
from tencentcloud.common.credential import Credential
from tencentcloud.common.http.request import RequestInternal
from tencentcloud.common.profile.client_profile import ClientProfile
from tencentcloud.common.profile.http_profile import HttpProfile
from tencentcloud.common.sign import Sign

# datetime.utcfromtimestamp, used by the SDK, is deprecated on Python >= 3.12.
warnings.filterwarnings("ignore", category=DeprecationWarning)

REPO_ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
OUT_DIR = os.path.join(REPO_ROOT, "crates", "tencentcloud-runtime", "tests", "fixtures", "signing")

# The example credential from Tencent Cloud's public signing documentation:
# obviously fake, and recognisable as such in a grep.
SECRET_ID = "AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE"
SECRET_KEY = "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE"
SCF_VERSION = "2018-04-16"


class _RecordingHashlib(object):
    """Stands in for the `hashlib` module inside abstract_client so that the
    canonical request, which the SDK only ever hashes, can be captured."""

    def __init__(self):
        self.sha256_inputs = []

    def sha256(self, data=b""):
        self.sha256_inputs.append(bytes(data))
        return hashlib.sha256(data)

    def __getattr__(self, name):
        return getattr(hashlib, name)


class _Spy(object):
    """Pins the SDK's clock and records its intermediate signing values."""

    def __init__(self, timestamp, raw_utf8_json=False):
        self.timestamp = timestamp
        self.raw_utf8_json = raw_utf8_json
        self.hashlib = _RecordingHashlib()
        self.sign_tc3_calls = []

    def _sign_tc3(self, secret_key, date, service, str2sign):
        self.sign_tc3_calls.append({"date": date, "service": service, "string_to_sign": str2sign})
        return _ORIGINAL_SIGN_TC3(secret_key, date, service, str2sign)

    def __enter__(self):
        fake_json = json
        if self.raw_utf8_json:
            # The SDK always escapes non-ASCII (json.dumps default); a client
            # such as ours, which sends raw UTF-8, is simulated by flipping
            # only that flag, so every other step is still the SDK's.
            fake_json = types.SimpleNamespace(
                dumps=functools.partial(json.dumps, ensure_ascii=False),
                loads=json.loads,
            )
        self._patches = [
            mock.patch.object(abstract_client, "time", types.SimpleNamespace(time=lambda: self.timestamp)),
            mock.patch.object(abstract_client, "hashlib", self.hashlib),
            mock.patch.object(abstract_client, "json", fake_json),
            mock.patch.object(Sign, "sign_tc3", staticmethod(self._sign_tc3)),
        ]
        for p in self._patches:
            p.start()
        return self

    def __exit__(self, *exc):
        for p in reversed(self._patches):
            p.stop()
        return False

    def results(self):
        # _get_tc3_signature hashes exactly twice: the payload, then the
        # canonical request.
        assert len(self.hashlib.sha256_inputs) == 2, self.hashlib.sha256_inputs
        assert len(self.sign_tc3_calls) == 1, self.sign_tc3_calls
        payload_hashed, canonical_request = self.hashlib.sha256_inputs
        call = self.sign_tc3_calls[0]
        return payload_hashed, canonical_request.decode("utf-8"), call


_ORIGINAL_SIGN_TC3 = Sign.sign_tc3


def _payload_as_sent(method, data):
    if method == "GET":
        return b""
    return data.encode("utf-8") if isinstance(data, str) else bytes(data)


def _finish_case(case, payload, payload_hashed, canonical_request, call, headers, signature):
    # What the SDK hashed must be what it sent, or the vector is meaningless.
    assert payload_hashed == payload, (payload_hashed, payload)
    string_to_sign = call["string_to_sign"]
    assert string_to_sign.endswith(hashlib.sha256(canonical_request.encode("utf-8")).hexdigest())
    case.update({
        "payload": payload.decode("utf-8"),
        "expected": {
            "payload_sha256": hashlib.sha256(payload).hexdigest(),
            "canonical_request": canonical_request,
            "credential_scope": "%s/%s/tc3_request" % (call["date"], call["service"]),
            "string_to_sign": string_to_sign,
            "signature": signature,
            "authorization": headers["Authorization"],
            "headers": dict(headers),
        },
    })
    return case


def sdk_case(name, description, method, host, action, params, timestamp,
             region="ap-guangzhou", token=None, raw_utf8_json=False, service="scf",
             version=SCF_VERSION):
    """One request built end to end by AbstractClient._build_req_with_tc3_signature."""
    profile = ClientProfile(httpProfile=HttpProfile(endpoint=host, reqMethod=method))
    client = CommonClient(service, version, Credential(SECRET_ID, SECRET_KEY, token), region, profile)
    # As AbstractClient._call does, minus the random X-TC-TraceId header.
    req = RequestInternal(client._get_endpoint(), method, client._requestPath, header={})
    with _Spy(timestamp, raw_utf8_json) as spy:
        client._build_req_inter(action, params, req)
    payload_hashed, canonical_request, call = spy.results()
    signature = req.header["Authorization"].rsplit("Signature=", 1)[1]

    query = req.data if method == "GET" else ""
    query_params = None
    if method == "GET":
        # The flattened pairs urlencode saw; urlencode str()s non-strings.
        query_params = [[k, v if isinstance(v, str) else str(v)]
                        for k, v in client._fix_params(params).items()]
        assert urlencode([tuple(kv) for kv in query_params]) == query
    case = {
        "name": name,
        "description": description,
        "driver": "AbstractClient._build_req_with_tc3_signature",
        "method": method,
        "host": req.header["Host"],
        "path": req.uri,
        "query": query,
        "query_params": query_params,
        "content_type": req.header["Content-Type"],
        "service": service,
        "timestamp": timestamp,
        "secret_id": SECRET_ID,
        "secret_key": SECRET_KEY,
        "token": token,
        "action": action,
        "version": version,
        "region": region,
    }
    return _finish_case(case, _payload_as_sent(method, req.data), payload_hashed,
                        canonical_request, call, req.header, signature)


def direct_case(name, description, host, content_type, body, timestamp, action, version, region,
                service):
    """A POST whose Content-Type the SDK's client would never choose, signed by
    the SDK's own AbstractClient._get_tc3_signature and Authorization format."""
    profile = ClientProfile(httpProfile=HttpProfile(endpoint=host))
    client = CommonClient(service, version, Credential(SECRET_ID, SECRET_KEY), region, profile)
    req = RequestInternal(host, "POST", "/", header={
        "Content-Type": content_type,
        "Host": host,
        "X-TC-Action": action,
        "X-TC-Timestamp": str(timestamp),
        "X-TC-Version": version,
        "X-TC-Region": region,
    }, data=body)
    date = abstract_client.datetime.utcfromtimestamp(timestamp).strftime("%Y-%m-%d")
    with _Spy(timestamp) as spy:
        signature = client._get_tc3_signature(None, req, date, service, SECRET_KEY)
    payload_hashed, canonical_request, call = spy.results()
    # Same format string as _build_req_with_tc3_signature.
    req.header["Authorization"] = (
        "TC3-HMAC-SHA256 Credential=%s/%s/%s/tc3_request, SignedHeaders=content-type;host, Signature=%s"
        % (SECRET_ID, date, service, signature))
    case = {
        "name": name,
        "description": description,
        "driver": "AbstractClient._get_tc3_signature",
        "method": "POST",
        "host": host,
        "path": "/",
        "query": "",
        "query_params": None,
        "content_type": content_type,
        "service": service,
        "timestamp": timestamp,
        "secret_id": SECRET_ID,
        "secret_key": SECRET_KEY,
        "token": None,
        "action": action,
        "version": version,
        "region": region,
    }
    return _finish_case(case, _payload_as_sent("POST", body), payload_hashed,
                        canonical_request, call, req.header, signature)


NON_ASCII_PARAMS = {"FunctionName": "hello", "Description": "你好，世界 🚀", "Namespace": "default"}

# 2024-02-29T23:59:59Z: the last second of a leap day.
BEFORE_MIDNIGHT = 1709251199


def cases():
    return [
        sdk_case(
            "post_json_terminate_async_event",
            "Typical SCF call: POST with the JSON body json.dumps writes.",
            "POST", "scf.tencentcloudapi.com", "TerminateAsyncEvent",
            {"FunctionName": "helloworld", "InvokeRequestId": "b379787f-8487-4bac-bd8c-17a20a9ce40e",
             "Namespace": "default"},
            1700000000),
        sdk_case(
            "get_query_nested_and_percent_encoded",
            "GET: nested list/object flattened by _fix_params, integers str()ed, "
            "reserved, space and non-ASCII characters encoded by urlencode.",
            "GET", "scf.tencentcloudapi.com", "ListFunctions",
            {"Limit": 20, "Offset": 0, "Namespace": "default",
             "SearchKey": "hello world/测试&=+%?#",
             "Filters": [{"Name": "tag:env", "Values": ["prod ~test", "a*b(c)"]},
                         {"Name": "Runtime", "Values": ["Python3.9"]}]},
            1700000000),
        sdk_case(
            "get_without_params",
            "GET with no parameters: empty query string.",
            "GET", "scf.tencentcloudapi.com", "ListNamespaces", {}, 1700000000),
        sdk_case(
            "scope_date_one_second_before_utc_midnight",
            "2024-02-29T23:59:59Z: the scope date is still the leap day.",
            "POST", "scf.tencentcloudapi.com", "ListFunctions", {"Namespace": "default"},
            BEFORE_MIDNIGHT),
        sdk_case(
            "scope_date_one_second_after_utc_midnight",
            "2024-03-01T00:00:01Z: the scope date has rolled over.",
            "POST", "scf.tencentcloudapi.com", "ListFunctions", {"Namespace": "default"},
            BEFORE_MIDNIGHT + 2),
        sdk_case(
            "session_token_is_header_not_signed",
            "Temporary credential: X-TC-Token is sent but is not part of the signature.",
            "POST", "scf.tencentcloudapi.com", "GetFunction",
            {"FunctionName": "helloworld", "Namespace": "default"},
            1700000000, token="fake-session-token/EXAMPLE+only=="),
        sdk_case(
            "non_ascii_body_as_sdk_sends_it",
            "Chinese and an emoji: the SDK's json.dumps escapes them to \\uXXXX (surrogate pair for the emoji).",
            "POST", "scf.tencentcloudapi.com", "UpdateFunctionConfiguration", NON_ASCII_PARAMS,
            1700000000),
        sdk_case(
            "non_ascii_body_raw_utf8",
            "Same body with raw UTF-8 bytes (json.dumps ensure_ascii=False): the payload hash is over bytes.",
            "POST", "scf.tencentcloudapi.com", "UpdateFunctionConfiguration", NON_ASCII_PARAMS,
            1700000000, raw_utf8_json=True),
        sdk_case(
            "loopback_host_with_port_empty_body",
            "Local test server: Host carries the port; body is the empty object.",
            "POST", "127.0.0.1:9000", "ListNamespaces", {}, 1700000000),
        sdk_case(
            "regional_host",
            "Regional endpoint as Host.",
            "POST", "scf.ap-guangzhou.tencentcloudapi.com", "GetFunction",
            {"FunctionName": "helloworld", "Namespace": "default", "Qualifier": "$LATEST"},
            1700000000),
        direct_case(
            "content_type_with_charset",
            "The documentation's style of Content-Type ('application/json; charset=utf-8'), "
            "which the SDK client never sends: the header value is signed verbatim.",
            "cvm.tencentcloudapi.com", "application/json; charset=utf-8",
            '{"Limit": 1, "Filters": [{"Values": ["\\u672a\\u547d\\u540d"], "Name": "instance-name"}]}',
            1551113065, "DescribeInstances", "2017-03-12", "ap-guangzhou", "cvm"),
    ]


QUERY_ENCODING_INPUTS = [
    [["Action", "ListFunctions"], ["Limit", "20"]],
    [["a b", "c d"], ["plus", "1+1=2"], ["empty", ""]],
    [["printable", "".join(chr(c) for c in range(0x20, 0x7F))]],
    [["unicode", "测试🚀é"], ["Filters.0.Values.1", "x/y?z#w&v"]],
    [["tilde", "~-_."], ["reserved", "!*'();:@&=+$,/?#[]"]],
    [["control", "tab\there\nnewline"]],
    [],
]


def query_encoding():
    return [{"params": p, "expected": urlencode([tuple(kv) for kv in p])} for p in QUERY_ENCODING_INPUTS]


def _write(name, data):
    path = os.path.join(OUT_DIR, name)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        json.dump(data, f, ensure_ascii=False, indent=2)
        f.write("\n")
    print("wrote %s" % os.path.relpath(path, REPO_ROOT))


def main():
    print("tencentcloud-sdk-python-common %s" % tencentcloud.__version__)
    os.makedirs(OUT_DIR, exist_ok=True)
    _write("vectors.json", cases())
    _write("query_encoding.json", query_encoding())


if __name__ == "__main__":
    main()
