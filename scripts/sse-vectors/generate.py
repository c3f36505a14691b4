#!/usr/bin/env python3
"""Known-answer vectors for the Rust event-stream parser
(crates/tencentcloud-runtime/src/sse.rs), produced by the official Tencent
Cloud Python SDK (tencentcloud-sdk-python-common, pinned in requirements.txt).

Each case's bytes are served, as a streamed HTTP body, to the SDK's own
parser: `AbstractClient._process_response_sse` (what `call_sse` and every
generated streaming method run, over `requests.Response.iter_lines`). For
information, the asyncio client's parser (`abstract_client_async`, over
`httpx.Response.aiter_lines`) gets the same bytes too. Nothing here parses an
event stream itself.

Every case also states, by hand, the events the Rust parser must yield
(`expect`). Where that differs from what the SDK yields, the case must say why
(`deviation`: the Rust parser follows WHATWG there); where it agrees with the
SDK but not with WHATWG, `whatwg` says how. The script fails if a case
differs from the SDK without a reason, or has a reason but no longer differs,
so the notes in the JSON stay true when the SDK is bumped.

Writes crates/tencentcloud-runtime/tests/data/sse-vectors.json (relative to
the repository root). Usage: scripts/sse-vectors/run.sh (see README.md).
"""

import asyncio
import base64
import json
import os
import sys
from importlib import metadata

import httpx
import requests
from tencentcloud.common.abstract_client import AbstractClient
from tencentcloud.common.abstract_client_async import AbstractClient as AsyncAbstractClient

REPO_ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
OUT = os.path.join(REPO_ROOT, "crates", "tencentcloud-runtime", "tests", "data", "sse-vectors.json")

# What requests' iter_lines asks the body for at a time, whatever the
# network delivers; cases without explicit chunks are read that way.
SDK_READ = 512


class ChunkedBody(object):
    """A streamed body (`Response.raw`) whose reads end at the given chunk
    boundaries, as reads from a socket end where packets did."""

    def __init__(self, chunks):
        self.chunks = [c for c in chunks if c]

    def read(self, size):
        if not self.chunks:
            return b""
        head = self.chunks[0]
        if len(head) <= size:
            self.chunks.pop(0)
            return head
        self.chunks[0] = head[size:]
        return head[:size]


class AsyncChunkedBody(httpx.AsyncByteStream):
    def __init__(self, chunks):
        self.chunks = chunks

    async def __aiter__(self):
        for chunk in self.chunks:
            yield chunk

    async def aclose(self):
        pass


def describe(error):
    return "%s: %s" % (type(error).__name__, error)


def run_sync(chunks):
    resp = requests.models.Response()
    resp.status_code = 200
    resp.headers["Content-Type"] = "text/event-stream"
    resp.raw = ChunkedBody(chunks)
    events, error = [], None
    try:
        for event in AbstractClient._process_response_sse(resp):
            events.append(event)
    except Exception as e:  # the SDK's own failures are part of the record
        error = describe(e)
    return {"events": events, "error": error}


def run_async(chunks):
    class Chain(object):
        def __init__(self, resp):
            self.resp = resp

        async def proceed(self):
            return self.resp

    async def go():
        resp = httpx.Response(200, headers={"Content-Type": "text/event-stream"},
                              stream=AsyncChunkedBody(chunks))
        # The same interceptor the async client installs for a streaming call.
        gen = await AsyncAbstractClient._inter_deserialize_resp(dict)(Chain(resp))
        events, error = [], None
        try:
            async for event in gen:
                events.append(event)
        except Exception as e:
            error = describe(e)
        return {"events": events, "error": error}

    return asyncio.run(go())


def ev(data="", event=None, id=None, retry=None):
    """An event as the Rust `Event` holds it."""
    return {"event": event, "data": data, "id": id, "retry": retry}


def normalize(sdk_event):
    """The SDK's dict as a Rust `Event`: a missing `data` key is data "",
    which Rust (like the Go SDK) does not tell apart from an empty field."""
    return ev(sdk_event.get("data", ""), sdk_event.get("event"), sdk_event.get("id"),
              sdk_event.get("retry"))


