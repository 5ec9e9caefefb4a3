//! Little-endian binary encoding of model parts, with bounds-checked,
//! streaming, checksummed reads.

/// Why a model payload could not be decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct DecodeError(pub(crate) String);

pub(crate) type DResult<T> = Result<T, DecodeError>;

#[derive(Default)]
pub(crate) struct Writer {
    pub(crate) buf: Vec<u8>,
}

impl Writer {
    pub(crate) fn u32(&mut self, v: u32) {
        self.buf.extend_from_slice(&v.to_le_bytes());
    }
    pub(crate) fn u64(&mut self, v: u64) {
        self.buf.extend_from_slice(&v.to_le_bytes());
    }
    pub(crate) fn len(&mut self, v: usize) {
        self.u64(v as u64);
    }
    pub(crate) fn str(&mut self, s: &str) {
        self.len(s.len());
        self.buf.extend_from_slice(s.as_bytes());
    }
    pub(crate) fn strs(&mut self, v: &[String]) {
        self.len(v.len());
        for s in v {
            self.str(s);
        }
    }
    pub(crate) fn u64s(&mut self, v: &[u64]) {
        self.len(v.len());
        for x in v {
            self.buf.extend_from_slice(&x.to_le_bytes());
        }
    }
    pub(crate) fn u32s(&mut self, v: &[u32]) {
        self.len(v.len());
        for x in v {
            self.buf.extend_from_slice(&x.to_le_bytes());
        }
    }
    pub(crate) fn tag(&mut self, t: &[u8; 4]) {
        self.buf.extend_from_slice(t);
    }
}

/// Running checksum of the payload bytes a [`Reader`] consumed.
pub(crate) enum Sum {
    /// Format 1: FNV-1a 64, byte by byte.
    Fnv(u64),
    /// Format 2: CRC-32 (IEEE).
    Crc(crc32fast::Hasher),
}

impl Sum {
    pub(crate) fn fnv() -> Sum {
        Sum::Fnv(0xcbf2_9ce4_8422_2325)
    }
    pub(crate) fn crc() -> Sum {
        Sum::Crc(crc32fast::Hasher::new())
    }
    fn update(&mut self, bytes: &[u8]) {
        match self {
            Sum::Fnv(h) => {
                for b in bytes {
                    *h ^= *b as u64;
                    *h = h.wrapping_mul(0x0000_0100_0000_01b3);
                }
            }
            Sum::Crc(c) => c.update(bytes),
        }
    }
    pub(crate) fn value(&self) -> u64 {
        match self {
            Sum::Fnv(h) => *h,
            Sum::Crc(c) => c.clone().finalize() as u64,
        }
    }
}

/// Largest piece read at once when decoding big arrays.
const CHUNK: usize = 1 << 16;

/// Reads a payload of known length from a stream (usually the decompressor),
/// piece by piece, so that the whole payload is never held in memory; every
/// read is bounds-checked against the announced length and checksummed.
/// Bytes of a model table: borrowed from the binary (the built-in model,
/// used in place) or owned (a model read from a file or trained).
#[derive(Clone, Debug)]
pub(crate) enum Bytes {
    Static(&'static [u8]),
    Owned(Vec<u8>),
    /// A weight table placed for lookups (see `mem`).
    Table(crate::mem::TableBuf),
}

impl Default for Bytes {
    fn default() -> Bytes {
        Bytes::Static(&[])
    }
}

impl std::ops::Deref for Bytes {
    type Target = [u8];
    #[inline(always)]
    fn deref(&self) -> &[u8] {
        match self {
            Bytes::Static(s) => s,
            Bytes::Owned(v) => v,
            Bytes::Table(t) => t.bytes(),
        }
    }
}

/// Where a [`Reader`] takes the payload from.
enum Src<'a> {
    /// A stream, usually the decompressor.
    Stream(&'a mut dyn std::io::Read),
    /// An uncompressed payload that lives as long as the program.
    Static(&'static [u8]),
}

pub(crate) struct Reader<'a> {
    src: Src<'a>,
    buf: Vec<u8>,
    pos: u64,
    len: u64,
    sum: Sum,
    /// Layout version of the payload (the file format version).
    pub(crate) version: u32,
}

impl<'a> Reader<'a> {
    pub(crate) fn new(
        src: &'a mut dyn std::io::Read,
        len: u64,
        version: u32,
        sum: Sum,
    ) -> Reader<'a> {
        Reader {
            src: Src::Stream(src),
            buf: Vec::new(),
            pos: 0,
            len,
            sum,
            version,
        }
    }

