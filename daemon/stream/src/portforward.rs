//! Port-forward sessions, whatever protocol the client spoke: each forwarded connection reaches
//! the caller as a [`PortStream`] — the port, a byte pipe, and a way to report an error that the
//! client prints (`an error occurred forwarding 8080 -> 80: …`).
//!
//! SPDY (also tunnelled in WebSocket): the client opens an `error` and a `data` stream per
//! connection, paired by their `requestID` header. WebSocket channels (the Python client): the
//! ports come from the `ports` query parameter, port i uses channels 2i (data) and 2i+1 (error),
//! and the first message on each carries the port number (little-endian u16).

use std::collections::HashMap;

use bytes::Bytes;
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, DuplexStream};
use tokio::sync::{mpsc, oneshot};

use crate::exec::pump_out;
use crate::negotiate::{Operation, Protocol, Upgrade};
use crate::spdy;
use crate::ws;

const PIPE: usize = 256 * 1024;

/// A session that cannot start.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{0:?} is not a port-forward upgrade")]
    WrongOperation(Operation),
    #[error("query parameter \"ports\" is required for a WebSocket port-forward")]
    NoPorts,
    #[error("invalid port {0:?}")]
    InvalidPort(String),
}

/// The ports of a WebSocket port-forward (`ports=80,8080` or repeated `ports=`).
pub fn ports_from_query(query: &str) -> Result<Vec<u16>, Error> {
    let mut ports = Vec::new();
    for (k, v) in form_urlencoded::parse(query.as_bytes()) {
        if k == "ports" {
            for p in v.split(',').map(str::trim).filter(|p| !p.is_empty()) {
                match p.parse::<u16>() {
                    Ok(n) if n > 0 => ports.push(n),
                    _ => return Err(Error::InvalidPort(p.to_string())),
                }
            }
        }
    }
    Ok(ports)
}

/// One forwarded connection.
pub struct PortStream {
    pub port: u16,
    /// Bytes from the client (EOF when it is done sending) and back to it (shut down to end).
    pub io: DuplexStream,
    error: Option<oneshot::Sender<String>>,
}

impl PortStream {
    /// Reports `message` to the client on this connection's error stream.
    pub fn fail(&mut self, message: impl Into<String>) {
        if let Some(tx) = self.error.take() {
            let _ = tx.send(message.into());
        }
    }
}

/// The connections of a port-forward, as the client opens them.
pub struct PortForwardSession {
    rx: mpsc::Receiver<PortStream>,
}

impl PortForwardSession {
    /// The next connection, or `None` once the client has gone.
    pub async fn next(&mut self) -> Option<PortStream> {
        self.rx.recv().await
    }
}

impl Upgrade {
    /// Builds the port-forward session on the upgraded connection `io`; `ports` (from
    /// [`ports_from_query`]) matter only to the WebSocket channel protocol.
    pub fn port_forward<T>(&self, io: T, ports: &[u16]) -> Result<PortForwardSession, Error>
    where
        T: AsyncRead + AsyncWrite + Unpin + Send + 'static,
    {
        if self.operation != Operation::PortForward {
            return Err(Error::WrongOperation(self.operation));
        }
        Ok(match self.protocol {
            Protocol::Spdy { .. } => port_forward_spdy(io),
            Protocol::SpdyOverWebSocket => port_forward_spdy(ws::tunnel(io)),
            Protocol::WebSocket { base64, .. } => {
                if ports.is_empty() {
                    return Err(Error::NoPorts);
                }
                port_forward_ws(io, ports, base64)
            }
        })
    }
}

fn port_forward_spdy<T>(io: T) -> PortForwardSession
where
    T: AsyncRead + AsyncWrite + Send + 'static,
{
    let (conn, mut incoming) = spdy::serve(io);
    let (tx, rx) = mpsc::channel(16);
    tokio::spawn(async move {
        let mut pending: HashMap<String, (Option<spdy::Stream>, Option<spdy::Stream>)> =
            HashMap::new();
        while let Some(mut stream) = incoming.next().await {
            let request = stream.header("requestid").unwrap_or_default().to_string();
            let kind = stream.header("streamtype").unwrap_or_default().to_string();
            let entry = pending.entry(request.clone()).or_default();
            match kind.as_str() {
                "error" => entry.1 = Some(stream),
                "data" => entry.0 = Some(stream),
                _ => {
                    let _ = stream.writer.reset().await;
                    continue;
                }
            }
            let complete = entry.0.is_some() && entry.1.is_some();
            if !complete {
                continue;
            }
            if let Some((Some(data), Some(mut error))) = pending.remove(&request) {
                let port = data.header("port").and_then(|p| p.parse::<u16>().ok());
                let Some(port) = port else {
                    let raw = data.header("port").unwrap_or_default().to_string();
                    let _ = error
                        .writer
                        .write(Bytes::from(format!("invalid port header {raw:?}")))
                        .await;
                    let _ = error.writer.close().await;
                    let mut data = data;
                    let _ = data.writer.close().await;
                    continue;
                };
                let (ours, theirs) = tokio::io::duplex(PIPE);
                let (etx, erx) = oneshot::channel::<String>();
                spawn_pumps(data, error.writer, ours, erx);
                let ps = PortStream {
                    port,
                    io: theirs,
                    error: Some(etx),
                };
                if tx.send(ps).await.is_err() {
                    break;
                }
            }
        }
        conn.close().await;
    });
    PortForwardSession { rx }
}

