//! The `terminate_async_event` example of `tencentcloud-scf`, run as a user would run
//! it, against the verifying loopback server.
//!
//! The example is built once per test process by the `cargo` running these tests (see
//! `tencentcloud_integration_tests::example`), then executed directly.

use std::path::PathBuf;

use serde_json::json;
use tencentcloud_integration_tests::example::{self, Run};
use tencentcloud_integration_tests::{
    Reply, SECRET_ID, SECRET_KEY, ServerConfig, TOKEN, Verdict, VerifyingServer,
};

fn example() -> PathBuf {
    example::path("tencentcloud-scf", "terminate_async_event")
}

const KEYS: [(&str, &str); 2] = [
    ("TENCENTCLOUD_SECRET_ID", SECRET_ID),
    ("TENCENTCLOUD_SECRET_KEY", SECRET_KEY),
];

/// The flags the example requires, with placeholder values, and `--endpoint`.
fn required_args(endpoint: &str) -> [&str; 6] {
    [
        "--function-name",
        "f",
        "--invoke-request-id",
        "i",
        "--endpoint",
        endpoint,
    ]
}

/// Runs the example against `server` with the test keys and the required flags plus
/// `extra`.
fn run_against(server: &VerifyingServer, extra: &[&str]) -> Run {
    let endpoint = server.endpoint();
    let mut args = vec![
        "--function-name",
        "helloworld",
        "--invoke-request-id",
        "invoke-1",
        "--endpoint",
        &endpoint,
    ];
    args.extend_from_slice(extra);
    example::run(&example(), &args, &KEYS)
}

#[test]
fn success_prints_the_request_id_and_exits_zero() {
    let server = VerifyingServer::start(ServerConfig::test_keys());

    let run = run_against(&server, &[]);

    let exchange = server.single_exchange();
    assert_eq!(run.code, Some(0), "{run:?}");
    assert_eq!(run.stdout, format!("RequestId: {}\n", exchange.request_id));
    assert_eq!(run.stderr, "");
    assert_eq!(exchange.check.verdict, Verdict::Accepted);
    assert_eq!(
        exchange.request.json(),
        Some(json!({"FunctionName": "helloworld", "InvokeRequestId": "invoke-1"}))
    );
    assert_eq!(exchange.request.header("X-TC-Region"), None);
}

#[test]
fn flags_and_session_token_reach_the_request() {
    let server = VerifyingServer::start(ServerConfig::test_keys().token(TOKEN));
    let endpoint = server.endpoint();
    let args = [
        "--function-name=helloworld",
        "--invoke-request-id",
        "invoke-1",
        "--namespace",
        "prod",
        "--grace-shutdown",
        "--region",
        "ap-shanghai",
        "--endpoint",
        &endpoint,
    ];
    let env = [KEYS[0], KEYS[1], ("TENCENTCLOUD_SESSION_TOKEN", TOKEN)];

    let run = example::run(&example(), &args, &env);

    assert_eq!(run.code, Some(0), "{run:?}");
    let exchange = server.single_exchange();
    assert_eq!(exchange.check.verdict, Verdict::Accepted);
    assert_eq!(
        exchange.request.json(),
        Some(json!({
            "FunctionName": "helloworld",
            "InvokeRequestId": "invoke-1",
            "Namespace": "prod",
            "GraceShutdown": true,
        }))
    );
    assert_eq!(exchange.request.header("X-TC-Region"), Some("ap-shanghai"));
    assert_eq!(exchange.request.header("X-TC-Token"), Some(TOKEN));
    assert!(!run.stdout.contains(TOKEN) && !run.stderr.contains(TOKEN));
}

#[test]
fn service_error_prints_code_message_and_request_id_and_exits_one() {
    let server = VerifyingServer::start(
        ServerConfig::test_keys().reply(Reply::error("InternalError", "try again later")),
    );

    let run = run_against(&server, &[]);

    let exchange = server.single_exchange();
    assert_eq!(run.code, Some(1), "{run:?}");
    assert_eq!(run.stdout, "");
    for expected in [
        "InternalError",
        "try again later",
        exchange.request_id.as_str(),
    ] {
        assert!(
            run.stderr.contains(expected),
            "{expected:?} not in {}",
            run.stderr
        );
    }
    assert!(!run.stderr.contains("hint:"), "{}", run.stderr);
}

#[test]
fn missing_function_gets_a_hint_naming_the_function() {
    let server = VerifyingServer::start(ServerConfig::test_keys().reply(Reply::error(
        "ResourceNotFound.Function",
        "function not found",
    )));

    let run = run_against(&server, &["--namespace", "prod"]);

    let exchange = server.single_exchange();
    assert_eq!(run.code, Some(1), "{run:?}");
    for expected in [
        "ResourceNotFound.Function",
        "function not found",
        exchange.request_id.as_str(),
        r#"hint: there is no function "helloworld" in namespace "prod""#,
    ] {
        assert!(
            run.stderr.contains(expected),
            "{expected:?} not in {}",
            run.stderr
        );
    }
}

