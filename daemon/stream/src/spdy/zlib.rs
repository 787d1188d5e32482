//! SPDY/3 header-block compression: one zlib stream per direction for the whole session, seeded
//! with the preset dictionary of the SPDY/3 draft (section 2.6.10.1), each block ended by a sync
//! flush so the peer can decode it at once. Go's framer (which kubectl uses) compresses at
//! level 9 with the same dictionary.

use flate2::{Compress, Compression, Decompress, FlushCompress, FlushDecompress, Status};

/// SPDY/3's preset dictionary: 1423 bytes, Adler-32 0xe3c6a7c2 (the DICTID in every zlib header
/// a SPDY/3 peer writes).
pub static DICTIONARY: &[u8] = include_bytes!("dictionary.bin");

/// Largest decompressed header block accepted: the peer cannot make us allocate without bound.
pub const MAX_HEADER_BLOCK: usize = 1 << 20;

/// A failed compression or decompression.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("zlib compression of a header block failed")]
    Compress(#[source] flate2::CompressError),
    #[error("zlib decompression of a header block failed")]
    Decompress(#[source] flate2::DecompressError),
    #[error("header block asks for dictionary {0:#x}, not SPDY/3's")]
    WrongDictionary(u32),
    #[error("header block decompresses to more than {MAX_HEADER_BLOCK} bytes")]
    TooLarge,
}

/// The outgoing half: compresses header blocks.
pub struct HeaderCompressor {
    z: Compress,
}

impl HeaderCompressor {
    pub fn new() -> Result<Self, Error> {
        let mut z = Compress::new(Compression::best(), true);
        z.set_dictionary(DICTIONARY).map_err(Error::Compress)?;
        Ok(HeaderCompressor { z })
    }

    /// Compresses one block and sync-flushes it.
    pub fn compress(&mut self, block: &[u8]) -> Result<Vec<u8>, Error> {
        let mut out = Vec::with_capacity(block.len() / 2 + 64);
        let start = self.z.total_in();
        loop {
            let consumed = (self.z.total_in() - start) as usize;
            if out.capacity() - out.len() < 64 {
                out.reserve(block.len().max(256));
            }
            self.z
                .compress_vec(&block[consumed..], &mut out, FlushCompress::Sync)
                .map_err(Error::Compress)?;
            let consumed = (self.z.total_in() - start) as usize;
            // A sync flush is complete once zlib stops filling the whole output buffer.
            if consumed == block.len() && out.len() < out.capacity() {
                return Ok(out);
            }
        }
    }
}

/// The incoming half: decompresses header blocks.
pub struct HeaderDecompressor {
    z: Decompress,
}

impl HeaderDecompressor {
    pub fn new() -> Self {
        HeaderDecompressor {
            z: Decompress::new(true),
        }
    }

    /// Decompresses one sync-flushed block.
    pub fn decompress(&mut self, input: &[u8]) -> Result<Vec<u8>, Error> {
        let mut out = Vec::with_capacity(input.len() * 4 + 64);
        let start = self.z.total_in();
        loop {
            let consumed = (self.z.total_in() - start) as usize;
            if out.capacity() - out.len() < 64 {
                if out.len() >= MAX_HEADER_BLOCK {
                    return Err(Error::TooLarge);
                }
                out.reserve(out.len().max(256));
            }
            match self
                .z
                .decompress_vec(&input[consumed..], &mut out, FlushDecompress::Sync)
            {
                Ok(Status::StreamEnd) => return Ok(out),
                Ok(_) => {}
                Err(e) => match e.needs_dictionary() {
                    Some(id) if id == adler32(DICTIONARY) => {
                        self.z
                            .set_dictionary(DICTIONARY)
                            .map_err(Error::Decompress)?;
                    }
                    Some(id) => return Err(Error::WrongDictionary(id)),
                    None => return Err(Error::Decompress(e)),
                },
            }
            let consumed = (self.z.total_in() - start) as usize;
            if consumed == input.len() && out.len() < out.capacity() {
                return Ok(out);
            }
        }
    }
}

impl Default for HeaderDecompressor {
    fn default() -> Self {
        Self::new()
    }
}

/// Adler-32, the checksum zlib names dictionaries by.
pub fn adler32(data: &[u8]) -> u32 {
    let (mut a, mut b) = (1u32, 0u32);
    for chunk in data.chunks(5552) {
        for &byte in chunk {
            a += u32::from(byte);
            b += a;
        }
        a %= 65521;
        b %= 65521;
    }
    (b << 16) | a
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

    use super::*;

    #[test]
    fn the_dictionary_is_spdy3s() {
        assert_eq!(DICTIONARY.len(), 1423);
        assert_eq!(adler32(DICTIONARY), 0xe3c6_a7c2);
        assert!(DICTIONARY.starts_with(b"\0\0\0\x07options\0\0\0\x04head"));
        assert!(DICTIONARY.ends_with(b",*,enq=0."));
    }

    #[test]
    fn blocks_round_trip_across_one_session_stream() {
        let mut c = HeaderCompressor::new().unwrap();
        let mut d = HeaderDecompressor::new();
        for i in 0..50 {
            let block = format!("streamtype{i}stdout port 8080 requestid {i}").repeat(i % 7 + 1);
            let z = c.compress(block.as_bytes()).unwrap();
            assert_eq!(d.decompress(&z).unwrap(), block.as_bytes());
        }
    }

    #[test]
    fn the_zlib_header_names_the_spdy_dictionary() {
        let z = HeaderCompressor::new().unwrap().compress(b"x").unwrap();
        // CMF, FLG with FDICT, then the dictionary's Adler-32.
        assert_eq!(z[0], 0x78);
        assert_ne!(z[1] & 0x20, 0);
        assert_eq!(u32::from_be_bytes([z[2], z[3], z[4], z[5]]), 0xe3c6_a7c2);
    }

    #[test]
    fn garbage_is_an_error() {
        assert!(
            HeaderDecompressor::new()
                .decompress(b"\x12\x34garbage")
                .is_err()
        );
    }
}