/// Moves one forwarded connection's bytes. As with the kubelet and containerd, the connection
/// ends when the pod side is done: once everything it sent has gone out (data stream FIN), the
/// error stream is closed too and the client's direction is ended — kubectl stops reading the data
/// stream at that point and never closes its half. A client that finishes sending first only
/// half-closes: the pod side still gets EOF and can answer.
fn spawn_pumps(
    data: spdy::Stream,
    mut error_writer: spdy::StreamWriter,
    ours: DuplexStream,
    erx: oneshot::Receiver<String>,
) {
    let (ours_read, mut ours_write) = tokio::io::split(ours);
    let (done_tx, mut done_rx) = oneshot::channel::<()>();
    let mut reader = data.reader;
    tokio::spawn(async move {
        loop {
            tokio::select! {
                chunk = reader.read() => match chunk {
                    Some(chunk) => {
                        if ours_write.write_all(&chunk).await.is_err() {
                            break;
                        }
                    }
                    None => break,
                },
                _ = &mut done_rx => break,
            }
        }
        let _ = ours_write.shutdown().await;
    });
    let mut outbound = pump_out(ours_read, data.writer);
    tokio::spawn(async move {
        let mut erx = erx;
        let message = tokio::select! {
            biased;
            message = &mut erx => match message {
                Ok(message) => Some(message),
                // The PortStream is gone but its pipe may live on: wait for the pipe.
                Err(_) => {
                    let _ = (&mut outbound).await;
                    None
                }
            },
            // A failure reported just before the pipe closed still counts.
            _ = &mut outbound => erx.try_recv().ok(),
        };
        if let Some(message) = message {
            let _ = error_writer.write(Bytes::from(message)).await;
        }
        let _ = error_writer.close().await;
        drop(done_tx);
    });
}

fn port_forward_ws<T>(io: T, ports: &[u16], base64: bool) -> PortForwardSession
where
    T: AsyncRead + AsyncWrite + Unpin + Send + 'static,
{
    let (mut incoming, out) = ws::channels(io, base64, false);
    let (tx, rx) = mpsc::channel(ports.len().max(1));
    let mut inputs: Vec<Option<tokio::io::WriteHalf<DuplexStream>>> = Vec::new();
    let mut done = Vec::new();
    let mut streams = Vec::new();
    for (i, &port) in ports.iter().enumerate() {
        let data_ch = (2 * i) as u8;
        let error_ch = data_ch + 1;
        let (ours, theirs) = tokio::io::duplex(PIPE);
        let (mut ours_read, ours_write) = tokio::io::split(ours);
        inputs.push(Some(ours_write));
        let (etx, erx) = oneshot::channel::<String>();
        let out_data = out.clone();
        let out_err = out.clone();
        let prefix = Bytes::copy_from_slice(&port.to_le_bytes());
        let prefix2 = prefix.clone();
        done.push(tokio::spawn(async move {
            let _ = out_data.send(ws::Outgoing::Data(data_ch, prefix)).await;
            let mut buf = vec![0u8; 32 * 1024];
            while let Ok(n) = ours_read.read(&mut buf).await {
                if n == 0
                    || out_data
                        .send(ws::Outgoing::Data(
                            data_ch,
                            Bytes::copy_from_slice(&buf[..n]),
                        ))
                        .await
                        .is_err()
                {
                    break;
                }
            }
        }));
        done.push(tokio::spawn(async move {
            let _ = out_err.send(ws::Outgoing::Data(error_ch, prefix2)).await;
            if let Ok(message) = erx.await {
                let _ = out_err
                    .send(ws::Outgoing::Data(error_ch, Bytes::from(message)))
                    .await;
            }
        }));
        streams.push(PortStream {
            port,
            io: theirs,
            error: Some(etx),
        });
    }
    for s in streams {
        let _ = tx.try_send(s);
    }
    tokio::spawn(async move {
        while let Some(ev) = incoming.recv().await {
            if let ws::Incoming::Data(ch, data) = ev
                && ch % 2 == 0
                && let Some(slot) = inputs.get_mut(usize::from(ch / 2))
                && let Some(pipe) = slot
                && pipe.write_all(&data).await.is_err()
            {
                *slot = None;
            }
        }
        for mut pipe in inputs.into_iter().flatten() {
            let _ = pipe.shutdown().await;
        }
    });
    tokio::spawn(async move {
        for d in done {
            let _ = d.await;
        }
        let _ = out.send(ws::Outgoing::Close).await;
    });
    PortForwardSession { rx }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

    use super::*;

    #[test]
    fn ports_parse_from_comma_lists_and_repeats() {
        assert_eq!(
            ports_from_query("ports=80,8080&ports=9000").unwrap(),
            [80, 8080, 9000]
        );
        assert!(ports_from_query("ports=http").is_err());
        assert!(ports_from_query("ports=0").is_err());
        assert_eq!(ports_from_query("").unwrap(), Vec::<u16>::new());
    }
}
