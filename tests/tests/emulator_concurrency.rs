//! Sixteen clients at once against the emulator over loopback: no update is lost, and
//! each action's QPS limit holds. Bounded: 16 × 200 requests per test, a few seconds.

mod emulator_support;

use std::collections::HashMap;
use std::time::{Duration, Instant};

use emulator_support::{Emu, quick_behaviour, runtime};
use tencentcloud_scf::operation::create_function::CreateFunctionRequest;
use tencentcloud_scf::operation::delete_function::DeleteFunctionRequest;
use tencentcloud_scf::operation::get_async_event_status::GetAsyncEventStatusRequest;
use tencentcloud_scf::operation::invoke::{InvokeError, InvokeRequest};
use tencentcloud_scf::operation::list_async_events::ListAsyncEventsRequest;
use tencentcloud_scf::operation::list_functions::ListFunctionsRequest;
use tencentcloud_scf::server::Service;
use tencentcloud_scf::types::Code;
use tencentcloud_scf::{Client, Error};

const CLIENTS: usize = 16;
const REQUESTS_PER_CLIENT: usize = 200;
/// No test may run longer than this, whatever the machine.
const DEADLINE: Duration = Duration::from_secs(25);

/// What one client did and saw.
#[derive(Default)]
struct Tally {
    created: usize,
    deleted: usize,
    hot_invokes: usize,
    /// Own function → async invocations accepted.
    own_invokes: HashMap<String, usize>,
}

async fn invoke_event(client: &Client, function: &str) -> Result<String, Error<InvokeError>> {
    let request = InvokeRequest::new(function).set_invocation_type("Event");
    client
        .invoke(&request)
        .await
        .map(|r| r.result.expect("a Result").function_request_id)
}

/// Total events of `function`, straight from the emulator (no router, no limit).
async fn event_count(emu: &Emu, function: &str) -> i64 {
    emu.emulator
        .list_async_events(ListAsyncEventsRequest::new(function).set_limit(1))
        .await
        .expect("ListAsyncEvents")
        .total_count
}

#[test]
fn sixteen_clients_lose_no_updates() {
    let emu = Emu::start_with(|config| config.with_rate_limits(false), quick_behaviour());
    let started = Instant::now();
    let runtime = runtime();
    let tallies: Vec<Tally> = runtime.block_on(async {
        let setup = emu.client();
        setup
            .create_function(&CreateFunctionRequest::new("hot", Code::new()))
            .await
            .expect("CreateFunction hot");
        let tasks: Vec<_> = (0..CLIENTS)
            .map(|c| {
                let client = emu.client();
                tokio::spawn(async move {
                    let mut tally = Tally::default();
                    let mut own: Vec<String> = Vec::new();
                    for i in 0..REQUESTS_PER_CLIENT {
                        if started.elapsed() > DEADLINE {
                            break;
                        }
                        match i % 5 {
                            0 => {
                                let name = format!("c{c:02}-f{i:03}");
                                client
                                    .create_function(&CreateFunctionRequest::new(
                                        &name,
                                        Code::new(),
                                    ))
                                    .await
                                    .expect("CreateFunction");
                                tally.created += 1;
                                own.push(name);
                            }
                            1 => {
                                invoke_event(&client, "hot").await.expect("Invoke hot");
                                tally.hot_invokes += 1;
                            }
                            2 => {
                                let Some(name) = own.last() else { continue };
                                invoke_event(&client, name).await.expect("Invoke own");
                                *tally.own_invokes.entry(name.clone()).or_default() += 1;
                            }
                            3 => {
                                // Every other function this client made goes again.
                                if (i / 5) % 2 == 1 {
                                    let name = own.remove(0);
                                    client
                                        .delete_function(&DeleteFunctionRequest::new(&name))
                                        .await
                                        .expect("DeleteFunction");
                                    tally.own_invokes.remove(&name);
                                    tally.deleted += 1;
                                } else {
                                    client
                                        .list_functions(&ListFunctionsRequest::new().set_limit(100))
                                        .await
                                        .expect("ListFunctions");
                                }
                            }
                            _ => {
                                // Reads see this client's own writes at once.
                                let Some(name) = own.last() else { continue };
                                let listed = client
                                    .list_async_events(&ListAsyncEventsRequest::new(name))
                                    .await
                                    .expect("ListAsyncEvents");
                                let expected = tally.own_invokes.get(name).copied().unwrap_or(0);
                                assert_eq!(listed.total_count as usize, expected, "{name}");
                                if let Some(newest) = listed.event_list.first() {
                                    client
                                        .get_async_event_status(&GetAsyncEventStatusRequest::new(
                                            &newest.invoke_request_id,
                                        ))
                                        .await
                                        .expect("GetAsyncEventStatus");
                                }
                            }
                        }
                    }
                    tally
                })
            })
            .collect();
        let mut tallies = Vec::new();
        for task in tasks {
            tallies.push(task.await.expect("client task"));
        }
        tallies
    });
    assert!(
        started.elapsed() < DEADLINE,
        "the load took {:?}",
        started.elapsed()
    );

    runtime.block_on(async {
        let created: usize = tallies.iter().map(|t| t.created).sum();
        let deleted: usize = tallies.iter().map(|t| t.deleted).sum();
        assert_eq!(created, CLIENTS * REQUESTS_PER_CLIENT / 5);
        let functions = emu
            .emulator
            .list_functions(ListFunctionsRequest::new().set_limit(1))
            .await
            .unwrap()
            .total_count;
        assert_eq!(functions, Some((1 + created - deleted) as i64));

        let hot: usize = tallies.iter().map(|t| t.hot_invokes).sum();
        assert_eq!(hot, CLIENTS * REQUESTS_PER_CLIENT / 5);
        assert_eq!(event_count(&emu, "hot").await, hot as i64);
        for tally in &tallies {
            for (name, invokes) in &tally.own_invokes {
                assert_eq!(event_count(&emu, name).await, *invokes as i64, "{name}");
            }
        }
    });
}

