//! `Credentials`: accessors, tokens, environment loading and redaction.

use tencentcloud_runtime::{Credentials, CredentialsError};

#[test]
fn accessors_return_what_was_given() {
    let credentials = Credentials::new("id", "key").with_token("token");
    assert_eq!(credentials.secret_id(), "id");
    assert_eq!(credentials.secret_key(), "key");
    assert_eq!(credentials.token(), Some("token"));
    let clone = credentials.clone();
    drop(credentials);
    assert_eq!(clone.secret_key(), "key");
}

#[test]
fn empty_token_means_no_token() {
    assert_eq!(Credentials::new("id", "key").token(), None);
    assert_eq!(Credentials::new("id", "key").with_token("").token(), None);
    let replaced = Credentials::new("id", "key")
        .with_token("a")
        .with_token("b");
    assert_eq!(replaced.token(), Some("b"));
}

#[test]
fn debug_shows_the_secret_id_but_not_the_key_or_token() {
    let printed = format!(
        "{:?}",
        Credentials::new("AKIDvisible", "KEY-DO-NOT-LEAK").with_token("TOKEN-DO-NOT-LEAK")
    );
    assert!(printed.contains("AKIDvisible"), "{printed}");
    assert!(printed.contains("** redacted **"), "{printed}");
    assert!(!printed.contains("KEY-DO-NOT-LEAK"), "{printed}");
    assert!(!printed.contains("TOKEN-DO-NOT-LEAK"), "{printed}");
    let alternate = format!("{:#?}", Credentials::new("id", "KEY-DO-NOT-LEAK"));
    assert!(!alternate.contains("KEY-DO-NOT-LEAK"), "{alternate}");
}

#[test]
fn from_env_reads_the_variables_and_names_missing_ones() {
    // SAFETY: this is the only test in this binary that touches the
    // environment, and nothing else here reads it.
    unsafe {
        std::env::remove_var("TENCENTCLOUD_SECRET_ID");
        std::env::remove_var("TENCENTCLOUD_SECRET_KEY");
        std::env::remove_var("TENCENTCLOUD_SESSION_TOKEN");
    }
    let err = Credentials::from_env().unwrap_err();
    let message = err.to_string();
    assert!(
        message.contains("TENCENTCLOUD_SECRET_ID") && message.contains("TENCENTCLOUD_SECRET_KEY"),
        "{message}"
    );

    unsafe { std::env::set_var("TENCENTCLOUD_SECRET_ID", "env-id") };
    assert!(matches!(
        Credentials::from_env(),
        Err(CredentialsError::MissingEnvironment { variables, .. })
            if variables == ["TENCENTCLOUD_SECRET_KEY"]
    ));

    unsafe { std::env::set_var("TENCENTCLOUD_SECRET_KEY", "env-key") };
    let credentials = Credentials::from_env().unwrap();
    assert_eq!(
        (
            credentials.secret_id(),
            credentials.secret_key(),
            credentials.token()
        ),
        ("env-id", "env-key", None)
    );

    unsafe { std::env::set_var("TENCENTCLOUD_SESSION_TOKEN", "env-token") };
    assert_eq!(Credentials::from_env().unwrap().token(), Some("env-token"));
}
