//! The actions the emulator serves, through the generated `Service` trait.
//!
//! Every failure is built from the action's own error enum (never `Unknown`), so a
//! code the spec does not document for the action cannot be returned; the unit test
//! `every_returned_code_is_documented_for_its_action` checks the whole list against
//! the spec as well.

use std::time::Duration;

// Tokio's clock, not the system's: a test that pauses it (`start_paused`, `advance`)
// controls every event's life, with no real waiting and no margins.
use tokio::time::Instant;

use tencentcloud_runtime::server::ActionError;
use tencentcloud_runtime::{CommonCode, ErrorCode};
use tencentcloud_scf::operation::create_function::{
    CreateFunctionError, CreateFunctionRequest, CreateFunctionResponse,
};
use tencentcloud_scf::operation::create_namespace::{
    CreateNamespaceError, CreateNamespaceRequest, CreateNamespaceResponse,
};
use tencentcloud_scf::operation::delete_function::{
    DeleteFunctionError, DeleteFunctionRequest, DeleteFunctionResponse,
};
use tencentcloud_scf::operation::delete_namespace::{
    DeleteNamespaceError, DeleteNamespaceRequest, DeleteNamespaceResponse,
};
use tencentcloud_scf::operation::get_async_event_status::{
    GetAsyncEventStatusError, GetAsyncEventStatusRequest, GetAsyncEventStatusResponse,
};
use tencentcloud_scf::operation::get_function::{
    GetFunctionError, GetFunctionRequest, GetFunctionResponse,
};
use tencentcloud_scf::operation::invoke::{InvokeError, InvokeRequest, InvokeResponse};
use tencentcloud_scf::operation::invoke_function::{
    InvokeFunctionError, InvokeFunctionRequest, InvokeFunctionResponse,
};
use tencentcloud_scf::operation::list_async_events::{
    ListAsyncEventsError, ListAsyncEventsRequest, ListAsyncEventsResponse,
};
use tencentcloud_scf::operation::list_functions::{
    ListFunctionsError, ListFunctionsRequest, ListFunctionsResponse,
};
use tencentcloud_scf::operation::list_namespaces::{
    ListNamespacesError, ListNamespacesRequest, ListNamespacesResponse,
};
use tencentcloud_scf::operation::terminate_async_event::{
    TerminateAsyncEventError, TerminateAsyncEventRequest, TerminateAsyncEventResponse,
};
use tencentcloud_scf::server::Service;
use tencentcloud_scf::types;
use tencentcloud_server::new_request_id;

use crate::Emulator;
use crate::state::{
    Event, Function, LATEST, Namespace, Outcome, State, Status, format_millis, format_seconds,
    parse_seconds, wall_now,
};

/// The RequestId of a response; the router replaces it with the request's own.
const ROUTER_SETS_REQUEST_ID: &str = "";

/// Memory the emulator reports an invocation used: 8 MiB.
const MEM_USAGE: i64 = 8 * 1024 * 1024;

/// Async event `InvokeType` of an invocation made with the `Invoke` API.
const INVOKE_TYPE_API: &str = "API";

fn err<E: ErrorCode>(code: E, message: impl Into<String>) -> ActionError<E> {
    ActionError::new(code, message)
}

/// 2 to 60 letters, digits, `-` and `_`, starting with a letter and ending with a
/// letter or digit: the service's rule for function names.
fn valid_function_name(name: &str) -> bool {
    let bytes = name.as_bytes();
    (2..=60).contains(&bytes.len())
        && bytes[0].is_ascii_alphabetic()
        && bytes[bytes.len() - 1].is_ascii_alphanumeric()
        && bytes
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_'))
}

/// 1 to 30 letters, digits, `-` and `_`, starting with a letter.
fn valid_namespace_name(name: &str) -> bool {
    let bytes = name.as_bytes();
    (1..=30).contains(&bytes.len())
        && bytes[0].is_ascii_alphabetic()
        && bytes
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_'))
}

fn namespace_or_default(namespace: Option<&str>) -> String {
    namespace
        .filter(|n| !n.is_empty())
        .unwrap_or("default")
        .to_owned()
}

/// A function name that follows the service's rule (see [`valid_function_name`]),
/// else `code`.
fn check_function_name<E: ErrorCode>(name: &str, code: E) -> Result<(), ActionError<E>> {
    if valid_function_name(name) {
        Ok(())
    } else {
        Err(err(code, format!("{name:?} is not a valid function name")))
    }
}

/// No qualifier or `$LATEST`, the one version the emulator keeps; any other is
/// `code`.
fn check_qualifier<E: ErrorCode>(qualifier: Option<&str>, code: E) -> Result<(), ActionError<E>> {
    match qualifier.filter(|q| *q != LATEST) {
        None => Ok(()),
        Some(qualifier) => Err(err(
            code,
            format!("version {qualifier} does not exist; the emulator keeps $LATEST only"),
        )),
    }
}