#[test]
fn wrong_secret_key_is_reported_with_a_credentials_hint() {
    let server = VerifyingServer::start(ServerConfig::test_keys());
    let endpoint = server.endpoint();
    let args = required_args(&endpoint);
    let env = [KEYS[0], ("TENCENTCLOUD_SECRET_KEY", "not-the-key")];

    let run = example::run(&example(), &args, &env);

    assert_eq!(run.code, Some(1), "{run:?}");
    assert!(
        run.stderr.contains("AuthFailure.SignatureFailure"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("TENCENTCLOUD_SECRET_KEY"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("not-the-key"), "{}", run.stderr);
}

#[test]
fn unreachable_endpoint_is_reported_and_exits_one() {
    let endpoint = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        format!("http://{}", listener.local_addr().unwrap())
    };
    let args = required_args(&endpoint);

    let run = example::run(&example(), &args, &KEYS);

    assert_eq!(run.code, Some(1), "{run:?}");
    assert!(run.stderr.contains("could not connect"), "{}", run.stderr);
    assert_eq!(run.stdout, "");
}

#[test]
fn missing_credentials_name_the_variables_and_exit_two() {
    let server = VerifyingServer::start(ServerConfig::test_keys());
    let endpoint = server.endpoint();
    let args = required_args(&endpoint);

    for env in [
        &[][..],
        &[KEYS[0]],
        &[("TENCENTCLOUD_SECRET_ID", ""), KEYS[1]],
    ] {
        let run = example::run(&example(), &args, env);
        assert_eq!(run.code, Some(2), "{run:?}");
        for variable in ["TENCENTCLOUD_SECRET_ID", "TENCENTCLOUD_SECRET_KEY"] {
            assert!(
                run.stderr.contains(variable),
                "{variable} not in {}",
                run.stderr
            );
        }
    }
    assert!(server.exchanges().is_empty(), "nothing may be sent");
}

#[test]
fn bad_arguments_print_usage_and_exit_two() {
    for args in [
        &[][..],
        &["--function-name", "f"],
        &["--invoke-request-id", "i"],
        &["--function-name", "--invoke-request-id", "i"],
        &["--function-name", "f", "--invoke-request-id"],
        &[
            "--function-name",
            "f",
            "--invoke-request-id",
            "i",
            "--bogus",
        ],
        &[
            "--function-name",
            "f",
            "--function-name",
            "g",
            "--invoke-request-id",
            "i",
        ],
        &["--function-name=", "--invoke-request-id", "i"],
        &[
            "--function-name",
            "f",
            "--invoke-request-id",
            "i",
            "--grace-shutdown=yes",
        ],
        &[
            "--function-name",
            "f",
            "--invoke-request-id",
            "i",
            "--endpoint",
            "localhost:9000",
        ],
        &["positional"],
    ] {
        let run = example::run(&example(), args, &KEYS);
        assert_eq!(run.code, Some(2), "{args:?}: {run:?}");
        assert!(
            run.stderr.starts_with("error: "),
            "{args:?}: {}",
            run.stderr
        );
        assert!(
            run.stderr.contains("usage: terminate_async_event"),
            "{args:?}: {}",
            run.stderr
        );
        assert_eq!(run.stdout, "", "{args:?}");
    }
}

#[test]
fn help_prints_usage_to_stdout_and_exits_zero() {
    let run = example::run(&example(), &["--help"], &[]);
    assert_eq!(run.code, Some(0), "{run:?}");
    assert!(
        run.stdout.starts_with("usage: terminate_async_event"),
        "{}",
        run.stdout
    );
    assert_eq!(run.stderr, "");
}

/// A home directory holding only `file` with `contents`, as a user who keeps their key
/// in a file has.
fn home_with(name: &str, file: &str, contents: &str) -> PathBuf {
    let home = std::env::temp_dir().join(format!(
        "tencentcloud-example-{name}-{}",
        std::process::id()
    ));
    let path = home.join(file);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, contents).unwrap();
    home
}

#[test]
fn credentials_from_the_profile_file_or_tccli_need_no_variables() {
    let homes = [
        home_with(
            "profile",
            ".tencentcloud/credentials",
            &format!("[default]\nsecret_id = {SECRET_ID}\nsecret_key = {SECRET_KEY}\n"),
        ),
        home_with(
            "tccli",
            ".tccli/default.credential",
            &json!({"secretId": SECRET_ID, "secretKey": SECRET_KEY}).to_string(),
        ),
    ];
    for home in &homes {
        let server = VerifyingServer::start(ServerConfig::test_keys());
        let endpoint = server.endpoint();
        let home_text = home.to_str().unwrap();
        let run = example::run(
            &example(),
            &required_args(&endpoint),
            &[("HOME", home_text)],
        );
        assert_eq!(run.code, Some(0), "{}: {run:?}", home.display());
        assert_eq!(server.single_exchange().check.verdict, Verdict::Accepted);
    }
}

#[test]
fn with_no_credentials_anywhere_every_source_is_listed() {
    let server = VerifyingServer::start(ServerConfig::test_keys());
    let run = example::run(&example(), &required_args(&server.endpoint()), &[]);
    assert_eq!(run.code, Some(2), "{run:?}");
    for source in [
        "environment",
        "profile file",
        ".tencentcloud/credentials",
        "tccli",
        "CVM instance role",
        "TKE OIDC",
    ] {
        assert!(
            run.stderr.contains(source),
            "{source} not in {}",
            run.stderr
        );
    }
    assert!(server.exchanges().is_empty(), "nothing may be sent");
}
