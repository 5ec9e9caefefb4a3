use std::fmt;
use std::ops::Range;

/// A half-open byte range `[start, end)` into a document's original text.
///
/// Every `ByteSpan` satisfies `start <= end`; the constructor enforces it.
/// Offsets are `u32` because no document khaldun accepts is 4 GiB or larger
/// (the readers refuse such input before a span is made).
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct ByteSpan {
    start: u32,
    end: u32,
}

impl ByteSpan {
    /// Makes a span, ordering the two ends if they are given backwards.
    pub fn new(start: usize, end: usize) -> ByteSpan {
        let (start, end) = if start <= end {
            (start, end)
        } else {
            (end, start)
        };
        ByteSpan {
            start: start as u32,
            end: end as u32,
        }
    }

    pub fn start(self) -> usize {
        self.start as usize
    }

    pub fn end(self) -> usize {
        self.end as usize
    }

    pub fn len(self) -> usize {
        (self.end - self.start) as usize
    }

    pub fn is_empty(self) -> bool {
        self.start == self.end
    }

    pub fn range(self) -> Range<usize> {
        self.start()..self.end()
    }

    /// The smallest span covering both.
    pub fn cover(self, other: ByteSpan) -> ByteSpan {
        ByteSpan {
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }

    pub fn contains(self, other: ByteSpan) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    pub fn overlaps(self, other: ByteSpan) -> bool {
        self.start < other.end && other.start < self.end
    }

    /// The text under this span, or `None` if it does not fall on char
    /// boundaries of `text` (which means the span belongs to another text).
    pub fn get(self, text: &str) -> Option<&str> {
        text.get(self.range())
    }

    /// The text under this span; the empty string if the span does not fit.
    pub fn slice(self, text: &str) -> &str {
        self.get(text).unwrap_or("")
    }
}

impl fmt::Debug for ByteSpan {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}..{}", self.start, self.end)
    }
}

impl From<Range<usize>> for ByteSpan {
    fn from(r: Range<usize>) -> ByteSpan {
        ByteSpan::new(r.start, r.end)
    }
}
