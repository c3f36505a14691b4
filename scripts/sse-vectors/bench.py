#!/usr/bin/env python3
"""Times the official Python SDK's event-stream parser
(`AbstractClient._process_response_sse` over requests' `iter_lines`, as `call_sse` and
the generated streaming methods run it) on the ~1 MiB Hunyuan-like stream that
crates/tencentcloud-runtime/benches/sse.rs parses; both print the stream's SHA-256.

The body is served from memory in 4 KiB reads, as the Rust bench pushes it; iter_lines
asks for 512 bytes at a time whatever the network delivers. Every event is taken.

Usage: scripts/sse-vectors/run.sh --bench [--rounds N]
"""

import argparse
import hashlib
import platform
import time
from importlib import metadata

import requests
from tencentcloud.common.abstract_client import AbstractClient

NOTE = "以上内容为AI生成，不代表开发者立场，请勿删除或修改本标记"
PARTS = ["你好！", "我是腾讯混元大模型，", "很高兴为你服务。", " How can I help you today?",
         "有什么可以帮你的吗？", " Streaming output arrives in small deltas, "]
TARGET_LEN = 1 << 20
READ = 4096


def hunyuan_stream():
    """Events until the stream reaches 1 MiB, then [DONE]: the recipe of benches/sse.rs."""
    lines = []
    length = 0
    i = 0
    while length < TARGET_LEN:
        line = ('data: {"Note":"%s","Choices":[{"FinishReason":"","Delta":{"Role":"assistant",'
                '"Content":"%s"}}],"Created":%d,"Id":"0f3a9c1e-5b7d-4e2f-8a6c-1d2e3f405162",'
                '"Usage":{"PromptTokens":12,"CompletionTokens":%d,"TotalTokens":%d}}\n\n'
                % (NOTE, PARTS[i % len(PARTS)], 1716800000 + i, i + 1, 13 + i)).encode()
        lines.append(line)
        length += len(line)
        i += 1
    lines.append(b"data: [DONE]\n\n")
    return b"".join(lines), i + 1


class Body(object):
    """A streamed body served in reads of at most READ bytes."""

    def __init__(self, data):
        self.data = memoryview(data)
        self.pos = 0

    def read(self, size):
        end = min(self.pos + min(size, READ), len(self.data))
        chunk = self.data[self.pos:end].tobytes()
        self.pos = end
        return chunk


def parse(stream):
    resp = requests.models.Response()
    resp.status_code = 200
    resp.headers["Content-Type"] = "text/event-stream"
    resp.raw = Body(stream)
    events = 0
    for _ in AbstractClient._process_response_sse(resp):
        events += 1
    return events


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()

    stream, events = hunyuan_stream()
    print("stream: %d bytes, %d events, sha256 %s"
          % (len(stream), events, hashlib.sha256(stream).hexdigest()))
    print("CPython %s, tencentcloud-sdk-python-common %s, requests %s"
          % (platform.python_version(), metadata.version("tencentcloud-sdk-python-common"),
             requests.__version__))
    if parse(stream) != events:
        raise SystemExit("the SDK did not yield every event")

    times = []
    for _ in range(args.rounds):
        start = time.perf_counter()
        parse(stream)
        times.append(time.perf_counter() - start)
    times.sort()
    mib = len(stream) / (1 << 20)
    best, median = times[0], times[len(times) // 2]
    print("official SDK parser: best %.2f ms (%.1f MiB/s), median %.2f ms (%.1f MiB/s) of %d rounds"
          % (best * 1e3, mib / best, median * 1e3, mib / median, args.rounds))


if __name__ == "__main__":
    main()
