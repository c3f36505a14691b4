//! A signed request, assembled as the official SDKs assemble it: the same headers in
//! the same order for TC3, the same common parameters for v1. The client and the STS
//! credential providers build their requests here.

use bytes::Bytes;

use super::{
    FORM_CONTENT_TYPE, JSON_CONTENT_TYPE, SigningRequest, V1Algorithm, V1CommonParams,
    V1SigningRequest, encode_query, set_param, sign_v1, tc3_authorization, v1_params,
};
use crate::transport::{HttpMethod, HttpRequest};

/// The request body, prepared once per call.
#[derive(Debug, Clone)]
pub(crate) enum Payload {
    /// TC3 with POST: the JSON body.
    Json(Bytes),
    /// GET or signature v1: the flattened form parameters.
    Params(Vec<(String, String)>),
}

/// What stays the same across the attempts of a call.
#[derive(Debug, Clone, Copy)]
pub(crate) struct RequestParts<'a> {
    /// Service name (the signing scope) and API version.
    pub(crate) service: &'a str,
    pub(crate) version: &'a str,
    pub(crate) action: &'a str,
    /// `host[:port]`, sent as `Host` and signed.
    pub(crate) host: &'a str,
    /// `<scheme>://<host>/`.
    pub(crate) url: &'a str,
    pub(crate) region: Option<&'a str>,
    pub(crate) language: Option<&'a str>,
    pub(crate) request_client: &'a str,
    pub(crate) user_agent: &'a str,
    /// The v1 algorithm, or `None` for TC3.
    pub(crate) v1: Option<V1Algorithm>,
    /// The method of a v1 request (TC3 takes it from the payload).
    pub(crate) v1_method: HttpMethod,
}

/// What changes from one attempt to the next.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Attempt<'a> {
    pub(crate) secret_id: &'a str,
    pub(crate) secret_key: &'a str,
    pub(crate) token: Option<&'a str>,
    pub(crate) timestamp: i64,
    /// v1's `Nonce`.
    pub(crate) nonce: u64,
}

impl RequestParts<'_> {
    /// Builds and signs one attempt. Pure: the same inputs give the same request.
    pub(crate) fn build(&self, payload: &Payload, attempt: &Attempt<'_>) -> HttpRequest {
        match (self.v1, payload) {
            (Some(algorithm), Payload::Params(params)) => self.v1(params, attempt, algorithm),
            // `payload` gives v1 parameters, never JSON.
            (_, payload) => self.tc3(payload, attempt),
        }
    }

    fn tc3(&self, payload: &Payload, attempt: &Attempt<'_>) -> HttpRequest {
        let (method, url, query, content_type, body) = match payload {
            Payload::Json(body) => (
                HttpMethod::Post,
                self.url.to_owned(),
                String::new(),
                JSON_CONTENT_TYPE,
                body.clone(),
            ),
            Payload::Params(params) => {
                let query = encode_params(params);
                let url = if query.is_empty() {
                    self.url.to_owned()
                } else {
                    format!("{}?{query}", self.url)
                };
                (HttpMethod::Get, url, query, FORM_CONTENT_TYPE, Bytes::new())
            }
        };
        // Only the header is needed; the steps `sign_tc3` also returns would cost
        // four more allocations per attempt.
        let authorization = tc3_authorization(
            &SigningRequest {
                method,
                host: self.host,
                path: "/",
                query: &query,
                content_type,
                payload: &body,
                service: self.service,
                timestamp: attempt.timestamp,
            },
            attempt.secret_id,
            attempt.secret_key,
        );

        let mut request = HttpRequest::new(method, url, body);
        let mut header = |name: &str, value: &str| {
            request.headers.push((name.to_owned(), value.to_owned()));
        };
        // Same headers, in the same order, as the official Python SDK.
        header("Content-Type", content_type);
        header("Host", self.host);
        header("X-TC-Action", self.action);
        header("X-TC-RequestClient", self.request_client);
        header("X-TC-Timestamp", &attempt.timestamp.to_string());
        header("X-TC-Version", self.version);
        if let Some(region) = self.region {
            header("X-TC-Region", region);
        }
        if let Some(token) = attempt.token {
            header("X-TC-Token", token);
        }
        if let Some(language) = self.language {
            header("X-TC-Language", language);
        }
        header("Authorization", &authorization);
        header("User-Agent", self.user_agent);
        request
    }

    fn v1(
        &self,
        params: &[(String, String)],
        attempt: &Attempt<'_>,
        algorithm: V1Algorithm,
    ) -> HttpRequest {
        let method = self.v1_method;
        let mut params = v1_params(
            params.to_vec(),
            &V1CommonParams {
                action: self.action,
                request_client: self.request_client,
                nonce: attempt.nonce,
                timestamp: attempt.timestamp,
                version: self.version,
                region: self.region,
                token: attempt.token,
                secret_id: attempt.secret_id,
                algorithm,
                language: self.language,
            },
        );
        let signature = sign_v1(
            &V1SigningRequest {
                method,
                host: self.host,
                path: "/",
                params: &params,
            },
            attempt.secret_key,
            algorithm,
        );
        set_param(&mut params, "Signature", &signature.signature);
        let encoded = encode_params(&params);
        let mut request = match method {
            HttpMethod::Post => HttpRequest::new(method, self.url.to_owned(), encoded),
            HttpMethod::Get => {
                HttpRequest::new(method, format!("{}?{encoded}", self.url), Bytes::new())
            }
        };
        request.headers = vec![
            ("Content-Type".to_owned(), FORM_CONTENT_TYPE.to_owned()),
            ("Host".to_owned(), self.host.to_owned()),
            ("User-Agent".to_owned(), self.user_agent.to_owned()),
        ];
        request
    }
}

fn encode_params(params: &[(String, String)]) -> String {
    let pairs: Vec<(&str, &str)> = params
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    encode_query(&pairs)
}
