//! The default chain's order and failure report, custom chains, and the
//! cache policy: refresh window, failed refreshes, single flight.

mod support;

use std::sync::Arc;
use std::time::Duration;

use support::credentials::{
    FakeServer, Scripted, TempDir, env_owned, metadata_with_role, sts_with_credentials, temporary,
    unix_in,
};
use support::refused_endpoint;
use tencentcloud_runtime::credentials::{
    CachedProvider, CredentialsChain, DefaultCredentialsChain, DefaultCredentialsChainBuilder,
};
use tencentcloud_runtime::{Credentials, CredentialsError, ProvideCredentials};

/// The default chain with only `vars` in its environment, and a system-wide credentials
/// file that does not exist, so that the machine's own `/etc/tencentcloud` never matters.
fn chain_with(vars: &[(&str, String)]) -> DefaultCredentialsChainBuilder {
    DefaultCredentialsChain::builder()
        .env_lookup(env_owned(vars))
        .with_system_credentials_file(
            std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("no-such-dir/credentials"),
        )
}

fn home(dir: &TempDir) -> (&'static str, String) {
    ("HOME", dir.home())
}

// ---- default chain ----

#[tokio::test]
async fn environment_wins_over_files() {
    let dir = TempDir::new();
    dir.write(
        ".tencentcloud/credentials",
        "[default]\nsecret_id = AKIDfile\nsecret_key = k\n",
    );
    let chain = chain_with(&[
        home(&dir),
        ("TENCENTCLOUD_SECRET_ID", "AKIDenv".into()),
        ("TENCENTCLOUD_SECRET_KEY", "k".into()),
    ])
    .build();
    assert_eq!(
        chain.provide_credentials().await.unwrap().secret_id(),
        "AKIDenv"
    );
}

#[tokio::test]
async fn profile_file_wins_over_tccli_and_tccli_over_the_metadata_service() {
    let dir = TempDir::new();
    let server = FakeServer::start().await;
    dir.write(
        ".tccli/default.credential",
        r#"{"secretId": "AKIDtccli", "secretKey": "k"}"#,
    );
    let chain = chain_with(&[home(&dir)])
        .with_metadata_endpoint(server.url())
        .build();
    assert_eq!(
        chain.provide_credentials().await.unwrap().secret_id(),
        "AKIDtccli"
    );

    dir.write(
        ".tencentcloud/credentials",
        "[default]\nsecret_id = AKIDfile\nsecret_key = k\n",
    );
    let chain = chain_with(&[home(&dir)])
        .with_metadata_endpoint(server.url())
        .build();
    assert_eq!(
        chain.provide_credentials().await.unwrap().secret_id(),
        "AKIDfile"
    );
    assert!(server.received().is_empty());
}

#[tokio::test]
async fn chain_profile_applies_to_the_credentials_file_and_tccli() {
    let dir = TempDir::new();
    dir.write(
        ".tccli/dev.credential",
        r#"{"secretId": "AKIDtcclidev", "secretKey": "k"}"#,
    );
    let chain = chain_with(&[home(&dir)]).with_profile("dev").build();
    assert_eq!(
        chain.provide_credentials().await.unwrap().secret_id(),
        "AKIDtcclidev"
    );

    dir.write(
        ".tencentcloud/credentials",
        "[dev]\nsecret_id = AKIDfiledev\nsecret_key = k\n",
    );
    let chain = chain_with(&[home(&dir)]).with_profile("dev").build();
    assert_eq!(
        chain.provide_credentials().await.unwrap().secret_id(),
        "AKIDfiledev"
    );
}

#[tokio::test]
async fn metadata_role_is_used_off_files_and_cached() {
    let dir = TempDir::new();
    let server = metadata_with_role(unix_in(7200)).await;
    let chain = chain_with(&[home(&dir)])
        .with_metadata_endpoint(server.url())
        .build();
    for _ in 0..3 {
        let c = chain.provide_credentials().await.unwrap();
        assert_eq!(c.secret_id(), "AKIDtmp");
    }
    assert_eq!(server.received().len(), 2);
}

#[tokio::test]
async fn oidc_is_used_when_the_metadata_service_is_unreachable() {
    let dir = TempDir::new();
    let token = dir.write("token", "jwt");
    let sts = sts_with_credentials(unix_in(7200)).await;
    let chain = chain_with(&[
        home(&dir),
        ("TKE_REGION", "ap-guangzhou".into()),
        ("TKE_PROVIDER_ID", "OIDC".into()),
        (
            "TKE_WEB_IDENTITY_TOKEN_FILE",
            token.to_str().unwrap().into(),
        ),
        ("TKE_ROLE_ARN", "qcs::cam::uin/1:roleName/app".into()),
    ])
    .with_metadata_endpoint(refused_endpoint().await)
    .with_sts_endpoint(sts.url())
    .build();
    assert_eq!(
        chain.provide_credentials().await.unwrap().secret_id(),
        "AKIDtmp"
    );
    assert_eq!(sts.received().len(), 1);
}