HUNYUAN_NOTE = "以上内容为AI生成，不代表开发者立场，请勿删除或修改本标记"


def hunyuan_payload(i, content, finish=""):
    return json.dumps({
        "Note": HUNYUAN_NOTE,
        "Choices": [{"FinishReason": finish, "Delta": {"Role": "assistant", "Content": content}}],
        "Created": 1716800000 + i,
        "Id": "0f3a9c1e-5b7d-4e2f-8a6c-1d2e3f405162",
        "Usage": {"PromptTokens": 12, "CompletionTokens": i + 1, "TotalTokens": 13 + i},
    }, ensure_ascii=False, separators=(",", ":"))


HUNYUAN_PARTS = ["你好！", "我是腾讯混元大模型，", "很高兴为你服务。", " How can I help you today?",
                 "有什么可以帮你的吗？"]
HUNYUAN_PAYLOADS = [hunyuan_payload(i, c, "stop" if i == len(HUNYUAN_PARTS) - 1 else "")
                    for i, c in enumerate(HUNYUAN_PARTS)]
HUNYUAN = b"".join(b"data: " + p.encode() + b"\r\n\r\n" for p in HUNYUAN_PAYLOADS) + b"data: [DONE]\r\n\r\n"

UTF8 = "data: 你好，世界\n\n".encode()

WHATWG_EMPTY = ("WHATWG dispatches no event for a block without a data field; both official SDKs "
                "(Python and Go) yield one for every blank line, and so does the Rust parser.")