    /// Reads an uncompressed payload in place: big tables are not copied.
    pub(crate) fn from_static(payload: &'static [u8], version: u32, sum: Sum) -> Reader<'a> {
        Reader {
            src: Src::Static(payload),
            buf: Vec::new(),
            pos: 0,
            len: payload.len() as u64,
            sum,
            version,
        }
    }

    /// The next `n` bytes, in place for a static payload, else copied.
    pub(crate) fn bytes(&mut self, n: usize, what: &str) -> DResult<Bytes> {
        if let Src::Static(s) = self.src {
            let start = self.pos as usize;
            self.take(n, what)?;
            return Ok(Bytes::Static(&s[start..start + n]));
        }
        let mut v = Vec::with_capacity(n.min(self.remaining() as usize));
        let mut left = n;
        while left > 0 {
            let k = left.min(CHUNK);
            v.extend_from_slice(self.take(k, what)?);
            left -= k;
        }
        Ok(Bytes::Owned(v))
    }

    /// The payload length the header announced.
    pub(crate) fn len_announced(&self) -> u64 {
        self.len
    }

    fn remaining(&self) -> u64 {
        self.len - self.pos
    }

    fn take(&mut self, n: usize, what: &str) -> DResult<&[u8]> {
        if n as u64 > self.remaining() {
            return Err(DecodeError(format!(
                "{} needs {} bytes at offset {} but the payload has {}",
                what, n, self.pos, self.len
            )));
        }
        let src = match &mut self.src {
            Src::Static(s) => {
                let b = &s[self.pos as usize..self.pos as usize + n];
                self.pos += n as u64;
                self.sum.update(b);
                return Ok(b);
            }
            Src::Stream(src) => src,
        };
        self.buf.clear();
        self.buf.resize(n, 0);
        if let Err(e) = src.read_exact(&mut self.buf) {
            return Err(DecodeError(format!(
                "cannot read the payload up to offset {} of the {} announced: {}",
                self.pos + n as u64,
                self.len,
                e
            )));
        }
        self.pos += n as u64;
        self.sum.update(&self.buf);
        Ok(&self.buf)
    }

    /// Reads `count` records of `size` bytes, handing them to `f` a chunk at a time.
    pub(crate) fn records(
        &mut self,
        count: usize,
        size: usize,
        what: &str,
        mut f: impl FnMut(&[u8]),
    ) -> DResult<()> {
        let total = count
            .checked_mul(size)
            .filter(|t| *t as u64 <= self.remaining());
        if total.is_none() {
            return Err(DecodeError(format!(
                "{} {} of {} bytes at offset {} exceed the {} bytes left",
                count,
                what,
                size,
                self.pos,
                self.remaining()
            )));
        }
        let per = (CHUNK / size.max(1)).max(1);
        let mut left = count;
        while left > 0 {
            let k = left.min(per);
            let b = self.take(k * size, what)?;
            for rec in b.chunks_exact(size) {
                f(rec);
            }
            left -= k;
        }
        Ok(())
    }

    /// Whether all announced bytes were read and the stream has nothing more.
    pub(crate) fn at_end(&mut self) -> bool {
        let mut one = [0u8; 1];
        self.pos == self.len
            && match &mut self.src {
                Src::Static(s) => s.len() as u64 == self.len,
                Src::Stream(src) => matches!(src.read(&mut one), Ok(0)),
            }
    }

    /// The checksum of everything read so far.
    pub(crate) fn checksum(&self) -> u64 {
        self.sum.value()
    }

    pub(crate) fn tag(&mut self, t: &[u8; 4]) -> DResult<()> {
        let at = self.pos;
        let got = self.take(4, "section tag")?;
        if got != t {
            return Err(DecodeError(format!(
                "expected section {:?} at offset {}, found {:?}",
                String::from_utf8_lossy(t),
                at,
                String::from_utf8_lossy(got)
            )));
        }
        Ok(())
    }
    pub(crate) fn u32(&mut self) -> DResult<u32> {
        let b = self.take(4, "u32")?;
        Ok(u32_le(b))
    }
    pub(crate) fn u64(&mut self) -> DResult<u64> {
        let b = self.take(8, "u64")?;
        Ok(u64_le(b))
    }
    pub(crate) fn len(&mut self, elem: usize) -> DResult<usize> {
        let n = self.u64()?;
        let remaining = self.remaining();
        if n.saturating_mul(elem.max(1) as u64) > remaining {
            return Err(DecodeError(format!(
                "a length of {} items at offset {} exceeds the {} bytes left",
                n,
                self.pos - 8,
                remaining
            )));
        }
        Ok(n as usize)
    }
    pub(crate) fn str(&mut self) -> DResult<String> {
        let n = self.len(1)?;
        let b = self.take(n, "string")?.to_vec();
        String::from_utf8(b)
            .map_err(|_| DecodeError(format!("invalid UTF-8 string before offset {}", self.pos)))
    }
    pub(crate) fn strs(&mut self) -> DResult<Vec<String>> {
        let n = self.len(8)?;
        (0..n).map(|_| self.str()).collect()
    }
    pub(crate) fn u64s(&mut self) -> DResult<Vec<u64>> {
        let n = self.len(8)?;
        let mut v = Vec::with_capacity(n);
        self.records(n, 8, "u64 array", |c| v.push(u64_le(c)))?;
        Ok(v)
    }
    pub(crate) fn u32s(&mut self) -> DResult<Vec<u32>> {
        let n = self.len(4)?;
        let mut v = Vec::with_capacity(n);
        self.records(n, 4, "u32 array", |c| v.push(u32_le(c)))?;
        Ok(v)
    }
    pub(crate) fn u16s(&mut self) -> DResult<Vec<u16>> {
        let n = self.len(2)?;
        let mut v = Vec::with_capacity(n);
        self.records(n, 2, "u16 array", |c| v.push(u16_le(c)))?;
        Ok(v)
    }
}

#[inline(always)]
pub(crate) fn u16_le(b: &[u8]) -> u16 {
    u16::from_le_bytes([b[0], b[1]])
}

#[inline(always)]
pub(crate) fn u32_le(b: &[u8]) -> u32 {
    u32::from_le_bytes([b[0], b[1], b[2], b[3]])
}

#[inline(always)]
pub(crate) fn u64_le(b: &[u8]) -> u64 {
    let mut a = [0u8; 8];
    a.copy_from_slice(&b[..8]);
    u64::from_le_bytes(a)
}

pub(crate) fn bad<T>(msg: impl Into<String>) -> DResult<T> {
    Err(DecodeError(msg.into()))
}
