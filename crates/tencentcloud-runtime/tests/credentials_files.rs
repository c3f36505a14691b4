//! Providers that read the environment and local files: environment
//! variables, the INI credentials file and tccli's JSON files.

mod support;

use std::time::{Duration, SystemTime};

use support::credentials::{TempDir, assert_no_secret, env, home_env};
use tencentcloud_runtime::credentials::{
    EnvironmentProvider, ProfileProvider, TccliProvider, tccli_region_in,
};
use tencentcloud_runtime::{Credentials, CredentialsError, ProvideCredentials};

const PROFILE_FILE: &str = "\
# shared credentials
[default]
secret_id = AKIDdefault
secret_key = SECRETKEY-must-not-leak-1

; a second profile, with a token and odd spacing
[ dev ]
\tSECRET_ID=AKIDdev   # trailing comment
secret_key = \"SECRETKEY-must-not-leak-1\"
token = SESSIONTOKEN-must-not-leak-2
";

fn summary(c: &Credentials) -> (&str, &str, Option<&str>) {
    (c.secret_id(), c.secret_key(), c.token())
}

// ---- environment ----

#[tokio::test]
async fn environment_provider_reads_id_key_and_token() {
    let provider = EnvironmentProvider::new().env_lookup(env(&[
        ("TENCENTCLOUD_SECRET_ID", "AKIDenv"),
        ("TENCENTCLOUD_SECRET_KEY", "key"),
        ("TENCENTCLOUD_SESSION_TOKEN", "token"),
    ]));
    let c = provider.provide_credentials().await.unwrap();
    assert_eq!(summary(&c), ("AKIDenv", "key", Some("token")));
    assert_eq!(c.expiry(), None);
}

#[tokio::test]
async fn environment_provider_without_variables_is_not_found_and_names_them() {
    let err = EnvironmentProvider::new()
        .env_lookup(env(&[("TENCENTCLOUD_SECRET_ID", "")]))
        .provide_credentials()
        .await
        .unwrap_err();
    assert!(err.is_not_found(), "{err:?}");
    let text = err.to_string();
    assert!(
        text.contains("TENCENTCLOUD_SECRET_ID") && text.contains("TENCENTCLOUD_SECRET_KEY"),
        "{text}"
    );
}

#[tokio::test]
async fn environment_provider_with_only_an_id_is_a_broken_source() {
    let err = EnvironmentProvider::new()
        .env_lookup(env(&[("TENCENTCLOUD_SECRET_ID", "AKIDenv")]))
        .provide_credentials()
        .await
        .unwrap_err();
    assert!(!err.is_not_found());
    assert!(matches!(
        err,
        CredentialsError::MissingEnvironment { ref variables, .. }
            if variables == &["TENCENTCLOUD_SECRET_KEY"]
    ));
}

// ---- profile file ----

/// The provider as it would run for a user whose home is `dir`, with the system-wide
/// file in `dir/etc/` so that the machine's own `/etc/tencentcloud` never matters.
fn profile_provider(dir: &TempDir, vars: &[(&str, &str)]) -> ProfileProvider {
    ProfileProvider::new()
        .env_lookup(home_env(dir, vars))
        .with_system_file(dir.path().join("etc/tencentcloud/credentials"))
}

#[tokio::test]
async fn profile_provider_reads_the_default_profile_from_home() {
    let dir = TempDir::new();
    dir.write(".tencentcloud/credentials", PROFILE_FILE);
    let c = profile_provider(&dir, &[])
        .provide_credentials()
        .await
        .unwrap();
    assert_eq!(
        summary(&c),
        ("AKIDdefault", support::credentials::SECRET_KEY, None)
    );
}

#[tokio::test]
async fn profile_named_by_the_api_wins_over_the_environment() {
    let dir = TempDir::new();
    dir.write(".tencentcloud/credentials", PROFILE_FILE);
    let from_env = profile_provider(&dir, &[("TENCENTCLOUD_PROFILE", "dev")]);
    let c = from_env.provide_credentials().await.unwrap();
    assert_eq!(
        summary(&c),
        (
            "AKIDdev",
            support::credentials::SECRET_KEY,
            Some(support::credentials::TOKEN)
        )
    );
    let from_api =
        profile_provider(&dir, &[("TENCENTCLOUD_PROFILE", "dev")]).with_profile("default");
    let c = from_api.provide_credentials().await.unwrap();
    assert_eq!(c.secret_id(), "AKIDdefault");
}

