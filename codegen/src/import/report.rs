//! `spec/IMPORT.md`: per service version, what the import made, where the editions
//! disagree and what the spec took, then every warning.

use super::catalog::{Job, Summary};
use super::merge::Kind;
use crate::error::Error;

/// The text of `spec/IMPORT.md` for an import of every service version.
pub fn markdown(jobs: &[Job], results: &[Result<Summary, Error>]) -> String {
    let mut table = String::from(
        "| Service | Version | Actions | Shapes | Paginators (offset / page / token) | Streaming | Examples | Disagreements (type / required / English only) | Warnings |\n\
         |---|---|---:|---:|---|---:|---:|---|---:|\n",
    );
    let mut disagreements = String::new();
    let mut warnings = String::new();
    let mut totals = [0usize; 8];
    let mut settled = [0usize; 3];
    for (job, result) in jobs.iter().zip(results) {
        let Ok(s) = result else {
            table.push_str(&format!(
                "| {} | {} | import failed | | | | | | |\n",
                job.service, job.version
            ));
            continue;
        };
        let paged: usize = s.paging.iter().sum();
        let kinds = [Kind::Type, Kind::Required, Kind::EnglishOnly]
            .map(|kind| s.disagreements.iter().filter(|d| d.kind == kind).count());
        table.push_str(&format!(
            "| {} | {} | {} | {} | {} ({} / {} / {}) | {} | {} | {} / {} / {} | {} |\n",
            job.service,
            job.version,
            s.actions,
            s.shapes,
            paged,
            s.paging[0],
            s.paging[1],
            s.paging[2],
            s.streaming,
            s.examples,
            kinds[0],
            kinds[1],
            kinds[2],
            s.warnings.len()
        ));
        for (total, n) in totals.iter_mut().zip([
            1,
            s.actions,
            s.shapes,
            s.paging[0],
            s.paging[1],
            s.paging[2],
            s.examples,
            s.streaming,
        ]) {
            *total += n;
        }
        for (total, n) in settled.iter_mut().zip(kinds) {
            *total += n;
        }
        if !s.disagreements.is_empty() {
            disagreements.push_str(&format!(
                "### {} {}\n\n\
                 | Member | Disagreement | English | Chinese | Spec | Examples |\n\
                 |---|---|---|---|---|---|\n",
                job.service, job.version
            ));
            for d in &s.disagreements {
                let code = |text: &str| match d.kind {
                    Kind::Type => format!("`{text}`"),
                    _ => text.to_owned(),
                };
                disagreements.push_str(&format!(
                    "| `{}` | {} | {} | {} | {} | {} |\n",
                    d.path(),
                    d.kind.label(),
                    code(d.said_by("en")),
                    code(d.said_by("zh")),
                    code(&d.took),
                    d.examples
                ));
            }
            disagreements.push('\n');
        }
        for w in &s.warnings {
            warnings.push_str(&format!("- `{} {}` {w}\n", job.service, job.version));
        }
    }
    let warning_count: usize = results
        .iter()
        .filter_map(|r| r.as_ref().ok())
        .map(|s| s.warnings.len())
        .sum();
    format!(
        "# Imported specs\n\n\
         Written by `bash spec/import.sh` (`tencentcloud-codegen import-all`); do not edit.\n\n\
         {} service versions, {} actions, {} shapes, {} paginators ({} offset, {} page, {} \
         token), {} streaming actions, {} examples, {} warnings; the editions disagree on {} \
         members ({} types, {} required flags, {} English only).\n\n{table}\n\
         ## Where the editions disagree\n\n\
         Each of these was settled by the merge rule (spec/README.md, \"Where the editions \
         disagree\"): the type is the Chinese edition's, checked against the published \
         examples of both; a sent member is required only when every edition that describes \
         it requires it; a member only the English edition has is neither required nor \
         always returned. \"absent\": the edition does not describe the member.\n\n\
         {disagreements}## Warnings\n\n{warnings}",
        totals[0],
        totals[1],
        totals[2],
        totals[3] + totals[4] + totals[5],
        totals[3],
        totals[4],
        totals[5],
        totals[7],
        totals[6],
        warning_count,
        settled.iter().sum::<usize>(),
        settled[0],
        settled[1],
        settled[2],
    )
}