CASES = [
    dict(name="single-data", input=b"data: hello\n\n", expect=[ev("hello")]),
    dict(name="hunyuan-stream",
         input=HUNYUAN, expect=[ev(p) for p in HUNYUAN_PAYLOADS] + [ev("[DONE]")]),
    dict(name="hunyuan-stream-odd-reads",
         input=HUNYUAN,
         chunks=[HUNYUAN[i:i + 97] for i in range(0, len(HUNYUAN), 97)],
         expect=[ev(p) for p in HUNYUAN_PAYLOADS] + [ev("[DONE]")]),
    dict(name="multi-line-data", input=b"data: a\ndata: b\ndata:\ndata:  c\n\n",
         expect=[ev("a\nb\n\n c")]),
    dict(name="all-fields", input=b"event: delta\nid: 7\nretry: 3000\ndata: x\n\n",
         expect=[ev("x", event="delta", id="7", retry=3000)]),
    dict(name="event-type-does-not-carry-over", input=b"event: a\ndata: 1\n\ndata: 2\n\n",
         expect=[ev("1", event="a"), ev("2")]),
    dict(name="empty-event-field", input=b"event:\ndata: a\n\n", expect=[ev("a", event="")],
         whatwg="WHATWG gives an empty event type the default type, message."),
    dict(name="crlf-line-ends", input=b"data: a\r\ndata: b\r\n\r\ndata: c\r\n\r\n",
         expect=[ev("a\nb"), ev("c")]),
    dict(name="cr-line-ends", input=b"data: a\rdata: b\r\rdata: c\r\r",
         expect=[ev("a\nb"), ev("c")]),
    dict(name="lf-then-cr-is-two-line-ends", input=b"data: a\r\ndata: b\rdata: c\n\r\ndata: d\n\r",
         expect=[ev("a\nb\nc"), ev("d")]),
    dict(name="crlf-split-between-reads", input=b"data: a\r\ndata: b\r\n\r\n",
         chunks=[b"data: a\r", b"\ndata: b\r\n\r\n"], expect=[ev("a\nb")],
         deviation="requests' iter_lines splits each read with bytes.splitlines, so a CR ending one "
                   "read and the LF starting the next make two line ends: the event is cut in two, "
                   "depending on where the network split the body. WHATWG and the Rust parser: one "
                   "line end."),
    dict(name="unicode-line-separators-are-not-line-ends",
         input="data: a\x0bb\x0cc\x1cd\u0085e\u2028f\u2029g\n\n".encode(),
         expect=[ev("a\x0bb\x0cc\x1cd\u0085e\u2028f\u2029g")]),
    dict(name="comments", input=b": keep-alive\ndata: a\n:another\n\n", expect=[ev("a")]),
    dict(name="comment-only-block", input=b": ping\n\ndata: a\n\n", expect=[ev(), ev("a")],
         whatwg=WHATWG_EMPTY),
    dict(name="blank-lines", input=b"\n\ndata: a\n\n\n", expect=[ev(), ev(), ev("a"), ev()],
         whatwg=WHATWG_EMPTY),
    dict(name="event-without-data", input=b"event: ping\n\n", expect=[ev(event="ping")],
         whatwg=WHATWG_EMPTY),
    dict(name="empty-data-field", input=b"data:\n\n", expect=[ev()]),
    dict(name="leading-space", input=b"data:no-space\ndata:  two-spaces\ndata: trailing \n\n",
         expect=[ev("no-space\n two-spaces\ntrailing ")]),
    dict(name="colon-in-value", input=b'data: {"a":"b:c"}\n\n', expect=[ev('{"a":"b:c"}')]),
    dict(name="field-without-colon", input=b"data\ndata\ndata: x\n\n", expect=[ev("\n\nx")],
         deviation="The SDK reads 'data' without a colon as the field 'dat' (line[:find(':')] "
                   "with find returning -1) and drops it; WHATWG and the Rust parser: a data field "
                   "with an empty value. (The Go SDK aborts the stream with SSE.InvalidLine.)"),
    dict(name="field-name-with-extra-character", input=b"dataX\n\n", expect=[ev()],
         deviation="The SDK reads 'dataX' without a colon as the field 'data' with the value "
                   "'dataX'; WHATWG and the Rust parser: an unknown field 'dataX', ignored."),
    dict(name="unknown-fields", input=b"foo: bar\nDATA: x\ndata : y\ndata: z\n\n", expect=[ev("z")]),
    dict(name="nul-in-data", input=b"data: a\x00b\n\n", expect=[ev("a\x00b")]),
    dict(name="retry-digits", input=b"retry: 10\ndata: a\n\nretry:0012\n\n",
         expect=[ev("a", retry=10), ev(retry=12)]),
    dict(name="retry-not-a-number", input=b"data: a\n\nretry: 1.5\ndata: b\n\n",
         expect=[ev("a"), ev("b")],
         deviation="The SDK calls int() on the value and the ValueError ends the stream (Go: "
                   "SSE.InvalidRetry, likewise); WHATWG and the Rust parser ignore the field."),
    dict(name="retry-sign-space-underscore",
         input=b"retry: +5\ndata: a\n\nretry:  6\ndata: b\n\nretry: 1_000\ndata: c\n\n",
         expect=[ev("a"), ev("b"), ev("c")],
         deviation="Python's int() accepts a sign, surrounding spaces and underscores; WHATWG and "
                   "the Rust parser take ASCII digits only and ignore the field otherwise."),
    dict(name="retry-overflow", input=b"retry: 99999999999999999999\ndata: a\n\n",
         expect=[ev("a", retry=2 ** 64 - 1)],
         deviation="Python integers are unbounded; the Rust parser saturates at u64::MAX "
                   "milliseconds (WHATWG does not say; Go's ParseInt aborts the stream)."),
    dict(name="id-per-event", input=b"id: 1\ndata: a\n\ndata: b\n\nid:\ndata: c\n\n",
         expect=[ev("a", id="1"), ev("b"), ev("c", id="")],
         whatwg="WHATWG's lastEventId lasts until the next id field, so the second event's is '1'; "
                "the SDKs and Rust's Event::id belong to one event "
                "(EventParser::last_event_id is WHATWG's)."),
    dict(name="id-with-nul", input=b"id: a\x00b\ndata: x\n\n", expect=[ev("x")],
         deviation="The SDK keeps an id containing NUL; WHATWG and the Rust parser ignore the "
                   "field (it could not be sent back as Last-Event-ID)."),
    dict(name="bom", input=b"\xef\xbb\xbfdata: a\n\n", chunks=[b"\xef\xbb", b"\xbfdata: a\n\n"],
         expect=[ev("a")],
         deviation="The SDK decodes each line with 'utf-8', which keeps a byte order mark, so the "
                   "first field is named '\\ufeffdata' and dropped; WHATWG's decoder and the Rust "
                   "parser skip a BOM at the start of the stream."),
    dict(name="bom-not-at-start", input=b"data: a\n\n\xef\xbb\xbfdata: b\n\n",
         expect=[ev("a"), ev()]),
    # 你 is E4 BD A0 and 好 E5 A5 BD: reads end inside both.
    dict(name="utf8-split-between-reads", input=UTF8,
         chunks=[UTF8[:7], UTF8[7:11], UTF8[11:]], expect=[ev("你好，世界")]),
    dict(name="invalid-utf8", input=b"data: a\xffb\n\ndata: \xe4\xbd\n\ndata: c\n\n",
         expect=[ev("a\ufffdb"), ev("\ufffd"), ev("c")],
         deviation="The SDK decodes each line strictly and the UnicodeDecodeError ends the stream; "
                   "WHATWG's decoder and the Rust parser replace each invalid sequence with "
                   "U+FFFD."),
    dict(name="last-event-without-blank-line", input=b"data: a\n\ndata: b\n", expect=[ev("a")]),
    dict(name="last-line-without-line-end", input=b"data: a\n\ndata: b", expect=[ev("a")]),
    dict(name="empty-stream", input=b"", expect=[]),
]


