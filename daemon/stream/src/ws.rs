//! The Kubernetes WebSocket channel protocols: every message carries one channel's bytes, prefixed
//! by the channel number — a raw byte in binary messages (`channel.k8s.io`, `v4.channel.k8s.io`,
//! `v5.channel.k8s.io`), an ASCII digit followed by base64 in text messages (the `base64.` variants).
//! v5 adds channel 255: a message `[255, n]` closes channel `n` (stdin EOF).
//!
//! Also the plumbing for SPDY tunnelled inside WebSocket binary messages (kubectl 1.31+
//! port-forward): [`tunnel`] turns the socket back into a byte stream.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use bytes::Bytes;
use futures::{SinkExt, StreamExt};
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, DuplexStream};
use tokio::sync::mpsc;
use tokio_tungstenite::WebSocketStream;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::protocol::{CloseFrame, Role, frame::coding::CloseCode};

/// v5's close-signal channel.
pub const CLOSE_CHANNEL: u8 = 255;

/// The GUID RFC 6455 appends to the client's key.
const WS_GUID: &str = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

/// `Sec-WebSocket-Accept` for a client's `Sec-WebSocket-Key`.
pub fn accept_key(key: &str) -> String {
    let mut ctx = ring::digest::Context::new(&ring::digest::SHA1_FOR_LEGACY_USE_ONLY);
    ctx.update(key.trim().as_bytes());
    ctx.update(WS_GUID.as_bytes());
    STANDARD.encode(ctx.finish())
}

/// What arrives from the client.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Incoming {
    Data(u8, Bytes),
    /// v5: the client will send nothing more on this channel.
    Close(u8),
}

/// What the server sends.
#[derive(Debug)]
pub enum Outgoing {
    Data(u8, Bytes),
    /// A close message (normal closure), then the end of the connection.
    Close,
}

/// Encodes one channel message.
pub fn encode(base64: bool, channel: u8, data: &[u8]) -> Message {
    if base64 {
        let mut text = String::with_capacity(1 + data.len() * 4 / 3 + 4);
        text.push(char::from(b'0'.wrapping_add(channel)));
        STANDARD.encode_string(data, &mut text);
        Message::text(text)
    } else {
        let mut buf = Vec::with_capacity(1 + data.len());
        buf.push(channel);
        buf.extend_from_slice(data);
        Message::binary(buf)
    }
}

/// Decodes one client message (`None`: not a channel message, or malformed). As in the
/// kubelet, the protocol decides the codec, not the message type: the Python client sends its
/// stdin as text messages with a raw channel byte on the binary protocols.
pub fn decode(base64: bool, v5: bool, message: Message) -> Option<Incoming> {
    let payload: Bytes = match message {
        Message::Binary(b) => b,
        Message::Text(t) => Bytes::copy_from_slice(t.as_bytes()),
        _ => return None,
    };
    let (&first, rest) = payload.split_first()?;
    let (channel, data) = if base64 {
        (
            first.checked_sub(b'0')?,
            Bytes::from(STANDARD.decode(rest).ok()?),
        )
    } else {
        (first, payload.slice(1..))
    };
    if v5 && channel == CLOSE_CHANNEL {
        return Some(Incoming::Close(*data.first()?));
    }
    Some(Incoming::Data(channel, data))
}

/// Runs the channel protocol over an upgraded connection: client messages arrive on the returned
/// receiver (which ends when the client goes), and [`Outgoing`] messages sent to the returned
/// sender go out in order.
pub fn channels<T>(
    io: T,
    base64: bool,
    v5: bool,
) -> (mpsc::Receiver<Incoming>, mpsc::Sender<Outgoing>)
where
    T: AsyncRead + AsyncWrite + Unpin + Send + 'static,
{
    let (in_tx, in_rx) = mpsc::channel::<Incoming>(16);
    let (out_tx, mut out_rx) = mpsc::channel::<Outgoing>(64);
    tokio::spawn(async move {
        let ws = WebSocketStream::from_raw_socket(io, Role::Server, None).await;
        let (mut sink, mut source) = ws.split();
        let mut in_tx = Some(in_tx);
        loop {
            tokio::select! {
                msg = source.next(), if in_tx.is_some() => match msg {
                    Some(Ok(Message::Close(_))) | Some(Err(_)) | None => in_tx = None,
                    Some(Ok(m)) => {
                        if let (Some(ev), Some(tx)) = (decode(base64, v5, m), &in_tx) {
                            let _ = tx.send(ev).await;
                        }
                    }
                },
                out = out_rx.recv() => match out {
                    Some(Outgoing::Data(ch, data)) => {
                        if sink.send(encode(base64, ch, &data)).await.is_err() {
                            break;
                        }
                    }
                    Some(Outgoing::Close) | None => {
                        let _ = sink.send(Message::Close(Some(CloseFrame {
                            code: CloseCode::Normal,
                            reason: "".into(),
                        }))).await;
                        let _ = sink.close().await;
                        break;
                    }
                },
            }
        }
    });
    (in_rx, out_tx)
}

