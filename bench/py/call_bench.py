#!/usr/bin/env python3
"""Python side of the per-call comparison: TerminateAsyncEvent through the official
SDK (`tencentcloud-sdk-python-scf`) against the loopback server.

Concurrency is threads, each with its own ScfClient (and so its own requests
Session and connection): the SDK's best case, as a shared client's pool keeps
only 10 connections and would discard the rest. Prints one JSON object.
"""

import argparse
import itertools
import json
import threading
import time
import warnings

from tencentcloud.common.credential import Credential
from tencentcloud.common.profile.client_profile import ClientProfile
from tencentcloud.common.profile.http_profile import HttpProfile
from tencentcloud.scf.v20180416 import models
from tencentcloud.scf.v20180416.scf_client import ScfClient

warnings.filterwarnings("ignore", category=DeprecationWarning)

SECRET_ID = "AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE"
SECRET_KEY = "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE"


def make_client(endpoint):
    http = HttpProfile(protocol="http", endpoint=endpoint)
    return ScfClient(Credential(SECRET_ID, SECRET_KEY), "ap-guangzhou",
                     ClientProfile(httpProfile=http))


def make_request(invoke_request_id):
    # The same request as the Rust side's.
    request = models.TerminateAsyncEventRequest()
    request.FunctionName = "helloworld"
    request.InvokeRequestId = invoke_request_id
    request.Namespace = "default"
    request.GraceShutdown = True
    return request


def run(clients, request, total):
    """`total` calls spread over one thread per client; each call's latency in ns."""
    counter = itertools.count()  # next() is atomic under the GIL
    results = [[] for _ in clients]
    errors = []

    def worker(client, latencies):
        try:
            while next(counter) < total:
                started = time.perf_counter_ns()
                client.TerminateAsyncEvent(request)
                latencies.append(time.perf_counter_ns() - started)
        except Exception as e:  # reported, and fails the run
            errors.append(repr(e))

    if len(clients) == 1:
        worker(clients[0], results[0])
    else:
        threads = [threading.Thread(target=worker, args=(c, r)) for c, r in zip(clients, results)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    if errors:
        raise SystemExit("call failed: %s" % errors[0])
    return [x for r in results for x in r]


def percentile(sorted_samples, p):
    rank = -(-len(sorted_samples) * p // 100)  # ceil, nearest rank
    return sorted_samples[max(1, min(len(sorted_samples), int(rank))) - 1]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--endpoint", required=True, help="host:port")
    parser.add_argument("--n", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=1)
    parser.add_argument("--warmup", type=int, default=200)
    parser.add_argument("--invoke-request-id", default="b379787f-8487-4bac-bd8c-17a20a9ce40e",
                        help="any id for the bench server, a running event's for scf-emulator")
    args = parser.parse_args()

    clients = [make_client(args.endpoint) for _ in range(max(1, args.concurrency))]
    request = make_request(args.invoke_request_id)
    run(clients, request, args.warmup)
    started = time.perf_counter()
    latencies = run(clients, request, args.n)
    wall = time.perf_counter() - started
    latencies.sort()
    print(json.dumps({
        "side": "python",
        "n": args.n,
        "concurrency": len(clients),
        "wall_s": wall,
        "throughput": args.n / wall,
        "p50_us": percentile(latencies, 50) / 1e3,
        "p99_us": percentile(latencies, 99) / 1e3,
    }))


if __name__ == "__main__":
    main()
