//! Little-endian binary encoding of model parts, with bounds-checked reads.

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
    pub(crate) fn u16s(&mut self, v: &[u16]) {
        self.len(v.len());
        for x in v {
            self.buf.extend_from_slice(&x.to_le_bytes());
        }
    }
    pub(crate) fn tag(&mut self, t: &[u8; 4]) {
        self.buf.extend_from_slice(t);
    }
}

pub(crate) struct Reader<'a> {
    buf: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    pub(crate) fn new(buf: &'a [u8]) -> Reader<'a> {
        Reader { buf, pos: 0 }
    }
    fn take(&mut self, n: usize, what: &str) -> DResult<&'a [u8]> {
        let end = self.pos.checked_add(n).filter(|e| *e <= self.buf.len());
        match end {
            Some(end) => {
                let s = &self.buf[self.pos..end];
                self.pos = end;
                Ok(s)
            }
            None => Err(DecodeError(format!(
                "{} needs {} bytes at offset {} but the payload has {}",
                what,
                n,
                self.pos,
                self.buf.len()
            ))),
        }
    }
    pub(crate) fn at_end(&self) -> bool {
        self.pos == self.buf.len()
    }
    pub(crate) fn tag(&mut self, t: &[u8; 4]) -> DResult<()> {
        let got = self.take(4, "section tag")?;
        if got != t {
            return Err(DecodeError(format!(
                "expected section {:?} at offset {}, found {:?}",
                String::from_utf8_lossy(t),
                self.pos - 4,
                String::from_utf8_lossy(got)
            )));
        }
        Ok(())
    }
    pub(crate) fn u32(&mut self) -> DResult<u32> {
        let b = self.take(4, "u32")?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }
    pub(crate) fn u64(&mut self) -> DResult<u64> {
        let b = self.take(8, "u64")?;
        let mut a = [0u8; 8];
        a.copy_from_slice(b);
        Ok(u64::from_le_bytes(a))
    }
    pub(crate) fn len(&mut self, elem: usize) -> DResult<usize> {
        let n = self.u64()?;
        let remaining = (self.buf.len() - self.pos) as u64;
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
        let b = self.take(n, "string")?;
        String::from_utf8(b.to_vec())
            .map_err(|_| DecodeError(format!("invalid UTF-8 string before offset {}", self.pos)))
    }
    pub(crate) fn strs(&mut self) -> DResult<Vec<String>> {
        let n = self.len(8)?;
        (0..n).map(|_| self.str()).collect()
    }
    pub(crate) fn u64s(&mut self) -> DResult<Vec<u64>> {
        let n = self.len(8)?;
        let b = self.take(n * 8, "u64 array")?;
        Ok(b.chunks_exact(8)
            .map(|c| {
                let mut a = [0u8; 8];
                a.copy_from_slice(c);
                u64::from_le_bytes(a)
            })
            .collect())
    }
    pub(crate) fn u32s(&mut self) -> DResult<Vec<u32>> {
        let n = self.len(4)?;
        let b = self.take(n * 4, "u32 array")?;
        Ok(b.chunks_exact(4)
            .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            .collect())
    }
    pub(crate) fn u16s(&mut self) -> DResult<Vec<u16>> {
        let n = self.len(2)?;
        let b = self.take(n * 2, "u16 array")?;
        Ok(b.chunks_exact(2)
            .map(|c| u16::from_le_bytes([c[0], c[1]]))
            .collect())
    }
}

pub(crate) fn bad<T>(msg: impl Into<String>) -> DResult<T> {
    Err(DecodeError(msg.into()))
}
