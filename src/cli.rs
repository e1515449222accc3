//! Command-line arguments (clap), and turning them into the library's options. Only the binary
//! knows clap: the library takes plain values.

use std::path::PathBuf;

use clap::builder::{PossibleValue, PossibleValuesParser};
use clap::{Parser, Subcommand};
use handout::batch::Progress;
use handout::commands::batch::BatchOptions;
use handout::commands::email::Mailing;
use handout::commands::list::ListFilter;
use handout::commands::render::{Output, RenderOptions};
use handout::commands::{self, Outcome};
use handout::load::{Given, Origin, Overrides};
use handout::mail::{Clock, DryRun, MailSettings, Smtp, Transport, Watch};
use handout::model::{LayoutMode, Paper};
use handout::resolve::Loader;
use handout::stop::Stop;
use handout::write::Temps;
use handout::{Caches, Error};

#[derive(Debug, Parser)]
#[command(name = "handout", version, about = "Turns a YAML prescription into a branded, illustrated, printable PDF exercise handout")]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    /// Print nothing but errors.
    #[arg(long, short, global = true)]
    pub quiet: bool,
    /// Treat warnings as errors (for scripts).
    #[arg(long, global = true)]
    pub deny_warnings: bool,
    /// An exercise library YAML file whose exercises are added to the built-in ones.
    #[arg(long, global = true, value_name = "FILE")]
    pub library: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Make a PDF handout from a prescription YAML file.
    Render {
        /// The prescription (YAML); `-` reads it from standard input (then give -o).
        prescription: PathBuf,
        /// Output PDF; `-` writes to standard output. Default: next to the input, with .pdf.
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
        /// Replace the output file if it exists.
        #[arg(long)]
        force: bool,
        #[command(flatten)]
        style: StyleArgs,
        /// Email the handout to this address through the server in --mail.
        #[arg(long, value_name = "ADDRESS", requires = "mail")]
        email: Option<String>,
        #[command(flatten)]
        mail: MailArgs,
    },
    /// Make one PDF handout per row of a roster (CSV or YAML).
    Batch {
        /// The roster: a CSV file with a header row, or a YAML list. Columns: patient, date,
        /// clinician, prescription (a path relative to the roster), and optionally language,
        /// paper, notes, email, send, pdf_password.
        roster: PathBuf,
        /// The folder for the handouts; created if missing (its parent must exist).
        #[arg(long, value_name = "DIR")]
        out_dir: PathBuf,
        /// File name template; fields: {patient}, {date}, {clinician}, {prescription}, {row}.
        #[arg(long, value_name = "TEMPLATE", default_value = handout::batch::DEFAULT_NAME)]
        name: String,
        /// Also write a report of every row (status, output, pages, bytes, error) as .csv or .json.
        #[arg(long, value_name = "FILE")]
        report: Option<PathBuf>,
        /// Handouts made at once. Default: one per CPU core.
        #[arg(long, short, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
        jobs: Option<u16>,
        /// Replace handouts that already exist.
        #[arg(long, conflicts_with = "skip_existing")]
        force: bool,
        /// Keep handouts that already exist and make only the missing ones (to resume a batch).
        #[arg(long)]
        skip_existing: bool,
        /// Leave each row's prescription out of its PDF (as `embed_prescription: false`).
        #[arg(long)]
        no_embed_prescription: bool,
        /// Email each patient their handout (the `email` column) through the server in --mail;
        /// handouts already made are kept (as --skip-existing) unless --force.
        #[arg(long, requires = "mail")]
        email: bool,
        #[command(flatten)]
        mail: MailArgs,
    },
    /// Write back the prescription a handout was made from (embedded in its PDF).
    Extract {
        /// A PDF made by `handout render` or `handout batch`.
        pdf: PathBuf,
        /// Where to write it; `-` writes to standard output. Default: next to the PDF, with .yaml.
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
        /// Replace the output file if it exists.
        #[arg(long)]
        force: bool,
    },
    /// List the exercises in the library.
    List {
        /// Only this kind: stretch, strength or mobility.
        #[arg(long)]
        kind: Option<String>,
        /// Only exercises for this body area (e.g. hip, lower-back).
        #[arg(long)]
        area: Option<String>,
        /// Only exercises that use this equipment (none, mat, towel, resistance-band, wall).
        #[arg(long)]
        equipment: Option<String>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = ListFormat::Table)]
        format: ListFormat,
    },
    /// Show one library exercise in full.
    Show {
        /// The exercise id (see `handout list`).
        id: String,
    },
    /// Check prescriptions, brand files and libraries without rendering; reports every problem.
    Check {
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Write a starter brand.yaml and prescription.yaml in the current folder.
    Init {
        /// Write a commented starter mail.yaml instead (for --email).
        #[arg(long)]
        mail: bool,
    },
    /// Print shell completions (bash, zsh, fish, ...) to standard output.
    Completions { shell: clap_complete::Shell },
    /// Print the man page (roff) to standard output.
    Man,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum ListFormat {
    Table,
    Json,
}

/// How `--email` sends.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct MailArgs {
    /// The mail settings (server, sender, templates); see `handout init --mail`.
    #[arg(long, value_name = "FILE", requires = "email")]
    pub mail: Option<PathBuf>,
    /// Write each email as an .eml file next to its handout and send nothing.
    #[arg(long, requires = "email")]
    pub dry_run: bool,
    /// Send even to patients the ledger (emailed.csv) says were already sent this handout.
    #[arg(long, requires = "email")]
    pub resend: bool,
    /// Encrypt each emailed PDF with a per-patient password (as `protect: true`).
    #[arg(long, requires = "email")]
    pub protect: bool,
}

