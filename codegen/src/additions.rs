//! Spec additions: what users add to a shipped spec from their own crate (an action
//! Tencent released after the spec was imported, a member the published description
//! lacks), merged at build time and generated into their crate.
//!
//! An additions file is JSON in spec format 2 holding only what is new or extended;
//! `spec/README.md` ("Additions") documents every field:
//!
//! ```json
//! {
//!   "format": 2,
//!   "service": {"name": "scf", "version": "2018-04-16"},
//!   "actions": {"GetFunctionCostReport": {"doc": "…", "input": [], "output": []}},
//!   "shapes": {"CostItem": {"members": []}},
//!   "extend": {
//!     "actions": {"GetFunction": {"output": [{"name": "CostCenter", "type": "string"}]}},
//!     "shapes": {"Function": {"members": []}}
//!   }
//! }
//! ```
//!
//! [`merge`] adds them to the shipped spec, then validates the result with the same
//! [`model::validate`] and [`ir::lower`] as any spec. Every problem is reported at once,
//! located in the additions file that caused it, by file and JSON path.
//!
//! # Why a whole module rather than an extension trait
//!
//! The merged spec is generated in full into the user's crate (client, operations, types
//! and server side), not as the new actions alone on a trait for the shipped client.
//! Additions may add members to existing requests, responses and shapes, and a trait
//! cannot add fields to the shipped crate's structs: the new members would be dropped on
//! the wire, or need parallel types that the shipped actions do not take. One generated
//! module types every action, old and new, the same way. It costs a second copy of the
//! service's code in the user's crate (about 20,000 lines for SCF, generated in well
//! under a second; compiling it is what takes time).
//!
//! [`crate::build::with_additions`] is the build-script entry point.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::{Error, SpecIssue};
use crate::spec::{self, Spec};
use crate::{ir, load, model, naming};

/// A file of spec additions, exactly as written on disk.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Additions {
    /// Spec format version; must be [`spec::FORMAT_VERSION`].
    pub format: u32,
    /// The service, and optionally the version, the additions extend.
    pub service: Target,
    /// Where the additions come from; for people, not read by the generator.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<String>,
    /// New actions, whole, by wire name; none may exist already.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub actions: BTreeMap<String, spec::Action>,
    /// New shapes, whole, by wire name; none may exist already.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub shapes: BTreeMap<String, spec::Shape>,
    /// What is added to existing actions and shapes.
    #[serde(default)]
    pub extend: Extend,
}

/// Which service version additions extend.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Target {
    /// The service's short name, e.g. `scf`; must be the shipped spec's.
    pub name: String,
    /// The API version, `YYYY-MM-DD`; when absent, the version the service crate
    /// re-exports at its root.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
}

/// Additions to existing actions and shapes.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Extend {
    /// By the wire name of an existing action.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub actions: BTreeMap<String, ActionExtension>,
    /// By the wire name of an existing shape.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub shapes: BTreeMap<String, ShapeExtension>,
}

/// What is added to an existing action.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ActionExtension {
    /// Request members appended after the existing ones.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub input: Vec<spec::Member>,
    /// Response members appended after the existing ones.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub output: Vec<spec::Member>,
    /// Error codes appended after the existing ones.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<spec::ErrorCode>,
    /// Paging, for an action that has none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paging: Option<spec::Paging>,
    /// Whether repeating the call is harmless, where the spec does not say.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub idempotent: Option<bool>,
}

/// What is added to an existing shape.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ShapeExtension {
    /// Members appended after the existing ones.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub members: Vec<spec::Member>,
}

/// Reads the additions file at `path`.
///
/// # Errors
///
/// When it cannot be read or is not an additions file (`Error::Parse` with the JSON path).
pub fn read(path: &Path) -> Result<Additions, Error> {
    let text = std::fs::read_to_string(path).map_err(|source| Error::Read {
        file: path.to_owned(),
        source,
    })?;
    parse(path, &text)
}

/// Parses additions text; `path` only labels errors.
///
/// # Errors
///
/// When the text is not JSON or not an additions file (`Error::Parse` with the JSON path).
pub fn parse(path: &Path, text: &str) -> Result<Additions, Error> {
    load::parse_json(path, text)
}

/// A shipped spec with additions merged in, validated and lowered.
#[derive(Debug, Clone)]
pub struct Merged {
    /// The merged spec.
    pub spec: Spec,
    /// Its IR, ready to emit.
    pub ir: ir::ServiceIr,
}

