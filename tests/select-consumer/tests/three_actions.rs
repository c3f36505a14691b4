//! The three selected actions end to end: a test double implements the generated
//! `server::Service` of the selection, `tencentcloud-server` serves it on loopback (TC3
//! signature checks and envelope included), and the generated client calls it: typed
//! responses, a paginator, typed errors, and a request with a wrong key refused.
//!
//! With `--features full` the same file runs against the whole CVM crate.

use std::sync::Mutex;

use futures_util::TryStreamExt;
use select_consumer::cvm::operation::describe_instances::{
    DescribeInstancesError, DescribeInstancesRequest, DescribeInstancesResponse,
};
use select_consumer::cvm::operation::run_instances::{
    RunInstancesError, RunInstancesRequest, RunInstancesResponse,
};
use select_consumer::cvm::operation::terminate_instances::{
    TerminateInstancesError, TerminateInstancesRequest, TerminateInstancesResponse,
};
use select_consumer::cvm::server::{self, Service};
use select_consumer::cvm::types::Instance;
use select_consumer::cvm::{
    Client, CommonCode, Config, Credentials, Error, RetryConfig, SERVICE, ServiceError,
};
use tencentcloud_runtime::server::ActionError;
use tencentcloud_server::{BoxFuture, Dispatch, DispatchError, Server, ServerConfig};

const SECRET_ID: &str = "AKIDselectTEST";
const SECRET_KEY: &str = "select-test-secret-key";
const IMAGE: &str = "img-8toqc6s3";

/// Instances in memory; new ones are copies of the published example's instance.
struct Fleet {
    instances: Mutex<Vec<Instance>>,
    template: Instance,
}

impl Fleet {
    fn new() -> Self {
        let template: Instance = serde_json::from_str(include_str!("data/instance.json"))
            .expect("the published example's instance decodes");
        Fleet {
            instances: Mutex::new(vec![template.clone()]),
            template,
        }
    }
}

impl Service for Fleet {
    async fn describe_instances(
        &self,
        request: DescribeInstancesRequest,
    ) -> Result<DescribeInstancesResponse, ActionError<DescribeInstancesError>> {
        let all = self.instances.lock().unwrap().clone();
        let matching: Vec<Instance> = match &request.instance_ids {
            Some(ids) => all
                .into_iter()
                .filter(|i| ids.contains(&i.instance_id))
                .collect(),
            None => all,
        };
        let offset = usize::try_from(request.offset.unwrap_or(0)).unwrap_or(0);
        let limit = usize::try_from(request.limit.unwrap_or(20)).unwrap_or(20);
        let page: Vec<Instance> = matching.iter().skip(offset).take(limit).cloned().collect();
        Ok(DescribeInstancesResponse::new(
            matching.len() as i64,
            page,
            "",
        ))
    }

    async fn run_instances(
        &self,
        request: RunInstancesRequest,
    ) -> Result<RunInstancesResponse, ActionError<RunInstancesError>> {
        match request.image_id.as_deref() {
            Some(IMAGE) => {}
            Some(other) => {
                return Err(ActionError::new(
                    RunInstancesError::InvalidImageIdNotFound,
                    format!("image {other} does not exist"),
                ));
            }
            None => {
                return Err(ActionError::new(
                    RunInstancesError::Common(CommonCode::MissingParameter),
                    "ImageId is required",
                ));
            }
        }
        let mut instances = self.instances.lock().unwrap();
        let mut ids = Vec::new();
        for _ in 0..request.instance_count.unwrap_or(1) {
            let mut instance = self.template.clone();
            instance.instance_id = format!("ins-new{:05}", instances.len());
            if let Some(name) = &request.instance_name {
                instance.instance_name.clone_from(name);
            }
            ids.push(instance.instance_id.clone());
            instances.push(instance);
        }
        Ok(RunInstancesResponse::new(ids, ""))
    }

    async fn terminate_instances(
        &self,
        request: TerminateInstancesRequest,
    ) -> Result<TerminateInstancesResponse, ActionError<TerminateInstancesError>> {
        let mut instances = self.instances.lock().unwrap();
        for id in &request.instance_ids {
            if !instances.iter().any(|i| &i.instance_id == id) {
                return Err(ActionError::new(
                    TerminateInstancesError::InvalidInstanceIdNotFound,
                    format!("instance {id} does not exist"),
                ));
            }
        }
        instances.retain(|i| !request.instance_ids.contains(&i.instance_id));
        Ok(TerminateInstancesResponse::new(""))
    }
}

