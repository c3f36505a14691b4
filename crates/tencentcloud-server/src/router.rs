//! One request through every check, then the dispatcher; independent of the HTTP
//! library so that each step is plain data in, result out.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::Arc;

use http::{HeaderMap, Method, Uri};
use serde_json::{Value, json};
use tencentcloud_runtime::server::{DispatchError, Events};
use tencentcloud_runtime::transport::HttpMethod;

use crate::Dispatch;
use crate::auth::{self, Signed, V1_COMMON_PARAMS, param};
use crate::config::ServerConfig;
use crate::limiter::Limiter;
use crate::services::{ServiceVersion, Services, service_of_host};

/// A request as received, its body read in full.
pub(crate) struct Received<'a> {
    pub(crate) method: &'a Method,
    pub(crate) uri: &'a Uri,
    pub(crate) headers: &'a HeaderMap,
    pub(crate) body: &'a [u8],
}

impl Received<'_> {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
}

/// What an action answered: one object, or a stream of them.
pub(crate) enum Answer {
    Json(Value),
    Events(Events),
}

pub(crate) struct Router {
    pub(crate) config: ServerConfig,
    services: Services,
    /// Per service name, per version: its actions' QPS buckets.
    limiters: HashMap<String, HashMap<String, Limiter>>,
    /// Made by [`Router::new`]: every request is for its one service, whatever the
    /// host, as before there were registries.
    single: bool,
}

impl Router {
    /// One service, as `config` describes it, run by `dispatcher`.
    pub(crate) fn new(config: ServerConfig, dispatcher: Box<dyn Dispatch>) -> Self {
        let mut services = Services::new();
        services.insert(
            ServiceVersion::from_arc(
                config.service.name,
                config.service.version,
                Arc::from(dispatcher),
            )
            .with_actions(
                config
                    .actions
                    .iter()
                    .map(|a| (a.name.to_owned(), a.qps_limit)),
            )
            .with_param_types(config.param_types.clone()),
        );
        Router {
            single: true,
            ..Self::with_services(config, services)
        }
    }

    /// Every service of `services`, with the keys and limits of `config`.
    pub(crate) fn with_services(config: ServerConfig, services: Services) -> Self {
        let mut limiters: HashMap<String, HashMap<String, Limiter>> = HashMap::new();
        for service in services.iter() {
            limiters.entry(service.name.clone()).or_default().insert(
                service.version.clone(),
                Limiter::new(&config, &service.actions),
            );
        }
        Router {
            config,
            services,
            limiters,
            single: false,
        }
    }

    /// The service a request is for: a single-service router's; else the one its
    /// host names; else its credential scope's (TC3); else, for v1, the one service
    /// with its version and action.
    fn service_name<'r>(
        &'r self,
        host: &'r str,
        scope: Option<&'r str>,
        version: &str,
        action: &str,
    ) -> Result<&'r str, DispatchError> {
        if self.single
            && let Some(only) = self.services.only_name()
        {
            return Ok(only);
        }
        service_of_host(host)
            .or(scope)
            .or_else(|| self.services.unique_with(version, action))
            .ok_or_else(|| {
                DispatchError::new(
                    "NoSuchProduct",
                    format!(
                        "the host {host:?} names no service and no single service has \
                         version {version:?} and action {action:?}; send to \
                         <service>.tencentcloudapi.com or sign with TC3-HMAC-SHA256"
                    ),
                )
            })
    }

    /// Checks `req` and, if it passes, runs its action: the object for
    /// `{"Response": …}` (or the events of a stream), or the code and message to
    /// answer with.
    pub(crate) async fn handle(&self, req: &Received<'_>) -> Result<Answer, DispatchError> {
        let method = match (req.method, req.uri.path()) {
            (&Method::POST, "/") => HttpMethod::Post,
            (&Method::GET, "/") => HttpMethod::Get,
            (method, path) => {
                return Err(DispatchError::new(
                    "UnsupportedProtocol",
                    format!("{method} {path} is not an API request; send POST / or GET /"),
                ));
            }
        };
        let host = req.header("host").unwrap_or_default();
        let content_type = req.header("content-type").unwrap_or_default();
        let query = req.uri.query().unwrap_or_default();
        let form = match method {
            HttpMethod::Get => Some(parse_form(query.as_bytes())),
            HttpMethod::Post if is_form(content_type) => Some(parse_form(req.body)),
            HttpMethod::Post => None,
        };

        let now = auth::unix_now();
        let v1 = req.header("authorization").is_none()
            && form
                .as_deref()
                .is_some_and(|params| param(params, "Signature").is_some());
        let (service, action, version, own_params) = if v1 {
            let params = form.unwrap_or_default();
            auth::verify_v1(&self.config, method, host, &params, now)?;
            let action = required(param(&params, "Action"), "Action")?.to_owned();
            let version = required(param(&params, "Version"), "Version")?.to_owned();
            let service = self.service_name(host, None, &version, &action)?;
            let own = params
                .into_iter()
                .filter(|(name, _)| !V1_COMMON_PARAMS.contains(&name.as_str()))
                .collect();
            (service, action, version, Some(own))
        } else {
            let signed = Signed {
                method,
                host,
                content_type,
                query: if method == HttpMethod::Get { query } else { "" },
                body: req.body,
            };
            let authorization = req.header("authorization");
            let scope = authorization.and_then(auth::scope_service);
            let action = req.header("x-tc-action").unwrap_or_default();
            let version = req.header("x-tc-version").unwrap_or_default();
            let verify = |service: &str| {
                auth::verify_tc3(
                    &self.config,
                    service,
                    &signed,
                    authorization,
                    req.header("x-tc-timestamp"),
                    req.header("x-tc-token"),
                    now,
                )
            };
            let service = match self.service_name(host, scope, version, action) {
                Ok(service) => service,
                // Without a credential scope the signature is the first thing wrong.
                Err(e) => return Err(verify("").err().unwrap_or(e)),
            };
            verify(service)?;
            let action = required(req.header("x-tc-action"), "X-TC-Action")?.to_owned();
            let version = required(req.header("x-tc-version"), "X-TC-Version")?.to_owned();
            (service, action, version, form)
        };

        if !self.services.has_name(service) {
            return Err(DispatchError::new(
                "NoSuchProduct",
                format!("the service {service:?} is not served by this endpoint"),
            ));
        }
        let Some(entry) = self.services.get(service, &version) else {
            let versions: Vec<&str> = self.services.versions(service).collect();
            return Err(DispatchError::new(
                "NoSuchVersion",
                format!(
                    "version {version:?} of {service} does not exist; this endpoint serves {}",
                    versions.join(", ")
                ),
            ));
        };
        if !entry.has_action(&action) {
            return Err(DispatchError::unknown_action(&action));
        }
        let limiter = self.limiters.get(service).and_then(|v| v.get(&version));
        if limiter.is_some_and(|limiter| !limiter.try_acquire(&action)) {
            return Err(DispatchError::new(
                "RequestLimitExceeded",
                format!(
                    "{action} is limited to {} requests per second; retry later",
                    self.config
                        .limit_in_force(&action, entry.actions.get(&action).copied().flatten())
                        .unwrap_or_default()
                ),
            ));
        }

        let body: Cow<'_, [u8]> = match own_params {
            Some(params) => {
                let json = entry.param_types.to_json(&action, &params);
                Cow::Owned(json.to_string().into_bytes())
            }
            None => Cow::Borrowed(req.body),
        };
        let dispatcher = &entry.dispatcher;
        if let Some(events) = dispatcher.dispatch_stream(&action, &body).await {
            return events.map(Answer::Events);
        }
        dispatcher.dispatch(&action, &body).await.map(Answer::Json)
    }
}