/// Merges `additions` (each with the path that labels its problems) into `spec`, the
/// shipped spec read from `shipped`, in order: a later file may extend what an earlier
/// one added. The merged spec is then validated as any spec is.
///
/// # Errors
///
/// `Error::Invalid` listing every problem of one additions file, or `Error::Several`
/// when several files have problems; each problem is located by JSON path in the file
/// that caused it.
pub fn merge(
    shipped: &Path,
    spec: &Spec,
    additions: &[(PathBuf, Additions)],
) -> Result<Merged, Error> {
    let mut m = Merger {
        spec: spec.clone(),
        origins: Vec::new(),
        issues: vec![Vec::new(); additions.len()],
        file: 0,
    };
    for (file, (_, a)) in additions.iter().enumerate() {
        m.file = file;
        m.additions(a);
    }
    let clashes = m.rust_name_clashes(spec);
    let checked = model::validate(shipped, &m.spec).and_then(|model| ir::lower(shipped, &model));
    let mut shipped_issues = Vec::new();
    match checked {
        Ok(ir) if m.issues.iter().all(Vec::is_empty) => {
            return Ok(Merged { spec: m.spec, ir });
        }
        Ok(_) => {}
        Err(Error::Invalid { issues, .. }) => {
            for issue in issues {
                if let Some((file, issue)) = m.locate(&issue, &clashes) {
                    m.issues[file].push(issue);
                } else {
                    shipped_issues.push(SpecIssue {
                        message: format!("{} (with the additions merged)", issue.message),
                        ..issue
                    });
                }
            }
        }
        Err(other) => return Err(other),
    }
    let mut errors: Vec<Error> = additions
        .iter()
        .zip(m.issues)
        .filter(|(_, issues)| !issues.is_empty())
        .map(|((file, _), issues)| Error::Invalid {
            file: file.clone(),
            issues,
        })
        .collect();
    if !shipped_issues.is_empty() {
        errors.push(Error::Invalid {
            file: shipped.to_owned(),
            issues: shipped_issues,
        });
    }
    Err(one_or_several(errors))
}

/// Where a part of the merged spec came from: the merged spec's JSON path `merged` is
/// `path` in additions file `file`.
struct Origin {
    merged: String,
    file: usize,
    path: String,
}

struct Merger {
    spec: Spec,
    origins: Vec<Origin>,
    /// Problems per additions file.
    issues: Vec<Vec<SpecIssue>>,
    /// The file being merged.
    file: usize,
}

impl Merger {
    fn issue(&mut self, path: impl Into<String>, message: impl Into<String>) {
        self.issues[self.file].push(SpecIssue {
            path: path.into(),
            message: message.into(),
        });
    }

    fn origin(&mut self, merged: String, path: String) {
        self.origins.push(Origin {
            merged,
            file: self.file,
            path,
        });
    }

    fn additions(&mut self, a: &Additions) {
        if a.format != spec::FORMAT_VERSION {
            self.issue(
                "format",
                format!(
                    "unsupported format {}; this generator reads format {}",
                    a.format,
                    spec::FORMAT_VERSION
                ),
            );
        }
        if a.service.name != self.spec.service.name {
            let message = format!(
                "these additions are for {:?}, but the spec they extend is {:?}'s",
                a.service.name, self.spec.service.name
            );
            self.issue("service.name", message);
        }
        if let Some(version) = &a.service.version
            && *version != self.spec.service.version
        {
            let message = format!(
                "these additions are for version {version}, but the spec they extend is version {}",
                self.spec.service.version
            );
            self.issue("service.version", message);
        }
        for (name, shape) in &a.shapes {
            let at = format!("shapes.{name}");
            if self.spec.shapes.contains_key(name) {
                let message = format!(
                    "shape {name:?} already exists; add members to it under extend.shapes.{name}"
                );
                self.issue(at, message);
            } else {
                self.spec.shapes.insert(name.clone(), shape.clone());
                self.origin(at.clone(), at);
            }
        }
        for (name, action) in &a.actions {
            let at = format!("actions.{name}");
            if self.spec.actions.contains_key(name) {
                let message = format!(
                    "action {name:?} already exists; extend it under extend.actions.{name}"
                );
                self.issue(at, message);
            } else {
                self.spec.actions.insert(name.clone(), action.clone());
                self.origin(at.clone(), at);
            }
        }
        for (name, ext) in &a.extend.shapes {
            let at = format!("extend.shapes.{name}");
            let Some(mut shape) = self.spec.shapes.remove(name) else {
                self.issue(at, format!("no shape {name:?} to extend"));
                continue;
            };
            let merged = format!("shapes.{name}.members");
            self.members(
                &merged,
                &format!("{at}.members"),
                &mut shape.members,
                &ext.members,
            );
            self.spec.shapes.insert(name.clone(), shape);
        }
        for (name, ext) in &a.extend.actions {
            let at = format!("extend.actions.{name}");
            let Some(mut action) = self.spec.actions.remove(name) else {
                self.issue(at, format!("no action {name:?} to extend"));
                continue;
            };
            self.action(name, &at, &mut action, ext);
            self.spec.actions.insert(name.clone(), action);
        }
    }

