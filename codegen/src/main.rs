//! `tencentcloud-codegen`: generate, import and check specs from the command line.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(version, about = "Generator for the Tencent Cloud Rust SDK")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Validate a spec and write the generated Rust source.
    Generate {
        /// The spec file, e.g. spec/scf/2018-04-16.json.
        spec: PathBuf,
        /// Where to write the source; standard output when absent.
        #[arg(short, long)]
        out: Option<PathBuf>,
        /// Crate name used in doc examples, e.g. tencentcloud-scf.
        #[arg(long)]
        crate_name: Option<String>,
    },
    /// Import every service version of the tccli packages into `spec/`.
    ImportAll {
        /// The `tccli` package's `tccli/` directory (Chinese edition, every service).
        #[arg(long)]
        tccli: PathBuf,
        /// The `tccli-intl-en` package's `tccli/` directory (English edition).
        #[arg(long)]
        intl: Option<PathBuf>,
        /// The repository's `spec/` directory: overlays, error data, and the output.
        #[arg(long, default_value = "spec")]
        spec_dir: PathBuf,
        /// Import only these services (comma-separated short names).
        #[arg(long, value_delimiter = ',')]
        only: Vec<String>,
    },
    /// Write the service crates (`services/`) and the README's table of services from
    /// the specs; with `--check`, only report what is stale.
    Scaffold {
        /// The repository's root.
        #[arg(long, default_value = ".")]
        repo: PathBuf,
        /// Report stale files and exit 1 instead of writing.
        #[arg(long)]
        check: bool,
    },
    /// Generate every service crate's code (what each build.rs makes) into a directory,
    /// on every core, and report lines and time per crate.
    GenerateAll {
        /// The directory of service crates.
        #[arg(long, default_value = "services")]
        services: PathBuf,
        /// Where to write `<crate>/v<YYYYMMDD>.rs`.
        #[arg(long)]
        out: PathBuf,
        /// Threads; all cores when absent.
        #[arg(long)]
        threads: Option<usize>,
    },
    /// Validate a spec and report every problem.
    Check {
        /// The spec file.
        spec: PathBuf,
    },
    /// Convert Tencent's published API description (tccli api.json) into a spec.
    Import {
        /// `LANG=PATH` of an api.json edition; repeat for each, preferred first.
        #[arg(long = "api", value_parser = lang_path, required = true)]
        apis: Vec<(String, PathBuf)>,
        /// `LANG=PATH` of the examples.json beside an edition.
        #[arg(long = "examples", value_parser = lang_path)]
        examples: Vec<(String, PathBuf)>,
        /// `{"actions": {Action: [codes]}}`.
        #[arg(long)]
        action_errors: Option<PathBuf>,
        /// `{"codes": {Code: {"en", "zh"}}}` for the per-action codes.
        #[arg(long)]
        error_codes: Option<PathBuf>,
        /// `{"qps": {Action: n}}`.
        #[arg(long)]
        qps: Option<PathBuf>,
        /// `{"actions": {Action: {"paging": {...}, "idempotent": bool}}}`.
        #[arg(long)]
        overlay: Option<PathBuf>,
        /// Human title of the service.
        #[arg(long, default_value = "")]
        title: String,
        /// Import only these actions (comma-separated) and the shapes they use.
        #[arg(long, value_delimiter = ',')]
        only: Vec<String>,
        /// A provenance line to record in the spec; repeatable.
        #[arg(long = "source")]
        sources: Vec<String>,
        /// Where to write the spec; standard output when absent.
        #[arg(short, long)]
        out: Option<PathBuf>,
    },
}

fn lang_path(s: &str) -> Result<(String, PathBuf), String> {
    let (lang, path) = s
        .split_once('=')
        .ok_or_else(|| format!("expected LANG=PATH, got {s:?}"))?;
    Ok((lang.to_owned(), PathBuf::from(path)))
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli.command) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {err}");
            ExitCode::FAILURE
        }
    }
}

