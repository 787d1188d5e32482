//! Printers that write what kubectl writes: Go `text/tabwriter` columns, Go-style indented JSON,
//! go-yaml v2 YAML, kubectl's JSONPath templates and custom columns.

pub mod json;
pub mod jsonpath;
pub mod tabwriter;
pub mod yaml;