#[tokio::test]
async fn exhausted_chain_lists_every_provider_and_what_it_looked_at() {
    let dir = TempDir::new();
    let metadata = refused_endpoint().await;
    let chain = chain_with(&[home(&dir)])
        .with_metadata_endpoint(metadata.clone())
        .build();
    let err = chain.provide_credentials().await.unwrap_err();
    let CredentialsError::ChainExhausted { attempts, .. } = &err else {
        panic!("{err:?}");
    };
    let names: Vec<&str> = attempts.iter().map(|(name, _)| *name).collect();
    assert_eq!(
        names,
        [
            "environment",
            "profile file",
            "tccli",
            "CVM instance role",
            "TKE OIDC"
        ]
    );
    let text = err.to_string();
    let home_dir = dir.home();
    for part in [
        "TENCENTCLOUD_SECRET_ID",
        ".tencentcloud",
        "default.credential",
        home_dir.as_str(),
        "unreachable",
        metadata.as_str(),
        "TKE_WEB_IDENTITY_TOKEN_FILE",
    ] {
        assert!(text.contains(part), "{part} not in {text}");
    }
}

#[tokio::test]
async fn broken_source_stops_the_chain_before_the_network() {
    let dir = TempDir::new();
    let server = FakeServer::start().await;
    dir.write(
        ".tencentcloud/credentials",
        "[default]\nnot an assignment\n",
    );
    let chain = chain_with(&[home(&dir)])
        .with_metadata_endpoint(server.url())
        .build();
    let err = chain.provide_credentials().await.unwrap_err();
    assert!(
        matches!(
            err,
            CredentialsError::InvalidSource {
                provider: "profile file",
                ..
            }
        ),
        "{err:?}"
    );

    let chain = chain_with(&[home(&dir), ("TENCENTCLOUD_SECRET_ID", "AKIDhalf".into())])
        .with_metadata_endpoint(server.url())
        .build();
    let err = chain.provide_credentials().await.unwrap_err();
    assert!(
        matches!(err, CredentialsError::MissingEnvironment { .. }),
        "{err:?}"
    );
    assert!(server.received().is_empty());
}

// ---- custom chains ----

#[tokio::test]
async fn custom_chain_tries_providers_in_order() {
    let nothing = Scripted::new([Err(CredentialsError::not_found("first", "empty"))]);
    let second = Scripted::new([Ok(Credentials::new("AKIDsecond", "k"))]);
    let third = Scripted::new([Ok(Credentials::new("AKIDthird", "k"))]);
    let chain = CredentialsChain::first_try("first", nothing.clone())
        .or_else("second", second.clone())
        .or_else("third", third.clone());
    assert_eq!(
        chain.provide_credentials().await.unwrap().secret_id(),
        "AKIDsecond"
    );
    assert_eq!((nothing.calls(), second.calls(), third.calls()), (1, 1, 0));
}

#[tokio::test]
async fn custom_chain_reports_a_fetch_failure_as_is() {
    let failing = Scripted::new([Err(CredentialsError::fetch_failed("remote", "HTTP 500"))]);
    let after = Scripted::new([Ok(Credentials::new("AKIDafter", "k"))]);
    let err = CredentialsChain::first_try("remote", failing)
        .or_else("after", after.clone())
        .provide_credentials()
        .await
        .unwrap_err();
    assert_eq!(err, CredentialsError::fetch_failed("remote", "HTTP 500"));
    assert_eq!(after.calls(), 0);
}

#[tokio::test]
async fn nested_exhausted_chain_counts_as_not_found() {
    let inner = CredentialsChain::first_try(
        "inner",
        Scripted::new([Err(CredentialsError::not_found("inner", "nothing"))]),
    );
    let chain = CredentialsChain::first_try("nested", inner).or_else(
        "last",
        Scripted::new([Ok(Credentials::new("AKIDlast", "k"))]),
    );
    assert_eq!(
        chain.provide_credentials().await.unwrap().secret_id(),
        "AKIDlast"
    );
}

// ---- cache policy ----

#[tokio::test]
async fn long_term_credentials_are_fetched_once() {
    let source = Scripted::new([Ok(Credentials::new("AKIDstatic", "k"))]);
    let cache = CachedProvider::new(source.clone());
    for _ in 0..5 {
        cache.provide_credentials().await.unwrap();
    }
    assert_eq!(source.calls(), 1);
}

#[tokio::test]
async fn credentials_within_the_refresh_window_are_refreshed() {
    let source = Scripted::new([Ok(temporary("AKIDold", 60)), Ok(temporary("AKIDnew", 7200))]);
    let cache = CachedProvider::new(source.clone()).with_retry_interval(Duration::ZERO);
    assert_eq!(
        cache.provide_credentials().await.unwrap().secret_id(),
        "AKIDold"
    );
    assert_eq!(
        cache.provide_credentials().await.unwrap().secret_id(),
        "AKIDnew"
    );
    assert_eq!(
        cache.provide_credentials().await.unwrap().secret_id(),
        "AKIDnew"
    );
    assert_eq!(source.calls(), 2);
}