    fn action(&mut self, name: &str, at: &str, action: &mut spec::Action, ext: &ActionExtension) {
        let merged = format!("actions.{name}");
        self.members(
            &format!("{merged}.input"),
            &format!("{at}.input"),
            &mut action.input,
            &ext.input,
        );
        self.members(
            &format!("{merged}.output"),
            &format!("{at}.output"),
            &mut action.output,
            &ext.output,
        );
        let before = action.errors.len();
        for (i, e) in ext.errors.iter().enumerate() {
            // A code declared again is the same code; its description may differ.
            if action.errors[..before].iter().any(|old| old.code == e.code) {
                continue;
            }
            let merged = format!("{merged}.errors[{}]", action.errors.len());
            self.origin(merged, format!("{at}.errors[{i}]"));
            action.errors.push(e.clone());
        }
        match (&action.paging, &ext.paging) {
            (_, None) => {}
            (None, Some(paging)) => {
                action.paging = Some(paging.clone());
                self.origin(format!("{merged}.paging"), format!("{at}.paging"));
            }
            (Some(old), Some(new)) if old == new => {}
            (Some(_), Some(_)) => self.issue(
                format!("{at}.paging"),
                format!("action {name:?} already has other paging; additions only give paging to an action without"),
            ),
        }
        match (action.idempotent, ext.idempotent) {
            (Some(old), Some(new)) if old != new => self.issue(
                format!("{at}.idempotent"),
                format!("action {name:?} is already declared idempotent: {old}; additions cannot change it"),
            ),
            (_, Some(new)) => action.idempotent = Some(new),
            (_, None) => {}
        }
    }

    /// Appends `added` to `members`; a member that exists already must have the same type,
    /// and is then left as it is.
    fn members(
        &mut self,
        merged: &str,
        at: &str,
        members: &mut Vec<spec::Member>,
        added: &[spec::Member],
    ) {
        // Only the existing members: two added ones of one name are the validator's
        // duplicate, reported at the second.
        let before = members.len();
        for (i, m) in added.iter().enumerate() {
            match members[..before].iter().find(|old| old.name == m.name) {
                Some(old) if old.ty == m.ty => {}
                Some(old) => {
                    let message = format!(
                        "member {:?} already exists with type {:?}; additions cannot change it to {:?}",
                        m.name, old.ty, m.ty
                    );
                    self.issue(format!("{at}[{i}].type"), message);
                }
                None => {
                    self.origin(format!("{merged}[{}]", members.len()), format!("{at}[{i}]"));
                    members.push(m.clone());
                }
            }
        }
    }

    /// Added actions and shapes whose Rust name an existing one has, by the existing
    /// one's merged path. `ir::lower` reports a clash at the later name in sorted
    /// order, which may be the existing one; the problem belongs to the addition.
    fn rust_name_clashes(&self, shipped: &Spec) -> BTreeMap<String, (usize, SpecIssue)> {
        let mut clashes = BTreeMap::new();
        self.clashes_of(
            ("shapes", naming::type_ident),
            shipped.shapes.keys().collect(),
            added(&self.spec.shapes, &shipped.shapes),
            &mut clashes,
        );
        self.clashes_of(
            ("actions", naming::value_ident),
            shipped.actions.keys().collect(),
            added(&self.spec.actions, &shipped.actions),
            &mut clashes,
        );
        clashes
    }

