//! `serve`: the loopback server both SDKs call.
//!
//! It answers every request with the same success envelope and does as little as an
//! HTTP/1.1 server can (no signature check, no JSON parsing, one write per batch of
//! requests), so that what is measured is the clients. It runs on one thread, which
//! leaves the other core to the client and makes its own load easy to read off
//! (compare.py reports its CPU time beside every result). HTTP/1.1 keep-alive and
//! pipelining are supported; `Connection: close` is honoured.

use std::io::Write;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

use crate::Outcome;

/// What the service answers to a successful TerminateAsyncEvent.
const BODY: &str = r#"{"Response":{"RequestId":"6d2a7b4e-3c1f-4e8a-9b0d-5f6e7a8b9c0d"}}"#;

pub fn run(listen: &str) -> Outcome {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_io()
        .build()?;
    runtime.block_on(async {
        let listener = TcpListener::bind(listen).await?;
        // compare.py waits for this line to learn the port.
        let mut stdout = std::io::stdout();
        writeln!(stdout, "LISTENING {}", listener.local_addr()?)?;
        stdout.flush()?;
        let response: &'static [u8] = format!(
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{BODY}",
            BODY.len()
        )
        .into_bytes()
        .leak();
        loop {
            let (stream, _) = listener.accept().await?;
            stream.set_nodelay(true)?;
            tokio::spawn(async move {
                // A client that goes away mid-request is not the server's problem.
                let _ = serve_connection(stream, response).await;
            });
        }
    })
}

async fn serve_connection(mut stream: TcpStream, response: &[u8]) -> std::io::Result<()> {
    let mut buf = Vec::with_capacity(16 * 1024);
    let mut out = Vec::with_capacity(4 * 1024);
    let mut chunk = [0u8; 16 * 1024];
    loop {
        let read = stream.read(&mut chunk).await?;
        if read == 0 {
            return Ok(());
        }
        buf.extend_from_slice(&chunk[..read]);
        let mut close = false;
        let mut consumed = 0;
        while let Some(request) = parse(&buf[consumed..]) {
            consumed += request.len;
            out.extend_from_slice(response);
            if request.close {
                close = true;
                break;
            }
        }
        buf.drain(..consumed);
        if !out.is_empty() {
            stream.write_all(&out).await?;
            out.clear();
        }
        if close {
            return stream.shutdown().await;
        }
    }
}

struct Request {
    /// Bytes of head and body.
    len: usize,
    close: bool,
}

/// Length of the complete HTTP/1.1 message (request or response, with a
/// `Content-Length` or no body) at the start of `buf`.
pub fn message_len(buf: &[u8]) -> Option<usize> {
    parse(buf).map(|message| message.len)
}

/// One complete request at the start of `buf`, or `None` if more bytes are needed.
fn parse(buf: &[u8]) -> Option<Request> {
    let head_end = buf.windows(4).position(|w| w == b"\r\n\r\n")? + 4;
    let mut content_length = 0;
    let mut close = false;
    for line in buf[..head_end].split(|&b| b == b'\n').skip(1) {
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        let Some(colon) = line.iter().position(|&b| b == b':') else {
            continue;
        };
        let (name, value) = (&line[..colon], line[colon + 1..].trim_ascii());
        if name.eq_ignore_ascii_case(b"content-length") {
            content_length = std::str::from_utf8(value).ok()?.parse().ok()?;
        } else if name.eq_ignore_ascii_case(b"connection") {
            close = value.eq_ignore_ascii_case(b"close");
        }
    }
    let len = head_end + content_length;
    (buf.len() >= len).then_some(Request { len, close })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_pipelined_requests_and_waits_for_the_body() {
        let two = b"POST / HTTP/1.1\r\nContent-Length: 2\r\n\r\n{}POST / HTTP/1.1\r\ncontent-length: 0\r\nConnection: close\r\n\r\n";
        let first = parse(two).unwrap();
        assert_eq!((first.len, first.close), (40, false));
        let second = parse(&two[first.len..]).unwrap();
        assert!(second.close);
        assert_eq!(first.len + second.len, two.len());
        assert!(parse(&two[..39]).is_none());
    }
}
