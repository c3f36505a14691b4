#!/usr/bin/env python3
"""Sends the same call through the official Python SDK's CommonClient and through ours
(the `common_call` example) to a loopback capture server, and compares the two requests.

Everything must be identical but what legitimately differs:
  - volatile: the timestamp, the signature (each side's is checked with the official
    SDK's own signing code), and v1's Nonce;
  - the client's identity: User-Agent and X-TC-RequestClient (RequestClient in v1);
  - what only the Python SDK or its HTTP library adds: X-TC-TraceId (a random UUID per
    call), Accept, Accept-Encoding, Connection;
  - a JSON body's bytes (json.dumps writes ", " and ": " and \\u escapes; we write compact
    UTF-8), and so Content-Length (in v1, the RequestClient and Nonce lengths): the JSON
    values, and v1's other form parameters in their order, must be equal.

Usage: compare.py COMMON_CALL_BINARY [--write VECTORS_JSON]
Exit status 0 when every case matches, 1 otherwise.
"""

import json
import os
import subprocess
import sys
import threading
import uuid
import warnings
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import metadata
from urllib.parse import parse_qsl

from tencentcloud.common import credential
from tencentcloud.common.abstract_client import AbstractClient
from tencentcloud.common.common_client import CommonClient
from tencentcloud.common.http.request import RequestInternal
from tencentcloud.common.profile.client_profile import ClientProfile
from tencentcloud.common.profile.http_profile import HttpProfile
from tencentcloud.common.sign import Sign

warnings.filterwarnings("ignore", category=DeprecationWarning)

SECRET_ID = "AKIDcommonCLIENTexample"
SECRET_KEY = "common-client-example-key"
TOKEN = "common-client-example-token"
SERVICE, VERSION, ACTION, REGION, LANGUAGE = "madeup", "2020-01-01", "DescribeThings", "ap-guangzhou", "en-US"
# Keys in sorted order: a JSON object's order is kept by json.dumps and sorted by ours.
PARAMS = {
    "Filters": [{"Name": "thing-name", "Values": ["a b", "函数"]}],
    "Limit": 10,
    "Offset": 0,
}
CASES = [
    {"name": "tc3_post_json", "sign_method": "TC3-HMAC-SHA256", "http_method": "POST", "token": TOKEN},
    {"name": "tc3_get_query", "sign_method": "TC3-HMAC-SHA256", "http_method": "GET", "token": None},
    {"name": "v1_hmac_sha256_form", "sign_method": "HmacSHA256", "http_method": "POST", "token": None},
]

VOLATILE = {"x-tc-timestamp", "authorization"}
IDENTITY = {"user-agent", "x-tc-requestclient"}
BODY_LENGTH = {"content-length"}
LIBRARY = {"x-tc-traceid", "accept", "accept-encoding", "connection"}
FORM_VOLATILE = {"Nonce", "Timestamp", "Signature"}
FORM_IDENTITY = {"RequestClient"}

captured = []


