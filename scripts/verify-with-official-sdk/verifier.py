#!/usr/bin/env python3
"""A loopback TencentCloud API endpoint whose signature check is the official Python
SDK's own code: for every request it rebuilds the TC3 signature with
`AbstractClient._get_tc3_signature` (tencentcloud-sdk-python-common) from what arrived,
and accepts the request only if the Authorization header matches byte for byte.

It answers `{"Response": {"RequestId": ...}}` on success and the service's
`AuthFailure.SignatureFailure` envelope otherwise, and prints one line per request.

Usage: verifier.py PORT SECRET_ID SECRET_KEY [COUNT]   (exits after COUNT requests, default 1)
"""

import json
import sys
import uuid
import warnings
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, HTTPServer

from tencentcloud.common.abstract_client import AbstractClient
from tencentcloud.common.http.request import RequestInternal

warnings.filterwarnings("ignore", category=DeprecationWarning)

PORT, SECRET_ID, SECRET_KEY = int(sys.argv[1]), sys.argv[2], sys.argv[3]
COUNT = int(sys.argv[4]) if len(sys.argv) > 4 else 1


def official_authorization(method, host, content_type, body, timestamp, service):
    """The Authorization header the official SDK computes for this request."""
    req = RequestInternal(host, method, "/")
    req.header["Content-Type"] = content_type
    req.header["Host"] = host
    req.header["X-TC-Timestamp"] = str(timestamp)
    req.data = body.decode("utf-8")
    date = datetime.fromtimestamp(timestamp, timezone.utc).strftime("%Y-%m-%d")
    client = AbstractClient.__new__(AbstractClient)
    signature = client._get_tc3_signature({}, req, date, service, SECRET_KEY)
    return (
        "TC3-HMAC-SHA256 Credential=%s/%s/%s/tc3_request, "
        "SignedHeaders=content-type;host, Signature=%s" % (SECRET_ID, date, service, signature)
    )


class Handler(BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        got = self.headers.get("Authorization", "")
        service = got.split("Credential=")[-1].split("/")[2] if "Credential=" in got else "?"
        want = official_authorization(
            "POST",
            self.headers["Host"],
            self.headers["Content-Type"],
            body,
            int(self.headers["X-TC-Timestamp"]),
            service,
        )
        request_id = str(uuid.uuid4())
        ok = got == want
        print(
            "%s action=%s host=%s body=%s signature=%s"
            % ("ACCEPTED" if ok else "REJECTED", self.headers.get("X-TC-Action"),
               self.headers["Host"], body.decode("utf-8"), "match" if ok else "MISMATCH"),
            flush=True,
        )
        if ok:
            reply = {"Response": {"RequestId": request_id}}
        else:
            print("  ours:     %s\n  official: %s" % (got, want), flush=True)
            reply = {"Response": {"Error": {"Code": "AuthFailure.SignatureFailure",
                                            "Message": "The provided credentials could not be validated."},
                                  "RequestId": request_id}}
        data = json.dumps(reply).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


server = HTTPServer(("127.0.0.1", PORT), Handler)
print("verifier listening on 127.0.0.1:%d" % PORT, flush=True)
for _ in range(COUNT):
    server.handle_request()
