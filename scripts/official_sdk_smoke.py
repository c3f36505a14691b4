"""Drives a running scf-emulator with Tencent's official Python SDK.

Usage: official_sdk_smoke.py HOST:PORT SECRET_ID SECRET_KEY

Every step must succeed (or fail with the expected code); the first that does not
raises, and the script exits non-zero. Run by scripts/official-sdk-smoke.sh.
"""

import json
import sys
import time
import uuid

from tencentcloud.common import credential
from tencentcloud.common.exception.tencent_cloud_sdk_exception import (
    TencentCloudSDKException,
)
from tencentcloud.common.profile.client_profile import ClientProfile
from tencentcloud.common.profile.http_profile import HttpProfile
from tencentcloud.scf.v20180416 import models, scf_client

ENDPOINT, SECRET_ID, SECRET_KEY = sys.argv[1:4]
STARTED = time.monotonic()


def client(secret_key=SECRET_KEY, sign_method="TC3-HMAC-SHA256", req_method="POST"):
    http = HttpProfile(protocol="http", endpoint=ENDPOINT, reqMethod=req_method)
    profile = ClientProfile(signMethod=sign_method, httpProfile=http)
    return scf_client.ScfClient(
        credential.Credential(SECRET_ID, secret_key), "ap-guangzhou", profile
    )


def request(model, fields):
    req = model()
    req.from_json_string(json.dumps(fields))
    return req


def step(text):
    print(f"[{time.monotonic() - STARTED:5.2f} s] {text}", flush=True)


def expect_error(call, code):
    try:
        call()
    except TencentCloudSDKException as e:
        assert e.get_code() == code, f"expected {code}, got {e.get_code()}: {e.get_message()}"
        return e
    raise AssertionError(f"expected {code}, but the call succeeded")


scf = client()
name = f"smoke-{uuid.uuid4().hex[:8]}"

step(f"CreateFunction {name}")
resp = scf.CreateFunction(
    request(
        models.CreateFunctionRequest,
        {
            "FunctionName": name,
            "Namespace": "default",
            "Runtime": "Python3.9",
            "Handler": "index.main_handler",
            "Timeout": 300,
            "Code": {"ZipFile": "UEsFBgAAAAAAAAAAAAAAAAAAAAAAAA=="},
            "Environment": {
                "Variables": [{"Key": "EMULATOR_DURATION_MS", "Value": "120000"}]
            },
        },
    )
)
print(f"         RequestId {resp.RequestId}")

step("GetFunction")
resp = scf.GetFunction(request(models.GetFunctionRequest, {"FunctionName": name}))
assert resp.FunctionName == name and resp.Status == "Active", resp.to_json_string()
print(f"         Status {resp.Status}, Timeout {resp.Timeout} s, Runtime {resp.Runtime}")

step("Invoke with InvocationType=Event")
resp = scf.Invoke(
    request(
        models.InvokeRequest,
        {"FunctionName": name, "InvocationType": "Event", "ClientContext": "{}"},
    )
)
event_id = resp.Result.FunctionRequestId
print(f"         InvokeRequestId {event_id}")

step("ListAsyncEvents")
resp = scf.ListAsyncEvents(
    request(models.ListAsyncEventsRequest, {"FunctionName": name, "Limit": 10})
)
assert resp.TotalCount == 1, resp.to_json_string()
for event in resp.EventList:
    print(f"         {event.InvokeRequestId} {event.Status} started {event.StartTime}")
assert resp.EventList[0].Status == "RUNNING"

step("TerminateAsyncEvent")
resp = scf.TerminateAsyncEvent(
    request(
        models.TerminateAsyncEventRequest,
        {"FunctionName": name, "InvokeRequestId": event_id, "Namespace": "default"},
    )
)
print(f"         RequestId {resp.RequestId}")

step("GetAsyncEventStatus")
resp = scf.GetAsyncEventStatus(
    request(models.GetAsyncEventStatusRequest, {"InvokeRequestId": event_id})
)
print(f"         {resp.Result.Status} (StatusCode {resp.Result.StatusCode})")
assert resp.Result.Status == "ABORTED", resp.to_json_string()

step("TerminateAsyncEvent again")
err = expect_error(
    lambda: scf.TerminateAsyncEvent(
        request(
            models.TerminateAsyncEventRequest,
            {"FunctionName": name, "InvokeRequestId": event_id},
        )
    ),
    "FailedOperation.AsyncEventStatus",
)
print(f"         refused: {err.get_code()} (RequestId {err.get_request_id()})")

step("ListAsyncEvents, legacy HmacSHA256 signature over GET")
v1 = client(sign_method="HmacSHA256", req_method="GET")
resp = v1.ListAsyncEvents(
    request(
        models.ListAsyncEventsRequest,
        {"FunctionName": name, "Status": ["ABORTED"], "Limit": 5},
    )
)
assert resp.TotalCount == 1, resp.to_json_string()
print(f"         {resp.TotalCount} ABORTED event")

step("GetAsyncEventStatus, legacy HmacSHA1 signature over POST")
v1 = client(sign_method="HmacSHA1")
resp = v1.GetAsyncEventStatus(
    request(models.GetAsyncEventStatusRequest, {"InvokeRequestId": event_id})
)
assert resp.Result.Status == "ABORTED"
print(f"         {resp.Result.Status}")

step("ListFunctions, TC3 over GET")
resp = client(req_method="GET").ListFunctions(
    request(models.ListFunctionsRequest, {"Limit": 20, "SearchKey": name})
)
assert resp.TotalCount == 1, resp.to_json_string()
print(f"         {resp.TotalCount} function")

step("ListNamespaces with a wrong secret key")
err = expect_error(
    lambda: client(secret_key="not-the-key").ListNamespaces(
        models.ListNamespacesRequest()
    ),
    "AuthFailure.SignatureFailure",
)
print(f"         refused: {err.get_code()} (RequestId {err.get_request_id()})")

step(f"DeleteFunction {name}")
resp = scf.DeleteFunction(request(models.DeleteFunctionRequest, {"FunctionName": name}))
print(f"         RequestId {resp.RequestId}")

print("official SDK smoke test: all steps passed")
