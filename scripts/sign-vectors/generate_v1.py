#!/usr/bin/env python3
"""Known-answer vectors for the Rust legacy signer (signature v1: HmacSHA256 and
HmacSHA1), produced by the official Tencent Cloud Python SDK
(tencentcloud-sdk-python-common).

The SDK builds every request itself, in
AbstractClient._build_req_with_old_signature: we only pin the clock and the
nonce, fix a fake credential, and record the string it signs
(_format_sign_string), the parameters and the encoded form it sends.

Writes (relative to the repository root):
  crates/tencentcloud-runtime/tests/fixtures/signing_v1/vectors.json

Usage, from the repository root, with the SDK version pinned in
requirements.txt beside this file (output is deterministic, so a rerun leaves
the file unchanged):

  python3 -m venv /tmp/signvenv
  /tmp/signvenv/bin/pip install -r scripts/sign-vectors/requirements.txt
  /tmp/signvenv/bin/python scripts/sign-vectors/generate_v1.py
"""

import json
import os
import types
import warnings
from unittest import mock
from urllib.parse import parse_qsl

import tencentcloud
from tencentcloud.common import abstract_client
from tencentcloud.common.common_client import CommonClient
from tencentcloud.common.credential import Credential
from tencentcloud.common.http.request import RequestInternal
from tencentcloud.common.profile.client_profile import ClientProfile
from tencentcloud.common.profile.http_profile import HttpProfile

warnings.filterwarnings("ignore", category=DeprecationWarning)

REPO_ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
OUT_DIR = os.path.join(REPO_ROOT, "crates", "tencentcloud-runtime", "tests", "fixtures", "signing_v1")

# The example credential from Tencent Cloud's public signing documentation.
SECRET_ID = "AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE"
SECRET_KEY = "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE"
SCF_VERSION = "2018-04-16"


def sdk_case(name, description, method, host, algorithm, action, params, timestamp, nonce,
             region="ap-guangzhou", token=None, language=None, service="scf",
             version=SCF_VERSION):
    """One request built end to end by AbstractClient._build_req_with_old_signature."""
    profile = ClientProfile(signMethod=algorithm,
                            httpProfile=HttpProfile(endpoint=host, reqMethod=method))
    # ClientProfile defaults to zh-CN; None leaves the parameter out.
    profile.language = language
    client = CommonClient(service, version, Credential(SECRET_ID, SECRET_KEY, token), region, profile)
    req = RequestInternal(client._get_endpoint(), method, client._requestPath, header={})

    signed = []
    original_format = client._format_sign_string

    def recording_format(p, options=None):
        signed.append(original_format(p, options))
        return signed[-1]

    with mock.patch.object(abstract_client, "time", types.SimpleNamespace(time=lambda: timestamp)), \
            mock.patch.object(abstract_client, "random", types.SimpleNamespace(randint=lambda a, b: nonce)), \
            mock.patch.object(client, "_format_sign_string", recording_format):
        client._build_req_inter(action, params, req)
    assert len(signed) == 1, signed

    # What the SDK sent, decoded back into ordered pairs (urlencode str()s
    # every value).
    sent = parse_qsl(req.data, keep_blank_values=True)
    signature = dict(sent)["Signature"]
    return {
        "name": name,
        "description": description,
        "driver": "AbstractClient._build_req_with_old_signature",
        "method": method,
        "host": host,
        "path": client._requestPath,
        "algorithm": algorithm,
        "secret_id": SECRET_ID,
        "secret_key": SECRET_KEY,
        "token": token,
        "region": region,
        "language": language,
        "action": action,
        "version": version,
        "timestamp": timestamp,
        "nonce": nonce,
        "request_client": client.request_client,
        # The request as JSON, member order kept: what a Rust request
        # serializes to.
        "request_json": json.dumps(params, ensure_ascii=False, separators=(",", ":")),
        "expected": {
            "flattened": [[k, str(v)] for k, v in client._fix_params(params).items()],
            "params": [[k, v] for k, v in sent if k != "Signature"],
            "string_to_sign": signed[0],
            "signature": signature,
            "encoded": req.data,
            "content_type": req.header["Content-Type"],
        },
    }


