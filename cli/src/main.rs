//! The `rkctl` binary: see the library's documentation.

fn main() -> std::process::ExitCode {
    rkctl::main_with_args(std::env::args_os().collect())
}
