//! No provider's `Debug`, and no error's `Display` or `Debug`, shows a secret
//! key, a session token or a web identity token, even after the providers
//! have fetched and cached credentials.

mod support;

use support::credentials::{
    FakeServer, Reply, SECRET_KEY, Scripted, TOKEN, TempDir, WEB_IDENTITY_TOKEN, assert_no_secret,
    cvm_credentials_json, env, home_env, metadata_server, metadata_with_role, source,
    sts_credentials_json, sts_with_credentials, temporary, unix_in,
};
use tencentcloud_runtime::credentials::{
    AssumeRoleProvider, CachedProvider, CredentialsChain, CvmRoleProvider, DefaultCredentialsChain,
    EnvironmentProvider, ProfileProvider, TccliProvider, WebIdentityProvider,
};
use tencentcloud_runtime::{CredentialsError, ProvideCredentials, SharedCredentialsProvider};

/// Fetches through `provider`, then checks its `Debug`, plain and pretty.
async fn assert_debug_hides_secrets(provider: &dyn ProvideCredentials) {
    provider
        .provide_credentials()
        .await
        .expect("fetch succeeds");
    assert_no_secret(&format!("{provider:?}"));
    assert_no_secret(&format!("{provider:#?}"));
}

#[tokio::test]
async fn every_provider_debug_hides_secrets_after_fetching() {
    let dir = TempDir::new();
    dir.write(
        ".tencentcloud/credentials",
        &format!("[default]\nsecret_id = AKIDfile\nsecret_key = {SECRET_KEY}\ntoken = {TOKEN}\n"),
    );
    dir.write(
        ".tccli/default.credential",
        &format!(r#"{{"secretId": "AKIDtccli", "secretKey": "{SECRET_KEY}", "token": "{TOKEN}"}}"#),
    );
    let token_file = dir.write("token", WEB_IDENTITY_TOKEN);
    let metadata = metadata_with_role(unix_in(7200)).await;
    let sts = sts_with_credentials(unix_in(7200)).await;
    let home = home_env(&dir, &[]);
    let secret_env = [
        ("TENCENTCLOUD_SECRET_ID", "AKIDenv"),
        ("TENCENTCLOUD_SECRET_KEY", SECRET_KEY),
        ("TENCENTCLOUD_SESSION_TOKEN", TOKEN),
    ];

    assert_debug_hides_secrets(&source()).await;
    assert_debug_hides_secrets(&SharedCredentialsProvider::new(source())).await;
    assert_debug_hides_secrets(&EnvironmentProvider::new().env_lookup(env(&secret_env))).await;
    assert_debug_hides_secrets(&ProfileProvider::new().env_lookup(home)).await;
    assert_debug_hides_secrets(&TccliProvider::new().env_lookup(home_env(&dir, &[]))).await;
    assert_debug_hides_secrets(&CvmRoleProvider::new().with_endpoint(metadata.url())).await;
    assert_debug_hides_secrets(
        &AssumeRoleProvider::new(source(), "qcs::cam::uin/1:roleName/r").with_endpoint(sts.url()),
    )
    .await;
    assert_debug_hides_secrets(
        &WebIdentityProvider::new(
            "ap-guangzhou",
            "OIDC",
            token_file,
            "qcs::cam::uin/1:roleName/r",
        )
        .with_endpoint(sts.url()),
    )
    .await;
    assert_debug_hides_secrets(&CachedProvider::new(Scripted::new([Ok(temporary(
        "AKIDtmp", 3600,
    ))])))
    .await;
    assert_debug_hides_secrets(&CredentialsChain::first_try("static", source())).await;
    assert_debug_hides_secrets(
        &DefaultCredentialsChain::builder()
            .env_lookup(env(&secret_env))
            .build(),
    )
    .await;
}

#[tokio::test]
async fn every_error_hides_secrets() {
    let dir = TempDir::new();
    let sts = FakeServer::start().await;
    let mut errors: Vec<CredentialsError> = Vec::new();

    // Files: a syntax error on a secret line, a half profile, broken JSON.
    let ini = dir.write("bad.ini", &format!("[default]\n{SECRET_KEY}\n"));
    errors.push(
        ProfileProvider::new()
            .with_file(ini)
            .provide_credentials()
            .await
            .unwrap_err(),
    );
    let half = dir.write(
        "half.ini",
        &format!("[default]\nsecret_key = {SECRET_KEY}\n"),
    );
    errors.push(
        ProfileProvider::new()
            .with_file(half)
            .provide_credentials()
            .await
            .unwrap_err(),
    );
    dir.write(
        ".tccli/default.credential",
        &format!(r#"{{"secretKey": "{SECRET_KEY}"#),
    );
    errors.push(
        TccliProvider::new()
            .env_lookup(home_env(&dir, &[]))
            .provide_credentials()
            .await
            .unwrap_err(),
    );
    errors.push(
        EnvironmentProvider::new()
            .env_lookup(env(&[("TENCENTCLOUD_SECRET_KEY", SECRET_KEY)]))
            .provide_credentials()
            .await
            .unwrap_err(),
    );

    // Metadata: an error code next to secrets, and a body cut mid-secret.
    let body = cvm_credentials_json(unix_in(7200));
    let metadata = metadata_server([
        Reply::ok(body.replace("Success", "Failure")),
        Reply::ok(&body[..body.find("TMPSECRETKEY").unwrap() + 15]),
    ])
    .await;
    for _ in 0..2 {
        errors.push(
            CvmRoleProvider::new()
                .with_endpoint(metadata.url())
                .provide_credentials()
                .await
                .unwrap_err(),
        );
    }

    // STS: errors echoing the secrets the request carried, and responses
    // that hold the issued credentials but are not quite right.
    let sts_body = sts_credentials_json(unix_in(7200));
    sts.route(
        "/",
        [
            Reply::ok(format!(
                r#"{{"Response":{{"Error":{{"Code":"AuthFailure","Message":"echo {SECRET_KEY} {TOKEN}"}},"RequestId":"r"}}}}"#
            )),
            Reply::ok(sts_body.replace("\"Token\"", "\"Tok\"")),
            Reply::ok(sts_body.replace("\"RequestId\"", "\"Other\"")),
            Reply::ok(sts_body.replace("\"ExpiredTime\"", "\"Other\"")),
            Reply::status(500, format!("<html>{WEB_IDENTITY_TOKEN} {SECRET_KEY}</html>")),
        ],
    );
    for _ in 0..5 {
        errors.push(
            AssumeRoleProvider::new(source(), "qcs::cam::uin/1:roleName/r")
                .with_endpoint(sts.url())
                .provide_credentials()
                .await
                .unwrap_err(),
        );
    }
    let token_file = dir.write("token", WEB_IDENTITY_TOKEN);
    sts.route(
        "/",
        [Reply::ok(format!(
            r#"{{"Response":{{"Error":{{"Code":"InvalidParameter","Message":"{WEB_IDENTITY_TOKEN}"}},"RequestId":"r"}}}}"#
        ))],
    );
    errors.push(
        WebIdentityProvider::new(
            "ap-guangzhou",
            "OIDC",
            token_file,
            "qcs::cam::uin/1:roleName/r",
        )
        .with_endpoint(sts.url())
        .provide_credentials()
        .await
        .unwrap_err(),
    );

    // A chain that stops at a broken source, and one that finds nothing.
    errors.push(
        DefaultCredentialsChain::builder()
            .env_lookup(env(&[("TENCENTCLOUD_SECRET_KEY", SECRET_KEY)]))
            .build()
            .provide_credentials()
            .await
            .unwrap_err(),
    );
    errors.push(
        CredentialsChain::first_try(
            "scripted",
            Scripted::new([Err(CredentialsError::not_found("scripted", "nothing"))]),
        )
        .provide_credentials()
        .await
        .unwrap_err(),
    );

    assert_eq!(errors.len(), 14);
    for error in &errors {
        assert_no_secret(&error.to_string());
        assert_no_secret(&format!("{error:?}"));
        assert_no_secret(&format!("{error:#?}"));
    }
}
