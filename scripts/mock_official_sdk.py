"""Drives a running tencentcloud-mock with Tencent's official Python SDK.

Usage: mock_official_sdk.py HOST:PORT SECRET_ID SECRET_KEY

Every step must succeed (or fail with the expected code); the first that does not
raises, and the script exits non-zero. Run by scripts/mock-official-sdk.sh.
"""

import json
import sys

from tencentcloud.common import credential
from tencentcloud.common.common_client import CommonClient
from tencentcloud.common.exception.tencent_cloud_sdk_exception import (
    TencentCloudSDKException,
)
from tencentcloud.common.profile.client_profile import ClientProfile
from tencentcloud.common.profile.http_profile import HttpProfile
from tencentcloud.cvm.v20170312 import cvm_client
from tencentcloud.cvm.v20170312 import models as cvm_models
from tencentcloud.hunyuan.v20230901 import hunyuan_client
from tencentcloud.hunyuan.v20230901 import models as hunyuan_models
from tencentcloud.vpc.v20170312 import models as vpc_models
from tencentcloud.vpc.v20170312 import vpc_client

ENDPOINT, SECRET_ID, SECRET_KEY = sys.argv[1:4]
REGION = "ap-guangzhou"


def profile(sign_method="TC3-HMAC-SHA256", req_method="POST"):
    http = HttpProfile(protocol="http", endpoint=ENDPOINT, reqMethod=req_method)
    return ClientProfile(signMethod=sign_method, httpProfile=http)


def cred(key=SECRET_KEY):
    return credential.Credential(SECRET_ID, key)


def request(model, fields):
    req = model()
    req.from_json_string(json.dumps(fields))
    return req


def expect_error(call, code, contains=""):
    try:
        call()
    except TencentCloudSDKException as e:
        assert e.get_code() == code, f"expected {code}, got {e.get_code()}: {e.get_message()}"
        assert contains in e.get_message(), e.get_message()
        assert e.get_request_id(), "no RequestId"
        print(f"  refused as expected: {code}: {e.get_message()}")
        return
    raise AssertionError(f"expected {code}, but the call succeeded")


cvm = cvm_client.CvmClient(cred(), REGION, profile())
regions = cvm.DescribeRegions(cvm_models.DescribeRegionsRequest())
assert regions.TotalCount > 0 and regions.RegionSet[0].Region, regions.to_json_string()
assert regions.RequestId
print(f"cvm DescribeRegions: {regions.TotalCount} regions, RequestId {regions.RequestId}")

instances = cvm.DescribeInstances(
    request(
        cvm_models.DescribeInstancesRequest,
        {"Filters": [{"Name": "zone", "Values": ["ap-guangzhou-3"]}], "Limit": 1},
    )
)
assert instances.InstanceSet[0].InstanceId, instances.to_json_string()
print(f"cvm DescribeInstances with Filters: {instances.InstanceSet[0].InstanceId}")

# The Python SDK's models refuse unknown members themselves; the CommonClient sends them.
common = CommonClient("cvm", "2017-03-12", cred(), REGION, profile())
expect_error(
    lambda: common.call_json("DescribeInstances", {"Filters": [{"Name": 3}]}),
    "InvalidParameterValue",
    "Filters.0.Name",
)
expect_error(
    lambda: common.call_json("DescribeInstances", {"Filter": []}),
    "UnknownParameter",
    "Filter",
)
answer = common.call_json("DescribeRegions", {})
assert answer["Response"]["RegionSet"], answer
print("CommonClient cvm DescribeRegions (TC3 POST): ok")

get = CommonClient("cvm", "2017-03-12", cred(), REGION, profile(req_method="GET"))
answer = get.call_json("DescribeInstances", {"Limit": 1, "Filters": [{"Name": "zone", "Values": ["a"]}]})
assert "InstanceSet" in answer["Response"], answer
print("CommonClient cvm DescribeInstances (TC3 GET): ok")

vpc = vpc_client.VpcClient(cred(), REGION, profile(sign_method="HmacSHA256"))
vpcs = vpc.DescribeVpcs(
    request(vpc_models.DescribeVpcsRequest, {"Filters": [{"Name": "is-default", "Values": ["false"]}]})
)
assert vpcs.VpcSet[0].VpcId, vpcs.to_json_string()
print(f"vpc DescribeVpcs (v1 HmacSHA256): {vpcs.VpcSet[0].VpcId}")

hunyuan = hunyuan_client.HunyuanClient(cred(), REGION, profile())
chat = hunyuan.ChatCompletions(
    request(
        hunyuan_models.ChatCompletionsRequest,
        {"Model": "hunyuan-lite", "Messages": [{"Role": "user", "Content": "hi"}], "Stream": True},
    )
)
events = [event for event in chat]
assert events, "no events"
data = json.loads(events[0]["data"])
assert data["Choices"], data
print(f"hunyuan ChatCompletions streaming: {len(events)} event(s)")

wrong = cvm_client.CvmClient(cred("not-the-key"), REGION, profile())
expect_error(
    lambda: wrong.DescribeRegions(cvm_models.DescribeRegionsRequest()),
    "AuthFailure.SignatureFailure",
)
print("all official-SDK calls against the mock passed")