def case_record(case):
    data = case["input"]
    chunks = case.get("chunks")
    if chunks is None:
        chunks = [data[i:i + SDK_READ] for i in range(0, len(data), SDK_READ)]
    if b"".join(chunks) != data:
        sys.exit("case %s: its chunks do not add up to its input" % case["name"])
    official = run_sync(chunks)
    matches = official["error"] is None and [normalize(e) for e in official["events"]] == case["expect"]
    deviation = case.get("deviation")
    if matches and deviation:
        sys.exit("case %s: declared a deviation, but the SDK now yields the expected events" % case["name"])
    if not matches and not deviation:
        sys.exit("case %s: the SDK yields %r, not the expected %r, and no deviation is declared"
                 % (case["name"], official, case["expect"]))
    return {
        "name": case["name"],
        "input_b64": base64.b64encode(data).decode(),
        "input_text": data.decode("utf-8", "backslashreplace"),
        "chunks": [len(c) for c in chunks],
        "official": official,
        "official_async": run_async(chunks),
        "expected": case["expect"],
        "official_matches_expected": matches,
        "deviation": deviation,
        "whatwg": case.get("whatwg"),
    }


def main():
    out = {
        "generator": "scripts/sse-vectors/generate.py",
        "sdk": "tencentcloud-sdk-python-common %s" % metadata.version("tencentcloud-sdk-python-common"),
        "requests": metadata.version("requests"),
        "httpx": metadata.version("httpx"),
        "parser": "tencentcloud.common.abstract_client.AbstractClient._process_response_sse",
        "async_parser": "tencentcloud.common.abstract_client_async.AbstractClient._inter_deserialize_resp "
                        "(deserialize_sse), for information only",
        "notes": [
            "input_b64 is the body; chunks are the sizes of the reads the SDK was given (cases "
            "without explicit chunks: the 512-byte reads iter_lines asks for).",
            "official.events are the SDK's dicts as yielded; official.error is the exception that "
            "ended the stream, if any. expected is what the Rust parser yields, as its Event: "
            "data \"\" when the SDK's dict has no 'data' key.",
            "official_matches_expected is false only where deviation says why the Rust parser "
            "follows WHATWG instead; whatwg notes where both differ from WHATWG.",
        ],
        "cases": [case_record(c) for c in CASES],
    }
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w", encoding="utf-8") as f:
        json.dump(out, f, ensure_ascii=False, indent=1)
        f.write("\n")
    deviations = sum(1 for c in out["cases"] if c["deviation"])
    print("wrote %s: %d cases, %d where the Rust parser follows WHATWG instead of the SDK"
          % (os.path.relpath(OUT, REPO_ROOT), len(out["cases"]), deviations))


if __name__ == "__main__":
    main()
