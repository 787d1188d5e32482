//! Server-side apply, as Kubernetes' field manager does it over structured-merge-diff: field
//! paths and sets with their FieldsV1 encoding ([`fieldpath`]), objects walked with their
//! schema's list and map types ([`typed`]), and managedFields with update, apply, prune and
//! conflicts ([`managed`]).

pub mod fieldpath;
pub mod managed;
pub mod typed;

pub use fieldpath::{Path, PathElement, Set};
pub use managed::{Applied, Conflict, Conflicts, Entry, Managed, Operation, Writer};

/// Why managed fields or an applied configuration could not be used.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    #[error("invalid FieldsV1: {0}")]
    BadFieldsV1(String),
    #[error("invalid managedFields: {0}")]
    BadManagedFields(String),
    #[error("duplicate entries for key {0}")]
    DuplicateItem(String),
}
