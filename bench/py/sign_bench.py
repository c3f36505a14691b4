#!/usr/bin/env python3
"""Python side of the signing comparison: the official SDK's TC3 signing path.

Times exactly what `AbstractClient._build_req_with_tc3_signature` does to sign a
request once its body and headers are built (the UTC date, the SDK's own
`_get_tc3_signature`, which calls `Sign.sign_tc3`, and the Authorization header),
which is what the Rust side's `sign_tc3` does. Prints one JSON object, including
the Authorization value so that the caller can check both sides agree.
"""

import argparse
import datetime
import json
import time
import warnings

from tencentcloud.common.credential import Credential
from tencentcloud.common.http.request import RequestInternal
from tencentcloud.scf.v20180416.scf_client import ScfClient

# datetime.utcfromtimestamp, which the SDK uses, is deprecated on Python >= 3.12.
warnings.filterwarnings("ignore", category=DeprecationWarning)

# The fake credential of Tencent Cloud's public signing documentation (as the Rust side).
SECRET_ID = "AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE"
SECRET_KEY = "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--body", required=True)
    parser.add_argument("--host", default="scf.tencentcloudapi.com")
    parser.add_argument("--timestamp", type=int, default=1_700_000_000)
    parser.add_argument("--n", type=int, default=20_000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()

    with open(args.body, "rb") as f:
        body = f.read().decode("utf-8")  # the SDK signs the str json.dumps returns
    client = ScfClient(Credential(SECRET_ID, SECRET_KEY), "ap-guangzhou")
    service = client._service
    req = RequestInternal(args.host, "POST", "/", header={
        "Content-Type": "application/json",
        "Host": args.host,
        "X-TC-Timestamp": str(args.timestamp),
    }, data=body)
    timestamp = args.timestamp

    def sign_once():
        # The same three steps, verbatim, as in _build_req_with_tc3_signature.
        date = datetime.datetime.utcfromtimestamp(timestamp).strftime('%Y-%m-%d')
        signature = client._get_tc3_signature(None, req, date, service, SECRET_KEY)
        return "TC3-HMAC-SHA256 Credential=%s/%s/%s/tc3_request, SignedHeaders=content-type;host, Signature=%s" % (
            SECRET_ID, date, service, signature)

    authorization = sign_once()
    per_sig_ns = []
    for _ in range(max(1, args.rounds)):
        started = time.perf_counter_ns()
        for _ in range(args.n):
            sign_once()
        per_sig_ns.append((time.perf_counter_ns() - started) / max(1, args.n))
    per_sig_ns.sort()
    print(json.dumps({
        "side": "python",
        "body_bytes": len(body.encode("utf-8")),
        "n": args.n,
        "rounds": len(per_sig_ns),
        "ns_per_sig_best": per_sig_ns[0],
        "ns_per_sig_median": per_sig_ns[len(per_sig_ns) // 2],
        "authorization": authorization,
    }))


if __name__ == "__main__":
    main()