/// The real clock: the time of sending, and waiting between messages.
struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> std::time::SystemTime {
        std::time::SystemTime::now()
    }

    fn sleep(&self, duration: std::time::Duration) {
        std::thread::sleep(duration);
    }
}

impl MailArgs {
    /// Reads the settings and makes the transport: `.eml` files for --dry-run, else the
    /// clinic's server with the password from the environment or the settings' command.
    fn open(&self) -> Result<(MailSettings, Box<dyn Transport>), Vec<Error>> {
        let path = self.mail.as_ref().expect("clap requires --mail with --email");
        let settings = handout::mail::settings::read(path).map_err(|p| p.into_vec())?;
        if self.dry_run {
            return Ok((settings, Box::new(DryRun)));
        }
        let password = handout::mail::password::obtain(&settings, &|name| std::env::var(name).ok()).map_err(|e| vec![e])?;
        let smtp = Smtp::new(&settings, password).map_err(|e| vec![e])?;
        Ok((settings, Box::new(smtp)))
    }
}

/// Options that override the prescription's own.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct StyleArgs {
    /// Language of labels and built-in text; overrides `language:`.
    #[arg(long, value_name = "CODE", ignore_case = true, value_parser = PossibleValuesParser::new(handout::i18n::codes()))]
    pub language: Option<String>,
    /// Large print: body text 14 pt or more, one exercise per row, bigger pictures.
    #[arg(long)]
    pub large_print: bool,
    /// Layout: list (one exercise per row) or compact (two per row); overrides `layout:`.
    #[arg(long, value_name = "LAYOUT", ignore_case = true, value_parser = PossibleValuesParser::new(LayoutMode::ALL.map(LayoutMode::name)))]
    pub layout: Option<String>,
    /// Paper size; overrides `paper:`.
    #[arg(long, value_name = "SIZE", ignore_case = true, value_parser = paper_values())]
    pub paper: Option<String>,
    /// Leave the prescription out of the PDF (as `embed_prescription: false`).
    #[arg(long)]
    pub no_embed_prescription: bool,
}

/// Paper names and their other spellings, from the one list in the library.
fn paper_values() -> PossibleValuesParser {
    PossibleValuesParser::new(Paper::ALL.map(|p| PossibleValue::new(p.name()).aliases(p.aliases().iter().copied())))
}

