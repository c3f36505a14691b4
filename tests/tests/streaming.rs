//! Streaming calls (Hunyuan's `ChatCompletions` with `Stream: true`) over loopback:
//! against a scripted HTTP server that writes the body piece by piece (split at every
//! byte, trickled, cut off, oversized, an error event, JSON instead of a stream,
//! abandoned by the client), and against the generated server side behind
//! `tencentcloud-server` and in process.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use futures_util::StreamExt;
use serde_json::json;
use tencentcloud_hunyuan::operation::chat_completions::{
    ChatCompletionsError, ChatCompletionsRequest, ChatCompletionsResponse,
};
use tencentcloud_hunyuan::server::{InProcess, Service};
use tencentcloud_hunyuan::types::{Choice, Delta, Message};
use tencentcloud_hunyuan::{
    BoxStream, Client, CommonCode, Config, Credentials, Error, EventStream, RetryConfig,
    ServiceError,
};
use tencentcloud_runtime::server::ActionError;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::Notify;

const SECRET_ID: &str = "AKIDstreamTEST";
const SECRET_KEY: &str = "stream-test-key";

/// One piece of a scripted answer.
#[derive(Clone)]
enum Step {
    /// Written as one HTTP chunk, then flushed.
    Bytes(Vec<u8>),
    /// A pause before the next step.
    Pause(Duration),
    /// Closes the connection without ending the body.
    Cut,
    /// Writes an event every few milliseconds until the client goes away.
    Forever,
}

#[derive(Clone)]
struct Script {
    content_type: &'static str,
    request_id: &'static str,
    steps: Vec<Step>,
}

impl Script {
    fn stream(steps: Vec<Step>) -> Self {
        Script {
            content_type: "text/event-stream",
            request_id: "rid-stream",
            steps,
        }
    }

    fn json(body: serde_json::Value) -> Self {
        Script {
            content_type: "application/json",
            request_id: "",
            steps: vec![Step::Bytes(body.to_string().into_bytes())],
        }
    }
}

/// A loopback HTTP/1.1 server answering the n-th request with the n-th script (the
/// last one again after that), its body in chunked encoding as the steps say.
struct Scripted {
    addr: std::net::SocketAddr,
    requests: Arc<Mutex<Vec<serde_json::Value>>>,
    /// Notified when a `Forever` body finds the client gone.
    abandoned: Arc<Notify>,
}

impl Scripted {
    async fn start(scripts: Vec<Script>) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let requests = Arc::new(Mutex::new(Vec::new()));
        let abandoned = Arc::new(Notify::new());
        let (seen, gone) = (Arc::clone(&requests), Arc::clone(&abandoned));
        tokio::spawn(async move {
            let served = AtomicUsize::new(0);
            loop {
                let (socket, _) = listener.accept().await.unwrap();
                let n = served.fetch_add(1, Ordering::SeqCst);
                let script = scripts[n.min(scripts.len() - 1)].clone();
                let (seen, gone) = (Arc::clone(&seen), Arc::clone(&gone));
                tokio::spawn(async move { answer(socket, script, seen, gone).await });
            }
        });
        Scripted {
            addr,
            requests,
            abandoned,
        }
    }

    fn endpoint(&self) -> String {
        format!("http://{}", self.addr)
    }

    fn requests(&self) -> Vec<serde_json::Value> {
        self.requests.lock().unwrap().clone()
    }
}

async fn answer(
    mut socket: TcpStream,
    script: Script,
    seen: Arc<Mutex<Vec<serde_json::Value>>>,
    gone: Arc<Notify>,
) {
    socket.set_nodelay(true).unwrap();
    let body = read_request(&mut socket).await;
    seen.lock()
        .unwrap()
        .push(serde_json::from_slice(&body).unwrap_or_default());
    let mut head = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: {}\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n",
        script.content_type
    );
    if !script.request_id.is_empty() {
        head.push_str(&format!("X-TC-RequestId: {}\r\n", script.request_id));
    }
    head.push_str("\r\n");
    if socket.write_all(head.as_bytes()).await.is_err() {
        return;
    }
    for step in script.steps {
        match step {
            Step::Bytes(bytes) => {
                if write_chunk(&mut socket, &bytes).await.is_err() {
                    return;
                }
            }
            Step::Pause(pause) => tokio::time::sleep(pause).await,
            Step::Cut => return,
            Step::Forever => loop {
                if write_chunk(&mut socket, &event("more")).await.is_err() {
                    gone.notify_one();
                    return;
                }
                tokio::time::sleep(Duration::from_millis(5)).await;
            },
        }
    }
    let _ = socket.write_all(b"0\r\n\r\n").await;
}

