//! An action the selection left out: this must not compile. scripts/select-check.sh
//! builds it as an example and checks the errors.

use select_consumer::cvm::Client;
use select_consumer::cvm::operation::start_instances::StartInstancesRequest;

pub async fn start(client: &Client) {
    let _ = client
        .start_instances(&StartInstancesRequest::new(["ins-1"]))
        .await;
}

fn main() {}