impl StyleArgs {
    /// The options as overrides, each remembering its flag.
    fn overrides(&self) -> Overrides {
        let flag = |value: &Option<String>, name: &'static str| value.clone().map(|v| Given::new(v, Origin::Flag(name)));
        Overrides {
            language: flag(&self.language, "--language"),
            layout: flag(&self.layout, "--layout"),
            paper: flag(&self.paper, "--paper"),
            large_print: self.large_print.then(|| Given::new(true, Origin::Flag("--large-print"))),
            embed_prescription: self.no_embed_prescription.then_some(false),
            ..Overrides::default()
        }
    }
}

/// A prescription from standard input, bounded like a file.
fn read_standard_input() -> Result<Vec<u8>, Error> {
    use handout::load::{read_at_most, yaml::MAX_YAML_BYTES, ReadError};
    read_at_most(std::io::stdin().lock(), MAX_YAML_BYTES as u64, 0).map_err(|e| match e {
        ReadError::TooLarge(_) => Error::input(format!(
            "{}: the input is too large; a YAML file here may be at most {MAX_YAML_BYTES} bytes (2 MB)",
            commands::render::STANDARD_INPUT
        ))
        .hint("a prescription is a page or two of text; check that this is the right input"),
        ReadError::Io(e) => Error::input(format!("cannot read standard input: {e}")),
        ReadError::Directory | ReadError::NotAFile(_) => Error::input("cannot read standard input"),
    })
}