async fn write_chunk(socket: &mut TcpStream, bytes: &[u8]) -> std::io::Result<()> {
    socket
        .write_all(format!("{:x}\r\n", bytes.len()).as_bytes())
        .await?;
    socket.write_all(bytes).await?;
    socket.write_all(b"\r\n").await?;
    socket.flush().await
}

/// Reads a request's head and its `Content-Length` body.
async fn read_request(socket: &mut TcpStream) -> Vec<u8> {
    let mut buffer = Vec::new();
    let mut byte = [0u8; 1024];
    let head_end = loop {
        let n = socket.read(&mut byte).await.unwrap();
        assert!(n > 0, "the client closed before sending a request");
        buffer.extend_from_slice(&byte[..n]);
        if let Some(at) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
            break at + 4;
        }
    };
    let head = String::from_utf8_lossy(&buffer[..head_end]).to_lowercase();
    let length: usize = head
        .lines()
        .find_map(|l| l.strip_prefix("content-length:"))
        .map_or(0, |v| v.trim().parse().unwrap());
    while buffer.len() < head_end + length {
        let n = socket.read(&mut byte).await.unwrap();
        buffer.extend_from_slice(&byte[..n]);
    }
    buffer[head_end..head_end + length].to_vec()
}

/// An event as Hunyuan sends one: a delta of the answer.
fn event(content: &str) -> Vec<u8> {
    let data = json!({
        "Note": "AI-generated",
        "Choices": [{"Delta": {"Role": "assistant", "Content": content}, "FinishReason": ""}],
        "Created": 1_719_816_830,
        "Id": "cd37cf66",
    });
    format!("data: {data}\n\n").into_bytes()
}

fn client(endpoint: &str, configure: impl FnOnce(Config) -> Config) -> Client {
    let config = Config::builder()
        .with_credentials(Credentials::new(SECRET_ID, SECRET_KEY))
        .with_endpoint(endpoint)
        .with_retry(RetryConfig::disabled())
        .build()
        .unwrap();
    Client::new(&configure(config)).unwrap()
}

fn request() -> ChatCompletionsRequest {
    ChatCompletionsRequest::new(
        "hunyuan-turbos-latest",
        [Message::new("user").set_content("hi")],
    )
}

fn content(response: &ChatCompletionsResponse) -> String {
    response
        .choices
        .iter()
        .flatten()
        .filter_map(|c| c.delta.as_ref()?.content.clone())
        .collect()
}

type Item = Result<String, Error<ChatCompletionsError>>;

/// Every item of a stream: each event's content, or the error.
async fn drain(events: EventStream<ChatCompletionsResponse, ChatCompletionsError>) -> Vec<Item> {
    events
        .map(|item| item.map(|event| content(&event.data)))
        .collect()
        .await
}

fn three_events() -> Vec<u8> {
    [event("Hel"), event("lo, "), event("world")].concat()
}

#[tokio::test]
async fn events_arrive_whole_wherever_the_body_is_split() {
    let body = three_events();
    let scripts = (1..body.len())
        .map(|at| {
            Script::stream(vec![
                Step::Bytes(body[..at].to_vec()),
                Step::Bytes(body[at..].to_vec()),
            ])
        })
        .collect();
    let server = Scripted::start(scripts).await;
    let client = client(&server.endpoint(), |c| c);
    for at in 1..body.len() {
        let events = client.chat_completions_stream(&request()).await.unwrap();
        assert_eq!(events.request_id(), "rid-stream");
        let items: Vec<String> = drain(events)
            .await
            .into_iter()
            .map(|item| item.unwrap_or_else(|e| panic!("split at {at}: {e}")))
            .collect();
        assert_eq!(items, ["Hel", "lo, ", "world"], "split at {at}");
    }
    let sent = &server.requests()[0];
    assert_eq!(
        sent["Stream"],
        json!(true),
        "the stream method asks for a stream"
    );
    assert_eq!(sent["Model"], "hunyuan-turbos-latest");
}