/// One request as the client saw it.
struct Sample {
    action: &'static str,
    sent: Instant,
    received: Instant,
    accepted: bool,
}

#[test]
fn sixteen_clients_are_held_to_each_actions_qps_limit() {
    const INVOKE_QPS: u32 = 60;
    const LIST_QPS: u32 = 25;
    let emu = Emu::start_with(
        |config| {
            config
                .with_qps_limit("Invoke", Some(INVOKE_QPS))
                .with_qps_limit("ListFunctions", Some(LIST_QPS))
        },
        quick_behaviour(),
    );
    let runtime = runtime();
    runtime.block_on(async {
        emu.emulator
            .create_function(CreateFunctionRequest::new("hot", Code::new()))
            .await
            .expect("CreateFunction hot");
    });
    let started = Instant::now();
    let samples: Vec<Sample> = runtime.block_on(async {
        let tasks: Vec<_> = (0..CLIENTS)
            .map(|_| {
                let client = emu.client();
                tokio::spawn(async move {
                    let mut samples = Vec::with_capacity(REQUESTS_PER_CLIENT);
                    for i in 0..REQUESTS_PER_CLIENT {
                        if started.elapsed() > DEADLINE {
                            break;
                        }
                        let sent = Instant::now();
                        let (action, outcome) = if i % 3 == 2 {
                            let result = client
                                .list_functions(&ListFunctionsRequest::new())
                                .await
                                .map(|_| ());
                            (
                                "ListFunctions",
                                result.map_err(|e| e.code_str().map(str::to_owned)),
                            )
                        } else {
                            let result = invoke_event(&client, "hot").await.map(|_| ());
                            (
                                "Invoke",
                                result.map_err(|e| e.code_str().map(str::to_owned)),
                            )
                        };
                        let received = Instant::now();
                        let accepted = match outcome {
                            Ok(()) => true,
                            Err(Some(code)) if code == "RequestLimitExceeded" => false,
                            Err(other) => panic!("{action} failed with {other:?}"),
                        };
                        samples.push(Sample {
                            action,
                            sent,
                            received,
                            accepted,
                        });
                        // Back off a little when refused, as a polite client would; it
                        // also keeps the run long enough to span several windows.
                        if !accepted {
                            tokio::time::sleep(Duration::from_millis(5)).await;
                        }
                    }
                    samples
                })
            })
            .collect();
        let mut samples = Vec::new();
        for task in tasks {
            samples.extend(task.await.expect("client task"));
        }
        samples
    });
    let elapsed = started.elapsed();
    assert!(elapsed < DEADLINE, "the load took {elapsed:?}");

    for (action, limit) in [("Invoke", INVOKE_QPS), ("ListFunctions", LIST_QPS)] {
        let mut mine: Vec<&Sample> = samples.iter().filter(|s| s.action == action).collect();
        mine.sort_by_key(|s| s.sent);
        let accepted = mine.iter().filter(|s| s.accepted).count();
        let refused = mine.len() - accepted;
        let span = mine.last().unwrap().received - mine[0].sent;
        let limit = f64::from(limit);
        // A bucket of `limit` tokens refilled at `limit` per second lets through at
        // most `limit * (1 + seconds)` in any span.
        let most = limit * (1.0 + span.as_secs_f64());
        assert!(
            accepted as f64 <= most,
            "{action}: {accepted} accepted in {span:?}, at most {most} allowed"
        );
        assert!(refused > 0, "{action}: the limit was never reached");
        // Saturated, the bucket passes its rate: far from refusing everything.
        assert!(
            accepted as f64 >= limit * span.as_secs_f64() * 0.5,
            "{action}: only {accepted} accepted in {span:?}"
        );
        // Any one-second window (requests wholly inside it, as the server decided
        // each between send and receipt) holds at most two buckets' worth.
        for (i, first) in mine.iter().enumerate() {
            let end = first.sent + Duration::from_secs(1);
            let in_window = mine[i..]
                .iter()
                .take_while(|s| s.sent < end)
                .filter(|s| s.accepted && s.received <= end)
                .count();
            assert!(
                in_window as f64 <= 2.0 * limit,
                "{action}: {in_window} accepted within one second"
            );
        }
        eprintln!(
            "{action}: {accepted} accepted, {refused} refused in {:.2} s (limit {limit}/s)",
            span.as_secs_f64()
        );
    }

    // Every accepted invocation, and only those, left an event.
    let accepted_invokes = samples
        .iter()
        .filter(|s| s.action == "Invoke" && s.accepted)
        .count();
    let events = runtime.block_on(event_count(&emu, "hot"));
    assert_eq!(events, accepted_invokes as i64);
}
