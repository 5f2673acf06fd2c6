//! `merit eval SCHEME... --data FILE`: evaluate schemes against metric data and print the
//! results (a table per period, or JSON, CSV, Markdown, XLSX).
//!
//! Exit codes: 0 evaluated; 1 a scheme has errors, the data has errors or the evaluation
//! failed (diagnostics on stderr, no output written); 2 a file cannot be read or written.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use clap::{Args, ValueEnum};

use super::io::{Failed, read_scheme, write_atomically, write_atomically_with};
use super::progress::Progress;
use super::{EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, use_color};
use crate::ast::Scheme;
use crate::config::Config;
use crate::diagnostic::{Diagnostic, render};
use crate::eval::dataset::Dataset;
use crate::eval::load::{Handed, Layout, LoadOptions, PercentScale, load_with};
use crate::eval::output::Output;
use crate::eval::result::Evaluation;
use crate::eval::{Data, EvalOptions, evaluate, evaluate_into, with_prescorer};
use crate::hooks::HookRuntime;
use crate::report::csv::CsvStream;
use crate::report::{self, Format};
use crate::source::SourceFile;
use crate::syntax::Parsed;

/// Arguments of `merit eval`.
#[derive(Debug, Args)]
pub struct EvalArgs {
    /// Scheme files; with several, the data's `role` column routes each row to its scheme.
    #[arg(required = true, value_name = "SCHEME")]
    pub schemes: Vec<PathBuf>,
    /// The metric data: .csv, .tsv, .json or .xlsx (see docs/data.md).
    #[command(flatten)]
    pub data: DataArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = OutputFormat::Table)]
    pub format: OutputFormat,
    /// Write the output to FILE (atomically: nothing is written when anything fails).
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// The data options shared by `eval` and `explain`.
#[derive(Debug, Args)]
pub struct DataArgs {
    /// The metric data file.
    #[arg(long, value_name = "FILE")]
    pub data: PathBuf,
    /// The data's layout; by default detected from the header.
    #[arg(long, value_enum)]
    pub layout: Option<LayoutArg>,
    /// The sheet of a workbook to read (default: the first).
    #[arg(long, value_name = "NAME")]
    pub sheet: Option<String>,
    /// How plain numbers (without `%`) in percent columns are read: `points` (`0.35` is
    /// 0.35%) or `fraction` (`0.35` is 35%). By default `35` is 35% and a plain number
    /// between 0 and 1 is refused as ambiguous.
    #[arg(long, value_enum, value_name = "SCALE")]
    pub percent: Option<PercentArg>,
    /// The date of the notice of results (YYYY-MM-DD), from which improvement plans' due
    /// dates count; default: the day after each period ends.
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub notice_date: Option<NaiveDate>,
}

/// `--layout`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LayoutArg {
    /// One row per employee and period, a column per indicator.
    Wide,
    /// One row per employee, period, indicator (and rater).
    Long,
}

/// `--percent`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PercentArg {
    /// Plain numbers are percent points: `0.35` is 0.35%.
    Points,
    /// Plain numbers are fractions of one: `0.35` is 35%.
    Fraction,
}

/// `--format` of `merit eval`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// A text table per period, and a summary.
    Table,
    /// The evaluation as JSON (docs/output.md).
    Json,
    /// One row per employee and period.
    Csv,
    /// Markdown tables.
    #[value(name = "md", alias = "markdown")]
    Markdown,
    /// An XLSX workbook (needs -o).
    Xlsx,
}

/// Schemes parsed and evaluated against the data.
pub struct Evaluated {
    /// The schemes, in the order given.
    pub schemes: Vec<Scheme>,
    /// The results.
    pub evaluation: Evaluation,
}

/// Run `merit eval`; returns the exit code.
pub fn run(args: EvalArgs) -> u8 {
    if args.format == OutputFormat::Xlsx && args.output.is_none() {
        eprintln!("error: --format xlsx writes a workbook: give the file with -o FILE");
        return EXIT_USAGE;
    }
    let progress = Progress::start("checking the schemes");
    // The CSV shows no breakdown: records are scored as they are read.
    let prescore = args.format == OutputFormat::Csv;
    let prepared = match prepare(&args.schemes, &args.data, prescore, &progress) {
        Ok(prepared) => prepared,
        Err(code) => return code,
    };
    if args.format == OutputFormat::Csv {
        // Rows are written as each period is ready, never held whole.
        return stream_csv(prepared, args.output.as_deref(), &progress);
    }
    let evaluated = match prepared.evaluate(&progress) {
        Ok(evaluated) => evaluated,
        Err(code) => return code,
    };
    progress.phase("writing the results");
    let format = match args.format {
        OutputFormat::Table => Format::Table,
        OutputFormat::Json => Format::Json,
        OutputFormat::Csv => Format::Csv,
        OutputFormat::Markdown => Format::Markdown,
        OutputFormat::Xlsx => Format::Xlsx,
    };
    let rendered = report::render(&evaluated.evaluation, format);
    drop(progress);
    match rendered {
        Ok(bytes) => write_output(args.output.as_deref(), &bytes),
        Err(diagnostic) => {
            eprint!("{}", render(&[diagnostic], use_color()));
            EXIT_FINDINGS
        }
    }
}

