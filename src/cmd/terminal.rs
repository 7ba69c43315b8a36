//! What the terminal allows: colour (`--color`, `NO_COLOR`,
//! `CLICOLOR_FORCE`, `TERM=dumb`) and the width every line must fit
//! (`--wide`, `--width N`, the terminal's own width).

use clap::{Args, ValueEnum};
use compgap::render::Style;
use std::io::IsTerminal;
use std::path::Path;
use std::sync::OnceLock;

/// `--color` values.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, ValueEnum)]
pub enum ColorWhen {
    /// On a terminal, unless `NO_COLOR` is set or `TERM=dumb`; `CLICOLOR_FORCE=1` forces it
    #[default]
    Auto,
    Always,
    Never,
}

/// Options of every command about the terminal.
#[derive(Debug, Clone, Default, Args)]
pub struct TerminalArgs {
    /// Colour the output
    #[arg(long, value_enum, value_name = "WHEN", default_value_t, global = true)]
    pub color: ColorWhen,
    /// Do not fit the output to the terminal: one line per table row, however wide
    #[arg(long, global = true, conflicts_with = "width")]
    pub wide: bool,
    /// Fit the output to N columns, on a terminal or not [default: the terminal's width]
    #[arg(long, value_name = "N", global = true, value_parser = clap::value_parser!(u16).range(20..))]
    pub width: Option<u16>,
}

static TERMINAL: OnceLock<TerminalArgs> = OnceLock::new();

/// Record the command line's terminal options (once, before a command runs).
pub fn set(args: TerminalArgs) {
    let _ = TERMINAL.set(args);
}

/// Colour and width for output to `output` (stdout when `None` or `-`).
/// A file gets neither; stdout gets colour as `--color` and the
/// environment say, and on a terminal the terminal's width unless `--wide`.
pub fn style(output: Option<&Path>) -> Style {
    let args = TERMINAL.get().cloned().unwrap_or_default();
    let to_stdout = output.is_none_or(|p| p == Path::new("-"));
    if !to_stdout {
        return Style::PLAIN;
    }
    let tty = std::io::stdout().is_terminal();
    let color = match args.color {
        ColorWhen::Always => true,
        ColorWhen::Never => false,
        ColorWhen::Auto => auto_color(tty),
    };
    let width = width(&args, std::io::stdout());
    Style { color, width }
}

/// The width to fit output on `stream` to: `--width N`, else the width of
/// the terminal `stream` is; none with `--wide` or when not a terminal.
fn width(args: &TerminalArgs, stream: impl std::os::fd::AsFd + IsTerminal) -> Option<usize> {
    match (args.wide, args.width) {
        (true, _) => None,
        (false, Some(n)) => Some(usize::from(n)),
        (false, None) if stream.is_terminal() => terminal_size::terminal_size_of(stream)
            .map(|(w, _)| usize::from(w.0))
            .filter(|&w| w > 0),
        (false, None) => None,
    }
}

/// Print `text` (lines ending in a newline) to stderr, fitted to the
/// width of the terminal stderr is, unless `--wide`.
pub fn eprint(text: &str) {
    let args = TERMINAL.get().cloned().unwrap_or_default();
    let text = match width(&args, std::io::stderr()) {
        Some(w) => compgap::render::fit(text, w),
        None => text.to_string(),
    };
    use std::io::Write as _;
    let _ = std::io::stderr().lock().write_all(text.as_bytes());
}

/// `--color auto`: `NO_COLOR` disables, `CLICOLOR_FORCE` forces, else a
/// terminal that is not `TERM=dumb`.
fn auto_color(tty: bool) -> bool {
    if anstyle_query::no_color() {
        return false;
    }
    if std::env::var_os("CLICOLOR_FORCE").is_some_and(|v| !v.is_empty() && v != "0") {
        return true;
    }
    tty && std::env::var_os("TERM").is_none_or(|t| t != "dumb")
}
