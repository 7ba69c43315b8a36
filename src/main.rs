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
    cmd::terminal::set(cli.terminal);
    cmd::set_trust_root(cli.root);
    match cmd::run(cli.command) {
        Ok(code) => code,
        Err(e) if e.is::<cmd::Findings>() => ExitCode::from(cmd::FINDINGS),
        Err(e) => {
            // An error may quote input (a register's header cells, a path).
            cmd::terminal::eprint(&format!(
                "error: {}\n",
                compgap::escape::terminal(&format!("{e:#}"))
            ));
            ExitCode::from(2)
        }
    }
}
