#!/usr/bin/env python3
"""Runs the Rust SDK and the official Python SDK side by side and writes bench/RESULTS.md.

Started by bench/compare.sh, which builds what this needs and runs it with the venv's
Python (where the official SDK is installed). Standard library only.

Both sides of every comparison run in this one invocation, interleaved, so that the
load of the machine weighs on both alike; ratios are what to read, not absolute times.
"""

import argparse
import datetime
import json
import os
import platform
import random
import resource
import statistics
import subprocess
import sys
import time

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
TARGET = os.environ.get("CARGO_TARGET_DIR") or os.path.join(REPO, "target")
DRIVER = os.path.join(TARGET, "release", "bench-driver")
CODEGEN_CLI = os.path.join(TARGET, "release", "tencentcloud-codegen")
EMULATOR = os.path.join(TARGET, "release", "scf-emulator")
SPEC = os.path.join(REPO, "spec", "scf", "2018-04-16.json")
WORK = os.path.join(TARGET, "bench")
PY_SIGN = os.path.join(REPO, "bench", "py", "sign_bench.py")
PY_CALLS = os.path.join(REPO, "bench", "py", "call_bench.py")


def log(message):
    print("[compare] " + message, file=sys.stderr, flush=True)


def run_json(argv, **kwargs):
    """Runs a driver; returns its JSON report and the CPU seconds it used."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    out = subprocess.run(argv, check=True, stdout=subprocess.PIPE, text=True, **kwargs).stdout
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return json.loads(out.strip().splitlines()[-1]), cpu


def process_cpu_seconds(pid):
    with open("/proc/%d/stat" % pid) as f:
        # Fields after the parenthesised command name; utime and stime are 14 and 15.
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def load_average():
    return os.getloadavg()[0]


def machine():
    model = "unknown"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    rustc = subprocess.run(["rustc", "--version"], stdout=subprocess.PIPE, text=True).stdout.strip()
    commit = subprocess.run(["git", "-C", REPO, "rev-parse", "--short", "HEAD"],
                            stdout=subprocess.PIPE, text=True).stdout.strip()
    dirty = subprocess.run(["git", "-C", REPO, "status", "--porcelain", "--untracked-files=no"],
                           stdout=subprocess.PIPE, text=True).stdout.strip()
    sdk = {}
    for dist in ("tencentcloud-sdk-python-common", "tencentcloud-sdk-python-scf", "requests"):
        try:
            from importlib.metadata import version
            sdk[dist] = version(dist)
        except Exception:  # reported as unknown rather than failing the run
            sdk[dist] = "unknown"
    return {
        "nproc": os.cpu_count(),
        "cpu": model,
        "kernel": platform.release(),
        "rustc": rustc,
        "python": platform.python_version(),
        "commit": commit + (" (with uncommitted changes)" if dirty else ""),
        "sdk": sdk,
    }


def wait_for_idle(limit, max_wait):
    deadline = time.monotonic() + max_wait
    while load_average() >= limit and time.monotonic() < deadline:
        log("load average %.2f >= %.2f; waiting (up to %ds more)"
            % (load_average(), limit, deadline - time.monotonic()))
        time.sleep(min(30, max(1, deadline - time.monotonic())))
    return load_average()


# --- signing --------------------------------------------------------------------------

def body_64k():
    """A CreateFunction body with a 48 KiB zip file in base64: 64 KiB or so."""
    import base64
    rng = random.Random(42)
    zip_file = base64.b64encode(bytes(rng.getrandbits(8) for _ in range(48 * 1024))).decode()
    with open(os.path.join(REPO, "bench", "inputs", "create_function.json")) as f:
        body = json.load(f)
    body["Code"] = {"ZipFile": zip_file}
    path = os.path.join(WORK, "create_function_64k.json")
    with open(path, "w") as f:
        f.write(json.dumps(body, separators=(",", ":")))
    return path


def bench_signing(quick):
    scale = 10 if quick else 1
    bodies = [
        ("TerminateAsyncEvent", os.path.join(REPO, "bench", "inputs", "terminate_async_event.json"), 200_000, 20_000),
        ("CreateFunction", os.path.join(REPO, "bench", "inputs", "create_function.json"), 200_000, 20_000),
        ("CreateFunction with a 48 KiB zip", body_64k(), 3_000, 1_000),
    ]
    rows = []
    for name, path, n_rust, n_py in bodies:
        rust, _ = run_json([DRIVER, "sign", "--body", path, "--n", str(n_rust // scale), "--rounds", "5"])
        py, _ = run_json([sys.executable, PY_SIGN, "--body", path, "--n", str(n_py // scale), "--rounds", "5"])
        if rust["authorization"] != py["authorization"]:
            raise SystemExit("the SDKs signed %s differently:\n  rust:   %s\n  python: %s"
                             % (name, rust["authorization"], py["authorization"]))
        rows.append({"name": name, "bytes": rust["body_bytes"], "rust": rust, "python": py})
        log("signing %s: python %.0f ns, rust %.0f ns (sign_tc3) / %.0f ns (tc3_authorization)"
            % (name, py["ns_per_sig_best"], rust["ns_per_sig_best"], rust["ns_per_auth_best"]))
    return rows


# --- calls ----------------------------------------------------------------------------

SECRET_ID = "AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE"
SECRET_KEY = "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE"
# Any id will do for the bench server, which answers everything with success.
DEFAULT_EVENT = "b379787f-8487-4bac-bd8c-17a20a9ce40e"


class Server(object):
    """The bench server (`bench-driver serve`), or scf-emulator with a running async
    event to terminate."""

    def __init__(self, emulator=False):
        self.event = DEFAULT_EVENT
        if not emulator:
            self.proc = subprocess.Popen([DRIVER, "serve", "--listen", "127.0.0.1:0"],
                                         stdout=subprocess.PIPE, text=True)
            line = self.proc.stdout.readline().split()
            if len(line) != 2 or line[0] != "LISTENING":
                self.stop()
                raise SystemExit("the loopback server did not start")
            self.addr = line[1]
            return
        # A grace period longer than the event's run keeps the event RUNNING however
        # often it is terminated, so every call succeeds; no QPS limits, as in a load
        # test of one's own code.
        self.proc = subprocess.Popen([
            EMULATOR, "--listen", "127.0.0.1:0", "--secret-id", SECRET_ID, "--secret-key", SECRET_KEY,
            "--no-rate-limits", "--grace-period-ms", "3600000"], stdout=subprocess.PIPE, text=True)
        line = self.proc.stdout.readline().split()
        if not line or not line[-1].startswith("http://"):
            self.stop()
            raise SystemExit("scf-emulator did not start")
        self.addr = line[-1][len("http://"):]
        try:
            self.event = start_async_event(self.addr)
        except Exception:
            self.stop()
            raise

    def cpu(self):
        return process_cpu_seconds(self.proc.pid)

    def stop(self):
        self.proc.kill()
        self.proc.wait()


def start_async_event(addr):
    """Creates `helloworld` on the emulator and invokes it asynchronously, with the
    official SDK; returns the running event's id."""
    import base64
    import io
    import zipfile
    from tencentcloud.common.credential import Credential
    from tencentcloud.common.profile.client_profile import ClientProfile
    from tencentcloud.common.profile.http_profile import HttpProfile
    from tencentcloud.scf.v20180416 import models
    from tencentcloud.scf.v20180416.scf_client import ScfClient

    client = ScfClient(Credential(SECRET_ID, SECRET_KEY), "ap-guangzhou",
                       ClientProfile(httpProfile=HttpProfile(protocol="http", endpoint=addr)))
    code = io.BytesIO()
    with zipfile.ZipFile(code, "w") as z:
        z.writestr("index.py", "def main_handler(event, context):\n    return 'ok'\n")
    create = models.CreateFunctionRequest()
    create.from_json_string(json.dumps({
        "FunctionName": "helloworld", "Namespace": "default", "Runtime": "Python3.9",
        "Handler": "index.main_handler", "Timeout": 900, "AsyncRunEnable": "TRUE",
        "Code": {"ZipFile": base64.b64encode(code.getvalue()).decode()},
        # The emulator runs no code: the event just stays RUNNING this long.
        "Environment": {"Variables": [{"Key": "EMULATOR_DURATION_MS", "Value": "900000"}]},
    }))
    client.CreateFunction(create)
    get = models.GetFunctionRequest()
    get.FunctionName, get.Namespace = "helloworld", "default"
    deadline = time.monotonic() + 30
    while client.GetFunction(get).Status == "Creating":
        if time.monotonic() > deadline:
            raise SystemExit("the emulator's function never became Active")
        time.sleep(0.05)
    invoke = models.InvokeRequest()
    invoke.FunctionName, invoke.Namespace, invoke.InvocationType = "helloworld", "default", "Event"
    return client.Invoke(invoke).Result.FunctionRequestId