#[tokio::test]
async fn credentials_file_variable_replaces_the_default_locations() {
    let dir = TempDir::new();
    dir.write(".tencentcloud/credentials", PROFILE_FILE);
    let other = dir.write(
        "elsewhere.ini",
        "[default]\nsecret_id = AKIDother\nsecret_key = k\n",
    );
    let provider = profile_provider(
        &dir,
        &[("TENCENTCLOUD_CREDENTIALS_FILE", other.to_str().unwrap())],
    );
    let c = provider.provide_credentials().await.unwrap();
    assert_eq!(c.secret_id(), "AKIDother");

    let explicit = ProfileProvider::new()
        .env_lookup(env(&[]))
        .with_file(dir.path().join(".tencentcloud/credentials"));
    assert_eq!(
        explicit.provide_credentials().await.unwrap().secret_id(),
        "AKIDdefault"
    );
}

#[tokio::test]
async fn credentials_file_variable_naming_a_missing_file_is_a_broken_source() {
    let dir = TempDir::new();
    dir.write(".tencentcloud/credentials", PROFILE_FILE);
    let missing = dir.path().join("missing.ini");
    let err = profile_provider(
        &dir,
        &[("TENCENTCLOUD_CREDENTIALS_FILE", missing.to_str().unwrap())],
    )
    .provide_credentials()
    .await
    .unwrap_err();
    assert!(
        matches!(err, CredentialsError::InvalidSource { .. }),
        "{err:?}"
    );
    assert!(err.to_string().contains("missing.ini"), "{err}");
}

#[tokio::test]
async fn no_profile_file_is_not_found_and_lists_the_paths_tried() {
    let dir = TempDir::new();
    let err = profile_provider(&dir, &[])
        .provide_credentials()
        .await
        .unwrap_err();
    assert!(err.is_not_found(), "{err:?}");
    let text = err.to_string();
    let home_file = dir.path().join(".tencentcloud").join("credentials");
    assert!(text.contains(home_file.to_str().unwrap()), "{text}");
    let system_file = dir.path().join("etc/tencentcloud/credentials");
    assert!(text.contains(system_file.to_str().unwrap()), "{text}");
}

#[tokio::test]
async fn the_system_wide_file_is_read_when_home_has_none() {
    let dir = TempDir::new();
    dir.write(
        "etc/tencentcloud/credentials",
        "[default]\nsecret_id = AKIDsystem\nsecret_key = system-key\n",
    );
    let credentials = profile_provider(&dir, &[])
        .provide_credentials()
        .await
        .unwrap();
    assert_eq!(credentials.secret_id(), "AKIDsystem");
    // Home's file comes first.
    dir.write(
        ".tencentcloud/credentials",
        "[default]\nsecret_id = AKIDhome\nsecret_key = home-key\n",
    );
    let credentials = profile_provider(&dir, &[])
        .provide_credentials()
        .await
        .unwrap();
    assert_eq!(credentials.secret_id(), "AKIDhome");
}

#[tokio::test]
async fn missing_default_profile_is_not_found_but_a_missing_named_one_is_broken() {
    let dir = TempDir::new();
    dir.write(
        ".tencentcloud/credentials",
        "[dev]\nsecret_id = a\nsecret_key = b\n",
    );
    let err = profile_provider(&dir, &[])
        .provide_credentials()
        .await
        .unwrap_err();
    assert!(err.is_not_found(), "{err:?}");
    assert!(err.to_string().contains("[default]"), "{err}");

    let err = profile_provider(&dir, &[])
        .with_profile("prod")
        .provide_credentials()
        .await
        .unwrap_err();
    assert!(
        matches!(err, CredentialsError::InvalidSource { .. }),
        "{err:?}"
    );
    assert!(err.to_string().contains("[prod]"), "{err}");
}

