//! One module per rkctl command.

pub mod api_resources;
pub mod config;
pub mod get;
pub mod version;
