//! The example's test double: a `tencentcloud-server` endpoint that checks signatures
//! as the service does and streams a canned answer to `ChatCompletions`, the way
//! Hunyuan streams (`text/event-stream`, one JSON object per event, the RequestId in
//! the `X-TC-RequestId` header).

use serde_json::{Value, json};
use tencentcloud_hunyuan::operation::chat_completions;
use tencentcloud_server::{
    BoxFuture, Dispatch, DispatchError, Events, RunningServer, Server, ServerConfig,
};

pub const SECRET_ID: &str = "AKIDchatEXAMPLEdouble";
pub const SECRET_KEY: &str = "chat-example-double-key";

/// The canned answer, in the pieces the double streams.
const ANSWER: &[&str] = &[
    "Hello! ",
    "This answer comes from the example's test double, ",
    "streamed piece by piece as Hunyuan streams its replies. ",
    "Pass --endpoint to talk to the real service.",
];

struct CannedChat;

impl Dispatch for CannedChat {
    fn dispatch<'a>(
        &'a self,
        _action: &'a str,
        _body: &'a [u8],
    ) -> BoxFuture<'a, Result<Value, DispatchError>> {
        // Asked without `Stream`: the whole answer at once.
        Box::pin(async {
            Ok(json!({
                "Choices": [{"FinishReason": "stop", "Message": {"Role": "assistant", "Content": ANSWER.concat()}}],
                "Created": 1_700_000_000,
                "Id": "double",
            }))
        })
    }

    fn dispatch_stream<'a>(
        &'a self,
        action: &'a str,
        body: &'a [u8],
    ) -> BoxFuture<'a, Option<Result<Events, DispatchError>>> {
        let streams = action == chat_completions::ACTION.name
            && tencentcloud_runtime::server::wants_stream(body, Some("Stream"));
        Box::pin(async move {
            streams.then(|| {
                let last = ANSWER.len() - 1;
                let events = ANSWER.iter().enumerate().map(move |(i, piece)| {
                    let finish = if i == last { "stop" } else { "" };
                    Ok(json!({
                        "Note": "canned by the example's test double",
                        "Choices": [{"Delta": {"Role": "assistant", "Content": piece}, "FinishReason": finish}],
                        "Created": 1_700_000_000,
                        "Id": "double",
                    }))
                });
                Ok(Box::pin(futures_util::stream::iter(events)) as Events)
            })
        })
    }
}

/// Serves the double on a free loopback port.
pub async fn start() -> std::io::Result<RunningServer> {
    let config = ServerConfig::new(tencentcloud_hunyuan::SERVICE, &[chat_completions::ACTION])
        .credential(SECRET_ID, SECRET_KEY);
    Server::new(config, CannedChat).bind("127.0.0.1:0").await
}
