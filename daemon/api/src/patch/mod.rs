//! Patches the API server applies: strategic merge patch ([`strategic`]) exactly as Kubernetes'
//! apimachinery applies it, over the patch metadata of the served types ([`schema`]), with
//! upstream's error messages (values printed as Go prints them: [`gofmt`]); [`three_way`] is the
//! patch kubectl computes for `apply`, for tests that drive the engine as kubectl does.

pub mod gofmt;
pub mod schema;
pub mod strategic;
pub mod three_way;

pub use schema::{PatchMeta, Schema};
pub use strategic::MergeOptions;

/// Why a strategic merge patch could not be applied, in upstream's words.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    #[error("invalid JSON document")]
    BadJsonDoc,
    #[error("lists of lists are not supported")]
    NoListOfLists,
    #[error("invalid patch format of primitive list")]
    BadPatchFormatForPrimitiveList,
    #[error("invalid patch format of retainKeys")]
    BadPatchFormatForRetainKeys,
    #[error("invalid patch format of setElementOrder list")]
    BadPatchFormatForSetElementOrderList,
    #[error("patch content doesn't match retainKeys list")]
    PatchContentNotMatchRetainKeys,
    #[error("strategic merge patch format is not supported")]
    UnsupportedFormat,
    #[error("map: {map} does not contain declared merge key: {key}")]
    NoMergeKey { map: String, key: String },
    #[error("expected a {expected}, but received a {actual}")]
    BadArgType {
        expected: &'static str,
        actual: &'static str,
    },
    #[error("unknown patch type: {directive} in map: {map}")]
    BadPatchType { directive: String, map: String },
    #[error("unexpected patch strategy: {0}")]
    UnexpectedPatchStrategy(String),
    #[error("merging lists cannot yet be specified in the patch")]
    MergingListsUnsupported,
    #[error("cannot merge lists without merge key for type map")]
    NoMergeKeyForList,
    #[error("list element types are not identical: {0}")]
    ElementTypesDiffer(String),
    #[error("no elements in any of the given slices")]
    NoElements,
    #[error("value for key {0} is not a map.")]
    NotAMap(usize),
    #[error("the order in patch list:\n{patch}\n doesn't match $setElementOrder list:\n{order}")]
    OrderMismatch { patch: String, order: String },
    #[error(
        "{left} and {right} are not deep equal: this may happen when calculating the 3-way diff patch"
    )]
    RetainKeysDiffer { left: String, right: String },
}

impl Error {
    /// The HTTP code the API server answers with: 400 for malformed patches, 422 for lists of
    /// lists and retainKeys mismatches (as upstream's interpretStrategicMergePatchError), and
    /// 400 without a reason where upstream passes the bare error on (kubectl prints both as
    /// "Error from server: <message>"; we do not answer 5xx for a client's patch).
    pub fn http_code(&self) -> u16 {
        match self {
            Error::NoListOfLists | Error::PatchContentNotMatchRetainKeys => 422,
            _ => 400,
        }
    }

    /// The Status reason: BadRequest for the errors upstream maps to it, none otherwise.
    pub fn reason(&self) -> &'static str {
        match self {
            Error::BadJsonDoc
            | Error::BadPatchFormatForPrimitiveList
            | Error::BadPatchFormatForRetainKeys
            | Error::BadPatchFormatForSetElementOrderList
            | Error::UnsupportedFormat => "BadRequest",
            _ => "",
        }
    }
}
