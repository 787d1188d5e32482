//! Printers that write what kubectl writes: Go `text/tabwriter` columns, Go-style indented JSON,
//! go-yaml v2 YAML, kubectl's JSONPath templates and custom columns.

pub mod json;
pub mod jsonpath;
pub mod tabwriter;
pub mod yaml;

use std::io::Write;

/// Writes to stdout; a closed pipe (`rkctl get pods | head -1`) ends the process successfully,
/// as kubectl and every well-behaved filter do.
pub fn stdout(text: &str) {
    let out = std::io::stdout();
    let mut out = out.lock();
    if out
        .write_all(text.as_bytes())
        .and_then(|()| out.flush())
        .is_err()
    {
        std::process::exit(0);
    }
}

/// `println!` to stdout through [`stdout`].
#[macro_export]
macro_rules! outln {
    ($($arg:tt)*) => {
        $crate::output::stdout(&format!("{}\n", format_args!($($arg)*)))
    };
}

/// `print!` to stdout through [`stdout`].
#[macro_export]
macro_rules! out {
    ($($arg:tt)*) => {
        $crate::output::stdout(&format!($($arg)*))
    };
}
pub mod describe;