class Capture(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def handle_one(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        captured.append({
            "method": self.command,
            "target": self.path,
            "headers": [[k, v] for k, v in self.headers.items()],
            "body": body.decode("utf-8"),
        })
        reply = json.dumps({"Response": {"RequestId": str(uuid.uuid4())}}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(reply)))
        self.end_headers()
        self.wfile.write(reply)

    do_GET = do_POST = handle_one

    def log_message(self, *args):
        pass


def python_call(case, host):
    http = HttpProfile(endpoint=host, reqMethod=case["http_method"])
    http.scheme = "http"
    profile = ClientProfile(signMethod=case["sign_method"], httpProfile=http, language=LANGUAGE)
    cred = credential.Credential(SECRET_ID, SECRET_KEY, case["token"])
    CommonClient(SERVICE, VERSION, cred, REGION, profile=profile).call_json(ACTION, PARAMS)


def rust_call(binary, case, host):
    args = [binary, SERVICE, VERSION, ACTION, json.dumps(PARAMS), "--region", REGION,
            "--endpoint", "http://" + host, "--language", LANGUAGE,
            "--sign-method", case["sign_method"], "--no-retry"]
    if case["http_method"] == "GET":
        args.append("--get")
    env = dict(os.environ, TENCENTCLOUD_SECRET_ID=SECRET_ID, TENCENTCLOUD_SECRET_KEY=SECRET_KEY)
    env.pop("TENCENTCLOUD_SESSION_TOKEN", None)
    if case["token"]:
        env["TENCENTCLOUD_SESSION_TOKEN"] = case["token"]
    subprocess.run(args, env=env, check=True, stdout=subprocess.DEVNULL)


def headers_of(request):
    return {k.lower(): v for k, v in request["headers"]}


def tc3_signature_ok(request):
    """Whether the Authorization is what the official SDK computes for what arrived."""
    h = headers_of(request)
    timestamp = int(h["x-tc-timestamp"])
    query = request["target"].partition("?")[2]
    req = RequestInternal(h["host"], request["method"], "/")
    req.header["Content-Type"] = h["content-type"]
    req.header["Host"] = h["host"]
    req.header["X-TC-Timestamp"] = h["x-tc-timestamp"]
    req.data = query if request["method"] == "GET" else request["body"]
    date = datetime.fromtimestamp(timestamp, timezone.utc).strftime("%Y-%m-%d")
    client = AbstractClient.__new__(AbstractClient)
    signature = client._get_tc3_signature({}, req, date, SERVICE, SECRET_KEY)
    want = ("TC3-HMAC-SHA256 Credential=%s/%s/%s/tc3_request, SignedHeaders=content-type;host, "
            "Signature=%s" % (SECRET_ID, date, SERVICE, signature))
    return h.get("authorization") == want


def v1_signature_ok(request, method):
    """Whether the v1 Signature is the official SDK's for the parameters that arrived."""
    params = parse_qsl(request["body"], keep_blank_values=True)
    got = dict(params).get("Signature")
    rest = sorted((k.replace("_", "."), v) for k, v in params if k != "Signature")
    to_sign = "%s%s/?%s" % (request["method"], headers_of(request)["host"],
                            "&".join("%s=%s" % kv for kv in rest))
    return got == Sign.sign(SECRET_KEY, to_sign, method)


def compare(case, python, rust):
    """The differences, sorted into what is allowed and what is not."""
    report = {"problems": []}
    problems = report["problems"]
    if python["method"] != rust["method"]:
        problems.append("method %s != %s" % (python["method"], rust["method"]))
    ph, rh = headers_of(python), headers_of(rust)
    report["same_headers"] = sorted(k for k in ph if k in rh and ph[k] == rh[k])
    report["identity"] = {k: [ph.get(k), rh.get(k)] for k in sorted(IDENTITY | BODY_LENGTH)
                          if ph.get(k) != rh.get(k)}
    report["python_only"] = sorted(k for k in ph if k not in rh)
    report["rust_only"] = sorted(k for k in rh if k not in ph)
    for k in sorted(set(ph) | set(rh)):
        if k in VOLATILE | IDENTITY | BODY_LENGTH or k in report["same_headers"]:
            continue
        if k in LIBRARY and k not in rh:
            continue
        problems.append("header %s: python %r, rust %r" % (k, ph.get(k), rh.get(k)))

    if case["sign_method"] == "TC3-HMAC-SHA256":
        for side, request in (("python", python), ("rust", rust)):
            if not tc3_signature_ok(request):
                problems.append("%s's TC3 signature is not the official SDK's" % side)
        scope = lambda h: h.get("authorization", "").split(" Signature=")[0]
        if scope(ph) != scope(rh):
            problems.append("Authorization scope: %r != %r" % (scope(ph), scope(rh)))
        p_query, r_query = python["target"].partition("?")[2], rust["target"].partition("?")[2]
        if p_query != r_query:
            problems.append("query %r != %r" % (p_query, r_query))
        if case["http_method"] == "POST":
            if json.loads(python["body"]) != json.loads(rust["body"]):
                problems.append("JSON bodies differ: %s vs %s" % (python["body"], rust["body"]))
            report["body"] = ("same bytes" if python["body"] == rust["body"]
                              else "same JSON value, bytes differ: python %s, rust %s"
                              % (python["body"], rust["body"]))
        elif python["body"] or rust["body"]:
            problems.append("a GET with a body")
        else:
            report["body"] = "empty; same query: %s" % p_query
    else:
        for side, request in (("python", python), ("rust", rust)):
            if not v1_signature_ok(request, case["sign_method"]):
                problems.append("%s's v1 signature is not the official SDK's" % side)
        p = [(k, v) for k, v in parse_qsl(python["body"]) if k not in FORM_VOLATILE | FORM_IDENTITY]
        r = [(k, v) for k, v in parse_qsl(rust["body"]) if k not in FORM_VOLATILE | FORM_IDENTITY]
        if p != r:
            problems.append("form parameters differ:\n    python %s\n    rust   %s" % (p, r))
        report["body"] = "same form parameters in the same order, but for %s" % ", ".join(
            sorted(FORM_VOLATILE | FORM_IDENTITY))
    return report


def main():
    binary = sys.argv[1]
    write = sys.argv[3] if len(sys.argv) > 3 and sys.argv[2] == "--write" else None
    server = ThreadingHTTPServer(("127.0.0.1", 0), Capture)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    host = "127.0.0.1:%d" % server.server_address[1]
    sdk = "tencentcloud-sdk-python-common %s" % metadata.version("tencentcloud-sdk-python-common")
    print("official SDK: %s; capture server on %s" % (sdk, host))

    vectors, failed = [], False
    for case in CASES:
        captured.clear()
        python_call(case, host)
        rust_call(binary, case, host)
        python, rust = captured
        report = compare(case, python, rust)
        failed |= bool(report["problems"])
        print("%-20s %s" % (case["name"], "MISMATCH" if report["problems"] else "MATCH"))
        print("  identical headers: %s" % ", ".join(report["same_headers"]))
        for k, (p, r) in report["identity"].items():
            why = "body length" if k in BODY_LENGTH else "client identity"
            print("  differs (%s): %s: python %r, rust %r" % (why, k, p, r))
        print("  python only: %s" % (", ".join(report["python_only"]) or "-"))
        print("  rust only:   %s" % (", ".join(report["rust_only"]) or "-"))
        print("  body: %s" % report["body"])
        print("  signatures: both verified with the official SDK's signer" if not any(
            "signature" in p for p in report["problems"]) else "  signatures: see below")
        for problem in report["problems"]:
            print("  PROBLEM: %s" % problem)
        vectors.append(dict(case, python=python, rust=rust))
    server.shutdown()

    if write:
        document = {
            "generated_by": "scripts/common-client/run.sh --write",
            "sdk": sdk,
            "secret_id": SECRET_ID,
            "secret_key": SECRET_KEY,
            "service": SERVICE,
            "version": VERSION,
            "action": ACTION,
            "region": REGION,
            "language": LANGUAGE,
            "params": PARAMS,
            "cases": vectors,
        }
        with open(write, "w", encoding="utf-8") as f:
            json.dump(document, f, ensure_ascii=False, indent=2)
            f.write("\n")
        print("wrote %s" % write)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