/// SPDY inside WebSocket: each binary message carries the next bytes of the SPDY session. The
/// returned pipe end reads what the client sends and writes what goes back, one message per write.
pub fn tunnel<T>(io: T) -> DuplexStream
where
    T: AsyncRead + AsyncWrite + Unpin + Send + 'static,
{
    let (ours, theirs) = tokio::io::duplex(256 * 1024);
    tokio::spawn(async move {
        let ws = WebSocketStream::from_raw_socket(io, Role::Server, None).await;
        let (mut sink, mut source) = ws.split();
        let (mut pipe_read, mut pipe_write) = tokio::io::split(ours);
        let inbound = async move {
            while let Some(Ok(msg)) = source.next().await {
                match msg {
                    Message::Binary(b) if pipe_write.write_all(&b).await.is_err() => break,
                    Message::Close(_) => break,
                    _ => {}
                }
            }
            let _ = pipe_write.shutdown().await;
        };
        let outbound = async move {
            let mut buf = vec![0u8; 64 * 1024];
            loop {
                match pipe_read.read(&mut buf).await {
                    Ok(0) | Err(_) => break,
                    Ok(n) => {
                        if sink
                            .send(Message::binary(Bytes::copy_from_slice(&buf[..n])))
                            .await
                            .is_err()
                        {
                            return;
                        }
                    }
                }
            }
            let _ = sink
                .send(Message::Close(Some(CloseFrame {
                    code: CloseCode::Normal,
                    reason: "".into(),
                })))
                .await;
            let _ = sink.close().await;
        };
        // The session ends when the server side closes its end; a client that leaves first
        // ends the inbound half, which the SPDY session sees as EOF and closes in turn.
        tokio::join!(inbound, outbound);
    });
    theirs
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

    use super::*;

    #[test]
    fn the_accept_key_matches_rfc_6455s_example() {
        assert_eq!(
            accept_key("dGhlIHNhbXBsZSBub25jZQ=="),
            "s3pPLMBiTxaQ9kYGzzhZRbK+xOo="
        );
    }

    #[test]
    fn binary_and_base64_messages_round_trip() {
        for base64 in [false, true] {
            let m = encode(base64, 2, b"hello\x00\xff");
            assert_eq!(
                decode(base64, false, m),
                Some(Incoming::Data(2, Bytes::from_static(b"hello\x00\xff")))
            );
        }
        assert_eq!(encode(true, 1, b"hi"), Message::text("1aGk="));
    }

    #[test]
    fn text_messages_on_a_binary_protocol_carry_a_raw_channel_byte() {
        assert_eq!(
            decode(false, false, Message::text("\u{0}typed\n")),
            Some(Incoming::Data(0, Bytes::from_static(b"typed\n")))
        );
    }

    #[test]
    fn v5_close_signals_name_their_channel() {
        assert_eq!(
            decode(false, true, Message::binary(vec![255u8, 0])),
            Some(Incoming::Close(0))
        );
        assert_eq!(
            decode(false, false, Message::binary(vec![255u8, 0])),
            Some(Incoming::Data(255, Bytes::from_static(&[0])))
        );
    }

    #[test]
    fn empty_or_control_messages_are_not_channel_messages() {
        assert_eq!(decode(false, true, Message::binary(Vec::<u8>::new())), None);
        assert_eq!(decode(false, true, Message::Ping(Bytes::new())), None);
    }
}
