//! Published examples of real services, decoded with the code generated from the
//! committed spec (the fixture `monitor_grafana` is an excerpt of
//! spec/monitor/2018-07-24.json; `codegen/tests/excerpts.rs` keeps it so).

use tencentcloud_codegen_fixtures::monitor_grafana::operation::describe_grafana_notification_channels::DescribeGrafanaNotificationChannelsResponse;

fn example(action: &str) -> serde_json::Value {
    let spec: serde_json::Value = serde_json::from_str(include_str!(
        "../../../codegen/tests/specs/monitor_grafana.json"
    ))
    .unwrap();
    spec["actions"][action]["examples"][0].clone()
}

/// The English edition types `GrafanaNotificationChannel.OrgIds` and `.OrganizationIds`
/// as strings; the service, the Chinese edition and this example send lists, and the
/// merge rule takes the Chinese type. Decoded strictly (serde, without the tolerant
/// repairs a client would add, which refuse to make a string of a list anyway).
#[test]
fn describe_grafana_notification_channels_decodes_its_published_example() {
    let example = example("DescribeGrafanaNotificationChannels");
    let response: DescribeGrafanaNotificationChannelsResponse =
        serde_json::from_value(example["response"]["Response"].clone()).unwrap();
    let channel = &response.notification_channel_set[0];
    assert_eq!(channel.org_ids.as_deref(), Some(&["xx".to_owned()][..]));
    assert_eq!(
        channel.organization_ids.as_deref(),
        Some(&["xx".to_owned()][..])
    );
    assert_eq!(response.request_id, "xx");
}

#[test]
#[cfg(feature = "server")]
fn describe_grafana_notification_channels_request_example_round_trips() {
    use tencentcloud_codegen_fixtures::monitor_grafana::operation::describe_grafana_notification_channels::DescribeGrafanaNotificationChannelsRequest;

    let example = example("DescribeGrafanaNotificationChannels");
    let request: DescribeGrafanaNotificationChannelsRequest =
        serde_json::from_value(example["request"].clone()).unwrap();
    assert_eq!(serde_json::to_value(&request).unwrap(), example["request"]);
}
