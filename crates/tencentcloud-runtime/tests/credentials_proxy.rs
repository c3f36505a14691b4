//! The metadata service and loopback hosts are reached directly even when a proxy is
//! configured in the environment, while other hosts' calls follow the proxy.
//!
//! The only test in this binary: it sets proxy variables in the process
//! environment, which every thread shares.

mod support;

use support::credentials::{FakeServer, metadata_with_role, sts_with_credentials, unix_in};
use tencentcloud_runtime::credentials::{AssumeRoleProvider, CvmRoleProvider};
use tencentcloud_runtime::{Credentials, ProvideCredentials};

#[tokio::test]
async fn metadata_requests_bypass_the_environment_proxy() {
    let proxy = FakeServer::start().await;
    let metadata = metadata_with_role(unix_in(7200)).await;
    let sts = sts_with_credentials(unix_in(7200)).await;
    // SAFETY: the only test in this binary; no other thread reads the
    // environment while it is changed.
    unsafe {
        for name in ["NO_PROXY", "no_proxy"] {
            std::env::remove_var(name);
        }
        for name in ["HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy"] {
            std::env::set_var(name, proxy.url());
        }
    }

    CvmRoleProvider::new()
        .with_endpoint(metadata.url())
        .provide_credentials()
        .await
        .unwrap();
    assert_eq!(metadata.received().len(), 2);
    assert!(proxy.received().is_empty(), "{:?}", proxy.received());

    // Loopback is reached directly by every call, as Go's net/http does: a proxy
    // elsewhere could not reach it.
    AssumeRoleProvider::new(
        Credentials::new("AKIDsource", "key"),
        "qcs::cam::uin/1:roleName/r",
    )
    .with_endpoint(sts.url())
    .provide_credentials()
    .await
    .unwrap();
    assert_eq!(sts.received().len(), 1);
    assert!(proxy.received().is_empty(), "{:?}", proxy.received());

    // Any other host goes through the proxy, so the bypasses above are deliberate: the
    // name below is never resolved, the proxy gets the request.
    let _ = AssumeRoleProvider::new(
        Credentials::new("AKIDsource", "key"),
        "qcs::cam::uin/1:roleName/r",
    )
    .with_endpoint("http://sts.tencentcloudapi.invalid")
    .provide_credentials()
    .await;
    assert!(!proxy.received().is_empty());
    assert_eq!(sts.received().len(), 1);
}
