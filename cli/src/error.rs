//! rkctl's errors, printed the way kubectl prints them (`Error from server (NotFound): …`,
//! `error: …`), each with kubectl's exit code (1 for every failure kubectl reports with 1).

use kube::core::Status;

/// Everything a command can fail with.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The API server answered with a `Status` failure.
    #[error("{}", server_message(.0))]
    Server(Box<Status>),
    /// The server could not be reached or the transport failed.
    #[error("{0}")]
    Transport(#[source] kube::Error),
    /// kubeconfig could not be read or lacks what the command needs.
    #[error("error: {0}")]
    Config(String),
    /// kubectl's kubeconfig validation failures (`Error in configuration: …`).
    #[error("Error in configuration: {0}")]
    InvalidConfig(String),
    /// A resource type that discovery does not know.
    #[error("error: the server doesn't have a resource type \"{0}\"")]
    UnknownResource(String),
    /// The user asked for something malformed (kubectl's `error: …` usage errors).
    #[error("error: {0}")]
    Usage(String),
    /// A file or stream could not be read or written.
    #[error("error: {context}: {source}")]
    Io {
        context: String,
        #[source]
        source: std::io::Error,
    },
    /// A document that is not valid YAML or JSON.
    #[error("error: {0}")]
    Decode(String),
    /// Several errors, printed one per line (kubectl's aggregate of per-object failures).
    #[error("{}", .0.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"))]
    Many(Vec<Error>),
    /// Nothing listens at the server's address (kubectl's wording).
    #[error(
        "The connection to the server {0} was refused - did you specify the right host or port?"
    )]
    Refused(String),
    /// A message kubectl prints as it is, without a prefix.
    #[error("{0}")]
    Plain(String),
    /// Already reported on stderr; only the exit code is left to give.
    #[error("")]
    Silent(u8),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// The process exit code kubectl uses for this error.
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Silent(code) => *code,
            _ => 1,
        }
    }

    /// Wraps a kube client error: a server `Status` keeps its reason, anything else is transport.
    pub fn from_kube(err: kube::Error) -> Error {
        match err {
            kube::Error::Api(status) => Error::Server(status),
            other => Error::Transport(other),
        }
    }

    /// Names the server in transport failures kubectl words specially (connection refused).
    pub fn with_server(self, host_port: &str) -> Error {
        match self {
            Error::Transport(e) if format!("{e:?}").contains("ConnectionRefused") => {
                Error::Refused(host_port.to_string())
            }
            other => other,
        }
    }

    /// The server's reason (`NotFound`, …) when this is a server error.
    pub fn reason(&self) -> Option<&str> {
        match self {
            Error::Server(s) => Some(s.reason.as_str()),
            _ => None,
        }
    }
}

impl From<kube::Error> for Error {
    fn from(err: kube::Error) -> Error {
        Error::from_kube(err)
    }
}

/// kubectl's `StandardErrorMessage` + `CheckErr` wording for a server `Status`.
fn server_message(status: &Status) -> String {
    let reason = status.reason.as_str();
    if reason == "Unauthorized" || status.code == 401 {
        return "error: You must be logged in to the server (Unauthorized)".to_string();
    }
    if reason == "Invalid"
        && let Some(details) = &status.details
    {
        let mut head = "The request is invalid".to_string();
        if !details.kind.is_empty() || !details.name.is_empty() {
            head = format!("The {} {:?} is invalid", details.kind, details.name);
        }
        let causes: Vec<String> = details
            .causes
            .iter()
            .map(|c| {
                if c.field.is_empty() {
                    c.message.clone()
                } else {
                    format!("{}: {}", c.field, c.message)
                }
            })
            .collect();
        return match causes.len() {
            0 => format!("Error from server (Invalid): {}", status.message),
            1 => format!("{head}: {}", causes[0]),
            _ => format!("{head}: \n* {}", causes.join("\n* ")),
        };
    }
    if reason.is_empty() || reason == "Failed to parse error data" {
        format!("Error from server: {}", status.message)
    } else {
        format!("Error from server ({reason}): {}", status.message)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn status(reason: &str, message: &str, code: u16) -> Status {
        Status {
            reason: reason.into(),
            message: message.into(),
            code,
            ..Status::default()
        }
    }

    #[test]
    fn not_found_reads_like_kubectl() {
        let e = Error::Server(Box::new(status("NotFound", "pods \"x\" not found", 404)));
        assert_eq!(
            e.to_string(),
            "Error from server (NotFound): pods \"x\" not found"
        );
        assert_eq!(e.exit_code(), 1);
    }

    #[test]
    fn unauthorized_asks_to_log_in() {
        let e = Error::Server(Box::new(status("Unauthorized", "Unauthorized", 401)));
        assert_eq!(
            e.to_string(),
            "error: You must be logged in to the server (Unauthorized)"
        );
    }
}
