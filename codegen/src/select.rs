//! A selection: the actions a user's crate calls, and exactly the shapes they reach.
//!
//! A service's IR is lowered whole and then cut down, rather than its spec being cut
//! down and lowered: whether a shape's member is an `Option`, whether the shape derives
//! `Default`, which member is boxed, all depend on every action that uses the shape.
//! Cut after lowering, each kept struct, enum and method is the full crate's, item for
//! item, so code written against a selection compiles against the full crate.
//!
//! # What differs from the full crate
//!
//! - Only the selected actions are there: their `Client` methods (with `_paginator` and
//!   `_stream`), `stub::Stub` and `server::Service` methods, `server::ACTIONS` and
//!   dispatch. A call of an action left out does not compile; `Client::common()` still
//!   calls any action by name, untyped.
//! - `types` holds only the shapes those actions reach.
//! - One API version: the one the service crate re-exports at its root (or that
//!   additions name), at the path the user's crate includes it; the full crate's
//!   `v<YYYYMMDD>` modules of other versions are not there.
//! - The types are the user's crate's own: a `types::Instance` of the selection is not
//!   `tencentcloud_cvm::types::Instance`, so one program should use one or the other.
//! - No doc examples (they would name the full crate's path) and no tests of the
//!   published examples.
//! - The server side follows the user's crate's own `server` feature.
//!
//! Code written against a selection compiles against the full crate with the imports
//! changed: every item it names is there, the same. An implementation of `Stub` or
//! `Service` for the full crate compiles against a selection when it implements only
//! selected actions (every method has a default).
//!
//! [`crate::build::select`] is the build-script entry point.

use std::collections::{BTreeMap, BTreeSet};

use crate::error::SpecIssue;
use crate::ir::{ActionIr, FieldIr, RustType, ServiceIr, StructIr};

/// `ir` with only the actions named in `actions` (wire names, in any order; repeats are
/// ignored) and the shapes their requests and responses reach, transitively. Actions
/// and shapes keep the order they have in `ir`.
///
/// # Errors
///
/// One issue per name that is not an action of `ir`, at `[i]` (its index in `actions`),
/// with the closest action names; or one issue when `actions` is empty.
pub fn select(ir: &ServiceIr, actions: &[&str]) -> Result<ServiceIr, Vec<SpecIssue>> {
    let service = format!("{} {}", ir.service.name, ir.service.version);
    if actions.is_empty() {
        let first = ir.actions.first().map(|a| a.wire_name.as_str());
        let example = first
            .map(|a| format!(", such as {a:?}"))
            .unwrap_or_default();
        return Err(vec![SpecIssue {
            path: String::new(),
            message: format!(
                "the selection is empty: name at least one action of {service}{example}"
            ),
        }]);
    }
    let names: Vec<&str> = ir.actions.iter().map(|a| a.wire_name.as_str()).collect();
    let issues: Vec<SpecIssue> = actions
        .iter()
        .enumerate()
        .filter(|(_, name)| !names.contains(name))
        .map(|(i, name)| SpecIssue {
            path: format!("[{i}]"),
            message: format!(
                "{name:?} is not an action of {service} ({} actions){}",
                names.len(),
                did_you_mean(&close_matches(name, names.iter().copied()))
            ),
        })
        .collect();
    if !issues.is_empty() {
        return Err(issues);
    }
    let kept: Vec<&ActionIr> = ir
        .actions
        .iter()
        .filter(|a| actions.contains(&a.wire_name.as_str()))
        .collect();
    let reached = reached_shapes(ir, kept.iter().flat_map(|a| [&a.request, &a.response]));
    Ok(ServiceIr {
        service: ir.service.clone(),
        actions: kept.into_iter().cloned().collect(),
        shapes: ir
            .shapes
            .iter()
            .filter(|s| reached.contains(s.name.as_str()))
            .cloned()
            .collect(),
        hidden_std: ir
            .hidden_std
            .iter()
            .filter(|n| reached.contains(n.as_str()))
            .cloned()
            .collect(),
    })
}