fn required<'v>(value: Option<&'v str>, name: &str) -> Result<&'v str, DispatchError> {
    value.filter(|v| !v.is_empty()).ok_or_else(|| {
        DispatchError::new(
            "MissingParameter",
            format!("the {name} parameter is missing"),
        )
    })
}

fn is_form(content_type: &str) -> bool {
    content_type.split(';').next().is_some_and(|essence| {
        essence
            .trim()
            .eq_ignore_ascii_case("application/x-www-form-urlencoded")
    })
}

pub(crate) fn parse_form(bytes: &[u8]) -> Vec<(String, String)> {
    url::form_urlencoded::parse(bytes).into_owned().collect()
}

/// One event of a stream, as the service sends it: `data: <object>` and a blank line;
/// an error in the envelope's form.
pub(crate) fn event(item: Result<Value, DispatchError>, request_id: &str) -> String {
    let data = match item {
        Ok(value) => value,
        Err(_) => envelope(item, request_id),
    };
    format!("data: {data}\n\n")
}

/// The service's envelope for a result or an error, with `request_id`.
pub(crate) fn envelope(result: Result<Value, DispatchError>, request_id: &str) -> Value {
    let error = match result {
        Ok(Value::Object(mut fields)) => {
            // The router's id wins over whatever the action put there.
            fields.insert("RequestId".to_owned(), Value::String(request_id.to_owned()));
            return json!({ "Response": fields });
        }
        Ok(other) => DispatchError::new(
            "InternalError",
            format!("the action answered {other} instead of an object"),
        ),
        Err(error) => error,
    };
    json!({"Response": {
        "Error": {"Code": error.code, "Message": error.message},
        "RequestId": request_id,
    }})
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn envelope_puts_the_router_request_id_on_results_and_errors() {
        let ok = envelope(Ok(json!({"Total": 1, "RequestId": "theirs"})), "ours");
        assert_eq!(ok, json!({"Response": {"Total": 1, "RequestId": "ours"}}));
        let err = envelope(Err(DispatchError::new("InvalidAction", "no")), "ours");
        assert_eq!(
            err,
            json!({"Response": {"Error": {"Code": "InvalidAction", "Message": "no"}, "RequestId": "ours"}})
        );
        let bad = envelope(Ok(json!([1])), "ours");
        assert_eq!(bad["Response"]["Error"]["Code"], "InternalError");
    }

    #[test]
    fn form_content_type_is_recognised_with_parameters() {
        assert!(is_form("application/x-www-form-urlencoded"));
        assert!(is_form("Application/X-WWW-Form-Urlencoded; charset=utf-8"));
        assert!(!is_form("application/json"));
        assert!(!is_form(""));
    }
}