#[tokio::test]
async fn a_slow_trickle_is_not_cut_by_the_call_timeouts() {
    // One byte at a time, with pauses between events that add up to more than the
    // attempt and total timeouts: those bound the wait for the head only; the idle
    // timeout bounds the wait for each event. The head gets a generous second so that
    // a loaded machine cannot fail the test; the body outlasts it whatever the load.
    let mut steps = Vec::new();
    for event in [event("Hel"), event("lo, "), event("world")] {
        for byte in event {
            steps.push(Step::Bytes(vec![byte]));
            steps.push(Step::Pause(Duration::from_millis(1)));
        }
        steps.push(Step::Pause(Duration::from_millis(600)));
    }
    let server = Scripted::start(vec![Script::stream(steps)]).await;
    let client = client(&server.endpoint(), |c| {
        c.to_builder()
            .with_timeout(Duration::from_secs(1))
            .with_total_timeout(Duration::from_secs(1))
            .with_stream_idle_timeout(Duration::from_secs(60))
            .build()
            .unwrap()
    });
    let started = std::time::Instant::now();
    let events = client.chat_completions_stream(&request()).await.unwrap();
    let items: Vec<String> = drain(events)
        .await
        .into_iter()
        .map(Result::unwrap)
        .collect();
    assert_eq!(items, ["Hel", "lo, ", "world"]);
    // The pauses alone make this hold on any machine: it checks the script, not speed.
    assert!(started.elapsed() > Duration::from_millis(1800));
}