/// The Rust names of the shapes that the fields of `roots` reach, through shapes.
fn reached_shapes<'a>(
    ir: &'a ServiceIr,
    roots: impl Iterator<Item = &'a StructIr>,
) -> BTreeSet<&'a str> {
    let by_name: BTreeMap<&str, &[FieldIr]> = ir
        .shapes
        .iter()
        .map(|s| (s.name.as_str(), s.fields.as_slice()))
        .collect();
    let mut seen = BTreeSet::new();
    let mut stack: Vec<&str> = roots.flat_map(|s| shapes_of(&s.fields)).collect();
    while let Some(name) = stack.pop() {
        if seen.insert(name) {
            stack.extend(by_name.get(name).into_iter().flat_map(|f| shapes_of(f)));
        }
    }
    seen
}

/// The shapes `fields` name directly, in a `Vec` or not.
fn shapes_of(fields: &[FieldIr]) -> impl Iterator<Item = &str> {
    fn shape(ty: &RustType) -> Option<&str> {
        match ty {
            RustType::Shape { name, .. } => Some(name),
            RustType::Vec(inner) => shape(inner),
            _ => None,
        }
    }
    fields.iter().filter_map(|f| shape(&f.ty))
}

/// Up to three of `candidates` close to `name`, closest first: the same letters in
/// another case or with `_` (`describe_instances`), else within a few edits of it
/// (`DescribeInstance`, `DescribeInstancse`), and no more than one edit further than
/// the closest.
pub fn close_matches<'a>(name: &str, candidates: impl Iterator<Item = &'a str>) -> Vec<&'a str> {
    let fold = |s: &str| -> Vec<char> {
        s.chars()
            .filter(|c| *c != '_' && *c != '-')
            .flat_map(char::to_lowercase)
            .collect()
    };
    let wanted = fold(name);
    // A third of the name's length, at least one edit: close enough to be a slip, not a guess.
    let limit = (wanted.len() / 3).max(1);
    let mut scored: Vec<(usize, &str)> = candidates
        .map(|c| (edit_distance(&wanted, &fold(c)), c))
        .filter(|(d, _)| *d <= limit)
        .collect();
    scored.sort();
    // Far behind the closest, a name is noise.
    let best = scored.first().map_or(0, |(d, _)| *d);
    scored
        .into_iter()
        .take_while(|(d, _)| *d <= best + 1)
        .take(3)
        .map(|(_, c)| c)
        .collect()
}

/// `; did you mean "A"?` or `; did you mean "A", "B" or "C"?`, or nothing.
pub fn did_you_mean(matches: &[&str]) -> String {
    let quoted: Vec<String> = matches.iter().map(|m| format!("{m:?}")).collect();
    match quoted.as_slice() {
        [] => String::new(),
        [one] => format!("; did you mean {one}?"),
        [init @ .., last] => format!("; did you mean {} or {last}?", init.join(", ")),
    }
}

/// Levenshtein distance: insertions, deletions and substitutions.
fn edit_distance(a: &[char], b: &[char]) -> usize {
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut current = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let substitute = previous[j] + usize::from(ca != cb);
            current.push(substitute.min(previous[j + 1] + 1).min(current[j] + 1));
        }
        previous = current;
    }
    previous[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chars(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    #[test]
    fn edit_distance_counts_each_edit() {
        assert_eq!(edit_distance(&chars("kitten"), &chars("sitting")), 3);
        assert_eq!(edit_distance(&chars(""), &chars("abc")), 3);
        assert_eq!(edit_distance(&chars("abc"), &chars("abc")), 0);
    }

    const ACTIONS: [&str; 5] = [
        "DescribeInstances",
        "DescribeInstancesStatus",
        "DescribeImages",
        "RunInstances",
        "TerminateInstances",
    ];

    #[test]
    fn slips_find_the_action_meant() {
        let close = |name| close_matches(name, ACTIONS.into_iter());
        assert_eq!(close("DescribeInstance"), ["DescribeInstances"]);
        assert_eq!(close("describe_instances"), ["DescribeInstances"]);
        assert_eq!(close("TerminateInstance"), ["TerminateInstances"]);
        assert_eq!(close("RunInstancse")[0], "RunInstances");
        assert!(
            close("CreateDisks").is_empty(),
            "{:?}",
            close("CreateDisks")
        );
    }

    #[test]
    fn suggestions_read_as_a_sentence() {
        assert_eq!(did_you_mean(&[]), "");
        assert_eq!(did_you_mean(&["A"]), r#"; did you mean "A"?"#);
        assert_eq!(
            did_you_mean(&["A", "B", "C"]),
            r#"; did you mean "A", "B" or "C"?"#
        );
    }
}