/// `--format csv`: evaluate straight into the output (atomically into `-o FILE`).
fn stream_csv(mut prepared: Prepared, output: Option<&Path>, progress: &Progress) -> u8 {
    let mut evaluate = |out: &mut dyn std::io::Write| -> Result<(), Failed<u8>> {
        let mut stream = CsvStream::new(out);
        if let Err(code) = prepared.evaluate_into(&mut stream, progress) {
            return Err(Failed::Write(if stream.io_failed() { EXIT_USAGE } else { code }));
        }
        stream.finish().flush().map_err(Failed::Io)
    };
    let result = match output {
        Some(path) => write_atomically_with(path, |out| evaluate(out)),
        None => {
            let stdout = ClosedPipeIsFine(std::io::stdout().lock());
            evaluate(&mut std::io::BufWriter::with_capacity(1 << 20, stdout))
        }
    };
    // The command ends here: the records (a million, each with its own allocations) are
    // left to the end of the process rather than freed one by one.
    std::mem::forget(prepared);
    match result {
        Ok(()) => EXIT_OK,
        Err(Failed::Write(code)) => code,
        Err(Failed::Io(err)) => {
            let target = output.map_or("the output".to_string(), |p| p.display().to_string());
            progress.eprint(&format!("error: cannot write {target}: {err}\n"));
            EXIT_USAGE
        }
    }
}

/// Standard output that a reader may close early (`merit eval ... | head`): the rest of
/// the output is discarded, not an error.
struct ClosedPipeIsFine<W>(W);

impl<W: std::io::Write> std::io::Write for ClosedPipeIsFine<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match self.0.write(buf) {
            Err(err) if err.kind() == std::io::ErrorKind::BrokenPipe => Ok(buf.len()),
            other => other,
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        match self.0.flush() {
            Err(err) if err.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
            other => other,
        }
    }
}

/// Write to `-o FILE` atomically, or to stdout; returns the exit code.
pub fn write_output(output: Option<&Path>, bytes: &[u8]) -> u8 {
    use std::io::Write;
    match output {
        Some(path) => match write_atomically(path, bytes) {
            Ok(()) => EXIT_OK,
            Err(err) => {
                eprintln!("error: cannot write {}: {err}", path.display());
                EXIT_USAGE
            }
        },
        None => {
            let mut stdout = ClosedPipeIsFine(std::io::stdout().lock());
            match stdout.write_all(bytes).and_then(|()| stdout.flush()) {
                Ok(()) => EXIT_OK,
                Err(err) => {
                    eprintln!("error: cannot write the output: {err}");
                    EXIT_USAGE
                }
            }
        }
    }
}

/// Parse and check the schemes, load their hooks and the data, and evaluate. Problems are
/// printed to stderr; `Err` carries the exit code. Warnings are printed and do not stop.
pub fn evaluate_files(
    paths: &[PathBuf],
    data: &DataArgs,
    progress: &Progress,
) -> Result<Evaluated, u8> {
    prepare(paths, data, false, progress)?.evaluate(progress)
}

/// Schemes checked, hooks loaded and data read: ready to evaluate.
pub struct Prepared {
    schemes: Vec<Scheme>,
    files: Vec<SourceFile>,
    runtimes: Vec<HookRuntime>,
    dataset: Dataset,
    /// The records scored as they were read (see `eval::with_prescorer`).
    prescored: Handed,
    notice_date: Option<NaiveDate>,
}

impl Prepared {
    fn options(&self) -> EvalOptions<'_> {
        EvalOptions {
            notice_date: self.notice_date,
            hooks: Some(&self.runtimes),
            scheme_files: self.files.clone(),
        }
    }

    /// Evaluate into results; warnings and errors are printed.
    pub fn evaluate(self, progress: &Progress) -> Result<Evaluated, u8> {
        progress.phase("scoring, ranking and testing actions");
        let scheme_refs: Vec<&Scheme> = self.schemes.iter().collect();
        let result = evaluate(&scheme_refs, &self.dataset, &self.options());
        match result {
            Ok(evaluation) => {
                progress.eprint(&render(&evaluation.warnings, use_color()));
                Ok(Evaluated { schemes: self.schemes, evaluation })
            }
            Err(diagnostics) => {
                progress.eprint(&render(&diagnostics, use_color()));
                Err(EXIT_FINDINGS)
            }
        }
    }

    /// Evaluate straight into `output`, which shows no breakdown; warnings and errors are
    /// printed. The data is consumed: each record's cells are released once it is scored.
    fn evaluate_into(&mut self, output: &mut dyn Output, progress: &Progress) -> Result<(), u8> {
        progress.phase("scoring, ranking, testing actions and writing the results");
        let scheme_refs: Vec<&Scheme> = self.schemes.iter().collect();
        let options = EvalOptions {
            notice_date: self.notice_date,
            hooks: Some(&self.runtimes),
            scheme_files: self.files.clone(),
        };
        let data = Data::Consumed(&mut self.dataset, std::mem::take(&mut self.prescored));
        match evaluate_into(&scheme_refs, data, &options, output) {
            Ok(warnings) => {
                progress.eprint(&render(&warnings, use_color()));
                Ok(())
            }
            Err(diagnostics) => {
                progress.eprint(&render(&diagnostics, use_color()));
                Err(EXIT_FINDINGS)
            }
        }
    }
}

