//! Keeping secrets out of what people see: the marker that stands in for a secret,
//! and the removal of secrets a server may echo back in an error.

/// What `Debug` output and messages show in place of a secret.
pub(crate) const REDACTED: &str = "** redacted **";

/// `text` with every non-empty secret in `secrets` replaced by [`REDACTED`]; for
/// text from a server, which may echo the request (a debugging proxy, a gateway).
pub(crate) fn secrets(text: String, secrets: &[&str]) -> String {
    secrets
        .iter()
        .filter(|s| !s.is_empty())
        .fold(text, |text, secret| {
            if text.contains(secret) {
                text.replace(secret, REDACTED)
            } else {
                text
            }
        })
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_secret_is_replaced_and_empty_ones_are_ignored() {
        let text = super::secrets(
            "key sk-1 and tok-2, sk-1 again".into(),
            &["sk-1", "", "tok-2"],
        );
        assert_eq!(
            text,
            "key ** redacted ** and ** redacted **, ** redacted ** again"
        );
    }
}