TERMINATE = {"FunctionName": "helloworld",
             "InvokeRequestId": "b379787f-8487-4bac-bd8c-17a20a9ce40e",
             "Namespace": "default"}


def cases():
    return [
        sdk_case("post_hmacsha256_terminate_async_event",
                 "Typical call: POST, HmacSHA256, flat members.",
                 "POST", "scf.tencentcloudapi.com", "HmacSHA256", "TerminateAsyncEvent",
                 TERMINATE, 1700000000, 11886),
        sdk_case("post_hmacsha1_terminate_async_event",
                 "The same request with HmacSHA1.",
                 "POST", "scf.tencentcloudapi.com", "HmacSHA1", "TerminateAsyncEvent",
                 TERMINATE, 1700000000, 11886),
        sdk_case("get_hmacsha256_nested_and_encoded",
                 "GET: nested list and object flattened (Tags.0.Key), integers, "
                 "reserved, space and non-ASCII characters: unencoded in the string to "
                 "sign, urlencoded in the query.",
                 "GET", "scf.tencentcloudapi.com", "HmacSHA256", "ListFunctions",
                 {"Limit": 20, "Offset": 0, "SearchKey": "hello world/测试&=+%?#",
                  "Filters": [{"Name": "tag:env", "Values": ["prod ~test", "a*b(c)"]}],
                  "Tags": [{"Key": "k1", "Value": ""}]},
                 1700000000, 2147483647),
        sdk_case("post_hmacsha1_token_and_language",
                 "Temporary credential and en-US: Token and Language are signed parameters.",
                 "POST", "scf.tencentcloudapi.com", "HmacSHA1", "GetFunction",
                 {"FunctionName": "helloworld", "Namespace": "default"},
                 1709251199, 9223372036854775807,
                 token="fake-session-token/EXAMPLE+only==", language="en-US"),
        sdk_case("underscore_in_a_name_is_signed_as_a_dot",
                 "A member name with '_' is sent as is but signed with '.' in its place.",
                 "POST", "cvm.tencentcloudapi.com", "HmacSHA256", "DescribeInstances",
                 {"InstanceIds_0": "ins-09dx96dg", "Limit": 1},
                 1465185768, 11886, service="cvm", version="2017-03-12"),
        sdk_case("no_region_and_loopback_host",
                 "No region: no Region parameter; the host carries a port.",
                 "POST", "127.0.0.1:9000", "HmacSHA256", "ListNamespaces",
                 {}, 1700000000, 1, region=""),
        sdk_case("booleans_as_lowercase_strings",
                 "This SDK sends JSON booleans as true/false (as the Go SDK does); the Python "
                 "SDK would send True/False, so the booleans are given to it as strings.",
                 "POST", "scf.tencentcloudapi.com", "HmacSHA256", "UpdateFunctionConfiguration",
                 {"FunctionName": "f", "PublicNetConfig": {"PublicNetStatus": "ENABLE"},
                  "InstallDependency": "true", "DnsCache": "false"},
                 1700000000, 42),
    ]


def main():
    print("tencentcloud-sdk-python-common %s" % tencentcloud.__version__)
    os.makedirs(OUT_DIR, exist_ok=True)
    path = os.path.join(OUT_DIR, "vectors.json")
    data = cases()
    # The booleans case must match what serde_json writes for real booleans.
    bools = next(c for c in data if c["name"] == "booleans_as_lowercase_strings")
    bools["request_json"] = bools["request_json"].replace('"true"', "true").replace('"false"', "false")
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        json.dump(data, f, ensure_ascii=False, indent=2)
        f.write("\n")
    print("wrote %s" % os.path.relpath(path, REPO_ROOT))


if __name__ == "__main__":
    main()
