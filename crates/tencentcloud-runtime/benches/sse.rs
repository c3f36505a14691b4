//! The event-stream parser on a ~1 MiB Hunyuan-like `ChatCompletions` stream, pushed in
//! 4 KiB chunks (a typical socket read), every event taken as it completes.
//!
//! `scripts/sse-vectors/bench.py` builds the same bytes (both print their SHA-256) and
//! times the official Python SDK's parser on them; bench/SSE.md has both figures.

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use sha2::{Digest, Sha256};
use tencentcloud_runtime::sse::EventParser;

const NOTE: &str = "以上内容为AI生成，不代表开发者立场，请勿删除或修改本标记";
const PARTS: [&str; 6] = [
    "你好！",
    "我是腾讯混元大模型，",
    "很高兴为你服务。",
    " How can I help you today?",
    "有什么可以帮你的吗？",
    " Streaming output arrives in small deltas, ",
];
const TARGET_LEN: usize = 1 << 20;

/// Events until the stream reaches 1 MiB, then `[DONE]`: the recipe bench.py repeats.
fn hunyuan_stream() -> (Vec<u8>, usize) {
    let mut stream = Vec::with_capacity(TARGET_LEN + 1024);
    let mut events = 0;
    while stream.len() < TARGET_LEN {
        let i = events;
        let line = format!(
            concat!(
                r#"data: {{"Note":"{}","Choices":[{{"FinishReason":"","Delta":{{"Role":"assistant","Content":"{}"}}}}],"#,
                r#""Created":{},"Id":"0f3a9c1e-5b7d-4e2f-8a6c-1d2e3f405162","Usage":{{"PromptTokens":12,"CompletionTokens":{},"TotalTokens":{}}}}}"#,
                "\n\n"
            ),
            NOTE,
            PARTS[i % PARTS.len()],
            1_716_800_000 + i,
            i + 1,
            13 + i,
        );
        stream.extend_from_slice(line.as_bytes());
        events += 1;
    }
    stream.extend_from_slice(b"data: [DONE]\n\n");
    (stream, events + 1)
}

fn parse(stream: &[u8], chunk: usize) -> usize {
    let mut parser = EventParser::default();
    let mut events = 0;
    for chunk in stream.chunks(chunk) {
        parser.push(chunk).expect("no line is too long");
        while let Some(event) = parser.next_event() {
            black_box(&event);
            events += 1;
        }
    }
    parser.finish().expect("the stream is whole");
    events
}

fn sse(c: &mut Criterion) {
    let (stream, events) = hunyuan_stream();
    eprintln!(
        "stream: {} bytes, {events} events, sha256 {}",
        stream.len(),
        hex::encode(Sha256::digest(&stream))
    );
    assert_eq!(parse(&stream, 4096), events);

    let mut group = c.benchmark_group("sse");
    group.throughput(Throughput::Bytes(stream.len() as u64));
    group.bench_function("hunyuan_1mib_4k_chunks", |b| {
        b.iter(|| parse(black_box(&stream), 4096))
    });
    group.finish();
}

criterion_group!(benches, sse);
criterion_main!(benches);
