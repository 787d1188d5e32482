//! SPDY/3 frames: the in-memory form of every frame kind, and the codec that turns them into bytes
//! and back. Header blocks are compressed by one zlib stream per direction, seeded with SPDY/3's
//! preset dictionary (see [`super::zlib`]); so an [`Encoder`] and a [`Decoder`] each live as long
//! as their session, and frames must pass through them in wire order.

use bytes::{Buf, BufMut, Bytes, BytesMut};

use super::zlib::{self, HeaderCompressor, HeaderDecompressor};

/// SPDY version carried in every control frame.
pub const VERSION: u16 = 3;

/// Largest payload a frame's 24-bit length field can describe.
pub const MAX_FRAME_LENGTH: usize = (1 << 24) - 1;

/// Flag FIN on SYN_STREAM, SYN_REPLY, HEADERS and DATA: the sender's half of the stream is done.
pub const FLAG_FIN: u8 = 0x01;
/// Flag UNIDIRECTIONAL on SYN_STREAM: the receiver must not send on the stream.
pub const FLAG_UNIDIRECTIONAL: u8 = 0x02;
/// SETTINGS id of the initial per-stream window.
pub const SETTINGS_INITIAL_WINDOW_SIZE: u32 = 7;

/// RST_STREAM status codes used here.
pub mod rst {
    /// The peer broke the protocol.
    pub const PROTOCOL_ERROR: u32 = 1;
    /// The stream is not (or no longer) known.
    pub const INVALID_STREAM: u32 = 2;
    /// The stream was refused before any processing.
    pub const REFUSED_STREAM: u32 = 3;
    /// The stream is no longer needed.
    pub const CANCEL: u32 = 5;
    /// The sender exceeded the stream's window.
    pub const FLOW_CONTROL_ERROR: u32 = 7;
}

/// Name/value pairs of a header block, names lowercase; several values of one name are joined
/// with NUL as on the wire.
pub type Headers = Vec<(String, String)>;

/// Value of the first header named `name` (case-insensitive), if any.
pub fn header<'a>(headers: &'a Headers, name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

/// One SETTINGS entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Setting {
    pub flags: u8,
    pub id: u32,
    pub value: u32,
}

/// A SPDY/3 frame.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Frame {
    SynStream {
        stream_id: u32,
        associated_to: u32,
        priority: u8,
        slot: u8,
        flags: u8,
        headers: Headers,
    },
    SynReply {
        stream_id: u32,
        flags: u8,
        headers: Headers,
    },
    RstStream {
        stream_id: u32,
        status: u32,
    },
    Settings {
        flags: u8,
        entries: Vec<Setting>,
    },
    Ping {
        id: u32,
    },
    GoAway {
        last_good_stream_id: u32,
        status: u32,
    },
    Headers {
        stream_id: u32,
        flags: u8,
        headers: Headers,
    },
    WindowUpdate {
        stream_id: u32,
        delta: u32,
    },
    Data {
        stream_id: u32,
        flags: u8,
        data: Bytes,
    },
}

