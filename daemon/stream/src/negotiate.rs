//! Which protocol a client spoke, decided from its upgrade headers exactly as the kubelet does:
//! a WebSocket upgrade picks the first of the client's `Sec-WebSocket-Protocol` values that the
//! server supports (none sent: the legacy `channel.k8s.io`); `SPDY/3.1+portforward.k8s.io` means
//! SPDY tunnelled in WebSocket; an `Upgrade: SPDY/3.1` picks the first of the client's
//! `X-Stream-Protocol-Version` values the server supports (none sent: the legacy protocol).
//! The [`Upgrade`] carries the 101 response headers and then builds the session.

use http::{HeaderMap, HeaderValue, StatusCode, header};
use serde_json::{Value, json};

use crate::ws;

/// What the client asked to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Operation {
    Exec,
    Attach,
    PortForward,
}

/// The remote-command protocol versions (`X-Stream-Protocol-Version` or WebSocket subprotocol).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum StreamVersion {
    /// `channel.k8s.io`: errors as text.
    V1,
    /// `v2.channel.k8s.io`.
    V2,
    /// `v3.channel.k8s.io`: adds terminal resize.
    V3,
    /// `v4.channel.k8s.io`: errors as `metav1.Status` JSON with the exit code.
    V4,
    /// `v5.channel.k8s.io`: adds the close signal (WebSocket channel 255).
    V5,
}

/// The SPDY remote-command protocols, preferred first.
pub const SPDY_EXEC_PROTOCOLS: &[&str] = &[
    "v5.channel.k8s.io",
    "v4.channel.k8s.io",
    "v3.channel.k8s.io",
    "v2.channel.k8s.io",
    "channel.k8s.io",
];
/// The SPDY port-forward protocol.
pub const SPDY_PORT_FORWARD_PROTOCOL: &str = "portforward.k8s.io";
/// The WebSocket subprotocol kubectl 1.31+ tunnels SPDY port-forwarding through.
pub const TUNNELED_SPDY_PORT_FORWARD: &str = "SPDY/3.1+portforward.k8s.io";
/// WebSocket remote-command subprotocols, with their version and codec (base64 or binary).
const WS_EXEC_PROTOCOLS: &[(&str, StreamVersion, bool)] = &[
    ("v5.channel.k8s.io", StreamVersion::V5, false),
    ("v4.channel.k8s.io", StreamVersion::V4, false),
    ("v4.base64.channel.k8s.io", StreamVersion::V4, true),
    ("channel.k8s.io", StreamVersion::V1, false),
    ("base64.channel.k8s.io", StreamVersion::V1, true),
];
/// WebSocket port-forward subprotocols (channels 2i data, 2i+1 error), with their codec.
const WS_PORT_FORWARD_PROTOCOLS: &[(&str, bool)] = &[
    ("v4.channel.k8s.io", false),
    ("v4.base64.channel.k8s.io", true),
    ("portforward.k8s.io", false),
    ("channel.k8s.io", false),
    ("base64.channel.k8s.io", true),
];

impl StreamVersion {
    fn from_name(name: &str) -> Option<Self> {
        Some(match name {
            "v5.channel.k8s.io" => StreamVersion::V5,
            "v4.channel.k8s.io" => StreamVersion::V4,
            "v3.channel.k8s.io" => StreamVersion::V3,
            "v2.channel.k8s.io" => StreamVersion::V2,
            "channel.k8s.io" | "" => StreamVersion::V1,
            _ => return None,
        })
    }
}

/// The protocol agreed with the client.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Protocol {
    /// SPDY/3.1 after an HTTP upgrade; `version` is the agreed `X-Stream-Protocol-Version`
    /// (exec/attach), or V1 for port-forward.
    Spdy { version: StreamVersion },
    /// A WebSocket channel protocol.
    WebSocket {
        version: StreamVersion,
        base64: bool,
    },
    /// SPDY/3.1 inside WebSocket binary messages (port-forward).
    SpdyOverWebSocket,
}

/// A request that cannot be upgraded; rendered as a Kubernetes `Status`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NegotiationError {
    #[error("Upgrade request required")]
    UpgradeRequired,
    #[error("unable to upgrade: missing Sec-WebSocket-Key")]
    MissingWebSocketKey,
    #[error("requested protocol(s) are not supported: {requested:?}; supports {supported:?}")]
    UnsupportedWebSocketProtocol {
        requested: Vec<String>,
        supported: Vec<String>,
    },
    #[error(
        "unable to upgrade: unable to negotiate protocol: client supports {client:?}, server supports {server:?}"
    )]
    UnsupportedStreamProtocol {
        client: Vec<String>,
        server: Vec<String>,
    },
}

impl NegotiationError {
    /// The HTTP status the refusal is sent with.
    pub fn code(&self) -> StatusCode {
        match self {
            NegotiationError::UnsupportedStreamProtocol { .. } => StatusCode::FORBIDDEN,
            _ => StatusCode::BAD_REQUEST,
        }
    }