fn run(command: Command) -> Result<(), tencentcloud_codegen::Error> {
    match command {
        Command::Generate {
            spec,
            out,
            crate_name,
        } => {
            let mut settings = tencentcloud_codegen::Settings::new(spec.display().to_string());
            if let Some(name) = crate_name {
                settings = settings.with_crate_name(name);
            }
            let code = tencentcloud_codegen::generate(&spec, &settings)?;
            match out {
                Some(path) => std::fs::write(&path, code)
                    .map_err(|source| tencentcloud_codegen::Error::Write { file: path, source })?,
                None => print!("{code}"),
            }
            Ok(())
        }
        Command::Import {
            apis,
            examples,
            action_errors,
            error_codes,
            qps,
            overlay,
            title,
            only,
            sources,
            out,
        } => {
            use tencentcloud_codegen::import;
            let paths = import::Paths {
                editions: apis
                    .into_iter()
                    .map(|(lang, api)| {
                        let ex = examples
                            .iter()
                            .find(|(l, _)| *l == lang)
                            .map(|(_, p)| p.clone());
                        (lang, api, ex)
                    })
                    .collect(),
                action_errors,
                error_codes,
                qps,
                overlay,
            };
            let only = (!only.is_empty()).then(|| only.into_iter().collect());
            let mut inputs = paths.read(title, only)?;
            inputs.sources = sources;
            let imported = import::import(&inputs)?;
            for warning in &imported.warnings {
                eprintln!("warning: {warning}");
            }
            for settled in &imported.disagreements {
                eprintln!("editions disagree: {settled}");
            }
            let label = out
                .as_ref()
                .map_or_else(|| PathBuf::from("<stdout>"), Clone::clone);
            // Validate before writing, so a spec on disk always generates.
            tencentcloud_codegen::model::validate(&label, &imported.spec)
                .and_then(|m| tencentcloud_codegen::ir::lower(&label, &m))?;
            let text = import::to_json(&imported.spec);
            match out {
                Some(path) => std::fs::write(&path, text)
                    .map_err(|source| tencentcloud_codegen::Error::Write { file: path, source })?,
                None => print!("{text}"),
            }
            Ok(())
        }
        Command::ImportAll {
            tccli,
            intl,
            spec_dir,
            only,
        } => {
            use tencentcloud_codegen::import::{self, catalog};
            let catalog = catalog::Catalog {
                tccli,
                intl,
                spec_dir: spec_dir.clone(),
            };
            let jobs = catalog.jobs(&only)?;
            let threads = std::thread::available_parallelism().map_or(1, usize::from);
            let results = catalog::import_all(&jobs, threads);
            let mut failed = 0;
            for (job, result) in jobs.iter().zip(&results) {
                match result {
                    Ok(s) => println!(
                        "{} {}: {} actions, {} paginators, {} warnings{}",
                        job.service,
                        job.version,
                        s.actions,
                        s.paging.iter().sum::<usize>(),
                        s.warnings.len(),
                        if s.changed { ", written" } else { "" }
                    ),
                    Err(err) => {
                        failed += 1;
                        eprintln!("error: {err}");
                    }
                }
            }
            if only.is_empty() {
                let report = spec_dir.join("IMPORT.md");
                std::fs::write(&report, import::report::markdown(&jobs, &results)).map_err(
                    |source| tencentcloud_codegen::Error::Write {
                        file: report,
                        source,
                    },
                )?;
            }
            println!("{} service versions, {failed} failed", jobs.len());
            if failed > 0 {
                std::process::exit(1);
            }
            Ok(())
        }
        Command::Scaffold { repo, check } => {
            use tencentcloud_codegen::scaffold;
            let crates = scaffold::crates(&repo.join("spec"))?;
            let root = scaffold::root_members(&repo)?;
            let lines = if check {
                scaffold::check(&repo, &crates, &root)
            } else {
                scaffold::write(&repo, &crates, &root)?
            };
            for line in &lines {
                println!("{line}");
            }
            println!("{} service crates", crates.len());
            if check && !lines.is_empty() {
                std::process::exit(1);
            }
            Ok(())
        }
        Command::GenerateAll {
            services,
            out,
            threads,
        } => {
            let threads = threads
                .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, usize::from));
            let started = std::time::Instant::now();
            let crates = tencentcloud_codegen::batch::generate_all(&services, &out, threads)?;
            let wall = started.elapsed().as_secs_f64();
            for c in &crates {
                println!("{}\t{}\t{:.0}", c.crate_name, c.lines, c.millis);
            }
            let lines: usize = crates.iter().map(|c| c.lines).sum();
            eprintln!(
                "{} crates, {lines} lines in {wall:.2} s on {threads} thread(s)",
                crates.len()
            );
            Ok(())
        }
        Command::Check { spec } => {
            let ir = tencentcloud_codegen::check(&spec)?;
            println!(
                "{}: ok ({} {}, {} actions, {} shapes)",
                spec.display(),
                ir.service.name,
                ir.service.version,
                ir.actions.len(),
                ir.shapes.len()
            );
            Ok(())
        }
    }
}
