//! Nothing a user can print shows the secret key or the session token: not the client,
//! the configuration or the request, and not any error a call can end in.

use std::error::Error as StdError;
use std::fmt::{Debug, Display};

use tencentcloud_integration_tests::{
    Reply, SECRET_ID, SECRET_KEY, ServerConfig, TOKEN, VerifyingServer,
};
use tencentcloud_scf::operation::terminate_async_event::TerminateAsyncEventRequest;
use tencentcloud_scf::{Client, Config, Credentials, Error};

const WRONG_KEY: &str = "WRONG-KEY-MUST-NOT-LEAK-EITHER";

/// Debug and Display of `value` and of every error in its source chain.
fn printed(value: &(dyn StdError + 'static)) -> Vec<String> {
    let mut out = Vec::new();
    let mut next = Some(value);
    while let Some(error) = next {
        out.push(format!("{error}"));
        out.push(format!("{error:?}"));
        out.push(format!("{error:#?}"));
        next = error.source();
    }
    out
}

fn debug_forms(value: &dyn Debug) -> Vec<String> {
    vec![format!("{value:?}"), format!("{value:#?}")]
}

fn display_and_debug(value: &(impl Display + Debug)) -> Vec<String> {
    let mut out = debug_forms(value);
    out.push(value.to_string());
    out
}

#[track_caller]
fn assert_no_secrets(what: &str, texts: &[String]) {
    for text in texts {
        for secret in [SECRET_KEY, TOKEN, WRONG_KEY] {
            assert!(!text.contains(secret), "{what} shows a secret: {text}");
        }
    }
}

fn client_for(endpoint: &str, secret_key: &str) -> (Config, Client) {
    let config = Config::builder()
        .with_credentials(Credentials::new(SECRET_ID, secret_key).with_token(TOKEN))
        .with_region("ap-guangzhou")
        .with_endpoint(endpoint)
        .build()
        .expect("valid config");
    let client = Client::new(&config).expect("client");
    (config, client)
}

#[tokio::test]
async fn client_config_request_and_every_error_hide_the_secret_key_and_token() {
    let server = VerifyingServer::start(ServerConfig::test_keys().token(TOKEN));
    let (config, client) = client_for(&server.endpoint(), SECRET_KEY);
    let request = TerminateAsyncEventRequest::new("helloworld", "invoke-1")
        .set_namespace("default")
        .set_grace_shutdown(true);
    assert_no_secrets("the client", &debug_forms(&client));
    assert_no_secrets("the config", &debug_forms(&config));
    assert_no_secrets(
        "the credentials",
        &debug_forms(&config.credentials().unwrap()),
    );
    assert_no_secrets("the request", &debug_forms(&request));

    let mut errors: Vec<(&str, Error<_>)> = Vec::new();
    for code in [
        "ResourceNotFound.Function",
        "FailedOperation.AsyncEventStatus",
        "InvalidParameterValue.FunctionName",
        "ResourceNotFound.AsyncEvent",
        "ResourceNotFound.Namespace",
        "FailedOperation.Brandnew",
    ] {
        server.set_reply(Reply::error(code, "refused"));
        errors.push((
            code,
            client.terminate_async_event(&request).await.unwrap_err(),
        ));
    }

    let (_, wrong_key_client) = client_for(&server.endpoint(), WRONG_KEY);
    let signature_failure = wrong_key_client
        .terminate_async_event(&request)
        .await
        .unwrap_err();
    assert_eq!(
        signature_failure.code_str(),
        Some("AuthFailure.SignatureFailure")
    );
    errors.push(("a signature failure", signature_failure));

    // A gateway that echoes the request, secrets included, instead of an envelope.
    let echo = format!("<html>Authorization failed for key {SECRET_KEY} token {TOKEN}</html>");
    server.set_reply(Reply::raw(502, "text/html", echo));
    let echoed = client.terminate_async_event(&request).await.unwrap_err();
    assert!(matches!(echoed, Error::Response(_)), "{echoed:?}");
    errors.push(("an echoing gateway", echoed));

    let refused_endpoint = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        format!("http://{}", listener.local_addr().unwrap())
    };
    let (_, unreachable) = client_for(&refused_endpoint, SECRET_KEY);
    let transport = unreachable
        .terminate_async_event(&request)
        .await
        .unwrap_err();
    assert!(matches!(transport, Error::Transport(_)), "{transport:?}");
    errors.push(("a refused connection", transport));

    let no_credentials = Client::new(
        &Config::builder()
            .with_endpoint(server.endpoint())
            .build()
            .unwrap(),
    )
    .unwrap()
    .terminate_async_event(&request)
    .await
    .unwrap_err();
    assert!(
        matches!(no_credentials, Error::Credentials(_)),
        "{no_credentials:?}"
    );
    errors.push(("no credentials", no_credentials));

    // The token is checked before anything is sent; the key must not appear in why.
    let bad_token = Config::builder()
        .with_credentials(Credentials::new(SECRET_ID, SECRET_KEY).with_token(format!("{TOKEN} x")))
        .with_endpoint(server.endpoint())
        .build()
        .unwrap();
    let unusable = Client::new(&bad_token)
        .unwrap()
        .terminate_async_event(&request)
        .await
        .unwrap_err();
    assert!(matches!(unusable, Error::Credentials(_)), "{unusable:?}");
    errors.push(("unusable credentials", unusable));

    for (what, error) in &errors {
        assert_no_secrets(what, &printed(error));
        assert_no_secrets(what, &display_and_debug(error));
    }

    let with_userinfo = Config::builder()
        .with_endpoint(format!("http://{SECRET_ID}:{SECRET_KEY}@127.0.0.1:9/"))
        .build()
        .unwrap_err();
    assert_no_secrets("an endpoint with user info", &printed(&with_userinfo));
}
