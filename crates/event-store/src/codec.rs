//! The compact binary form of an event record stored in `mentions.record`.
//!
//! JSON is three to four times larger and several times slower to write and
//! read; the store writes every mention once and reads records back for
//! queries and exports, so it keeps them in this form. Layout: a version
//! byte, then every field of [`EventRecord`] in declaration order: strings
//! as a varint length and UTF-8 bytes, integers as varints, floats as
//! little-endian bytes, `Option` and `bool` as one byte. Stores migrated from
//! schema v2 keep their records as JSON text, which [`decode_value`] also reads.
//!
//! The encoder destructures every record type exhaustively, so a field added
//! to a record type fails to compile here until the format learns it (bump
//! [`VERSION`] and keep decoding the old version).

use event_export::{
    ActorRecord, AttributionRecord, CameoRecord, DateRecord, EventRecord, LocationRecord,
    PloverRecord, SpanRecord, SpeakerRecord, TriggerRecord,
};
use rusqlite::types::ValueRef;

/// Format version written as the first byte.
pub(crate) const VERSION: u8 = 1;

/// Appends the encoding of `r` to `out`.
pub(crate) fn encode(r: &EventRecord, out: &mut Vec<u8>) {
    let EventRecord {
        doc_id,
        event_id,
        sentence_index,
        sentence_span,
        trigger,
        source,
        target,
        cameo,
        plover,
        date,
        attribution,
        negated,
        hypothetical,
        location,
        pattern,
        published,
        // The store never keeps uncoded claims (`NewDocument::from_records`).
        uncoded: _,
    } = r;
    out.push(VERSION);
    put_str(out, doc_id);
    put_str(out, event_id);
    put_u64(out, u64::from(*sentence_index));
    let SpanRecord { start, end } = sentence_span;
    put_u64(out, u64::from(*start));
    put_u64(out, u64::from(*end));
    put_trigger(out, trigger);
    put_actor(out, source);
    put_opt(out, target.as_ref(), put_actor);
    let CameoRecord {
        code,
        root,
        quad_class,
        goldstein,
    } = cameo;
    put_str(out, code);
    put_str(out, root);
    out.push(*quad_class);
    out.extend_from_slice(&goldstein.to_le_bytes());
    put_opt(out, plover.as_ref(), |out, p| {
        let PloverRecord { kind, mode } = p;
        put_str(out, kind);
        put_opt_str(out, mode.as_deref());
    });
    put_opt(out, date.as_ref(), |out, d| {
        let DateRecord {
            start,
            end,
            basis,
            historical,
        } = d;
        put_opt_date(out, start.as_deref());
        put_opt_date(out, end.as_deref());
        put_opt_str(out, basis.as_deref());
        out.push(u8::from(*historical));
    });
    put_opt(out, attribution.as_ref(), |out, a| {
        let AttributionRecord {
            asserted_by,
            cue,
            reported_by,
        } = a;
        put_opt(out, asserted_by.as_ref(), |out, s| {
            let SpeakerRecord { text, code } = s;
            put_str(out, text);
            put_opt_str(out, code.as_deref());
        });
        put_opt_str(out, cue.as_deref());
        put_opt_str(out, reported_by.as_deref());
    });
    out.push(u8::from(*negated));
    out.push(u8::from(*hypothetical));
    put_opt(out, location.as_ref(), |out, l| {
        let LocationRecord {
            name,
            country,
            lat,
            lon,
        } = l;
        put_str(out, name);
        put_opt_str(out, country.as_deref());
        put_opt(out, lat.as_ref(), |out, x| {
            out.extend_from_slice(&x.to_le_bytes())
        });
        put_opt(out, lon.as_ref(), |out, x| {
            out.extend_from_slice(&x.to_le_bytes())
        });
    });
    put_opt_str(out, pattern.as_deref());
    put_opt_date(out, published.as_deref());
}

/// An optional date string: 0 none, 1 and the string, or 2 and the day
/// number (zigzag varint) when the string is a canonical `YYYY-MM-DD`.
fn put_opt_date(out: &mut Vec<u8>, v: Option<&str>) {
    match v {
        None => out.push(0),
        Some(s) => match crate::parse_day(s) {
            Some(day) => {
                out.push(2);
                put_u64(out, ((day << 1) ^ (day >> 31)) as u32 as u64);
            }
            None => {
                out.push(1);
                put_str(out, s);
            }
        },
    }
}