/// Why bytes could not be read as a frame (or a frame not written).
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("unsupported SPDY version {0}")]
    Version(u16),
    #[error("{kind} frame of {length} bytes is malformed")]
    Malformed { kind: &'static str, length: usize },
    #[error("header block is malformed")]
    HeaderBlock,
    #[error("frame payload of {0} bytes exceeds 2^24-1")]
    TooLarge(usize),
    #[error("header block compression failed")]
    Zlib(#[from] zlib::Error),
}

const TYPE_SYN_STREAM: u16 = 1;
const TYPE_SYN_REPLY: u16 = 2;
const TYPE_RST_STREAM: u16 = 3;
const TYPE_SETTINGS: u16 = 4;
const TYPE_PING: u16 = 6;
const TYPE_GOAWAY: u16 = 7;
const TYPE_HEADERS: u16 = 8;
const TYPE_WINDOW_UPDATE: u16 = 9;
const STREAM_ID_MASK: u32 = 0x7fff_ffff;

/// Writes frames, compressing header blocks with the session's outgoing zlib stream.
pub struct Encoder {
    compressor: HeaderCompressor,
}

impl Encoder {
    pub fn new() -> Result<Self, Error> {
        Ok(Encoder {
            compressor: HeaderCompressor::new()?,
        })
    }

    /// Appends `frame`'s bytes to `out`.
    pub fn encode(&mut self, frame: &Frame, out: &mut BytesMut) -> Result<(), Error> {
        match frame {
            Frame::Data {
                stream_id,
                flags,
                data,
            } => {
                if data.len() > MAX_FRAME_LENGTH {
                    return Err(Error::TooLarge(data.len()));
                }
                out.put_u32(stream_id & STREAM_ID_MASK);
                out.put_u32((u32::from(*flags) << 24) | data.len() as u32);
                out.put_slice(data);
                Ok(())
            }
            Frame::SynStream {
                stream_id,
                associated_to,
                priority,
                slot,
                flags,
                headers,
            } => {
                let block = self.compressor.compress(&encode_header_block(headers))?;
                let mut body = BytesMut::with_capacity(10 + block.len());
                body.put_u32(stream_id & STREAM_ID_MASK);
                body.put_u32(associated_to & STREAM_ID_MASK);
                body.put_u8((priority & 0x07) << 5);
                body.put_u8(*slot);
                body.put_slice(&block);
                control(out, TYPE_SYN_STREAM, *flags, &body)
            }
            Frame::SynReply {
                stream_id,
                flags,
                headers,
            } => self.stream_headers(out, TYPE_SYN_REPLY, *stream_id, *flags, headers),
            Frame::Headers {
                stream_id,
                flags,
                headers,
            } => self.stream_headers(out, TYPE_HEADERS, *stream_id, *flags, headers),
            Frame::RstStream { stream_id, status } => control_u32s(
                out,
                TYPE_RST_STREAM,
                0,
                &[stream_id & STREAM_ID_MASK, *status],
            ),
            Frame::Settings { flags, entries } => {
                let mut body = BytesMut::with_capacity(4 + 8 * entries.len());
                body.put_u32(entries.len() as u32);
                for e in entries {
                    body.put_u32((u32::from(e.flags) << 24) | (e.id & 0x00ff_ffff));
                    body.put_u32(e.value);
                }
                control(out, TYPE_SETTINGS, *flags, &body)
            }
            Frame::Ping { id } => control_u32s(out, TYPE_PING, 0, &[*id]),
            Frame::GoAway {
                last_good_stream_id,
                status,
            } => control_u32s(
                out,
                TYPE_GOAWAY,
                0,
                &[last_good_stream_id & STREAM_ID_MASK, *status],
            ),
            Frame::WindowUpdate { stream_id, delta } => control_u32s(
                out,
                TYPE_WINDOW_UPDATE,
                0,
                &[stream_id & STREAM_ID_MASK, delta & STREAM_ID_MASK],
            ),
        }
    }

    fn stream_headers(
        &mut self,
        out: &mut BytesMut,
        kind: u16,
        stream_id: u32,
        flags: u8,
        headers: &Headers,
    ) -> Result<(), Error> {
        let block = self.compressor.compress(&encode_header_block(headers))?;
        let mut body = BytesMut::with_capacity(4 + block.len());
        body.put_u32(stream_id & STREAM_ID_MASK);
        body.put_slice(&block);
        control(out, kind, flags, &body)
    }
}

fn control(out: &mut BytesMut, kind: u16, flags: u8, body: &[u8]) -> Result<(), Error> {
    if body.len() > MAX_FRAME_LENGTH {
        return Err(Error::TooLarge(body.len()));
    }
    out.put_u16(0x8000 | VERSION);
    out.put_u16(kind);
    out.put_u32((u32::from(flags) << 24) | body.len() as u32);
    out.put_slice(body);
    Ok(())
}

fn control_u32s(out: &mut BytesMut, kind: u16, flags: u8, words: &[u32]) -> Result<(), Error> {
    let mut body = BytesMut::with_capacity(4 * words.len());
    for w in words {
        body.put_u32(*w);
    }
    control(out, kind, flags, &body)
}

/// The uncompressed header block: count, then length-prefixed names and values.
pub fn encode_header_block(headers: &Headers) -> Vec<u8> {
    let mut block = Vec::with_capacity(4 + headers.len() * 32);
    block.put_u32(headers.len() as u32);
    for (name, value) in headers {
        let name = name.to_ascii_lowercase();
        block.put_u32(name.len() as u32);
        block.put_slice(name.as_bytes());
        block.put_u32(value.len() as u32);
        block.put_slice(value.as_bytes());
    }
    block
}

/// Parses an uncompressed header block.
pub fn decode_header_block(mut block: &[u8]) -> Result<Headers, Error> {
    fn take<'a>(block: &mut &'a [u8]) -> Result<&'a [u8], Error> {
        if block.len() < 4 {
            return Err(Error::HeaderBlock);
        }
        let len = block.get_u32() as usize;
        if block.len() < len {
            return Err(Error::HeaderBlock);
        }
        let (value, rest) = block.split_at(len);
        *block = rest;
        Ok(value)
    }
    if block.len() < 4 {
        return Err(Error::HeaderBlock);
    }
    let count = block.get_u32() as usize;
    // Each pair takes at least 8 bytes: a count beyond that is a lie, not an allocation size.
    let mut headers = Vec::with_capacity(count.min(block.len() / 8));
    for _ in 0..count {
        let name = take(&mut block)?;
        let value = take(&mut block)?;
        let name = std::str::from_utf8(name).map_err(|_| Error::HeaderBlock)?;
        let value = String::from_utf8_lossy(value).into_owned();
        headers.push((name.to_ascii_lowercase(), value));
    }
    Ok(headers)
}

