//! API credentials, and the providers that find, fetch and refresh them.
//!
//! [`Credentials`] are a secret id, a secret key and, for temporary
//! credentials, a session token and an expiry. A [`ProvideCredentials`]
//! implementation supplies them before each request:
//!
//! | Provider | Source |
//! |---|---|
//! | [`Credentials`] | itself (static keys) |
//! | [`EnvironmentProvider`] | `TENCENTCLOUD_SECRET_ID`, `TENCENTCLOUD_SECRET_KEY`, `TENCENTCLOUD_SESSION_TOKEN` |
//! | [`ProfileProvider`] | the INI file `~/.tencentcloud/credentials` |
//! | [`TccliProvider`] | tccli's `~/.tccli/<profile>.credential` |
//! | [`CvmRoleProvider`] | the CAM role of a CVM instance, from the metadata service |
//! | [`AssumeRoleProvider`] | STS `AssumeRole`, signed with credentials from another provider |
//! | [`WebIdentityProvider`] | STS `AssumeRoleWithWebIdentity`, with a TKE OIDC token |
//!
//! [`DefaultCredentialsChain`] tries them in a fixed order and caches what it
//! finds; [`CredentialsChain`] builds a chain of your own, and
//! [`CachedProvider`] caches any provider.
//!
//! No `Debug` or `Display` output of this module, errors included, contains a
//! secret key, a session token or a web identity token.

pub use crate::chain::{CredentialsChain, DefaultCredentialsChain, DefaultCredentialsChainBuilder};
pub use crate::creds::{
    CachedProvider, Credentials, CredentialsError, CvmRoleProvider, EnvironmentProvider,
    ProfileProvider, ProvideCredentials, SharedCredentialsProvider, TccliProvider, tccli_region,
    tccli_region_in,
};
pub use crate::sts::{AssumeRoleProvider, WebIdentityProvider};