fn put_u64(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

fn put_str(out: &mut Vec<u8>, s: &str) {
    put_u64(out, s.len() as u64);
    out.extend_from_slice(s.as_bytes());
}

fn put_opt<T>(out: &mut Vec<u8>, v: Option<&T>, f: impl FnOnce(&mut Vec<u8>, &T)) {
    match v {
        Some(x) => {
            out.push(1);
            f(out, x);
        }
        None => out.push(0),
    }
}

fn put_opt_str(out: &mut Vec<u8>, v: Option<&str>) {
    match v {
        Some(s) => {
            out.push(1);
            put_str(out, s);
        }
        None => out.push(0),
    }
}

fn put_trigger(out: &mut Vec<u8>, t: &TriggerRecord) {
    let TriggerRecord { text, start, end } = t;
    put_str(out, text);
    put_u64(out, u64::from(*start));
    put_u64(out, u64::from(*end));
}

fn put_actor(out: &mut Vec<u8>, a: &ActorRecord) {
    let ActorRecord {
        text,
        code,
        start,
        end,
        antecedent,
    } = a;
    put_str(out, text);
    put_opt_str(out, code.as_deref());
    put_u64(out, u64::from(*start));
    put_u64(out, u64::from(*end));
    put_opt(out, antecedent.as_ref(), put_trigger);
}

/// A reader over an encoded record; every getter fails on truncated or
/// malformed input instead of panicking.
struct Reader<'a> {
    b: &'a [u8],
}

type R<T> = std::result::Result<T, String>;

impl<'a> Reader<'a> {
    fn byte(&mut self) -> R<u8> {
        let (&x, rest) = self.b.split_first().ok_or("truncated record")?;
        self.b = rest;
        Ok(x)
    }

    fn bytes(&mut self, n: usize) -> R<&'a [u8]> {
        if self.b.len() < n {
            return Err("truncated record".into());
        }
        let (x, rest) = self.b.split_at(n);
        self.b = rest;
        Ok(x)
    }

    fn u64(&mut self) -> R<u64> {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let x = self.byte()?;
            v |= u64::from(x & 0x7f) << shift;
            if x < 0x80 {
                return Ok(v);
            }
        }
        Err("bad varint in record".into())
    }

    fn u32(&mut self) -> R<u32> {
        u32::try_from(self.u64()?).map_err(|_| "number out of range in record".to_string())
    }

    fn bool(&mut self) -> R<bool> {
        match self.byte()? {
            0 => Ok(false),
            1 => Ok(true),
            x => Err(format!("bad flag {x} in record")),
        }
    }

    fn string(&mut self) -> R<String> {
        let n = usize::try_from(self.u64()?).map_err(|_| "bad length".to_string())?;
        let b = self.bytes(n)?;
        String::from_utf8(b.to_vec()).map_err(|_| "invalid UTF-8 in record".to_string())
    }

    fn opt<T>(&mut self, f: impl FnOnce(&mut Self) -> R<T>) -> R<Option<T>> {
        if self.bool()? {
            f(self).map(Some)
        } else {
            Ok(None)
        }
    }

    fn opt_string(&mut self) -> R<Option<String>> {
        self.opt(|r| r.string())
    }

    fn opt_date(&mut self) -> R<Option<String>> {
        match self.byte()? {
            0 => Ok(None),
            1 => self.string().map(Some),
            2 => {
                let z = self.u32()?;
                let day = ((z >> 1) as i32) ^ -((z & 1) as i32);
                let s = crate::format_day(day);
                if s.is_empty() {
                    return Err(format!("day {day} out of range in record"));
                }
                Ok(Some(s))
            }
            x => Err(format!("bad date tag {x} in record")),
        }
    }

    fn f32(&mut self) -> R<f32> {
        let b = self.bytes(4)?;
        Ok(f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }

    fn f64(&mut self) -> R<f64> {
        let b = self.bytes(8)?;
        let mut a = [0u8; 8];
        a.copy_from_slice(b);
        Ok(f64::from_le_bytes(a))
    }

    fn trigger(&mut self) -> R<TriggerRecord> {
        Ok(TriggerRecord {
            text: self.string()?,
            start: self.u32()?,
            end: self.u32()?,
        })
    }

    fn actor(&mut self) -> R<ActorRecord> {
        Ok(ActorRecord {
            text: self.string()?,
            code: self.opt_string()?,
            start: self.u32()?,
            end: self.u32()?,
            antecedent: self.opt(|r| r.trigger())?,
        })
    }
}