impl Dispatch for Fleet {
    fn dispatch<'a>(
        &'a self,
        action: &'a str,
        body: &'a [u8],
    ) -> BoxFuture<'a, Result<serde_json::Value, DispatchError>> {
        Box::pin(server::dispatch(self, action, body))
    }
}

fn client_with_key(endpoint: &str, key: &str) -> Client {
    Client::new(
        &Config::builder()
            .with_credentials(Credentials::new(SECRET_ID, key))
            .with_region("ap-guangzhou")
            .with_endpoint(endpoint)
            .with_retry(RetryConfig::disabled())
            .build()
            .expect("config"),
    )
    .expect("client")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn three_actions_answer_with_typed_responses_and_errors() {
    let config = ServerConfig::new(SERVICE, server::ACTIONS).credential(SECRET_ID, SECRET_KEY);
    let running = Server::new(config, Fleet::new())
        .bind("127.0.0.1:0")
        .await
        .expect("bind loopback");
    let client = client_with_key(&running.endpoint(), SECRET_KEY);

    let listed = client
        .describe_instances(&DescribeInstancesRequest::new())
        .await
        .expect("DescribeInstances");
    println!("DescribeInstances: {listed:?}");
    assert_eq!(listed.total_count, 1);
    let example = &listed.instance_set[0];
    assert_eq!(example.instance_id, "ins-xlsyru2j");
    assert_eq!(example.placement.zone, "ap-guangzhou-3");
    assert_eq!(example.system_disk.disk_size, Some(50));
    assert!(!listed.request_id.is_empty(), "the router sets it");

    let run = client
        .run_instances(
            &RunInstancesRequest::new()
                .set_image_id(IMAGE)
                .set_instance_count(2)
                .set_instance_name("web"),
        )
        .await
        .expect("RunInstances");
    println!("RunInstances: {run:?}");
    assert_eq!(run.instance_id_set, ["ins-new00001", "ins-new00002"]);

    // Three instances, one per page.
    let all: Vec<Instance> = client
        .describe_instances_paginator(&DescribeInstancesRequest::new().set_limit(1))
        .items()
        .try_collect()
        .await
        .expect("every page");
    let names: Vec<&str> = all.iter().map(|i| i.instance_name.as_str()).collect();
    assert_eq!(names, ["myInstance", "web", "web"]);

    match client
        .run_instances(&RunInstancesRequest::new().set_image_id("img-missing"))
        .await
    {
        Err(Error::Service(ServiceError {
            code: RunInstancesError::InvalidImageIdNotFound,
            message,
            request_id,
            ..
        })) => {
            assert_eq!(message, "image img-missing does not exist");
            assert!(!request_id.is_empty());
        }
        other => panic!("RunInstances with an unknown image: {other:?}"),
    }

    let gone = TerminateInstancesRequest::new(["ins-new00001"]);
    client
        .terminate_instances(&gone)
        .await
        .expect("TerminateInstances");
    match client.terminate_instances(&gone).await {
        Err(Error::Service(ServiceError {
            code: TerminateInstancesError::InvalidInstanceIdNotFound,
            message,
            ..
        })) => assert_eq!(message, "instance ins-new00001 does not exist"),
        other => panic!("TerminateInstances twice: {other:?}"),
    }
    let left = client
        .describe_instances(&DescribeInstancesRequest::new().set_instance_ids(["ins-new00002"]))
        .await
        .expect("DescribeInstances by id");
    assert_eq!(left.total_count, 1);

    // The server checks signatures: a client with another key is refused, typed.
    let forged = client_with_key(&running.endpoint(), "another-key");
    let refused = forged
        .describe_instances(&DescribeInstancesRequest::new())
        .await
        .expect_err("a wrong signature is refused");
    assert_eq!(
        refused.code(),
        Some(&DescribeInstancesError::Common(
            CommonCode::AuthFailureSignatureFailure
        )),
        "{refused:?}"
    );

    running.shutdown().await;
}