#[tokio::test]
async fn profile_with_only_a_key_is_broken_and_names_the_missing_id() {
    let dir = TempDir::new();
    dir.write(
        ".tencentcloud/credentials",
        "[default]\nsecret_id =\nsecret_key = SECRETKEY-must-not-leak-1\n",
    );
    let err = profile_provider(&dir, &[])
        .provide_credentials()
        .await
        .unwrap_err();
    assert!(
        matches!(err, CredentialsError::InvalidSource { .. }),
        "{err:?}"
    );
    assert!(err.to_string().contains("secret_id"), "{err}");
    assert_no_secret(&err.to_string());
}

#[tokio::test]
async fn malformed_profile_file_gives_the_line_but_not_its_text() {
    let dir = TempDir::new();
    dir.write(
        ".tencentcloud/credentials",
        "[default]\nsecret_id = a\nSECRETKEY-must-not-leak-1\n",
    );
    let err = profile_provider(&dir, &[])
        .provide_credentials()
        .await
        .unwrap_err();
    assert!(
        matches!(err, CredentialsError::InvalidSource { .. }),
        "{err:?}"
    );
    assert!(err.to_string().contains("line 3"), "{err}");
    assert_no_secret(&err.to_string());
    assert_no_secret(&format!("{err:?}"));
}

#[tokio::test]
async fn binary_profile_file_is_an_error_not_a_panic() {
    let dir = TempDir::new();
    let path = dir.path().join("bin.ini");
    std::fs::write(&path, [0xff, 0xfe, b'[', 0x00, b'\n']).unwrap();
    let err = ProfileProvider::new()
        .with_file(&path)
        .provide_credentials()
        .await
        .unwrap_err();
    assert!(err.to_string().contains("not UTF-8"), "{err}");
}

// ---- tccli ----

fn tccli_provider(dir: &TempDir, vars: &[(&str, &str)]) -> TccliProvider {
    TccliProvider::new().env_lookup(home_env(dir, vars))
}

#[tokio::test]
async fn tccli_provider_reads_the_default_profile() {
    let dir = TempDir::new();
    dir.write(
        ".tccli/default.credential",
        r#"{"secretId": "AKIDtccli", "secretKey": "SECRETKEY-must-not-leak-1", "token": ""}"#,
    );
    let c = tccli_provider(&dir, &[])
        .provide_credentials()
        .await
        .unwrap();
    assert_eq!(
        summary(&c),
        ("AKIDtccli", support::credentials::SECRET_KEY, None)
    );
}

#[tokio::test]
async fn tccli_profile_comes_from_the_api_then_tccli_profile() {
    let dir = TempDir::new();
    dir.write(
        ".tccli/ci.credential",
        r#"{"secretId": "AKIDci", "secretKey": "k", "token": "t"}"#,
    );
    dir.write(
        ".tccli/ops.credential",
        r#"{"secretId": "AKIDops", "secretKey": "k"}"#,
    );
    let c = tccli_provider(&dir, &[("TCCLI_PROFILE", "ci")])
        .provide_credentials()
        .await
        .unwrap();
    assert_eq!(summary(&c), ("AKIDci", "k", Some("t")));
    let c = tccli_provider(&dir, &[("TCCLI_PROFILE", "ci")])
        .with_profile("ops")
        .provide_credentials()
        .await
        .unwrap();
    assert_eq!(c.secret_id(), "AKIDops");
}

#[tokio::test]
async fn tccli_without_a_file_or_keys_is_not_found() {
    let dir = TempDir::new();
    let err = tccli_provider(&dir, &[])
        .provide_credentials()
        .await
        .unwrap_err();
    assert!(err.is_not_found(), "{err:?}");
    assert!(err.to_string().contains("default.credential"), "{err}");

    for contents in [
        r#"{"type": "default"}"#,
        r#"{"type": "cvm-role"}"#,
        r#"{"secretId": "", "secretKey": ""}"#,
    ] {
        dir.write(".tccli/default.credential", contents);
        let err = tccli_provider(&dir, &[])
            .provide_credentials()
            .await
            .unwrap_err();
        assert!(err.is_not_found(), "{contents}: {err:?}");
    }
}