    /// The `metav1.Status` body.
    pub fn status(&self) -> Value {
        let code = self.code();
        json!({
            "kind": "Status",
            "apiVersion": "v1",
            "metadata": {},
            "status": "Failure",
            "message": self.to_string(),
            "reason": if code == StatusCode::FORBIDDEN { "Forbidden" } else { "BadRequest" },
            "code": code.as_u16(),
        })
    }
}

/// An accepted upgrade: send a 101 with [`Upgrade::headers`], then build the session on the
/// upgraded connection (see [`crate::exec`] and [`crate::portforward`]).
#[derive(Debug, Clone)]
pub struct Upgrade {
    pub operation: Operation,
    pub protocol: Protocol,
    headers: HeaderMap,
}

impl Upgrade {
    /// Headers of the `101 Switching Protocols` response.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }
}

fn values(headers: &HeaderMap, name: &str) -> Vec<String> {
    headers
        .get_all(name)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty())
        .collect()
}

fn connection_upgrade(headers: &HeaderMap) -> bool {
    values(headers, header::CONNECTION.as_str())
        .iter()
        .any(|v| v.eq_ignore_ascii_case("upgrade"))
}

fn upgrade_is(headers: &HeaderMap, proto: &str) -> bool {
    values(headers, header::UPGRADE.as_str())
        .iter()
        .any(|v| v.eq_ignore_ascii_case(proto))
}

/// Decides the protocol for `operation` from the request headers.
pub fn negotiate(operation: Operation, request: &HeaderMap) -> Result<Upgrade, NegotiationError> {
    if !connection_upgrade(request) {
        return Err(NegotiationError::UpgradeRequired);
    }
    let mut headers = HeaderMap::new();
    headers.insert(header::CONNECTION, HeaderValue::from_static("Upgrade"));
    if upgrade_is(request, "websocket") {
        let key = request
            .get(header::SEC_WEBSOCKET_KEY)
            .and_then(|k| k.to_str().ok())
            .ok_or(NegotiationError::MissingWebSocketKey)?;
        let requested = values(request, header::SEC_WEBSOCKET_PROTOCOL.as_str());
        let (chosen, protocol) = choose_ws(operation, &requested)?;
        headers.insert(header::UPGRADE, HeaderValue::from_static("websocket"));
        if let Ok(accept) = HeaderValue::from_str(&ws::accept_key(key)) {
            headers.insert(header::SEC_WEBSOCKET_ACCEPT, accept);
        }
        if !chosen.is_empty()
            && let Ok(v) = HeaderValue::from_str(&chosen)
        {
            headers.insert(header::SEC_WEBSOCKET_PROTOCOL, v);
        }
        return Ok(Upgrade {
            operation,
            protocol,
            headers,
        });
    }
    if !upgrade_is(request, "SPDY/3.1") {
        return Err(NegotiationError::UpgradeRequired);
    }
    let client = values(request, "x-stream-protocol-version");
    let server: &[&str] = match operation {
        Operation::PortForward => &[SPDY_PORT_FORWARD_PROTOCOL],
        _ => SPDY_EXEC_PROTOCOLS,
    };
    let chosen = if client.is_empty() {
        String::new()
    } else {
        client
            .iter()
            .find(|c| server.contains(&c.as_str()))
            .cloned()
            .ok_or_else(|| NegotiationError::UnsupportedStreamProtocol {
                client: client.clone(),
                server: server.iter().map(|s| s.to_string()).collect(),
            })?
    };
    headers.insert(header::UPGRADE, HeaderValue::from_static("SPDY/3.1"));
    if let Ok(v) = HeaderValue::from_str(&chosen)
        && !chosen.is_empty()
    {
        headers.insert("x-stream-protocol-version", v);
    }
    let version = match operation {
        Operation::PortForward => StreamVersion::V1,
        _ => StreamVersion::from_name(&chosen).unwrap_or(StreamVersion::V1),
    };
    Ok(Upgrade {
        operation,
        protocol: Protocol::Spdy { version },
        headers,
    })
}

