//! `compgap completions SHELL`: the shell completion script, on stdout.

use anyhow::Result;
use clap::{Args, CommandFactory};
use clap_complete::Shell;
use std::process::ExitCode;

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete for
    #[arg(value_enum)]
    pub shell: Shell,
}

pub fn run(args: &CompletionsArgs) -> Result<ExitCode> {
    let mut script = Vec::new();
    clap_complete::generate(
        args.shell,
        &mut crate::cli::Cli::command(),
        "compgap",
        &mut script,
    );
    compgap::output::emit(None, &script, &[])?;
    Ok(ExitCode::SUCCESS)
}