/// Reads frames from a byte buffer, decompressing header blocks with the session's incoming
/// zlib stream.
pub struct Decoder {
    decompressor: HeaderDecompressor,
}

impl Decoder {
    pub fn new() -> Self {
        Decoder {
            decompressor: HeaderDecompressor::new(),
        }
    }

    /// The next whole frame at the front of `buf` (consumed), or `None` if more bytes are needed.
    /// Control frames of unknown types are skipped, as SPDY/3 requires.
    pub fn decode(&mut self, buf: &mut BytesMut) -> Result<Option<Frame>, Error> {
        loop {
            if buf.len() < 8 {
                return Ok(None);
            }
            let length = (u32::from_be_bytes([0, buf[5], buf[6], buf[7]])) as usize;
            if buf.len() < 8 + length {
                buf.reserve(8 + length - buf.len());
                return Ok(None);
            }
            let head = buf.split_to(8);
            let body = buf.split_to(length).freeze();
            let flags = head[4];
            if head[0] & 0x80 == 0 {
                let stream_id = u32::from_be_bytes([head[0], head[1], head[2], head[3]]);
                return Ok(Some(Frame::Data {
                    stream_id: stream_id & STREAM_ID_MASK,
                    flags,
                    data: body,
                }));
            }
            let version = u16::from_be_bytes([head[0], head[1]]) & 0x7fff;
            if version != VERSION {
                return Err(Error::Version(version));
            }
            let kind = u16::from_be_bytes([head[2], head[3]]);
            if let Some(frame) = self.control(kind, flags, body)? {
                return Ok(Some(frame));
            }
        }
    }