class KeepCpusAwake(object):
    """One nice-19 busy loop per CPU while the calls run.

    On this kind of machine (a VM) an idle vCPU takes tens of microseconds to wake,
    twice per loopback round trip, which swamps a 20 µs call and makes sequential
    results swing 5× with whatever else happens to keep the CPUs busy. The loops take
    next to no CPU from the measured processes (nice 19 against nice 0) but keep the
    vCPUs from idling. Both SDKs run under the same conditions; `idle` rows show the
    sequential calls without the loops."""

    def __enter__(self):
        # Nice 19, not SCHED_IDLE: the scheduler treats a CPU that runs only
        # SCHED_IDLE work as idle, and sequential calls then swung between 15k and
        # 48k calls/s again; at nice 19 they held steady.
        loop = "import os\nos.nice(19)\nwhile True: pass"
        self.procs = [subprocess.Popen([sys.executable, "-c", loop])
                      for _ in range(os.cpu_count() or 1)]
        # The first run after the loops start was slow in every trial, as if the
        # host needed a moment to stop parking the vCPUs; give it that moment.
        time.sleep(3)
        return self

    def __exit__(self, *exc):
        for proc in self.procs:
            proc.kill()
        for proc in self.procs:
            proc.wait()


def measured(server, argv):
    cpu_before = server.cpu()
    report, client_cpu = run_json(argv)
    report["server_cpu_s"] = server.cpu() - cpu_before
    report["client_cpu_s"] = client_cpu
    return report