#[tokio::test]
async fn tccli_malformed_or_half_files_are_broken_and_never_echo_secrets() {
    let dir = TempDir::new();
    for (contents, expected) in [
        (
            r#"{"secretId": "AKID", "secretKey": "SECRETKEY-must-not-leak-1""#,
            "not valid JSON",
        ),
        (r#"["SECRETKEY-must-not-leak-1"]"#, "not a JSON object"),
        (r#"{"secretId": "AKID"}"#, "secretKey"),
        (r#"{"secretKey": "SECRETKEY-must-not-leak-1"}"#, "secretId"),
        (r#"{"secretId": "AKID", "secretKey": 12}"#, "secretKey"),
        (
            r#"{"secretId": "AKID", "secretKey": "SECRETKEY-must-not-leak-1", "role-arn": "qcs::cam::uin/1:roleName/r"}"#,
            "role-arn",
        ),
    ] {
        dir.write(".tccli/default.credential", contents);
        let err = tccli_provider(&dir, &[])
            .provide_credentials()
            .await
            .unwrap_err();
        assert!(
            matches!(err, CredentialsError::InvalidSource { .. }),
            "{contents}: {err:?}"
        );
        assert!(err.to_string().contains(expected), "{contents}: {err}");
        assert_no_secret(&err.to_string());
    }
}

#[tokio::test]
async fn tccli_login_expiry_is_kept_and_expired_login_is_reported() {
    let dir = TempDir::new();
    let later = support::credentials::unix_in(3600);
    dir.write(
        ".tccli/default.credential",
        &format!(
            r#"{{"type": "oauth", "secretId": "AKIDlogin", "secretKey": "k", "token": "t", "expiresAt": {later}}}"#
        ),
    );
    let c = tccli_provider(&dir, &[])
        .provide_credentials()
        .await
        .unwrap();
    assert_eq!(
        c.expiry(),
        Some(SystemTime::UNIX_EPOCH + Duration::from_secs(later as u64))
    );

    let earlier = support::credentials::unix_in(-60);
    dir.write(
        ".tccli/default.credential",
        &format!(r#"{{"type": "oauth", "secretId": "AKIDlogin", "secretKey": "k", "expiresAt": {earlier}}}"#),
    );
    let err = tccli_provider(&dir, &[])
        .provide_credentials()
        .await
        .unwrap_err();
    assert!(
        matches!(err, CredentialsError::InvalidSource { .. }),
        "{err:?}"
    );
    assert!(err.to_string().contains("expired"), "{err}");
}

#[test]
fn tccli_region_reads_sys_param_or_a_top_level_region() {
    let dir = TempDir::new();
    dir.write(
        ".tccli/default.configure",
        r#"{"_sys_param": {"region": "ap-shanghai", "output": "json"}, "cvm": {"endpoint": "cvm.tencentcloudapi.com"}}"#,
    );
    dir.write(
        ".tccli/old.configure",
        r#"{"region": "ap-beijing", "output": "json"}"#,
    );
    assert_eq!(
        tccli_region_in(dir.path(), "default").as_deref(),
        Some("ap-shanghai")
    );
    assert_eq!(
        tccli_region_in(dir.path(), "old").as_deref(),
        Some("ap-beijing")
    );
}

#[test]
fn tccli_region_is_none_for_missing_empty_or_malformed_files() {
    let dir = TempDir::new();
    assert_eq!(tccli_region_in(dir.path(), "default"), None);
    for (profile, contents) in [
        ("empty", r#"{"_sys_param": {"region": ""}}"#),
        ("number", r#"{"_sys_param": {"region": 3}}"#),
        ("broken", r#"{"_sys_param": "#),
        ("array", "[]"),
    ] {
        dir.write(&format!(".tccli/{profile}.configure"), contents);
        assert_eq!(tccli_region_in(dir.path(), profile), None, "{profile}");
    }
}
