//! The `rinse` command line: arguments, inputs, the parallel batch, and the
//! `rules` subcommands. All cleaning is done by the library.

pub mod args;
pub mod batch;
pub mod inputs;
pub mod rules_cmd;