#[tokio::test]
async fn a_disconnect_mid_stream_ends_it_with_a_transport_error_and_no_retry() {
    let second = event("lo, ");
    let server = Scripted::start(vec![Script::stream(vec![
        Step::Bytes(event("Hel")),
        Step::Bytes(second[..10].to_vec()),
        Step::Cut,
    ])])
    .await;
    // Retries on: none may happen once the stream has started.
    let client = client(&server.endpoint(), |c| {
        c.to_builder()
            .with_retry(RetryConfig::default().with_base_delay(Duration::from_millis(1)))
            .build()
            .unwrap()
    });
    let events = client.chat_completions_stream(&request()).await.unwrap();
    let items = drain(events).await;
    assert_eq!(items.len(), 2, "{items:?}");
    assert_eq!(items[0].as_ref().unwrap(), "Hel");
    assert!(matches!(&items[1], Err(Error::Transport(_))), "{items:?}");
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn an_oversized_line_ends_the_stream_with_a_response_error() {
    let long = "x".repeat(500);
    let server = Scripted::start(vec![Script::stream(vec![
        Step::Bytes(event("ok")),
        Step::Bytes(event(&long)),
        Step::Bytes(event("never")),
    ])])
    .await;
    let client = client(&server.endpoint(), |c| {
        c.to_builder().with_stream_max_line(256).build().unwrap()
    });
    let items = drain(client.chat_completions_stream(&request()).await.unwrap()).await;
    assert_eq!(items.len(), 2, "{items:?}");
    assert_eq!(items[0].as_ref().unwrap(), "ok");
    let Err(Error::Response(e)) = &items[1] else {
        panic!("{items:?}");
    };
    assert!(e.reason().contains("256"), "{e}");
    assert_eq!(e.request_id(), Some("rid-stream"));
}

#[tokio::test]
async fn an_error_event_comes_out_of_the_stream_typed() {
    let error = json!({"Response": {
        "Error": {"Code": "FailedOperation.EngineServerError", "Message": "engine down"},
        "RequestId": "rid-error"
    }});
    let server = Scripted::start(vec![Script::stream(vec![
        Step::Bytes(event("Hel")),
        Step::Bytes(format!("data: {error}\n\n").into_bytes()),
        Step::Bytes(event("never")),
    ])])
    .await;
    let client = client(&server.endpoint(), |c| c);
    let items = drain(client.chat_completions_stream(&request()).await.unwrap()).await;
    assert_eq!(items.len(), 2, "the error ends the stream: {items:?}");
    let Err(Error::Service(ServiceError {
        code: ChatCompletionsError::FailedOperationEngineServerError,
        message,
        request_id,
        ..
    })) = &items[1]
    else {
        panic!("{items:?}");
    };
    assert_eq!(
        (message.as_str(), request_id.as_str()),
        ("engine down", "rid-error")
    );
}

#[tokio::test]
async fn a_json_answer_in_place_of_a_stream_decodes_as_usual() {
    let result = json!({"Response": {
        "Choices": [{"Message": {"Role": "assistant", "Content": "all at once"}, "FinishReason": "stop"}],
        "RequestId": "rid-json"
    }});
    let refusal = json!({"Response": {
        "Error": {"Code": "InvalidParameterValue.Model", "Message": "no such model"},
        "RequestId": "rid-refused"
    }});
    let server = Scripted::start(vec![Script::json(result), Script::json(refusal)]).await;
    let client = client(&server.endpoint(), |c| c);

    let mut events = client.chat_completions_stream(&request()).await.unwrap();
    assert_eq!(events.request_id(), "rid-json");
    let only = events.next().await.unwrap().unwrap();
    let message = only.data.choices.unwrap().remove(0).message.unwrap();
    assert_eq!(message.content.as_deref(), Some("all at once"));
    assert!(events.next().await.is_none(), "a JSON answer is one event");

    let err = client
        .chat_completions_stream(&request())
        .await
        .unwrap_err();
    assert_eq!(
        err.code(),
        Some(&ChatCompletionsError::InvalidParameterValueModel)
    );
    assert_eq!(err.request_id(), Some("rid-refused"));
}

#[tokio::test]
async fn retries_happen_before_the_stream_starts_only() {
    let throttled = json!({"Response": {
        "Error": {"Code": "RequestLimitExceeded", "Message": "slow down"},
        "RequestId": "rid-throttled"
    }});
    let second = event("lo, ");
    let server = Scripted::start(vec![
        Script::json(throttled),
        Script::stream(vec![
            Step::Bytes(event("Hel")),
            Step::Bytes(second[..10].to_vec()),
            Step::Cut,
        ]),
    ])
    .await;
    let client = client(&server.endpoint(), |c| {
        c.to_builder()
            .with_retry(RetryConfig::default().with_base_delay(Duration::from_millis(1)))
            .build()
            .unwrap()
    });
    let items = drain(client.chat_completions_stream(&request()).await.unwrap()).await;
    assert_eq!(items[0].as_ref().unwrap(), "Hel");
    assert!(matches!(&items[1], Err(Error::Transport(_))));
    assert_eq!(
        server.requests().len(),
        2,
        "the refusal was retried, the broken stream was not"
    );
}

#[tokio::test]
async fn dropping_the_stream_closes_the_connection() {
    let server = Scripted::start(vec![Script::stream(vec![
        Step::Bytes(event("first")),
        Step::Forever,
    ])])
    .await;
    let client = client(&server.endpoint(), |c| c);
    let mut events = client.chat_completions_stream(&request()).await.unwrap();
    assert_eq!(
        content(&events.next().await.unwrap().unwrap().data),
        "first"
    );
    let noticed = server.abandoned.notified();
    drop(events);
    // Only a failure waits this long: the server notices at its next write.
    tokio::time::timeout(Duration::from_secs(60), noticed)
        .await
        .expect("the server saw the connection close");
}

/// The generated server side: streams the words of the prompt back, and tells when
/// its stream is dropped.
#[derive(Debug, Default)]
struct Echo {
    dropped: Arc<Notify>,
}

/// Notifies when dropped, with the stream that holds it.
struct DropGuard(Arc<Notify>);

impl Drop for DropGuard {
    fn drop(&mut self) {
        self.0.notify_one();
    }
}

fn delta(content: &str) -> ChatCompletionsResponse {
    let mut choice = Choice::default();
    let mut delta = Delta::default();
    delta.content = Some(content.to_owned());
    choice.delta = Some(delta);
    ChatCompletionsResponse::new("").set_choices([choice])
}

impl Service for Echo {
    async fn chat_completions_stream(
        &self,
        request: ChatCompletionsRequest,
    ) -> Result<
        BoxStream<Result<ChatCompletionsResponse, ActionError<ChatCompletionsError>>>,
        ActionError<ChatCompletionsError>,
    > {
        let prompt = request.messages[0].content.clone().unwrap_or_default();
        if prompt == "refuse" {
            return Err(ActionError::new(
                ChatCompletionsError::Common(CommonCode::InvalidParameterValue),
                "refused",
            ));
        }
        let guard = DropGuard(Arc::clone(&self.dropped));
        let words: Vec<String> = prompt.split(' ').map(str::to_owned).collect();
        let endless = prompt == "forever";
        let events = futures_util::stream::iter(words.into_iter().map(|w| Ok(delta(&w))))
            .chain(futures_util::stream::iter((prompt == "fail").then(|| {
                Err(ActionError::new(
                    ChatCompletionsError::FailedOperationEngineRequestTimeout,
                    "engine timed out",
                ))
            })))
            .chain(futures_util::stream::unfold(endless, |go_on| async move {
                if !go_on {
                    return None;
                }
                tokio::time::sleep(Duration::from_millis(5)).await;
                Some((Ok(delta("more")), true))
            }))
            .map(move |item| {
                let _held = &guard;
                item
            });
        Ok(Box::pin(events))
    }
}

struct Dispatcher(Arc<Echo>);

impl tencentcloud_server::Dispatch for Dispatcher {
    fn dispatch<'a>(
        &'a self,
        action: &'a str,
        body: &'a [u8],
    ) -> tencentcloud_server::BoxFuture<
        'a,
        Result<serde_json::Value, tencentcloud_server::DispatchError>,
    > {
        Box::pin(tencentcloud_hunyuan::server::dispatch(
            &*self.0, action, body,
        ))
    }

    fn dispatch_stream<'a>(
        &'a self,
        action: &'a str,
        body: &'a [u8],
    ) -> tencentcloud_server::BoxFuture<
        'a,
        Option<Result<tencentcloud_server::Events, tencentcloud_server::DispatchError>>,
    > {
        Box::pin(tencentcloud_hunyuan::server::dispatch_stream(
            &*self.0, action, body,
        ))
    }
}