/// `text` parses as JSON.
fn is_json(text: &str) -> bool {
    serde_json::from_str::<serde_json::Value>(text).is_ok()
}

/// Namespace `namespace` exists, else `code`.
fn require_namespace<E: ErrorCode>(
    state: &State,
    namespace: &str,
    code: E,
) -> Result<(), ActionError<E>> {
    if state.namespaces.contains_key(namespace) {
        Ok(())
    } else {
        Err(err(code, format!("namespace {namespace} does not exist")))
    }
}

/// `code`, saying that function `name` is not in `namespace`.
fn no_function<E: ErrorCode>(code: E, namespace: &str, name: &str) -> ActionError<E> {
    err(
        code,
        format!("function {name} does not exist in namespace {namespace}"),
    )
}

/// Function `name` of `namespace`, else `code`.
fn find_function<'s, E: ErrorCode>(
    state: &'s State,
    namespace: &str,
    name: &str,
    code: E,
) -> Result<&'s Function, ActionError<E>> {
    state
        .functions
        .get(&(namespace.to_owned(), name.to_owned()))
        .ok_or_else(|| no_function(code, namespace, name))
}

/// `Offset` and `Limit` checked: `Limit` defaults to 20 and is at most 100. A bad
/// value is the code `code` gives for its field (`"Offset"` or `"Limit"`).
fn page<E: ErrorCode>(
    offset: Option<i64>,
    limit: Option<i64>,
    code: impl FnOnce(&'static str) -> E,
) -> Result<(usize, usize), ActionError<E>> {
    let checked = || {
        let offset = usize::try_from(offset.unwrap_or(0)).map_err(|_| "Offset")?;
        let limit = match limit.unwrap_or(20) {
            0 => 20,
            limit @ 1..=100 => usize::try_from(limit).map_err(|_| "Limit")?,
            _ => return Err("Limit"),
        };
        Ok((offset, limit))
    };
    checked().map_err(|field| {
        err(
            code(field),
            format!("{field} must be 0 or more, and Limit at most 100"),
        )
    })
}

/// `ASC` or `DESC` (either case), else `code`; `true` for descending.
fn descending<E: ErrorCode>(
    order: Option<&str>,
    default_descending: bool,
    code: E,
) -> Result<bool, ActionError<E>> {
    match order {
        None | Some("") => Ok(default_descending),
        Some(order) if order.eq_ignore_ascii_case("ASC") => Ok(false),
        Some(order) if order.eq_ignore_ascii_case("DESC") => Ok(true),
        Some(_) => Err(err(code, "Order must be ASC or DESC")),
    }
}

/// The page `offset..offset + limit` of `found` (sorted ascending, reversed first if
/// `descending`) as shapes, and how many were found in all.
fn one_page<T, S>(
    mut found: Vec<T>,
    descending: bool,
    (offset, limit): (usize, usize),
    shape: impl FnMut(T) -> S,
) -> (i64, Vec<S>) {
    if descending {
        found.reverse();
    }
    let total = i64::try_from(found.len()).unwrap_or(i64::MAX);
    let page = found
        .into_iter()
        .skip(offset)
        .take(limit)
        .map(shape)
        .collect();
    (total, page)
}

/// What an invocation will do, decided by the function's environment and the
/// emulator's defaults.
struct Plan {
    /// How long it runs before it ends on its own.
    runs_for: Duration,
    outcome: Outcome,
}

/// Environment variables that decide what an invocation does.
pub(crate) const ENV_DURATION: &str = "EMULATOR_DURATION_MS";
pub(crate) const ENV_RESULT: &str = "EMULATOR_RESULT";
pub(crate) const ENV_FAIL: &str = "EMULATOR_FAIL";

/// Status code of an invocation that failed (`EMULATOR_FAIL`).
const FAILED_CODE: i64 = 500;
/// Status code the service gives an invocation that ran past its timeout.
const TIMED_OUT_CODE: i64 = 433;

impl Emulator {
    fn plan(&self, function: &Function) -> Plan {
        let wanted = function
            .env(ENV_DURATION)
            .and_then(|ms| ms.parse().ok())
            .map_or(self.behaviour.default_duration, Duration::from_millis);
        let timeout = function.timeout();
        if wanted > timeout {
            return Plan {
                runs_for: timeout,
                outcome: Outcome::Failed {
                    message: format!(
                        "Invoking task timed out after {} seconds",
                        timeout.as_secs()
                    ),
                    code: TIMED_OUT_CODE,
                },
            };
        }
        let outcome = match function.env(ENV_FAIL) {
            Some(message) => Outcome::Failed {
                message: message.to_owned(),
                code: FAILED_CODE,
            },
            None => Outcome::Finished(
                function
                    .env(ENV_RESULT)
                    .map_or_else(|| self.behaviour.default_result.clone(), str::to_owned),
            ),
        };
        Plan {
            runs_for: wanted,
            outcome,
        }
    }

    /// Starts an async event of `function`; returns its id.
    fn start_event(&self, namespace: &str, name: &str) -> Option<String> {
        let mut state = self.lock();
        let seq = state.seq();
        let key = (namespace.to_owned(), name.to_owned());
        let function = state.functions.get(&key)?;
        let plan = self.plan(function);
        let id = new_request_id();
        let started = Instant::now();
        let event = Event {
            id: id.clone(),
            invoke_type: INVOKE_TYPE_API,
            started,
            started_wall: wall_now(),
            natural_end: started + plan.runs_for,
            outcome: plan.outcome,
            abort_at: None,
            seq,
        };
        let function = state.functions.get_mut(&key)?;
        let index = function.events.len();
        function.events.push(event);
        state.event_index.insert(id.clone(), (key.0, key.1, index));
        Some(id)
    }

    /// What invoking function `name` of `namespace` will do; `None` if there is no
    /// such function.
    fn plan_for(&self, namespace: &str, name: &str) -> Option<Plan> {
        let state = self.lock();
        let function = state
            .functions
            .get(&(namespace.to_owned(), name.to_owned()))?;
        Some(self.plan(function))
    }

    /// Runs `function` synchronously: waits its duration, then answers its result,
    /// with the tail of its log if `log_type` is `Tail`.
    async fn run_sync(&self, plan: Plan, log_type: Option<&str>) -> types::Result {
        let log_tail = log_type == Some("Tail");
        tokio::time::sleep(plan.runs_for).await;
        let id = new_request_id();
        let millis = plan.runs_for.as_secs_f64() * 1000.0;
        let billed = i64::try_from(plan.runs_for.as_millis().max(1)).unwrap_or(i64::MAX);
        let (ret, error, code) = match plan.outcome {
            Outcome::Finished(ret) => (ret, String::new(), 0),
            Outcome::Failed { message, code } => (String::new(), message, code),
        };
        let log = if log_tail {
            format!(
                "START RequestId: {id}\nEND RequestId: {id}\nReport RequestId: {id} Duration:{millis:.3}ms Memory:{}MB",
                MEM_USAGE / 1024 / 1024
            )
        } else {
            String::new()
        };
        types::Result::new(log, ret, error, MEM_USAGE, millis, billed, id, code)
    }
}

fn namespace_shape(name: &str, namespace: &Namespace) -> types::Namespace {
    let added = format_seconds(namespace.added);
    types::Namespace::new(
        added.clone(),
        added,
        namespace.description.clone(),
        name,
        namespace.kind,
    )
}

fn function_shape(function: &Function) -> types::Function {
    let added = format_seconds(function.added);
    let spec = &function.spec;
    let mut shape = types::Function::new(
        added.clone(),
        added,
        spec.function_name.clone(),
        function.id.clone(),
        function.namespace(),
        "Active",
        "",
        spec.description.clone().unwrap_or_default(),
        spec.tags.clone().unwrap_or_default(),
        spec.r#type.clone().unwrap_or_else(|| "Event".to_owned()),
        Vec::new(),
        spec.async_run_enable
            .clone()
            .unwrap_or_else(|| "FALSE".to_owned()),
        spec.trace_enable
            .clone()
            .unwrap_or_else(|| "FALSE".to_owned()),
    );
    if let Some(runtime) = &spec.runtime {
        shape = shape.set_runtime(runtime.clone());
    }
    shape
}

fn event_shape(event: &Event, now: Instant) -> types::AsyncEvent {
    let (status, ended) = event.status_at(now);
    types::AsyncEvent::new(
        event.id.clone(),
        event.invoke_type,
        LATEST,
        status.as_str(),
        format_millis(event.started_wall),
        ended
            .map(|at| format_millis(event.wall(at)))
            .unwrap_or_default(),
    )
}

impl Service for Emulator {
    async fn create_namespace(
        &self,
        request: CreateNamespaceRequest,
    ) -> Result<CreateNamespaceResponse, ActionError<CreateNamespaceError>> {
        let name = request.namespace;
        if name == "default" {
            return Err(err(
                CreateNamespaceError::InvalidParameterValueDefaultNamespace,
                "the default namespace always exists and cannot be created",
            ));
        }
        if !valid_namespace_name(&name) {
            return Err(err(
                CreateNamespaceError::InvalidParameterValueNamespace,
                format!(
                    "namespace name {name:?} must be 1 to 30 letters, digits, - and _, starting with a letter"
                ),
            ));
        }
        let description = request.description.unwrap_or_default();
        if description.chars().count() > 50 {
            return Err(err(
                CreateNamespaceError::InvalidParameterValueDescription,
                "the description is longer than 50 characters",
            ));
        }
        let mut state = self.lock();
        if state.namespaces.contains_key(&name) {
            return Err(err(
                CreateNamespaceError::ResourceInUseNamespace,
                format!("namespace {name} already exists"),
            ));
        }
        state.namespaces.insert(
            name,
            Namespace {
                description,
                added: wall_now(),
                kind: "default",
            },
        );
        Ok(CreateNamespaceResponse::new(ROUTER_SETS_REQUEST_ID))
    }

    async fn list_namespaces(
        &self,
        request: ListNamespacesRequest,
    ) -> Result<ListNamespacesResponse, ActionError<ListNamespacesError>> {
        let page = page(request.offset, request.limit, |_| {
            ListNamespacesError::Common(CommonCode::InvalidParameterValue)
        })?;
        let descending = descending(
            request.order.as_deref(),
            false,
            ListNamespacesError::InvalidParameterValueOrder,
        )?;
        let by_name = match request.orderby.as_deref() {
            None | Some("") | Some("Name") => true,
            Some("AddTime" | "Updatetime" | "ModTime") => false,
            Some(other) => {
                return Err(err(
                    ListNamespacesError::InvalidParameterValueOrder,
                    format!("Orderby {other:?} is not Name, AddTime or Updatetime"),
                ));
            }
        };
        let searches = request.search_key.unwrap_or_default();
        for search in &searches {
            if !matches!(search.key.as_str(), "Namespace" | "Description") {
                return Err(err(
                    ListNamespacesError::InvalidParameterValueSearchKey,
                    format!(
                        "SearchKey.Key {:?} is not Namespace or Description",
                        search.key
                    ),
                ));
            }
        }
        let state = self.lock();
        let mut found: Vec<(&String, &Namespace)> = state
            .namespaces
            .iter()
            .filter(|(name, namespace)| {
                searches.iter().all(|search| {
                    let field = if search.key == "Namespace" {
                        name.as_str()
                    } else {
                        namespace.description.as_str()
                    };
                    field.contains(&search.value)
                })
            })
            .collect();
        if !by_name {
            found.sort_by_key(|(name, namespace)| (namespace.added, *name));
        }
        let (total, namespaces) = one_page(found, descending, page, |(name, namespace)| {
            namespace_shape(name, namespace)
        });
        Ok(ListNamespacesResponse::new(ROUTER_SETS_REQUEST_ID)
            .set_namespaces(namespaces)
            .set_total_count(total))
    }

    async fn delete_namespace(
        &self,
        request: DeleteNamespaceRequest,
    ) -> Result<DeleteNamespaceResponse, ActionError<DeleteNamespaceError>> {
        let name = request.namespace;
        if name == "default" {
            return Err(err(
                DeleteNamespaceError::InvalidParameterValueNamespace,
                "the default namespace cannot be deleted",
            ));
        }
        let mut state = self.lock();
        if !state.namespaces.contains_key(&name) {
            return Err(err(
                DeleteNamespaceError::ResourceNotFoundNamespace,
                format!("namespace {name} does not exist"),
            ));
        }
        if state
            .functions
            .keys()
            .any(|(namespace, _)| *namespace == name)
        {
            return Err(err(
                DeleteNamespaceError::ResourceInUseNamespace,
                format!("namespace {name} still has functions; delete them first"),
            ));
        }
        state.namespaces.remove(&name);
        Ok(DeleteNamespaceResponse::new(ROUTER_SETS_REQUEST_ID))
    }

    async fn create_function(
        &self,
        mut request: CreateFunctionRequest,
    ) -> Result<CreateFunctionResponse, ActionError<CreateFunctionError>> {
        let name = request.function_name.clone();
        if !valid_function_name(&name) {
            return Err(err(
                CreateFunctionError::InvalidParameterValueFunctionName,
                format!(
                    "function name {name:?} must be 2 to 60 letters, digits, - and _, start with a letter and end with a letter or digit"
                ),
            ));
        }
        let namespace = namespace_or_default(request.namespace.as_deref());
        request.namespace = Some(namespace.clone());
        if let Some(memory) = request.memory_size
            && !(64..=3072).contains(&memory)
        {
            return Err(err(
                CreateFunctionError::InvalidParameterValueMemorySize,
                format!("MemorySize {memory} is not between 64 and 3072 MB"),
            ));
        }
        // Async-run functions may run for a day; the others for 15 minutes.
        let async_run = request.async_run_enable.as_deref() == Some("TRUE");
        let max_timeout = if async_run { 86_400 } else { 900 };
        if let Some(timeout) = request.timeout
            && !(1..=max_timeout).contains(&timeout)
        {
            return Err(err(
                CreateFunctionError::LimitExceededTimeout,
                format!("Timeout {timeout} is not between 1 and {max_timeout} seconds"),
            ));
        }
        for (field, value, code) in [
            (
                "AsyncRunEnable",
                &request.async_run_enable,
                CreateFunctionError::InvalidParameterValueAsyncRunEnable,
            ),
            (
                "TraceEnable",
                &request.trace_enable,
                CreateFunctionError::InvalidParameterValueTraceEnable,
            ),
        ] {
            if let Some(value) = value
                && !matches!(value.as_str(), "TRUE" | "FALSE")
            {
                return Err(err(code, format!("{field} {value:?} is not TRUE or FALSE")));
            }
        }
        if let Some(kind) = &request.r#type
            && !matches!(kind.as_str(), "Event" | "HTTP")
        {
            return Err(err(
                CreateFunctionError::InvalidParameterValueFunctionType,
                format!("Type {kind:?} is not Event or HTTP"),
            ));
        }
        let variables = request
            .environment
            .as_ref()
            .and_then(|e| e.variables.as_deref())
            .unwrap_or_default();
        for variable in variables {
            let key = variable.key.as_deref().unwrap_or_default();
            if key.is_empty() {
                return Err(err(
                    CreateFunctionError::InvalidParameterValueEnvironment,
                    "an environment variable has no Key",
                ));
            }
            if key == ENV_DURATION
                && variable
                    .value
                    .as_deref()
                    .is_none_or(|v| v.parse::<u64>().is_err())
            {
                return Err(err(
                    CreateFunctionError::InvalidParameterValueEnvironment,
                    format!("{ENV_DURATION} must be a whole number of milliseconds"),
                ));
            }
        }
        // The code is never run, so only its size is kept.
        let code_size = request.code.zip_file.take().map_or(0, |zip| {
            i64::try_from(zip.len() / 4 * 3).unwrap_or(i64::MAX)
        });

        let mut state = self.lock();
        require_namespace(
            &state,
            &namespace,
            CreateFunctionError::ResourceNotFoundNamespace,
        )?;
        let key = (namespace, name);
        if state.functions.contains_key(&key) {
            return Err(err(
                CreateFunctionError::ResourceInUseFunction,
                format!("function {} already exists in namespace {}", key.1, key.0),
            ));
        }
        let seq = state.seq();
        let id = format!("lam-{}", &new_request_id()[..8]);
        state.functions.insert(
            key,
            Function {
                spec: request,
                id,
                added: wall_now(),
                code_size,
                seq,
                events: Vec::new(),
            },
        );
        Ok(CreateFunctionResponse::new(ROUTER_SETS_REQUEST_ID))
    }

    async fn get_function(
        &self,
        request: GetFunctionRequest,
    ) -> Result<GetFunctionResponse, ActionError<GetFunctionError>> {
        let name = request
            .function_name
            .filter(|n| !n.is_empty())
            .ok_or_else(|| {
                err(
                    GetFunctionError::InvalidParameterFunctionNameOrResourceIdRequired,
                    "FunctionName is required",
                )
            })?;
        check_function_name(&name, GetFunctionError::InvalidParameterValueFunctionName)?;
        check_qualifier(
            request.qualifier.as_deref(),
            GetFunctionError::ResourceNotFoundVersion,
        )?;
        let namespace = namespace_or_default(request.namespace.as_deref());
        let state = self.lock();
        require_namespace(
            &state,
            &namespace,
            GetFunctionError::ResourceNotFoundNamespace,
        )?;
        let function = find_function(
            &state,
            &namespace,
            &name,
            GetFunctionError::ResourceNotFoundFunction,
        )?;
        Ok(get_function_response(function))
    }

    async fn list_functions(
        &self,
        request: ListFunctionsRequest,
    ) -> Result<ListFunctionsResponse, ActionError<ListFunctionsError>> {
        let page = page(request.offset, request.limit, |field| {
            if field == "Offset" {
                ListFunctionsError::InvalidParameterValueOffset
            } else {
                ListFunctionsError::InvalidParameterValueLimit
            }
        })?;
        let descending = descending(
            request.order.as_deref(),
            false,
            ListFunctionsError::InvalidParameterValueOrder,
        )?;
        let by_name = match request.orderby.as_deref() {
            None | Some("") | Some("AddTime" | "ModTime") => false,
            Some("FunctionName") => true,
            Some(other) => {
                return Err(err(
                    ListFunctionsError::InvalidParameterValueOrder,
                    format!("Orderby {other:?} is not AddTime, ModTime or FunctionName"),
                ));
            }
        };
        let mut tags: Vec<(String, Vec<String>)> = Vec::new();
        for filter in request.filters.unwrap_or_default() {
            let Some(key) = filter.name.strip_prefix("tag-") else {
                return Err(err(
                    ListFunctionsError::Common(CommonCode::InvalidParameterValue),
                    format!(
                        "filter {:?} is not supported by the emulator; use tag-<key>",
                        filter.name
                    ),
                ));
            };
            tags.push((key.to_owned(), filter.values));
        }
        let namespace = namespace_or_default(request.namespace.as_deref());
        let state = self.lock();
        require_namespace(
            &state,
            &namespace,
            ListFunctionsError::ResourceNotFoundNamespace,
        )?;
        let mut found: Vec<&Function> = state
            .functions
            .values()
            .filter(|f| f.namespace() == namespace)
            .filter(|f| {
                request
                    .search_key
                    .as_deref()
                    .is_none_or(|s| f.spec.function_name.contains(s))
            })
            .filter(|f| {
                request.description.as_deref().is_none_or(|d| {
                    f.spec
                        .description
                        .as_deref()
                        .unwrap_or_default()
                        .contains(d)
                })
            })
            .filter(|f| {
                tags.iter().all(|(key, values)| {
                    f.spec
                        .tags
                        .as_deref()
                        .unwrap_or_default()
                        .iter()
                        .any(|tag| {
                            tag.key.as_deref() == Some(key.as_str())
                                && tag.value.as_ref().is_some_and(|v| values.contains(v))
                        })
                })
            })
            .collect();
        if by_name {
            found.sort_by(|a, b| a.spec.function_name.cmp(&b.spec.function_name));
        } else {
            found.sort_by_key(|f| f.seq);
        }
        let (total, functions) = one_page(found, descending, page, function_shape);
        Ok(ListFunctionsResponse::new(ROUTER_SETS_REQUEST_ID)
            .set_functions(functions)
            .set_total_count(total))
    }

    async fn delete_function(
        &self,
        request: DeleteFunctionRequest,
    ) -> Result<DeleteFunctionResponse, ActionError<DeleteFunctionError>> {
        let name = request.function_name;
        check_function_name(
            &name,
            DeleteFunctionError::InvalidParameterValueFunctionName,
        )?;
        check_qualifier(
            request.qualifier.as_deref(),
            DeleteFunctionError::ResourceNotFoundQualifier,
        )?;
        let namespace = namespace_or_default(request.namespace.as_deref());
        let mut state = self.lock();
        require_namespace(
            &state,
            &namespace,
            DeleteFunctionError::ResourceNotFoundNamespace,
        )?;
        let removed = state
            .functions
            .remove(&(namespace.clone(), name.clone()))
            .ok_or_else(|| {
                no_function(
                    DeleteFunctionError::ResourceNotFoundFunction,
                    &namespace,
                    &name,
                )
            })?;
        // Its events go with it, as on the service.
        for event in &removed.events {
            state.event_index.remove(&event.id);
        }
        Ok(DeleteFunctionResponse::new(ROUTER_SETS_REQUEST_ID))
    }

    async fn invoke(
        &self,
        request: InvokeRequest,
    ) -> Result<InvokeResponse, ActionError<InvokeError>> {
        let name = request.function_name;
        let namespace = namespace_or_default(request.namespace.as_deref());
        check_function_name(&name, InvokeError::InvalidParameterFunctionName)?;
        let asynchronous = match request.invocation_type.as_deref() {
            None | Some("") | Some("RequestResponse") => false,
            Some("Event") => true,
            Some(other) => {
                return Err(err(
                    InvokeError::InvalidParameterValueParam,
                    format!("InvocationType {other:?} is not RequestResponse or Event"),
                ));
            }
        };
        if request
            .client_context
            .as_deref()
            .is_some_and(|c| !is_json(c))
        {
            return Err(err(
                InvokeError::InvalidParameterValueParam,
                "ClientContext is not JSON",
            ));
        }
        let not_found = || no_function(InvokeError::ResourceNotFoundFunction, &namespace, &name);
        if request.qualifier.as_deref().is_some_and(|q| q != LATEST) {
            return Err(err(
                InvokeError::ResourceNotFoundFunction,
                "the emulator keeps the $LATEST version of a function only",
            ));
        }
        if asynchronous {
            let id = self.start_event(&namespace, &name).ok_or_else(not_found)?;
            let result = types::Result::new("", "", "", 0, 0.0, 0, id, 0);
            return Ok(InvokeResponse::new(ROUTER_SETS_REQUEST_ID).set_result(result));
        }
        let plan = self.plan_for(&namespace, &name).ok_or_else(not_found)?;
        let result = self.run_sync(plan, request.log_type.as_deref()).await;
        Ok(InvokeResponse::new(ROUTER_SETS_REQUEST_ID).set_result(result))
    }

    async fn invoke_function(
        &self,
        request: InvokeFunctionRequest,
    ) -> Result<InvokeFunctionResponse, ActionError<InvokeFunctionError>> {
        let name = request.function_name;
        let namespace = namespace_or_default(request.namespace.as_deref());
        check_function_name(&name, InvokeFunctionError::InvalidParameterFunctionName)?;
        check_qualifier(
            request.qualifier.as_deref(),
            InvokeFunctionError::ResourceNotFoundQualifier,
        )?;
        if request.event.as_deref().is_some_and(|e| !is_json(e)) {
            return Err(err(
                InvokeFunctionError::InvalidParameterValueParam,
                "Event is not JSON",
            ));
        }
        let plan = self.plan_for(&namespace, &name).ok_or_else(|| {
            no_function(
                InvokeFunctionError::ResourceNotFoundFunction,
                &namespace,
                &name,
            )
        })?;
        let result = self.run_sync(plan, request.log_type.as_deref()).await;
        Ok(InvokeFunctionResponse::new(result, ROUTER_SETS_REQUEST_ID))
    }

    async fn list_async_events(
        &self,
        request: ListAsyncEventsRequest,
    ) -> Result<ListAsyncEventsResponse, ActionError<ListAsyncEventsError>> {
        let name = request.function_name;
        check_function_name(
            &name,
            ListAsyncEventsError::InvalidParameterValueFunctionName,
        )?;
        let page = page(request.offset, request.limit, |field| {
            if field == "Limit" {
                ListAsyncEventsError::InvalidParameterValueLimit
            } else {
                ListAsyncEventsError::Common(CommonCode::InvalidParameterValue)
            }
        })?;
        let descending = descending(
            request.order.as_deref(),
            true,
            ListAsyncEventsError::InvalidParameterValueOrder,
        )?;
        let by_end = match request.orderby.as_deref() {
            None | Some("") | Some("StartTime") => false,
            Some("EndTime") => true,
            Some(other) => {
                return Err(err(
                    ListAsyncEventsError::InvalidParameterValueOrder,
                    format!("Orderby {other:?} is not StartTime or EndTime"),
                ));
            }
        };
        let statuses = request.status.unwrap_or_default();
        if let Some(bad) = statuses.iter().find(|s| !Status::ALL.contains(&s.as_str())) {
            return Err(err(
                ListAsyncEventsError::InvalidParameterValueStatus,
                format!("Status {bad:?} is not one of {}", Status::ALL.join(", ")),
            ));
        }
        let invoke_types = request.invoke_type.unwrap_or_default();
        if invoke_types.iter().any(String::is_empty) {
            return Err(err(
                ListAsyncEventsError::InvalidParameterValueInvokeType,
                "an InvokeType filter is empty",
            ));
        }
        let interval = |interval: Option<types::TimeInterval>, field: &str| {
            interval
                .map(|i| match (parse_seconds(&i.start), parse_seconds(&i.end)) {
                    (Some(start), Some(end)) => Ok((start, end)),
                    _ => Err(err(
                        ListAsyncEventsError::Common(CommonCode::InvalidParameterValue),
                        format!("{field} must be \"YYYY-MM-DD hh:mm:ss\" times"),
                    )),
                })
                .transpose()
        };
        let started_in = interval(request.start_time_interval, "StartTimeInterval")?;
        let ended_in = interval(request.end_time_interval, "EndTimeInterval")?;
        check_qualifier(
            request.qualifier.as_deref(),
            ListAsyncEventsError::ResourceNotFoundVersion,
        )?;

        let namespace = namespace_or_default(request.namespace.as_deref());
        let state = self.lock();
        require_namespace(
            &state,
            &namespace,
            ListAsyncEventsError::ResourceNotFoundNamespace,
        )?;
        let function = find_function(
            &state,
            &namespace,
            &name,
            ListAsyncEventsError::ResourceNotFoundFunction,
        )?;
        let now = Instant::now();
        let mut found: Vec<(&Event, Status, Option<Instant>)> = function
            .events
            .iter()
            .map(|event| {
                let (status, ended) = event.status_at(now);
                (event, status, ended)
            })
            .filter(|(event, status, ended)| {
                request
                    .invoke_request_id
                    .as_deref()
                    .is_none_or(|id| id == event.id)
                    && (statuses.is_empty() || statuses.iter().any(|s| s == status.as_str()))
                    && (invoke_types.is_empty()
                        || invoke_types.iter().any(|t| t == event.invoke_type))
                    && started_in.is_none_or(|(from, to)| {
                        from <= event.started_wall && event.started_wall < to
                    })
                    && ended_in.is_none_or(|(from, to)| {
                        ended.is_some_and(|at| {
                            let at = event.wall(at);
                            from <= at && at < to
                        })
                    })
            })
            .collect();
        // Events still running have no end yet: they sort after every ended one.
        if by_end {
            found.sort_by_key(|(event, _, ended)| (ended.is_none(), *ended, event.seq));
        } else {
            found.sort_by_key(|(event, _, _)| event.seq);
        }
        let (total, events) = one_page(found, descending, page, |(event, _, _)| {
            event_shape(event, now)
        });
        Ok(ListAsyncEventsResponse::new(
            total,
            events,
            ROUTER_SETS_REQUEST_ID,
        ))
    }

    async fn get_async_event_status(
        &self,
        request: GetAsyncEventStatusRequest,
    ) -> Result<GetAsyncEventStatusResponse, ActionError<GetAsyncEventStatusError>> {
        let id = request.invoke_request_id;
        let state = self.lock();
        let (_, event) = state.event(&id).ok_or_else(|| {
            err(
                GetAsyncEventStatusError::ResourceNotFoundAsyncEvent,
                format!("async event {id} does not exist"),
            )
        })?;
        let (status, _) = event.status_at(Instant::now());
        let result =
            types::AsyncEventStatus::new(status.as_str(), event.status_code(status), id.clone());
        Ok(GetAsyncEventStatusResponse::new(
            result,
            ROUTER_SETS_REQUEST_ID,
        ))
    }

    async fn terminate_async_event(
        &self,
        request: TerminateAsyncEventRequest,
    ) -> Result<TerminateAsyncEventResponse, ActionError<TerminateAsyncEventError>> {
        let name = request.function_name;
        let id = request.invoke_request_id;
        check_function_name(
            &name,
            TerminateAsyncEventError::InvalidParameterValueFunctionName,
        )?;
        let namespace = namespace_or_default(request.namespace.as_deref());
        let grace = if request.grace_shutdown == Some(true) {
            self.behaviour.grace_period
        } else {
            Duration::ZERO
        };
        let mut state = self.lock();
        require_namespace(
            &state,
            &namespace,
            TerminateAsyncEventError::ResourceNotFoundNamespace,
        )?;
        find_function(
            &state,
            &namespace,
            &name,
            TerminateAsyncEventError::ResourceNotFoundFunction,
        )?;
        // The event must be one of this function's.
        let index = state
            .event_index
            .get(&id)
            .filter(|(event_namespace, event_function, _)| {
                *event_namespace == namespace && *event_function == name
            })
            .map(|(_, _, index)| *index);
        let key = (namespace, name.clone());
        let Some(event) =
            index.and_then(|index| state.functions.get_mut(&key)?.events.get_mut(index))
        else {
            return Err(err(
                TerminateAsyncEventError::ResourceNotFoundAsyncEvent,
                format!("function {name} has no async event {id}"),
            ));
        };
        let now = Instant::now();
        let (status, _) = event.status_at(now);
        if status != Status::Running {
            return Err(err(
                TerminateAsyncEventError::FailedOperationAsyncEventStatus,
                format!(
                    "async event {id} is {}; only a RUNNING event can be terminated",
                    status.as_str()
                ),
            ));
        }
        // A second request while the first one's grace period runs can only hasten
        // the end.
        let abort_at = now + grace;
        event.abort_at = Some(
            event
                .abort_at
                .map_or(abort_at, |earlier| earlier.min(abort_at)),
        );
        Ok(TerminateAsyncEventResponse::new(ROUTER_SETS_REQUEST_ID))
    }
}

fn get_function_response(function: &Function) -> GetFunctionResponse {
    let spec = &function.spec;
    let added = format_seconds(function.added);
    let mut response = GetFunctionResponse::new(
        added.clone(),
        "",
        spec.description.clone().unwrap_or_default(),
        Vec::new(),
        spec.handler
            .clone()
            .unwrap_or_else(|| "index.main_handler".to_owned()),
        function.code_size,
        spec.timeout.unwrap_or(3),
        LATEST,
        spec.memory_size.unwrap_or(128),
        spec.function_name.clone(),
        spec.vpc_config.clone().unwrap_or_default(),
        "FALSE",
        spec.environment.clone().unwrap_or_default(),
        "success",
        "",
        0,
        function.namespace(),
        spec.role.clone().unwrap_or_default(),
        spec.install_dependency
            .clone()
            .unwrap_or_else(|| "FALSE".to_owned()),
        "Active",
        "",
        spec.cls_logset_id.clone().unwrap_or_default(),
        spec.cls_topic_id.clone().unwrap_or_default(),
        function.id.clone(),
        spec.tags.clone().unwrap_or_default(),
        types::EipOutConfig::default(),
        types::AccessInfo::new("", ""),
        spec.r#type.clone().unwrap_or_else(|| "Event".to_owned()),
        "FALSE",
        Vec::new(),
        spec.dead_letter_config
            .clone()
            .unwrap_or_else(|| types::DeadLetterConfig::new("", "")),
        added,
        spec.cfs_config
            .clone()
            .unwrap_or_else(|| types::CfsConfig::new(Vec::new())),
        "Available",
        LATEST,
        spec.init_timeout.unwrap_or(65),
        Vec::new(),
        spec.async_run_enable
            .clone()
            .unwrap_or_else(|| "FALSE".to_owned()),
        spec.trace_enable
            .clone()
            .unwrap_or_else(|| "FALSE".to_owned()),
        spec.dns_cache.clone().unwrap_or_else(|| "FALSE".to_owned()),
        ROUTER_SETS_REQUEST_ID,
    );
    if let Some(runtime) = &spec.runtime {
        response = response.set_runtime(runtime.clone());
    }
    response
}