/// Parse and check the schemes, load their hooks and read the data; with `prescore`, for an
/// output without breakdown, score records as they are read. Problems are printed to
/// stderr; `Err` carries the exit code. Warnings are printed and do not stop.
fn prepare(
    paths: &[PathBuf],
    data: &DataArgs,
    prescore: bool,
    progress: &Progress,
) -> Result<Prepared, u8> {
    let color = use_color();
    let mut files: Vec<SourceFile> = Vec::new();
    let mut parsed_schemes: Vec<Parsed> = Vec::new();
    let mut code = EXIT_OK;
    for path in paths {
        match read_scheme(path) {
            Ok((file, parsed)) => {
                files.push(file);
                parsed_schemes.push(parsed);
            }
            Err(failed) => code = code.max(failed),
        }
    }
    if code != EXIT_OK {
        return Err(code);
    }
    let mut refused: Vec<Diagnostic> = Vec::new();
    let mut runtimes = Vec::new();
    for ((parsed, file), path) in parsed_schemes.iter().zip(&files).zip(paths) {
        // As `merit check`: the nearest merit.toml's severities and the allow comments apply.
        let config = match Config::discover(path.parent().unwrap_or(Path::new(""))) {
            Some(found) => Config::load(&found).unwrap_or_else(|errors| {
                refused.extend(errors);
                code = EXIT_USAGE;
                Config::default()
            }),
            None => Config::default(),
        };
        let errors: Vec<Diagnostic> =
            crate::check::check_configured(parsed, file, &config, Vec::new())
                .into_iter()
                .filter(Diagnostic::is_error)
                .collect();
        // A duplicate or undeclared hook is then already reported as `structure::*`.
        let checked_clean = errors.is_empty();
        refused.extend(errors);
        match HookRuntime::load(&parsed.scheme, file, path) {
            Ok(runtime) => runtimes.push(runtime),
            Err(errors) => refused.extend(errors.into_iter().filter(|d| {
                checked_clean
                    || (d.code != "hooks::duplicate-hook" && d.code != "hooks::undeclared-hook")
            })),
        }
    }
    if !refused.is_empty() {
        progress.eprint(&render(&refused, color));
        progress.eprint(
            "error: the scheme has errors and is not evaluated; `merit check` lists every finding\n",
        );
        return Err(code.max(EXIT_FINDINGS));
    }
    let schemes: Vec<Scheme> = parsed_schemes.into_iter().map(|parsed| parsed.scheme).collect();
    let scheme_refs: Vec<&Scheme> = schemes.iter().collect();
    let options = LoadOptions {
        layout: data.layout.map(|l| match l {
            LayoutArg::Wide => Layout::Wide,
            LayoutArg::Long => Layout::Long,
        }),
        sheet: data.sheet.clone(),
        percent_scale: match data.percent {
            None => PercentScale::Strict,
            Some(PercentArg::Points) => PercentScale::Points,
            Some(PercentArg::Fraction) => PercentScale::Fraction,
        },
    };
    progress.phase(if prescore { "reading and scoring data" } else { "reading data" });
    let loaded = if prescore {
        let scoring = EvalOptions {
            hooks: Some(&runtimes),
            scheme_files: files.clone(),
            ..Default::default()
        };
        with_prescorer(&scheme_refs, &scoring, |on_record| {
            load_with(&data.data, &scheme_refs, &options, on_record)
        })
    } else {
        load_with(&data.data, &scheme_refs, &options, None)
    };
    let (dataset, prescored) = match loaded {
        Ok((dataset, warnings, prescored)) => {
            progress.eprint(&render(&warnings, color));
            (dataset, prescored)
        }
        Err(diagnostics) => {
            progress.eprint(&render(&diagnostics, color));
            let io = diagnostics.iter().any(|d| d.code.starts_with("io::"));
            return Err(if io { EXIT_USAGE } else { EXIT_FINDINGS });
        }
    };
    Ok(Prepared { schemes, files, runtimes, dataset, prescored, notice_date: data.notice_date })
}