/// Decodes a record written by [`encode`].
pub(crate) fn decode(b: &[u8]) -> R<EventRecord> {
    let mut r = Reader { b };
    let v = r.byte()?;
    if v != VERSION {
        return Err(format!("unknown record format {v}"));
    }
    let rec = EventRecord {
        doc_id: r.string()?,
        event_id: r.string()?,
        sentence_index: r.u32()?,
        sentence_span: SpanRecord {
            start: r.u32()?,
            end: r.u32()?,
        },
        trigger: r.trigger()?,
        source: r.actor()?,
        target: r.opt(|r| r.actor())?,
        cameo: CameoRecord {
            code: r.string()?,
            root: r.string()?,
            quad_class: r.byte()?,
            goldstein: r.f32()?,
        },
        plover: r.opt(|r| {
            Ok(PloverRecord {
                kind: r.string()?,
                mode: r.opt_string()?,
            })
        })?,
        date: r.opt(|r| {
            Ok(DateRecord {
                start: r.opt_date()?,
                end: r.opt_date()?,
                basis: r.opt_string()?,
                historical: r.bool()?,
            })
        })?,
        attribution: r.opt(|r| {
            Ok(AttributionRecord {
                asserted_by: r.opt(|r| {
                    Ok(SpeakerRecord {
                        text: r.string()?,
                        code: r.opt_string()?,
                    })
                })?,
                cue: r.opt_string()?,
                reported_by: r.opt_string()?,
            })
        })?,
        negated: r.bool()?,
        hypothetical: r.bool()?,
        location: r.opt(|r| {
            Ok(LocationRecord {
                name: r.string()?,
                country: r.opt_string()?,
                lat: r.opt(|r| r.f64())?,
                lon: r.opt(|r| r.f64())?,
            })
        })?,
        pattern: r.opt_string()?,
        published: r.opt_date()?,
        uncoded: false,
    };
    if !r.b.is_empty() {
        return Err("trailing bytes after record".into());
    }
    Ok(rec)
}

/// Decodes a stored record: a blob written by [`encode`], or JSON text
/// (records carried over from schema v2).
pub(crate) fn decode_value(v: ValueRef<'_>) -> R<EventRecord> {
    match v {
        ValueRef::Blob(b) => decode(b),
        ValueRef::Text(t) => serde_json::from_slice(t).map_err(|e| e.to_string()),
        _ => Err("stored record is neither a blob nor JSON text".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn synthetic_records_round_trip_and_are_smaller_than_json() {
        let opts = crate::synth::SynthOptions::default();
        for i in 0..50 {
            for mut r in crate::synth::document(&opts, i).records {
                if i % 7 == 0 {
                    // Exercise the optional fields the generator leaves out.
                    r.pattern = Some("KILL * PERSON".into());
                    r.source.antecedent = Some(TriggerRecord {
                        text: "they".into(),
                        start: 1,
                        end: 5,
                    });
                    r.target = None;
                    r.plover = None;
                    r.negated = true;
                    r.cameo.goldstein = -7.25;
                    r.published = Some("sometime in 2015".into());
                    if let Some(d) = &mut r.date {
                        d.start = Some("0001-01-01".into());
                        d.end = Some("9999-12-31".into());
                    }
                }
                let mut b = Vec::new();
                encode(&r, &mut b);
                assert_eq!(decode(&b).unwrap(), r);
                assert_eq!(decode_value(ValueRef::Blob(&b)).unwrap(), r);
                let json = serde_json::to_string(&r).unwrap();
                assert_eq!(decode_value(ValueRef::Text(json.as_bytes())).unwrap(), r);
                assert!(b.len() * 2 < json.len(), "{} vs {}", b.len(), json.len());
                // Every truncation is an error, never a panic.
                for n in 0..b.len() {
                    assert!(decode(&b[..n]).is_err());
                }
            }
        }
    }
}