/// Runs a parsed command. `source_date_epoch` comes from the environment, read by `main`.
/// An error that stops the command before it starts (an unreadable `--library`) may come with
/// others found at the same time.
pub fn run(
    cli: &Cli,
    source_date_epoch: Option<i64>,
    progress: &dyn Progress,
    watch: &dyn Watch,
    stop: &Stop,
    temps: &Temps,
) -> Result<Outcome, Vec<Error>> {
    let mut loader = Loader::new().map_err(|p| p.into_vec())?;
    if let Some(lib) = &cli.library {
        loader = loader.with_library(lib).map_err(|p| p.into_vec())?;
    }
    let caches = Caches::default();
    let one = |e: Error| vec![e];
    match &cli.command {
        Command::Render { prescription, output, force, style, email, mail } => {
            if email.is_some() && output.as_ref().is_some_and(|o| o.as_os_str() == "-") {
                return Err(one(Error::input("--email needs the handout in a file, not on standard output")
                    .hint("give the file with -o, for example -o jane.pdf")));
            }
            // The address, the mail settings and the password are checked before anything is made.
            if let Some(address) = email {
                if handout::mail::settings::parse_address(address).is_none() {
                    return Err(one(Origin::Flag("--email").blame(
                        Error::input(format!("`{}` is not an email address", address.trim())).hint("write it like jane.doe@example.com"),
                    )));
                }
            }
            let mut opened = match email {
                Some(_) => Some(mail.open()?),
                None => None,
            };
            let output = match output {
                None => Output::NextToInput,
                Some(o) if o.as_os_str() == "-" => Output::StandardOutput,
                Some(o) => Output::File(o.clone()),
            };
            // `-`: the prescription comes from standard input, read here (the library reads no
            // standard input), at most as much as a YAML file may hold.
            let from_stdin = prescription.as_os_str() == "-";
            if from_stdin && output == Output::NextToInput {
                return Err(one(commands::render::needs_output()));
            }
            let standard_input = from_stdin.then(read_standard_input).transpose().map_err(one)?;
            let options = RenderOptions {
                prescription: if from_stdin { PathBuf::from(commands::render::STANDARD_INPUT) } else { prescription.clone() },
                standard_input,
                output,
                force: *force,
                overrides: style.overrides(),
                deny_warnings: cli.deny_warnings,
                source_date_epoch,
                temps: temps.clone(),
            };
            let mut outcome = commands::render::render(&loader, &caches, &options).map_err(one)?;
            if let (Some(address), Some((settings, transport))) = (email, opened.as_mut()) {
                let pdf = match &options.output {
                    Output::File(path) => path.clone(),
                    _ => options.prescription.with_extension("pdf"),
                };
                let mut mailing = Mailing {
                    settings,
                    transport: transport.as_mut(),
                    clock: &SystemClock,
                    watch,
                    resend: mail.resend,
                    protect: mail.protect || settings.protect,
                    stop,
                };
                let emailed =
                    commands::email::email_one(&loader, &caches, &options.prescription, &options.overrides, &pdf, address, &mut mailing)
                        .map_err(one)?;
                outcome.errors.extend(emailed.errors());
                outcome.message = Some(format!("{}\n{}", outcome.message.unwrap_or_default(), emailed.lines()));
            }
            Ok(outcome)
        }
        Command::Batch { roster, out_dir, name, report, jobs, force, skip_existing, no_embed_prescription, email, mail } => {
            let mut opened = if *email { Some(mail.open()?) } else { None };
            let options = BatchOptions {
                roster: roster.clone(),
                out_dir: out_dir.clone(),
                name: name.clone(),
                report: report.clone(),
                jobs: jobs.map(usize::from),
                force: *force,
                // A batch that emails is run again after an interruption: keep what was made.
                skip_existing: *skip_existing || (*email && !*force),
                deny_warnings: cli.deny_warnings,
                source_date_epoch,
                no_embed_prescription: *no_embed_prescription,
                stop: stop.clone(),
                temps: temps.clone(),
            };
            match opened.as_mut() {
                None => commands::batch::batch(&loader, &caches, &options, progress).map_err(one),
                Some((settings, transport)) => {
                    let mut mailing = Mailing {
                        settings,
                        transport: transport.as_mut(),
                        clock: &SystemClock,
                        watch,
                        resend: mail.resend,
                        protect: mail.protect || settings.protect,
                        stop,
                    };
                    commands::batch::batch_and_email(&loader, &caches, &options, progress, Some(&mut mailing)).map_err(one)
                }
            }
        }
        Command::Extract { pdf, output, force } => {
            use commands::extract::{ExtractOptions, Output};
            let output = match output {
                None => Output::NextToPdf,
                Some(o) if o.as_os_str() == "-" => Output::StandardOutput,
                Some(o) => Output::File(o.clone()),
            };
            commands::extract::extract(&ExtractOptions { pdf: pdf.clone(), output, force: *force }).map_err(one)
        }
        Command::List { kind, area, equipment, format } => {
            let filter = ListFilter { kind: kind.clone(), area: area.clone(), equipment: equipment.clone() };
            let english = loader.english();
            let text =
                commands::list::list(loader.library(), &filter, matches!(format, ListFormat::Json), english.labels()).map_err(one)?;
            Ok(Outcome::printing(text))
        }
        Command::Show { id } => {
            let english = loader.english();
            Ok(Outcome::printing(commands::show::show(loader.library(), id, english.labels()).map_err(one)?))
        }
        Command::Check { files } => {
            let paths: Vec<&std::path::Path> = files.iter().map(PathBuf::as_path).collect();
            Ok(commands::check::check(&loader, &caches, &paths))
        }
        Command::Init { mail } => {
            let here = std::path::Path::new(".");
            let message = if *mail { commands::init::init_mail(here) } else { commands::init::init(here) }.map_err(one)?;
            Ok(Outcome { message: Some(message), ..Outcome::default() })
        }
        Command::Completions { shell } => {
            let mut out = Vec::new();
            clap_complete::generate(*shell, &mut <Cli as clap::CommandFactory>::command(), "handout", &mut out);
            Ok(Outcome { stdout: out, ..Outcome::default() })
        }
        Command::Man => {
            let mut out = Vec::new();
            clap_mangen::Man::new(<Cli as clap::CommandFactory>::command())
                .render(&mut out)
                .map_err(|e| one(Error::failure(format!("cannot write the man page: {e}"))))?;
            Ok(Outcome { stdout: out, ..Outcome::default() })
        }
    }
}
