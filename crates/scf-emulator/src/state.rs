//! The emulator's memory: namespaces, functions and their async events.
//!
//! An event's status is computed from its timestamps when asked (never by a timer), so
//! there is no background task to race with and a status cannot be observed half
//! updated.

use std::collections::{BTreeMap, HashMap};
use std::time::Duration;

// Tokio's clock, not the system's: a test that pauses it (`start_paused`, `advance`)
// controls every event's life, with no real waiting and no margins.
use tokio::time::Instant;

use tencentcloud_scf::operation::create_function::CreateFunctionRequest;
use time::{OffsetDateTime, UtcOffset};

/// The service shows times in Beijing time (UTC+8), without a zone.
pub(crate) const SERVICE_OFFSET: UtcOffset = match UtcOffset::from_hms(8, 0, 0) {
    Ok(offset) => offset,
    Err(_) => UtcOffset::UTC,
};

/// The one version the emulator keeps of every function.
pub(crate) const LATEST: &str = "$LATEST";

/// Now, on the service's clock.
pub(crate) fn wall_now() -> OffsetDateTime {
    OffsetDateTime::now_utc().to_offset(SERVICE_OFFSET)
}

/// `2024-01-02 03:04:05`, as function and namespace times are shown.
pub(crate) fn format_seconds(at: OffsetDateTime) -> String {
    let format = time::macros::format_description!("[year]-[month]-[day] [hour]:[minute]:[second]");
    at.format(format).unwrap_or_default()
}

/// `2024-01-02 03:04:05.678`, as async event times are shown.
pub(crate) fn format_millis(at: OffsetDateTime) -> String {
    let format = time::macros::format_description!(
        "[year]-[month]-[day] [hour]:[minute]:[second].[subsecond digits:3]"
    );
    at.format(format).unwrap_or_default()
}

/// Parses `2024-01-02 03:04:05` on the service's clock.
pub(crate) fn parse_seconds(text: &str) -> Option<OffsetDateTime> {
    let format = time::macros::format_description!("[year]-[month]-[day] [hour]:[minute]:[second]");
    time::PrimitiveDateTime::parse(text, format)
        .ok()
        .map(|at| at.assume_offset(SERVICE_OFFSET))
}

#[derive(Debug, Clone)]
pub(crate) struct Namespace {
    pub(crate) description: String,
    pub(crate) added: OffsetDateTime,
    pub(crate) kind: &'static str,
}

#[derive(Debug)]
pub(crate) struct Function {
    /// The request it was created with, code left out (it is never run).
    pub(crate) spec: CreateFunctionRequest,
    pub(crate) id: String,
    pub(crate) added: OffsetDateTime,
    pub(crate) code_size: i64,
    /// Creation order, to sort equal timestamps.
    pub(crate) seq: u64,
    /// Its async events, oldest first; never reordered, so indexes stay valid.
    pub(crate) events: Vec<Event>,
}

impl Function {
    pub(crate) fn namespace(&self) -> &str {
        self.spec.namespace.as_deref().unwrap_or("default")
    }

    /// Timeout in seconds: the function's or the service default of 3.
    pub(crate) fn timeout(&self) -> Duration {
        Duration::from_secs(
            self.spec
                .timeout
                .and_then(|t| u64::try_from(t).ok())
                .unwrap_or(3),
        )
    }

    /// The value of environment variable `key`.
    pub(crate) fn env(&self, key: &str) -> Option<&str> {
        self.spec
            .environment
            .as_ref()?
            .variables
            .as_ref()?
            .iter()
            .find(|v| v.key.as_deref() == Some(key))
            .and_then(|v| v.value.as_deref())
    }
}

/// How an invocation ends when nothing stops it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Outcome {
    /// Returned this (`RetMsg`).
    Finished(String),
    /// Failed with this message (`ErrMsg`) and status code.
    Failed { message: String, code: i64 },
}

/// Status values of an async event, as the service spells them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Status {
    Running,
    Finished,
    Aborted,
    Failed,
}

impl Status {
    pub(crate) const ALL: [&'static str; 4] = ["RUNNING", "FINISHED", "ABORTED", "FAILED"];

    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Status::Running => "RUNNING",
            Status::Finished => "FINISHED",
            Status::Aborted => "ABORTED",
            Status::Failed => "FAILED",
        }
    }
}

#[derive(Debug)]
pub(crate) struct Event {
    pub(crate) id: String,
    pub(crate) invoke_type: &'static str,
    pub(crate) started: Instant,
    pub(crate) started_wall: OffsetDateTime,
    /// When it would end on its own, and how.
    pub(crate) natural_end: Instant,
    pub(crate) outcome: Outcome,
    /// When a termination takes effect (after the grace period, if one was asked for).
    pub(crate) abort_at: Option<Instant>,
    pub(crate) seq: u64,
}

impl Event {
    /// The status at `now`, and when it ended if it has.
    pub(crate) fn status_at(&self, now: Instant) -> (Status, Option<Instant>) {
        let natural = match &self.outcome {
            Outcome::Finished(_) => Status::Finished,
            Outcome::Failed { .. } => Status::Failed,
        };
        match self.abort_at {
            // A termination that takes effect after the natural end changes nothing.
            Some(abort) if abort < self.natural_end => {
                if now >= abort {
                    (Status::Aborted, Some(abort))
                } else {
                    (Status::Running, None)
                }
            }
            _ if now >= self.natural_end => (natural, Some(self.natural_end)),
            _ => (Status::Running, None),
        }
    }

    /// The wall-clock time of `at`, an instant of this event's life.
    pub(crate) fn wall(&self, at: Instant) -> OffsetDateTime {
        let since = at.saturating_duration_since(self.started);
        self.started_wall + since
    }

    /// The status code shown by `GetAsyncEventStatus`: 0 while running, 200 when
    /// finished, the failure's code, 499 when aborted.
    pub(crate) fn status_code(&self, status: Status) -> i64 {
        match (status, &self.outcome) {
            (Status::Running, _) => 0,
            (Status::Finished, _) => 200,
            (Status::Aborted, _) => 499,
            (Status::Failed, Outcome::Failed { code, .. }) => *code,
            (Status::Failed, Outcome::Finished(_)) => 500,
        }
    }
}

/// Everything, behind the emulator's one lock.
#[derive(Debug)]
pub(crate) struct State {
    pub(crate) namespaces: BTreeMap<String, Namespace>,
    /// By (namespace, function name).
    pub(crate) functions: BTreeMap<(String, String), Function>,
    /// Event id → (namespace, function name, index in its `events`).
    pub(crate) event_index: HashMap<String, (String, String, usize)>,
    pub(crate) next_seq: u64,
}

impl State {
    pub(crate) fn new() -> Self {
        let mut namespaces = BTreeMap::new();
        namespaces.insert(
            "default".to_owned(),
            Namespace {
                description: "default namespace".to_owned(),
                added: wall_now(),
                kind: "default",
            },
        );
        State {
            namespaces,
            functions: BTreeMap::new(),
            event_index: HashMap::new(),
            next_seq: 0,
        }
    }

    pub(crate) fn seq(&mut self) -> u64 {
        self.next_seq += 1;
        self.next_seq
    }

    /// The event with `id`, and the function it belongs to.
    pub(crate) fn event(&self, id: &str) -> Option<(&Function, &Event)> {
        let (namespace, name, index) = self.event_index.get(id)?;
        let function = self.functions.get(&(namespace.clone(), name.clone()))?;
        Some((function, function.events.get(*index)?))
    }
}