    fn control(&mut self, kind: u16, flags: u8, mut body: Bytes) -> Result<Option<Frame>, Error> {
        let length = body.len();
        let need = |min: usize, name: &'static str| {
            if length < min {
                Err(Error::Malformed { kind: name, length })
            } else {
                Ok(())
            }
        };
        let frame = match kind {
            TYPE_SYN_STREAM => {
                need(10, "SYN_STREAM")?;
                let stream_id = body.get_u32() & STREAM_ID_MASK;
                let associated_to = body.get_u32() & STREAM_ID_MASK;
                let priority = body.get_u8() >> 5;
                let slot = body.get_u8();
                let headers = decode_header_block(&self.decompressor.decompress(&body)?)?;
                Frame::SynStream {
                    stream_id,
                    associated_to,
                    priority,
                    slot,
                    flags,
                    headers,
                }
            }
            TYPE_SYN_REPLY | TYPE_HEADERS => {
                need(4, "SYN_REPLY")?;
                let stream_id = body.get_u32() & STREAM_ID_MASK;
                let headers = decode_header_block(&self.decompressor.decompress(&body)?)?;
                if kind == TYPE_SYN_REPLY {
                    Frame::SynReply {
                        stream_id,
                        flags,
                        headers,
                    }
                } else {
                    Frame::Headers {
                        stream_id,
                        flags,
                        headers,
                    }
                }
            }
            TYPE_RST_STREAM => {
                need(8, "RST_STREAM")?;
                Frame::RstStream {
                    stream_id: body.get_u32() & STREAM_ID_MASK,
                    status: body.get_u32(),
                }
            }
            TYPE_SETTINGS => {
                need(4, "SETTINGS")?;
                let count = body.get_u32() as usize;
                if body.len() != count.saturating_mul(8) {
                    return Err(Error::Malformed {
                        kind: "SETTINGS",
                        length,
                    });
                }
                let entries = (0..count)
                    .map(|_| {
                        let word = body.get_u32();
                        Setting {
                            flags: (word >> 24) as u8,
                            id: word & 0x00ff_ffff,
                            value: body.get_u32(),
                        }
                    })
                    .collect();
                Frame::Settings { flags, entries }
            }
            TYPE_PING => {
                need(4, "PING")?;
                Frame::Ping { id: body.get_u32() }
            }
            TYPE_GOAWAY => {
                need(4, "GOAWAY")?;
                let last_good_stream_id = body.get_u32() & STREAM_ID_MASK;
                // SPDY/3 added the status word; tolerate its absence.
                let status = if body.len() >= 4 { body.get_u32() } else { 0 };
                Frame::GoAway {
                    last_good_stream_id,
                    status,
                }
            }
            TYPE_WINDOW_UPDATE => {
                need(8, "WINDOW_UPDATE")?;
                Frame::WindowUpdate {
                    stream_id: body.get_u32() & STREAM_ID_MASK,
                    delta: body.get_u32() & STREAM_ID_MASK,
                }
            }
            _ => return Ok(None),
        };
        Ok(Some(frame))
    }
}

