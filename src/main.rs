//! The `compgap` binary: parse the command line, run one command, map the
//! outcome to an exit code (0 success, 1 findings, 2 usage/I/O/internal).

mod cli;
mod cmd;

use clap::Parser;
use std::process::ExitCode;

// Loading a large organization makes millions of small allocations from
// several threads; mimalloc does them at a fraction of the system
// allocator's cost.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = match cli::Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    match cmd::run(cli.command) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(2)
        }
    }
}