    /// [`Self::rust_name_clashes`] of one kind (`shapes` or `actions`) and its naming.
    fn clashes_of(
        &self,
        (kind, rust): (&str, fn(&str) -> String),
        existing: Vec<&String>,
        added: Vec<&String>,
        clashes: &mut BTreeMap<String, (usize, SpecIssue)>,
    ) {
        for added in added {
            let path = format!("{kind}.{added}");
            let Some(origin) = self.origins.iter().find(|o| o.merged == path) else {
                continue;
            };
            let name = rust(added);
            for old in existing.iter().filter(|old| rust(old) == name) {
                let issue = SpecIssue {
                    path: origin.path.clone(),
                    message: format!("{added:?} and {old:?} both become the Rust name `{name}`"),
                };
                clashes.insert(format!("{kind}.{old}"), (origin.file, issue));
            }
        }
    }

    /// The additions file and path of a problem found in the merged spec: the addition
    /// whose merged path is the longest prefix of the problem's.
    fn locate(
        &self,
        issue: &SpecIssue,
        clashes: &BTreeMap<String, (usize, SpecIssue)>,
    ) -> Option<(usize, SpecIssue)> {
        if let Some((file, moved)) = clashes.get(&issue.path) {
            return Some((*file, moved.clone()));
        }
        let within = |o: &&Origin| {
            issue.path.strip_prefix(&o.merged).is_some_and(|rest| {
                rest.is_empty() || rest.starts_with('.') || rest.starts_with('[')
            })
        };
        let origin = self
            .origins
            .iter()
            .filter(within)
            .max_by_key(|o| o.merged.len())?;
        let path = format!("{}{}", origin.path, &issue.path[origin.merged.len()..]);
        Some((
            origin.file,
            SpecIssue {
                path,
                message: issue.message.clone(),
            },
        ))
    }
}

/// The names of `merged` that `shipped` does not have.
fn added<'a, T>(merged: &'a BTreeMap<String, T>, shipped: &BTreeMap<String, T>) -> Vec<&'a String> {
    merged
        .keys()
        .filter(|n| !shipped.contains_key(*n))
        .collect()
}

/// The spec in `spec_dir` (a service crate's `spec/`) that `additions` extend, and its
/// path: the version they name, else the one the crate re-exports at its root (the
/// default version, else the newest).
///
/// # Errors
///
/// When `spec_dir` has no spec or an unreadable one, when additions name a version it
/// does not have, or when two name different versions.
pub fn shipped_spec(
    spec_dir: &Path,
    additions: &[(PathBuf, Additions)],
) -> Result<(PathBuf, Spec), Error> {
    let specs = crate::build::spec_files(spec_dir)?;
    let mut wanted: Option<&str> = None;
    let mut errors = Vec::new();
    for (file, a) in additions {
        let Some(version) = a.service.version.as_deref() else {
            continue;
        };
        let message = match wanted {
            Some(first) if first != version => format!(
                "{version:?}, but other additions extend {first:?}; all must extend one version"
            ),
            _ if !specs.iter().any(|(v, _)| v == version) => {
                let have: Vec<&str> = specs.iter().map(|(v, _)| v.as_str()).collect();
                format!(
                    "{version:?} is not a version of the shipped spec (it has {})",
                    have.join(", ")
                )
            }
            _ => {
                wanted = Some(version);
                continue;
            }
        };
        errors.push(Error::Invalid {
            file: file.clone(),
            issues: vec![SpecIssue {
                path: "service.version".to_owned(),
                message,
            }],
        });
    }
    if !errors.is_empty() {
        return Err(one_or_several(errors));
    }
    let mut loaded = Vec::new();
    for (version, path) in specs {
        if wanted.is_none_or(|w| w == version) {
            let spec = load::read(&path)?;
            loaded.push((path, spec));
        }
    }
    let root = loaded
        .iter()
        .position(|(_, spec)| spec.service.default)
        .unwrap_or(loaded.len().saturating_sub(1));
    if root >= loaded.len() {
        return Err(Error::Read {
            file: spec_dir.to_owned(),
            source: std::io::Error::new(std::io::ErrorKind::NotFound, "no *.json spec"),
        });
    }
    Ok(loaded.swap_remove(root))
}

/// One error as it is, several as [`Error::Several`].
pub(crate) fn one_or_several(mut errors: Vec<Error>) -> Error {
    if errors.len() == 1 {
        errors.remove(0)
    } else {
        Error::Several(errors)
    }
}