impl Default for Decoder {
    fn default() -> Self {
        Self::new()
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

    use super::*;

    fn hdrs(pairs: &[(&str, &str)]) -> Headers {
        pairs
            .iter()
            .map(|(n, v)| (n.to_string(), v.to_string()))
            .collect()
    }

    fn round_trip(frames: &[Frame]) -> Vec<Frame> {
        let mut enc = Encoder::new().unwrap();
        let mut dec = Decoder::new();
        let mut buf = BytesMut::new();
        for f in frames {
            enc.encode(f, &mut buf).unwrap();
        }
        let mut out = Vec::new();
        while let Some(f) = dec.decode(&mut buf).unwrap() {
            out.push(f);
        }
        assert!(buf.is_empty());
        out
    }

    #[test]
    fn every_frame_kind_round_trips_through_one_encoder_and_decoder() {
        let frames = vec![
            Frame::SynStream {
                stream_id: 1,
                associated_to: 0,
                priority: 3,
                slot: 0,
                flags: FLAG_FIN,
                headers: hdrs(&[("streamtype", "error"), ("port", "80")]),
            },
            Frame::SynReply {
                stream_id: 1,
                flags: 0,
                headers: vec![],
            },
            Frame::SynStream {
                stream_id: 3,
                associated_to: 1,
                priority: 0,
                slot: 0,
                flags: 0,
                headers: hdrs(&[("streamtype", "data"), ("port", "80"), ("requestid", "0")]),
            },
            Frame::Headers {
                stream_id: 3,
                flags: FLAG_FIN,
                headers: hdrs(&[("x", "a\0b")]),
            },
            Frame::RstStream {
                stream_id: 3,
                status: rst::CANCEL,
            },
            Frame::Settings {
                flags: 0,
                entries: vec![Setting {
                    flags: 0,
                    id: SETTINGS_INITIAL_WINDOW_SIZE,
                    value: 1 << 20,
                }],
            },
            Frame::Ping { id: 7 },
            Frame::GoAway {
                last_good_stream_id: 3,
                status: 0,
            },
            Frame::WindowUpdate {
                stream_id: 3,
                delta: 65536,
            },
            Frame::Data {
                stream_id: 3,
                flags: FLAG_FIN,
                data: Bytes::from_static(b"hello"),
            },
        ];
        assert_eq!(round_trip(&frames), frames);
    }

    #[test]
    fn a_partial_frame_waits_for_more_bytes() {
        let mut enc = Encoder::new().unwrap();
        let mut full = BytesMut::new();
        enc.encode(&Frame::Ping { id: 1 }, &mut full).unwrap();
        let mut dec = Decoder::new();
        let mut part = BytesMut::from(&full[..5]);
        assert_eq!(dec.decode(&mut part).unwrap(), None);
        part.extend_from_slice(&full[5..]);
        assert_eq!(dec.decode(&mut part).unwrap(), Some(Frame::Ping { id: 1 }));
    }

    #[test]
    fn unknown_control_frames_are_skipped() {
        let mut buf = BytesMut::new();
        control(&mut buf, 10, 0, b"credential").unwrap();
        let mut enc = Encoder::new().unwrap();
        enc.encode(&Frame::Ping { id: 2 }, &mut buf).unwrap();
        assert_eq!(
            Decoder::new().decode(&mut buf).unwrap(),
            Some(Frame::Ping { id: 2 })
        );
    }

    #[test]
    fn a_header_block_with_a_lying_length_is_an_error_not_a_panic() {
        let mut block = encode_header_block(&hdrs(&[("a", "b")]));
        block[7] = 200;
        assert!(decode_header_block(&block).is_err());
        assert!(decode_header_block(&[0, 0, 0, 9]).is_err());
    }

    #[test]
    fn spdy_version_2_is_refused() {
        let mut buf = BytesMut::from(&[0x80u8, 2, 0, 6, 0, 0, 0, 4, 0, 0, 0, 1][..]);
        assert!(matches!(
            Decoder::new().decode(&mut buf),
            Err(Error::Version(2))
        ));
    }
    /// The first frame kubectl 1.27 sent after the upgrade of `kubectl exec -i p -- true`,
    /// captured on loopback: its header block uses Go's zlib with the SPDY/3 dictionary.
    const KUBECTL_1_27_SYN_STREAM: &[u8] = &[
        0x80, 0x03, 0x00, 0x01, 0x00, 0x00, 0x00, 0x29, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00,
        0x00, 0x00, 0x00, 0x78, 0xf9, 0xe3, 0xc6, 0xa7, 0xc2, 0x62, 0x60, 0x60, 0x60, 0x04, 0xa7,
        0xb3, 0x92, 0xa2, 0xd4, 0xc4, 0x5c, 0x68, 0x51, 0xc2, 0x9a, 0x0a, 0x0a, 0x68, 0x00, 0x00,
        0x00, 0x00, 0xff, 0xff,
    ];

    #[test]
    fn a_syn_stream_captured_from_kubectl_decodes_with_the_spdy3_dictionary() {
        let mut buf = BytesMut::from(KUBECTL_1_27_SYN_STREAM);
        let frame = Decoder::new().decode(&mut buf).unwrap().unwrap();
        let Frame::SynStream {
            stream_id,
            headers,
            flags,
            ..
        } = frame
        else {
            panic!("not a SYN_STREAM: {frame:?}");
        };
        assert_eq!(stream_id, 1);
        assert_eq!(flags, 0);
        assert_eq!(header(&headers, "streamType"), Some("error"));
        assert!(buf.is_empty());
    }
}
