//! The `rinse` binary: parses arguments and hands the work to the library.
//! Exit status: 0 all inputs cleaned, 1 some input failed, 2 usage or setup
//! error, 130 interrupted by Ctrl-C.
#![forbid(unsafe_code)]

mod cli;

/// The allocator rinse ships with: the parser allocates per token and per node.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::process::ExitCode;

use clap::Parser;
use cli::args::{Cli, Command, RulesCommand};

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|e| {
        e.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Some(Command::Rules(RulesCommand::Check { dirs })) => {
            let ok = cli::rules_cmd::check(&dirs)?;
            Ok(if ok {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            })
        }
        Some(Command::Rules(RulesCommand::List {
            url,
            rules,
            no_bundled_rules,
        })) => {
            cli::rules_cmd::list(url.as_deref(), &rules, no_bundled_rules)?;
            Ok(ExitCode::SUCCESS)
        }
        None => {
            let args = cli.clean;
            let mut rules = rinse::RuleSet::load(&args.rules, !args.no_bundled_rules)?;
            rules.disable(&args.disable)?;
            let limits = rinse::Limits {
                max_bytes: None,
                time_budget: (!args.time_budget.is_zero()).then_some(args.time_budget),
            };
            let pipeline =
                std::sync::Arc::new(rinse::Pipeline::with_rules(rules).with_limits(limits));
            Ok(cli::run(&args, pipeline)?.exit_code())
        }
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("rinse: {e:#}");
            ExitCode::from(2)
        }
    }
}