#[tokio::test]
async fn credentials_outside_the_refresh_window_are_not_refreshed() {
    let source = Scripted::new([Ok(temporary("AKIDfresh", 600))]);
    let cache = CachedProvider::new(source.clone()).with_retry_interval(Duration::ZERO);
    cache.provide_credentials().await.unwrap();
    cache.provide_credentials().await.unwrap();
    assert_eq!(source.calls(), 1);

    let wider = Scripted::new([Ok(temporary("AKIDfresh", 600))]);
    let cache = CachedProvider::new(wider.clone())
        .with_refresh_before(Duration::from_secs(900))
        .with_retry_interval(Duration::ZERO);
    cache.provide_credentials().await.unwrap();
    cache.provide_credentials().await.unwrap();
    assert_eq!(wider.calls(), 2);
}

#[tokio::test]
async fn failed_refresh_keeps_the_still_valid_credentials() {
    let source = Scripted::new([
        Ok(temporary("AKIDold", 60)),
        Err(CredentialsError::fetch_failed("test", "HTTP 503")),
    ]);
    let cache = CachedProvider::new(source.clone()).with_retry_interval(Duration::ZERO);
    assert_eq!(
        cache.provide_credentials().await.unwrap().secret_id(),
        "AKIDold"
    );
    assert_eq!(
        cache.provide_credentials().await.unwrap().secret_id(),
        "AKIDold"
    );
    assert_eq!(
        cache.provide_credentials().await.unwrap().secret_id(),
        "AKIDold"
    );
    assert_eq!(source.calls(), 3);
}

#[tokio::test]
async fn failed_refresh_is_not_retried_before_the_retry_interval() {
    let source = Scripted::new([
        Ok(temporary("AKIDold", 60)),
        Err(CredentialsError::fetch_failed("test", "HTTP 503")),
    ]);
    let cache = CachedProvider::new(source.clone());
    for _ in 0..5 {
        assert_eq!(
            cache.provide_credentials().await.unwrap().secret_id(),
            "AKIDold"
        );
    }
    assert_eq!(source.calls(), 1, "fetched at most every 10 seconds");
}

#[tokio::test]
async fn expired_credentials_are_never_returned() {
    let source = Scripted::new([
        Ok(temporary("AKIDexpired", -1)),
        Err(CredentialsError::fetch_failed("test", "HTTP 503")),
    ]);
    let cache = CachedProvider::new(source.clone());
    assert_eq!(
        cache.provide_credentials().await.unwrap().secret_id(),
        "AKIDexpired"
    );
    let err = cache.provide_credentials().await.unwrap_err();
    assert_eq!(err, CredentialsError::fetch_failed("test", "HTTP 503"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_callers_share_one_failed_fetch() {
    let source = Scripted::new([Err(CredentialsError::fetch_failed("test", "HTTP 503"))])
        .delay(Duration::from_millis(100));
    let cache = Arc::new(CachedProvider::new(source.clone()));
    let calls: Vec<_> = (0..16)
        .map(|_| {
            let cache = Arc::clone(&cache);
            tokio::spawn(async move { cache.provide_credentials().await })
        })
        .collect();
    for call in calls {
        assert!(call.await.unwrap().is_err());
    }
    assert_eq!(source.calls(), 1);
}

// On a paused clock: the refresh takes 500 ms of virtual time, so a caller that waited
// for it would see the clock move. Real time plays no part.
#[tokio::test(start_paused = true)]
async fn callers_during_a_refresh_keep_using_the_valid_credentials() {
    let source = Scripted::new([Ok(temporary("AKIDold", 60)), Ok(temporary("AKIDnew", 7200))])
        .delay(Duration::from_millis(500));
    let cache = Arc::new(CachedProvider::new(source.clone()).with_retry_interval(Duration::ZERO));
    cache.provide_credentials().await.unwrap();
    let refresher = {
        let cache = Arc::clone(&cache);
        tokio::spawn(async move { cache.provide_credentials().await })
    };
    // The refresher starts and waits on its source.
    tokio::time::sleep(Duration::from_millis(50)).await;
    assert_eq!(source.calls(), 2, "the refresh has started");
    let started = tokio::time::Instant::now();
    let during = cache.provide_credentials().await.unwrap();
    assert_eq!(during.secret_id(), "AKIDold");
    assert_eq!(
        started.elapsed(),
        Duration::ZERO,
        "did not wait for the refresh"
    );
    assert_eq!(refresher.await.unwrap().unwrap().secret_id(), "AKIDnew");
    assert_eq!(source.calls(), 2);
}

#[tokio::test]
async fn extreme_timings_do_not_overflow() {
    let source = Scripted::new([
        Ok(temporary("AKIDold", 60)),
        Err(CredentialsError::fetch_failed("test", "HTTP 503")),
    ]);
    let cache = CachedProvider::new(source.clone())
        .with_refresh_before(Duration::MAX)
        .with_retry_interval(Duration::MAX);
    for _ in 0..3 {
        assert_eq!(
            cache.provide_credentials().await.unwrap().secret_id(),
            "AKIDold"
        );
    }
}
