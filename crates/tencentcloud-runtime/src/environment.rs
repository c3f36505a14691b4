//! Configuration from the environment, as the official SDKs and `tccli` find it.

use std::path::Path;

use crate::chain::DefaultCredentialsChain;
use crate::config::{Config, ConfigError};
use crate::creds::tccli_region_in;

impl Config {
    /// A ready configuration from the environment, as the official SDKs and
    /// `tccli` find it:
    ///
    /// - credentials from [`DefaultCredentialsChain`] (environment variables,
    ///   the credentials file, tccli's files, the CVM role, TKE OIDC), asked
    ///   before every attempt and cached by the chain;
    /// - the region from `TENCENTCLOUD_REGION`, else from tccli's configure
    ///   file for the profile in `TCCLI_PROFILE` (or `default`);
    /// - the endpoint override from `TENCENTCLOUD_ENDPOINT`.
    ///
    /// Empty variables count as unset. Credentials are looked up at the first
    /// call, not here, so a missing source shows as
    /// [`Error::Credentials`](crate::Error::Credentials) from the call.
    ///
    /// # Errors
    ///
    /// The errors of [`ConfigBuilder::build`](crate::ConfigBuilder::build), for an unusable region or
    /// endpoint.
    ///
    /// ```no_run
    /// let config = tencentcloud_runtime::Config::from_env()?;
    /// # Ok::<(), tencentcloud_runtime::ConfigError>(())
    /// ```
    pub fn from_env() -> Result<Config, ConfigError> {
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    /// [`Config::from_env`] over any variable lookup, `HOME` included, so that
    /// it can be tested without touching the process environment.
    pub(crate) fn from_lookup(
        lookup: impl Fn(&str) -> Option<String> + Clone + Send + Sync + 'static,
    ) -> Result<Config, ConfigError> {
        let read = |name: &str| lookup(name).filter(|value| !value.is_empty());
        let chain = DefaultCredentialsChain::builder()
            .env_lookup(lookup.clone())
            .build();
        let mut builder = Config::builder().with_credentials_provider(chain);
        let region = read(Self::ENV_REGION).or_else(|| {
            let home = read("HOME")?;
            let profile = read("TCCLI_PROFILE").unwrap_or_else(|| "default".to_owned());
            tccli_region_in(Path::new(&home), &profile).filter(|r| !r.is_empty())
        });
        if let Some(region) = region {
            builder = builder.with_region(region);
        }
        if let Some(endpoint) = read(Self::ENV_ENDPOINT) {
            builder = builder.with_endpoint(endpoint);
        }
        builder.build()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::creds::ProvideCredentials;

    fn lookup(
        vars: &[(&str, &str)],
    ) -> impl Fn(&str) -> Option<String> + Clone + Send + Sync + 'static {
        let vars: Vec<(String, String)> = vars
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        move |name| vars.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone())
    }

    /// A home directory with a tccli configure file for `profile`.
    fn tccli_home(name: &str, profile: &str, region: &str) -> std::path::PathBuf {
        let home = std::env::temp_dir().join(format!(
            "tencentcloud-config-test-{name}-{}",
            std::process::id()
        ));
        std::fs::create_dir_all(home.join(".tccli")).unwrap();
        std::fs::write(
            home.join(".tccli").join(format!("{profile}.configure")),
            format!(r#"{{"_sys_param":{{"region":"{region}","output":"json"}}}}"#),
        )
        .unwrap();
        home
    }

    #[tokio::test]
    async fn from_lookup_reads_credentials_region_and_endpoint() {
        let config = Config::from_lookup(lookup(&[
            ("TENCENTCLOUD_SECRET_ID", "id"),
            ("TENCENTCLOUD_SECRET_KEY", "key"),
            ("TENCENTCLOUD_REGION", "ap-shanghai"),
            ("TENCENTCLOUD_ENDPOINT", "http://localhost:1234"),
        ]))
        .unwrap();
        assert_eq!(config.region(), Some("ap-shanghai"));
        assert_eq!(config.endpoint(), Some("http://localhost:1234/"));
        let provider = config.credentials_provider().expect("the default chain");
        let credentials = provider.provide_credentials().await.unwrap();
        assert_eq!(credentials.secret_id(), "id");
    }

    #[test]
    fn region_falls_back_to_the_tccli_profile() {
        let home = tccli_home("fallback", "work", "ap-nanjing");
        let home_str = home.to_str().unwrap().to_owned();
        let config =
            Config::from_lookup(lookup(&[("HOME", &home_str), ("TCCLI_PROFILE", "work")])).unwrap();
        assert_eq!(config.region(), Some("ap-nanjing"));

        let config = Config::from_lookup(lookup(&[("HOME", &home_str)])).unwrap();
        assert_eq!(config.region(), None, "profile default has no file");

        let config = Config::from_lookup(lookup(&[
            ("HOME", &home_str),
            ("TCCLI_PROFILE", "work"),
            ("TENCENTCLOUD_REGION", "ap-chengdu"),
        ]))
        .unwrap();
        assert_eq!(config.region(), Some("ap-chengdu"), "the variable wins");
        std::fs::remove_dir_all(home).unwrap();
    }
}
