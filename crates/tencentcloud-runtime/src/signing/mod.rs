//! TC3-HMAC-SHA256 request signing.
