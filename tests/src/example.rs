//! Builds the workspace's examples and runs them as child processes.
//!
//! Cargo offers `CARGO_BIN_EXE_<name>` to integration tests for binaries but not for
//! examples, so the example is built with the `cargo` that runs the tests, once per
//! test process, and its path is read from cargo's JSON messages. Running the built
//! file directly, rather than `cargo run` per test, keeps the exit status and the
//! output the example's own and takes the cargo lock only once. The nested build does
//! not deadlock: `cargo test` releases the build lock before it runs test binaries.

use std::collections::HashMap;
use std::ffi::OsString;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// The workspace manifest, so that the nested build shares the tests' target directory.
const WORKSPACE_MANIFEST: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../Cargo.toml");

/// Longer than any call of an example against a loopback server may take.
const RUN_TIMEOUT: Duration = Duration::from_secs(60);

/// Paths of examples already built by this process, keyed by (package, example).
static BUILT: Mutex<Option<HashMap<(String, String), PathBuf>>> = Mutex::new(None);

/// The compiled example `example` of workspace package `package`, built on first use.
///
/// Panics with cargo's output if the build fails.
pub fn path(package: &str, example: &str) -> PathBuf {
    // Held during the build so that concurrent tests wait for one build instead of
    // queueing on the cargo lock with several.
    let mut built = BUILT.lock().unwrap_or_else(|p| p.into_inner());
    let key = (package.to_owned(), example.to_owned());
    if let Some(path) = built.get_or_insert_default().get(&key) {
        return path.clone();
    }
    let path = build(package, example);
    built.get_or_insert_default().insert(key, path.clone());
    path
}

fn build(package: &str, example: &str) -> PathBuf {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| env!("CARGO").into());
    let output = Command::new(&cargo)
        .args([
            "build",
            "--quiet",
            "--message-format=json-render-diagnostics",
        ])
        .args(["--manifest-path", WORKSPACE_MANIFEST])
        .args(["--package", package, "--example", example])
        .stdin(Stdio::null())
        .output()
        .unwrap_or_else(|e| panic!("cannot run {cargo:?}: {e}"));
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "building example {example} of {package} failed ({}):\n{}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    stdout
        .lines()
        .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
        .filter(|message| message["reason"] == "compiler-artifact")
        .filter(|message| message["target"]["name"] == example)
        .filter(|message| {
            message["target"]["kind"]
                .as_array()
                .is_some_and(|kinds| kinds.iter().any(|kind| kind == "example"))
        })
        .find_map(|message| message["executable"].as_str().map(PathBuf::from))
        .unwrap_or_else(|| panic!("cargo reported no executable for example {example}"))
}

/// What a finished run printed, and how it exited.
#[derive(Debug, Clone)]
pub struct Run {
    /// The exit code; `None` if a signal ended the process.
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

/// An empty directory to serve as the example's home, so that the credentials chain
/// finds no file of the machine's user.
fn empty_home() -> PathBuf {
    let home =
        std::env::temp_dir().join(format!("tencentcloud-example-home-{}", std::process::id()));
    std::fs::create_dir_all(&home).expect("create the examples' home");
    home
}

/// Runs `program` with `args`, with every variable of the credentials chain of this
/// process removed, an empty `HOME`, and `env` set instead, and waits at most a minute.
pub fn run(program: &Path, args: &[&str], env: &[(&str, &str)]) -> Run {
    let mut command = Command::new(program);
    command
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    // A developer's real credentials must never reach a test, nor make one pass: no
    // variable of the credential chain, and a home of its own with no files in it.
    for (name, _) in std::env::vars_os() {
        let name_text = name.to_string_lossy();
        if ["TENCENTCLOUD_", "TCCLI_", "TKE_"]
            .iter()
            .any(|prefix| name_text.starts_with(prefix))
        {
            command.env_remove(name);
        }
    }
    let home = empty_home();
    command.env("HOME", &home).env("USERPROFILE", &home);
    command.envs(
        env.iter()
            .map(|(k, v)| (OsString::from(k), OsString::from(v))),
    );

    let mut child = command
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run {}: {e}", program.display()));
    // Read both pipes while waiting: a child blocked on a full pipe would never exit.
    let stdout = drain(child.stdout.take().expect("piped stdout"));
    let stderr = drain(child.stderr.take().expect("piped stderr"));
    let deadline = Instant::now() + RUN_TIMEOUT;
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait for the example") {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{} did not exit within {RUN_TIMEOUT:?}", program.display());
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    Run {
        code: status.code(),
        stdout: stdout.join().expect("stdout reader"),
        stderr: stderr.join().expect("stderr reader"),
    }
}

fn drain(mut pipe: impl Read + Send + 'static) -> std::thread::JoinHandle<String> {
    std::thread::spawn(move || {
        let mut bytes = Vec::new();
        let _ = pipe.read_to_end(&mut bytes);
        String::from_utf8_lossy(&bytes).into_owned()
    })
}