async fn serve(echo: Arc<Echo>) -> tencentcloud_server::RunningServer {
    let config = tencentcloud_server::ServerConfig::new(
        tencentcloud_hunyuan::SERVICE,
        tencentcloud_hunyuan::server::ACTIONS,
    )
    .credential(SECRET_ID, SECRET_KEY);
    tencentcloud_server::Server::new(config, Dispatcher(echo))
        .bind("127.0.0.1:0")
        .await
        .unwrap()
}

fn asking(prompt: &str) -> ChatCompletionsRequest {
    ChatCompletionsRequest::new("m", [Message::new("user").set_content(prompt)])
}

#[tokio::test]
async fn the_generated_server_side_streams_through_the_router() {
    let echo = Arc::new(Echo::default());
    let server = serve(Arc::clone(&echo)).await;
    let client = client(&server.endpoint(), |c| c);

    let events = client
        .chat_completions_stream(&asking("streamed word by word"))
        .await
        .unwrap();
    assert_eq!(events.request_id().len(), 36, "the router's RequestId");
    let items: Vec<String> = drain(events)
        .await
        .into_iter()
        .map(Result::unwrap)
        .collect();
    assert_eq!(items, ["streamed", "word", "by", "word"]);

    let items = drain(
        client
            .chat_completions_stream(&asking("fail"))
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(items[0].as_ref().unwrap(), "fail");
    assert_eq!(
        items[1].as_ref().unwrap_err().code(),
        Some(&ChatCompletionsError::FailedOperationEngineRequestTimeout)
    );

    let refused = client
        .chat_completions_stream(&asking("refuse"))
        .await
        .unwrap_err();
    assert_eq!(
        refused.code(),
        Some(&ChatCompletionsError::Common(
            CommonCode::InvalidParameterValue
        ))
    );

    // Without `Stream`, the plain method reaches the plain side, which this service
    // does not implement.
    let plain = client.chat_completions(&asking("hi")).await.unwrap_err();
    assert_eq!(
        plain.code(),
        Some(&ChatCompletionsError::Common(
            CommonCode::UnsupportedOperation
        ))
    );
    server.shutdown().await;
}

#[tokio::test]
async fn a_dropped_stream_is_dropped_on_the_server_side_too() {
    let echo = Arc::new(Echo::default());
    let server = serve(Arc::clone(&echo)).await;
    let client = client(&server.endpoint(), |c| c);
    let mut events = client
        .chat_completions_stream(&asking("forever"))
        .await
        .unwrap();
    assert_eq!(
        content(&events.next().await.unwrap().unwrap().data),
        "forever"
    );
    let dropped = echo.dropped.notified();
    drop(events);
    tokio::time::timeout(Duration::from_secs(60), dropped)
        .await
        .expect("the service's stream was dropped when the client went away");
}

#[tokio::test]
async fn the_generated_server_side_serves_a_client_in_process() {
    let client = Client::from_stub(InProcess::new(Echo::default()));
    let events = client
        .chat_completions_stream(&asking("no network here"))
        .await
        .unwrap();
    assert_eq!(events.request_id().len(), 36);
    let items = drain(events).await;
    let words: Vec<&str> = items.iter().map(|i| i.as_ref().unwrap().as_str()).collect();
    assert_eq!(words, ["no", "network", "here"]);

    let items = drain(
        client
            .chat_completions_stream(&asking("fail"))
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(items.len(), 2);
    assert!(matches!(&items[1], Err(Error::Service(_))));
}
