//! The added action end to end: a test double implements the generated `server::Service`
//! of the merged spec, `tencentcloud-server` serves it on loopback (signature checks and
//! envelope included), and the generated client calls it.

use additions_consumer::scf::operation::get_function_cost_report::{
    GetFunctionCostReportError, GetFunctionCostReportRequest, GetFunctionCostReportResponse,
};
use additions_consumer::scf::operation::list_functions::ListFunctionsRequest;
use additions_consumer::scf::server::{self, Service};
use additions_consumer::scf::types::CostItem;
use additions_consumer::scf::{
    Client, Config, Credentials, Error, RetryConfig, SERVICE, ServiceError,
};
use tencentcloud_runtime::server::ActionError;
use tencentcloud_server::{BoxFuture, Dispatch, DispatchError, Server, ServerConfig};

const SECRET_ID: &str = "AKIDadditionsTEST";
const SECRET_KEY: &str = "additions-test-secret-key";

/// Knows one function with a report (`hello`) and one whose report is not ready (`fresh`).
struct CostReports;

impl Service for CostReports {
    async fn get_function_cost_report(
        &self,
        request: GetFunctionCostReportRequest,
    ) -> Result<GetFunctionCostReportResponse, ActionError<GetFunctionCostReportError>> {
        let namespace = request.namespace.as_deref().unwrap_or("default");
        match (namespace, request.function_name.as_str()) {
            ("default", "hello") => {
                let items = vec![
                    CostItem::new("2024-05-01", 0.25, 1200),
                    CostItem::new("2024-05-02", 0.17, 800),
                ];
                Ok(GetFunctionCostReportResponse::new(0.42, "")
                    .set_currency("CNY")
                    .set_items(items))
            }
            ("default", "fresh") => Err(ActionError::new(
                GetFunctionCostReportError::FailedOperationCostReportUnavailable,
                format!("no report before {} yet", request.end_time),
            )),
            (namespace, name) => Err(ActionError::new(
                GetFunctionCostReportError::ResourceNotFoundFunction,
                format!("function {name} does not exist in namespace {namespace}"),
            )),
        }
    }
}

impl Dispatch for CostReports {
    fn dispatch<'a>(
        &'a self,
        action: &'a str,
        body: &'a [u8],
    ) -> BoxFuture<'a, Result<serde_json::Value, DispatchError>> {
        Box::pin(server::dispatch(self, action, body))
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn added_action_answers_with_typed_responses_and_errors() {
    let config = ServerConfig::new(SERVICE, server::ACTIONS).credential(SECRET_ID, SECRET_KEY);
    let running = Server::new(config, CostReports)
        .bind("127.0.0.1:0")
        .await
        .expect("bind loopback");
    let client = Client::new(
        &Config::builder()
            .with_credentials(Credentials::new(SECRET_ID, SECRET_KEY))
            .with_region("ap-guangzhou")
            .with_endpoint(running.endpoint())
            .with_retry(RetryConfig::disabled())
            .build()
            .expect("config"),
    )
    .expect("client");

    for name in ["hello", "fresh", "missing"] {
        let request =
            GetFunctionCostReportRequest::new(name, "2024-05-01 00:00:00", "2024-05-03 00:00:00");
        let result = client.get_function_cost_report(&request).await;
        println!("GetFunctionCostReport {name}: {result:?}");
        match (name, result) {
            ("hello", Ok(report)) => {
                assert_eq!(report.total_cost, 0.42);
                assert_eq!(report.currency.as_deref(), Some("CNY"));
                let items = report.items.unwrap_or_default();
                assert_eq!(items.len(), 2);
                assert_eq!(
                    (items[0].date.as_str(), items[0].cost, items[0].invocations),
                    ("2024-05-01", 0.25, 1200)
                );
                assert!(!report.request_id.is_empty(), "the router sets it");
            }
            (
                "fresh",
                Err(Error::Service(ServiceError {
                    code: GetFunctionCostReportError::FailedOperationCostReportUnavailable,
                    request_id,
                    ..
                })),
            ) => assert!(!request_id.is_empty()),
            (
                "missing",
                Err(Error::Service(ServiceError {
                    code: GetFunctionCostReportError::ResourceNotFoundFunction,
                    message,
                    ..
                })),
            ) => assert_eq!(
                message,
                "function missing does not exist in namespace default"
            ),
            (name, other) => panic!("{name}: unexpected {other:?}"),
        }
    }

    // A shipped action the double does not serve answers the default.
    let unserved = client.list_functions(&ListFunctionsRequest::new()).await;
    assert!(
        matches!(&unserved, Err(Error::Service(e)) if e.code.to_string() == "UnsupportedOperation"),
        "{unserved:?}"
    );
    running.shutdown().await;
}

/// The member added to a shipped action is on its request, and on the wire.
#[test]
fn extended_request_sends_the_added_member() {
    let request = ListFunctionsRequest::new()
        .set_namespace("default")
        .set_cost_center("team-a");
    let body = serde_json::to_value(&request).expect("serializes");
    assert_eq!(
        body,
        serde_json::json!({"Namespace": "default", "CostCenter": "team-a"})
    );
}