def bench_calls(quick, repeats, emulator=False):
    scale = 10 if quick else 1
    server = Server(emulator)
    try:
        idle = None
        if not emulator:
            # Sequential calls with nothing keeping the CPUs awake, for comparison.
            idle = {
                "rust": measured(server, [DRIVER, "calls", "--endpoint", "http://" + server.addr,
                                          "--n", str(20_000 // scale), "--concurrency", "1"]),
                "python": measured(server, [sys.executable, PY_CALLS, "--endpoint", server.addr,
                                            "--n", str(3_000 // scale), "--concurrency", "1"]),
            }
            log("sequential calls, CPUs left idle: python %.0f/s, rust %.0f/s"
                % (idle["python"]["throughput"], idle["rust"]["throughput"]))
        with KeepCpusAwake():
            result = bench_calls_awake(server, quick, repeats, emulator)
        result["idle"] = idle
        return result
    finally:
        server.stop()


def bench_calls_awake(server, quick, repeats, emulator):
    scale = 10 if quick else 1
    ceiling = None
    if not emulator:
        ceiling = measured(server, [DRIVER, "ceiling", "--addr", server.addr,
                                    "--n", str(100_000 // scale), "--concurrency", "16"])
        log("server ceiling (raw keep-alive client, 16 connections): %.0f req/s"
            % ceiling["throughput"])
    modes = []
    # The emulator is the slower server: fewer calls keep the run short.
    n_rust, n_py = (20_000, 3_000) if emulator else (50_000, 5_000)
    for concurrency in (1, 16):
        rust_runs, py_runs = [], []
        for _ in range(repeats):
            rust_runs.append(measured(server, [
                DRIVER, "calls", "--endpoint", "http://" + server.addr,
                "--n", str(n_rust // scale), "--concurrency", str(concurrency),
                "--invoke-request-id", server.event]))
            py_runs.append(measured(server, [
                sys.executable, PY_CALLS, "--endpoint", server.addr,
                "--n", str(n_py // scale), "--concurrency", str(concurrency),
                "--invoke-request-id", server.event]))
        rust, py = median_run(rust_runs), median_run(py_runs)
        log("calls at concurrency %d%s: python %.0f/s, rust %.0f/s"
            % (concurrency, " (scf-emulator)" if emulator else "",
               py["throughput"], rust["throughput"]))
        modes.append({"concurrency": concurrency, "rust": rust, "python": py,
                      "rust_runs": rust_runs, "python_runs": py_runs})
    return {"ceiling": ceiling, "modes": modes}


def median_run(runs):
    """The run of median throughput, so its latencies and CPU belong together."""
    ordered = sorted(runs, key=lambda r: r["throughput"])
    return ordered[len(ordered) // 2]


# --- codegen and compile time ---------------------------------------------------------

def bench_codegen(quick):
    runs = 3 if quick else 10
    in_process, _ = run_json([DRIVER, "codegen", "--spec", SPEC, "--runs", str(runs)])
    out = os.path.join(WORK, "scf.rs")
    cli = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run([CODEGEN_CLI, "generate", SPEC, "--crate-name", "tencentcloud-scf", "-o", out],
                       check=True, stdout=subprocess.DEVNULL)
        cli.append((time.perf_counter() - started) * 1e3)
    log("codegen: %.0f ms in process (best), %.0f ms with the CLI (best)"
        % (in_process["best_ms"], min(cli)))
    return {"in_process": in_process, "cli_best_ms": min(cli), "cli_median_ms": statistics.median(cli)}


def cargo_build(profile_args):
    started = time.perf_counter()
    result = subprocess.run(["cargo", "build", "-p", "tencentcloud-scf"] + profile_args,
                            cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        raise SystemExit("cargo build failed:\n" + result.stderr)
    return elapsed, "Blocking waiting for file lock" in result.stderr


def bench_compile(quick):
    """Build time of tencentcloud-scf alone, its dependencies built: after
    `cargo clean -p tencentcloud-scf` (build script compiled and run, then the ~47,000
    generated lines compiled from nothing) and after touching the spec (build.rs reruns
    the generator; rustc's incremental cache, in debug, still holds the crate)."""
    repeats = 1 if quick else 2
    results = {}
    for label, args in (("debug", []), ("release", ["--release"])):
        cargo_build(args)  # dependencies, and anything stale, outside the measurement
        for how in ("clean", "touch"):
            times, blocked = [], False
            for _ in range(repeats):
                if how == "clean":
                    subprocess.run(["cargo", "clean", "--quiet", "-p", "tencentcloud-scf"] + args,
                                   cwd=REPO, check=True)
                else:
                    os.utime(SPEC)
                elapsed, waited = cargo_build(args)
                times.append(elapsed)
                blocked = blocked or waited
            results[label + "_" + how] = {"best_s": min(times), "runs": times,
                                          "waited_for_lock": blocked}
            log("compile tencentcloud-scf (%s, after %s): %.1f s"
                % (label, "cargo clean -p" if how == "clean" else "touching the spec", min(times)))
    return results


# --- report ---------------------------------------------------------------------------

def cpu_per_call(run):
    """Client CPU µs per call, the 200 warm-up calls included."""
    return 1e6 * run["client_cpu_s"] / (run["n"] + 200)


def ratio(a, b):
    return a / b if b else float("nan")


def fmt_ns(ns):
    return "%.2f µs" % (ns / 1e3) if ns >= 1e3 else "%.0f ns" % ns


def calls_table(add, calls):
    add("| Concurrency | SDK | calls | calls/s | p50 | p99 | client CPU per call | server CPU |")
    add("|---:|---|---:|---:|---:|---:|---:|---:|")
    for mode in calls["modes"]:
        for side, label in (("python", "Python"), ("rust", "Rust")):
            r = mode[side]
            add("| %d | %s | %d | %.0f | %.0f µs | %.0f µs | %.0f µs | %.0f%% of a core |" % (
                mode["concurrency"], label, r["n"], r["throughput"], r["p50_us"], r["p99_us"],
                cpu_per_call(r), 100 * r["server_cpu_s"] / r["wall_s"]))
        py, rs = mode["python"], mode["rust"]
        add("| %d | **Rust ÷ Python** | | **%.1f×** | **%.1f× faster** | **%.1f× faster** "
            "| **%.1f× less** | |" % (
                mode["concurrency"], ratio(rs["throughput"], py["throughput"]),
                ratio(py["p50_us"], rs["p50_us"]), ratio(py["p99_us"], rs["p99_us"]),
                ratio(cpu_per_call(py), cpu_per_call(rs))))


# In RESULTS.md, what follows this line is not written by this script and is kept.
KEPT_MARKER = "<!-- Below: measured by other means, kept by compare.py. -->"


def write_results(path, info, args, started, finished, load_start, load_end, signing, calls,
                  emulator_calls, codegen, compile_times, command):
    lines = []
    add = lines.append
    add("# Benchmarks: the Rust SDK beside the official Python SDK")
    add("")
    add("Written by `bench/compare.sh` (see [README.md](README.md)) down to the sections "
        "measured by other means at the end; do not edit it by hand. "
        "Both sides of each row were measured in the same run, interleaved, so **the "
        "ratios are the result**; absolute times depend on the machine and its load.")
    add("")
    add("| | |")
    add("|---|---|")
    add("| Date (UTC) | %s → %s |" % (started.strftime("%Y-%m-%d %H:%M"), finished.strftime("%H:%M")))
    add("| Machine | %s, `nproc` = %d, Linux %s |" % (info["cpu"], info["nproc"], info["kernel"]))
    add("| Load average (1 min) | %.2f at the start, %.2f at the end |" % (load_start, load_end))
    add("| Command | `%s` |" % command)
    add("| Rust | %s, release profile; commit %s |" % (info["rustc"], info["commit"]))
    add("| Python | CPython %s; %s |" % (info["python"], ", ".join(
        "%s %s" % (k, v) for k, v in sorted(info["sdk"].items()))))
    add("")

    add("## TC3-HMAC-SHA256 signing, per signature")
    add("")
    add("The same request (host `scf.tencentcloudapi.com`, the same body, timestamp and "
        "key) signed over and over; both sides produced the same `Authorization` value. "
        "Python: the SDK's own path (`datetime` date, `AbstractClient._get_tc3_signature` → "
        "`Sign.sign_tc3`, the header's `%` format), as `_build_req_with_tc3_signature` runs it. "
        "Rust: `sign_tc3` (every intermediate string, the known-answer API) and "
        "`tc3_authorization` (the header alone, what a request needs). Best of 5 rounds each.")
    add("")
    add("| Body | Python SDK | Rust `sign_tc3` | ratio | Rust `tc3_authorization` | ratio "
        "| SHA-256 work alone | its ratio |")
    add("|---|---:|---:|---:|---:|---:|---:|---:|")
    for row in signing:
        py = row["python"]["ns_per_sig_best"]
        full, auth = row["rust"]["ns_per_sig_best"], row["rust"]["ns_per_auth_best"]
        floor = row["rust"]["ns_hashing_floor_best"]
        add("| %s (%d B) | %s | %s | **%.1f×** | %s | **%.1f×** | %s | %.1f× |" % (
            row["name"], row["bytes"], fmt_ns(py), fmt_ns(full), ratio(py, full),
            fmt_ns(auth), ratio(py, auth), fmt_ns(floor), ratio(py, floor)))
    add("")
    add("*SHA-256 work alone* is the hashing no implementation can skip, even with the "
        "signing key and the canonical request's constant first block cached: the payload, "
        "the rest of the canonical request and the HMAC of the string to sign, timed with "
        "the same `sha2`/`hmac` crates. The official SDK does that same hashing in C "
        "(OpenSSL, as fast per block here), so *its ratio* is the most any signer could "
        "reach against it on this machine; the gap between it and `tc3_authorization` is "
        "our own overhead (hex, joining, date and timestamp text, cache lookups, the one "
        "allocation).")
    add("")

    add("## TerminateAsyncEvent against a loopback server")
    add("")
    add("One server (`bench-driver serve`: HTTP/1.1 keep-alive, one thread, answers the "
        "success envelope) started once for every run. Python: `ScfClient.TerminateAsyncEvent`, "
        "16 threads with a client each when concurrent. Rust: `Client::terminate_async_event`, "
        "on a multi-threaded tokio runtime, 16 tasks sharing one client when concurrent. "
        "Retries off on both sides; %d runs per side, the run of median throughput shown; "
        "warm-up calls not counted in time or latency. *Client CPU per call* is the client "
        "process's user + system time over all its calls, warm-up and start-up included: the "
        "SDK's own cost in CPU rather than in waiting. One nice-19 busy loop per CPU runs "
        "throughout, for both sides: on "
        "this VM an idle vCPU takes tens of microseconds to wake, twice per round trip, which "
        "would otherwise decide the sequential numbers (see *CPUs left idle* below)." % args.repeats)
    add("")
    calls_table(add, calls)
    ceiling = calls["ceiling"]
    add("")
    add("Server ceiling: a raw client sending a pre-built request of the same size over 16 "
        "keep-alive connections got **%.0f calls/s** (p50 %.0f µs) from the same server, "
        "%.1f× the best SDK throughput above, so the server is not what limits either SDK. "
        "Throughput per side, all runs: %s." % (
            ceiling["throughput"], ceiling["p50_us"],
            ratio(ceiling["throughput"], max(m["rust"]["throughput"] for m in calls["modes"])),
            "; ".join("concurrency %d: Python %s, Rust %s" % (
                m["concurrency"],
                ", ".join("%.0f" % r["throughput"] for r in m["python_runs"]),
                ", ".join("%.0f" % r["throughput"] for r in m["rust_runs"]))
                for m in calls["modes"])))
    add("")
    idle = calls.get("idle")
    if idle:
        add("*CPUs left idle* (no busy loops), sequential, one run each: Python %.0f calls/s "
            "(p50 %.0f µs), Rust %.0f calls/s (p50 %.0f µs): **%.1f×**; client CPU per call "
            "%.0f µs (Python) and %.0f µs (Rust), against %.0f µs and %.0f µs above. Waiting for "
            "sleeping vCPUs adds about the same time to every round trip, which a 20 µs call "
            "feels and a 600 µs one hardly does." % (
                idle["python"]["throughput"], idle["python"]["p50_us"],
                idle["rust"]["throughput"], idle["rust"]["p50_us"],
                ratio(idle["rust"]["throughput"], idle["python"]["throughput"]),
                cpu_per_call(idle["python"]), cpu_per_call(idle["rust"]),
                cpu_per_call(calls["modes"][0]["python"]), cpu_per_call(calls["modes"][0]["rust"])))
        add("")

    if emulator_calls:
        add("### The same calls against scf-emulator")
        add("")
        add("`scf-emulator` (release build, this repository) verifies each signature, takes "
            "its state lock and answers through the generated server; started with "
            "`--no-rate-limits` and a running async event to terminate. It is the heavier "
            "server, on the same two cores as the client, so these ratios say less about the "
            "clients than the table above; %d run(s) per side." % args.emulator_repeats)
        add("")
        calls_table(add, emulator_calls)
        add("")

    add("## Code generation and compile time")
    add("")
    ip = codegen["in_process"]
    stages = ", ".join("%s %.0f" % (k, v) for k, v in ip["stage_median_ms"].items())
    add("| What | Time |")
    add("|---|---:|")
    add("| `tencentcloud_codegen::generate` on the SCF spec, in process (%d runs: best / median) "
        "| %.0f ms / %.0f ms |" % (ip["runs"], ip["best_ms"], ip["median_ms"]))
    add("| … by stage, median ms: %s | |" % stages)
    add("| `tencentcloud-codegen generate` CLI, release, whole process, %d lines written "
        "(best / median) | %.0f ms / %.0f ms |" % (ip["lines"], codegen["cli_best_ms"],
                                                  codegen["cli_median_ms"]))
    for label in ("debug", "release"):
        for how, what in (("clean", "after `cargo clean -p tencentcloud-scf`"),
                          ("touch", "after touching the spec")):
            c = compile_times[label + "_" + how]
            add("| `cargo build -p tencentcloud-scf%s` %s, dependencies built (best of %d)%s "
                "| %.1f s |" % (
                    " --release" if label == "release" else "", what, len(c["runs"]),
                    " ⚠ waited for another cargo's lock" if c["waited_for_lock"] else "",
                    c["best_s"]))
    add("")

    add("## Targets")
    add("")
    small = signing[0]
    typical = signing[1]
    sig_ratio_small = ratio(small["python"]["ns_per_sig_best"], small["rust"]["ns_per_auth_best"])
    sig_ratio_typical = ratio(typical["python"]["ns_per_sig_best"], typical["rust"]["ns_per_auth_best"])
    seq, conc = calls["modes"][0], calls["modes"][1]
    seq_ratio = ratio(seq["rust"]["throughput"], seq["python"]["throughput"])
    conc_ratio = ratio(conc["rust"]["throughput"], conc["python"]["throughput"])
    met = lambda ok: "met" if ok else "**missed**"
    add("| Target | Measured | |")
    add("|---|---|---|")
    add("| Signing < 3 µs for a typical request | %s (%d B body), %s (%d B) | %s |" % (
        fmt_ns(typical["rust"]["ns_per_auth_best"]), typical["bytes"],
        fmt_ns(small["rust"]["ns_per_auth_best"]), small["bytes"],
        met(typical["rust"]["ns_per_auth_best"] < 3000)))
    add("| Signing ≥ 20× the Python signer | %.1f× (%d B body), %.1f× (%d B) | %s |" % (
        sig_ratio_typical, typical["bytes"], sig_ratio_small, small["bytes"],
        met(min(sig_ratio_small, sig_ratio_typical) >= 20)))
    extra = []
    idle = calls.get("idle")
    if idle:
        extra.append("sequential with the CPUs left idle %.1f×" % ratio(
            idle["rust"]["throughput"], idle["python"]["throughput"]))
    if emulator_calls:
        extra.append("against scf-emulator %.1f× and %.1f×" % tuple(
            ratio(m["rust"]["throughput"], m["python"]["throughput"])
            for m in emulator_calls["modes"]))
    add("| Calls ≥ 10× the Python SDK's throughput, sequential and at concurrency 16 "
        "| %.1f×, %.1f× against the bench server%s | %s |" % (
            seq_ratio, conc_ratio, "; " + "; ".join(extra) if extra else "",
            met(min(seq_ratio, conc_ratio) >= 10)))
    add("| Codegen of the full SCF spec < 100 ms | %.0f ms in process | %s |" % (
        ip["best_ms"], met(ip["best_ms"] < 100)))
    add("")
    text = "\n".join(lines)
    # Sections measured by other means follow a marker line; they are kept as they are.
    try:
        with open(path) as f:
            kept = f.read()
    except FileNotFoundError:
        kept = ""
    at = kept.find(KEPT_MARKER)
    if at >= 0:
        text += "\n" + kept[at:]
    with open(path, "w") as f:
        f.write(text)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="a tenth of the work: to try the script")
    parser.add_argument("--repeats", type=int, default=3, help="call runs per side and mode")
    parser.add_argument("--emulator-repeats", type=int, default=1,
                        help="call runs per side and mode against scf-emulator (0: none)")
    parser.add_argument("--skip-compile", action="store_true", help="leave out the compile-time rows")
    parser.add_argument("--wait-idle", type=int, default=0, metavar="SECONDS",
                        help="first wait up to this long for the load average to drop below 1.5")
    parser.add_argument("--out", default=os.path.join(REPO, "bench", "RESULTS.md"))
    parser.add_argument("--command", default="bench/compare.sh", help=argparse.SUPPRESS)
    args = parser.parse_args()

    os.makedirs(WORK, exist_ok=True)
    info = machine()
    load_start = wait_for_idle(1.5, args.wait_idle)
    if load_start >= 1.5:
        log("load average is %.2f: other work will slow both sides; ratios still hold roughly"
            % load_start)
    started = datetime.datetime.now(datetime.timezone.utc)
    signing = bench_signing(args.quick)
    calls = bench_calls(args.quick, max(1, args.repeats))
    emulator_calls = None
    if args.emulator_repeats > 0:
        if os.path.exists(EMULATOR):
            emulator_calls = bench_calls(args.quick, args.emulator_repeats, emulator=True)
        else:
            log("no %s: leaving out the scf-emulator table" % EMULATOR)
    codegen = bench_codegen(args.quick)
    if args.skip_compile:
        compile_times = {k: {"best_s": float("nan"), "runs": [], "waited_for_lock": False}
                         for k in ("debug_clean", "debug_touch", "release_clean", "release_touch")}
    else:
        compile_times = bench_compile(args.quick)
    finished = datetime.datetime.now(datetime.timezone.utc)
    write_results(args.out, info, args, started, finished, load_start, load_average(), signing,
                  calls, emulator_calls, codegen, compile_times, args.command)
    with open(os.path.join(WORK, "results.json"), "w") as f:
        json.dump({"machine": info, "signing": signing, "calls": calls,
                   "emulator_calls": emulator_calls, "codegen": codegen,
                   "compile": compile_times}, f, indent=1)
    log("wrote %s (raw numbers in %s)" % (args.out, os.path.join(WORK, "results.json")))


if __name__ == "__main__":
    main()
