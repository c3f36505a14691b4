//! One service version's actions: validated against the spec, then answered by a
//! canned response, an override, or the spec's example.

use std::sync::Arc;

use futures_util::stream;
use serde_json::Value;
use tencentcloud_runtime::server::wants_stream;
use tencentcloud_server::{BoxFuture, Dispatch, DispatchError, Events};

use crate::responses::Responses;
use crate::spec::{Action, ServiceSpec};
use crate::{answer, validate};

pub(crate) struct SpecDispatch {
    pub(crate) spec: Arc<ServiceSpec>,
    pub(crate) responses: Arc<Responses>,
    /// A dispatcher of the user's in front of the spec's answers.
    pub(crate) custom: Option<Arc<dyn Dispatch>>,
}

impl SpecDispatch {
    fn action(&self, name: &str) -> Result<&Action, DispatchError> {
        self.spec
            .action(name)
            .ok_or_else(|| DispatchError::unknown_action(name))
    }

    fn check(&self, action: &Action, body: &[u8]) -> Result<Value, DispatchError> {
        Ok(validate::check_body(&self.spec, &action.input, body)?)
    }

    fn canned(&self, action: &str, request: &Value) -> Option<Result<Value, DispatchError>> {
        self.responses
            .answer(&self.spec.name, &self.spec.version, action, request)
    }

    async fn serve(&self, name: &str, body: &[u8]) -> Result<Value, DispatchError> {
        let action = self.action(name)?;
        let request = self.check(action, body)?;
        if let Some(canned) = self.canned(name, &request) {
            return canned;
        }
        if let Some(custom) = &self.custom {
            match custom.dispatch(name, body).await {
                // An action the override leaves unimplemented falls through to the spec.
                Err(e) if e.is_unsupported(name) => {}
                answered => return answered,
            }
        }
        Ok(Value::Object(answer::response(
            &self.spec, action, &request,
        )))
    }

    async fn serve_stream(&self, name: &str, body: &[u8]) -> Option<Result<Events, DispatchError>> {
        let action = self.spec.action(name)?;
        let flag = action.streaming.as_ref()?.as_deref();
        if !wants_stream(body, flag) {
            return None;
        }
        let request = match self.check(action, body) {
            Ok(request) => request,
            Err(e) => return Some(Err(e)),
        };
        let event = match self.canned(name, &request) {
            Some(Err(e)) => return Some(Err(e)),
            Some(Ok(response)) => response,
            None => {
                if let Some(custom) = &self.custom
                    && let Some(events) = custom.dispatch_stream(name, body).await
                {
                    return Some(events);
                }
                Value::Object(answer::response(&self.spec, action, &request))
            }
        };
        let events: Events = Box::pin(stream::iter([Ok(event)]));
        Some(Ok(events))
    }
}

impl Dispatch for SpecDispatch {
    fn dispatch<'a>(
        &'a self,
        action: &'a str,
        body: &'a [u8],
    ) -> BoxFuture<'a, Result<Value, DispatchError>> {
        Box::pin(self.serve(action, body))
    }

    fn dispatch_stream<'a>(
        &'a self,
        action: &'a str,
        body: &'a [u8],
    ) -> BoxFuture<'a, Option<Result<Events, DispatchError>>> {
        Box::pin(self.serve_stream(action, body))
    }
}