fn choose_ws(
    operation: Operation,
    requested: &[String],
) -> Result<(String, Protocol), NegotiationError> {
    let lookup =
        |name: &str| -> Option<Protocol> {
            match operation {
                Operation::PortForward => {
                    if name == TUNNELED_SPDY_PORT_FORWARD {
                        return Some(Protocol::SpdyOverWebSocket);
                    }
                    WS_PORT_FORWARD_PROTOCOLS
                        .iter()
                        .find(|(n, _)| *n == name)
                        .map(|(_, base64)| Protocol::WebSocket {
                            version: StreamVersion::V4,
                            base64: *base64,
                        })
                }
                _ => WS_EXEC_PROTOCOLS.iter().find(|(n, _, _)| *n == name).map(
                    |(_, version, base64)| Protocol::WebSocket {
                        version: *version,
                        base64: *base64,
                    },
                ),
            }
        };
    if requested.is_empty() {
        let version = match operation {
            Operation::PortForward => StreamVersion::V4,
            _ => StreamVersion::V1,
        };
        return Ok((
            String::new(),
            Protocol::WebSocket {
                version,
                base64: false,
            },
        ));
    }
    for name in requested {
        if let Some(p) = lookup(name) {
            return Ok((name.clone(), p));
        }
    }
    let supported: Vec<String> = match operation {
        Operation::PortForward => std::iter::once(TUNNELED_SPDY_PORT_FORWARD)
            .chain(WS_PORT_FORWARD_PROTOCOLS.iter().map(|(n, _)| *n))
            .map(String::from)
            .collect(),
        _ => WS_EXEC_PROTOCOLS
            .iter()
            .map(|(n, _, _)| n.to_string())
            .collect(),
    };
    Err(NegotiationError::UnsupportedWebSocketProtocol {
        requested: requested.to_vec(),
        supported,
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

    use super::*;

    fn req(pairs: &[(&str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (n, v) in pairs {
            h.append(
                http::HeaderName::from_bytes(n.as_bytes()).unwrap(),
                HeaderValue::from_str(v).unwrap(),
            );
        }
        h
    }

    #[test]
    fn kubectl_1_27_exec_gets_spdy_with_the_first_shared_version() {
        let h = req(&[
            ("connection", "Upgrade"),
            ("upgrade", "SPDY/3.1"),
            ("x-stream-protocol-version", "v4.channel.k8s.io"),
            ("x-stream-protocol-version", "v3.channel.k8s.io"),
        ]);
        let up = negotiate(Operation::Exec, &h).unwrap();
        assert_eq!(
            up.protocol,
            Protocol::Spdy {
                version: StreamVersion::V4
            }
        );
        assert_eq!(
            up.headers()["x-stream-protocol-version"],
            "v4.channel.k8s.io"
        );
        assert_eq!(up.headers()["upgrade"], "SPDY/3.1");
    }

    #[test]
    fn kubectl_1_33_exec_gets_websocket_v5() {
        let h = req(&[
            ("connection", "Upgrade"),
            ("upgrade", "websocket"),
            ("sec-websocket-key", "dGhlIHNhbXBsZSBub25jZQ=="),
            (
                "sec-websocket-protocol",
                "v5.channel.k8s.io, v4.channel.k8s.io",
            ),
        ]);
        let up = negotiate(Operation::Exec, &h).unwrap();
        assert_eq!(
            up.protocol,
            Protocol::WebSocket {
                version: StreamVersion::V5,
                base64: false
            }
        );
        assert_eq!(up.headers()["sec-websocket-protocol"], "v5.channel.k8s.io");
        assert_eq!(
            up.headers()["sec-websocket-accept"],
            "s3pPLMBiTxaQ9kYGzzhZRbK+xOo="
        );
    }

    #[test]
    fn tunnelled_spdy_is_chosen_for_port_forward_only() {
        let h = req(&[
            ("connection", "Upgrade"),
            ("upgrade", "websocket"),
            ("sec-websocket-key", "x"),
            ("sec-websocket-protocol", "SPDY/3.1+portforward.k8s.io"),
        ]);
        assert_eq!(
            negotiate(Operation::PortForward, &h).unwrap().protocol,
            Protocol::SpdyOverWebSocket
        );
        let err = negotiate(Operation::Exec, &h).unwrap_err();
        assert_eq!(err.code(), StatusCode::BAD_REQUEST);
    }

    #[test]
    fn an_unknown_spdy_version_is_forbidden_with_both_lists() {
        let h = req(&[
            ("connection", "Upgrade"),
            ("upgrade", "SPDY/3.1"),
            ("x-stream-protocol-version", "v9.channel.k8s.io"),
        ]);
        let err = negotiate(Operation::Exec, &h).unwrap_err();
        assert_eq!(err.code(), StatusCode::FORBIDDEN);
        assert!(err.to_string().starts_with(
            "unable to upgrade: unable to negotiate protocol: client supports [\"v9.channel.k8s.io\"]"
        ));
        assert_eq!(err.status()["reason"], "Forbidden");
    }

    #[test]
    fn a_plain_request_needs_an_upgrade() {
        assert_eq!(
            negotiate(Operation::Exec, &HeaderMap::new()).unwrap_err(),
            NegotiationError::UpgradeRequired
        );
    }

    #[test]
    fn python_port_forward_speaks_v4_channels() {
        let h = req(&[
            ("connection", "upgrade"),
            ("upgrade", "websocket"),
            ("sec-websocket-key", "x"),
            ("sec-websocket-protocol", "v4.channel.k8s.io"),
        ]);
        assert_eq!(
            negotiate(Operation::PortForward, &h).unwrap().protocol,
            Protocol::WebSocket {
                version: StreamVersion::V4,
                base64: false
            }
        );
    }
}
