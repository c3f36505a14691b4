//! `Credentials`: accessors, tokens, expiry, environment loading and
//! redaction; the provider trait and its shared form.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, SystemTime};

use tencentcloud_runtime::transport::BoxFuture;
use tencentcloud_runtime::{
    Credentials, CredentialsError, ProvideCredentials, SharedCredentialsProvider,
};

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

#[test]
fn expiry_is_unset_for_long_term_keys_and_kept_by_clones() {
    assert_eq!(Credentials::new("id", "key").expiry(), None);
    let at = SystemTime::UNIX_EPOCH + Duration::from_secs(2_000_000_000);
    let credentials = Credentials::new("id", "key")
        .with_token("t")
        .with_expiry(at);
    assert_eq!(credentials.clone().expiry(), Some(at));
    assert_eq!(credentials.with_token("u").expiry(), Some(at));
}

#[tokio::test]
async fn static_credentials_provide_a_copy_of_themselves() {
    let credentials = Credentials::new("id", "key").with_token("token");
    let provided = credentials.provide_credentials().await.unwrap();
    assert_eq!(
        (
            provided.secret_id(),
            provided.secret_key(),
            provided.token()
        ),
        ("id", "key", Some("token"))
    );
}

#[derive(Debug, Clone, Default)]
struct Counting(Arc<AtomicUsize>);

impl ProvideCredentials for Counting {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        let n = self.0.fetch_add(1, Ordering::SeqCst);
        Box::pin(async move { Ok(Credentials::new(format!("id-{n}"), "key")) })
    }
}

#[tokio::test]
async fn shared_provider_clones_call_the_same_provider() {
    let counting = Counting::default();
    let shared = SharedCredentialsProvider::new(counting.clone());
    let clone = shared.clone();
    assert_eq!(
        shared.provide_credentials().await.unwrap().secret_id(),
        "id-0"
    );
    assert_eq!(
        clone.provide_credentials().await.unwrap().secret_id(),
        "id-1"
    );
    assert_eq!(counting.0.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn shared_provider_from_credentials_hides_the_key_in_debug() {
    let shared = SharedCredentialsProvider::from(
        Credentials::new("AKIDvisible", "KEY-DO-NOT-LEAK").with_token("TOKEN-DO-NOT-LEAK"),
    );
    let printed = format!("{shared:?}");
    assert!(printed.contains("AKIDvisible"), "{printed}");
    assert!(!printed.contains("KEY-DO-NOT-LEAK") && !printed.contains("TOKEN-DO-NOT-LEAK"));
    assert_eq!(
        shared.provide_credentials().await.unwrap().secret_key(),
        "KEY-DO-NOT-LEAK"
    );
}
