//! One module per rkctl command.

pub mod api_resources;
pub mod apply;
pub mod auth;
pub mod common;
pub mod completion;
pub mod config;
pub mod create;
pub mod delete;
pub mod describe;
pub mod explain;
pub mod generate;
pub mod get;
pub mod image;
pub mod label;
pub mod node;
pub mod patch;
pub mod rollout;
pub mod run;
pub mod scale;
pub mod set;
pub mod tree;
pub mod version;
pub mod wait;
pub mod why;
