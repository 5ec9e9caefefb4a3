//! Decompresses the shipped model (models/syntax-en.khsyn) once, at build
//! time, so that the binary carries its payload ready to decode: loading the
//! built-in model then skips inflating ~58 MB. The output keeps the file's
//! header behind the signature `KHSYNRAW`; `Model::builtin` still checks the
//! version, the length and the payload checksum. If the file cannot be
//! decompressed here, it is passed on unchanged and `Model::builtin` reports
//! the typed error at run time.
use std::io::Read;
use std::path::Path;

const HEADER: usize = 8 + 4 + 8 + 8 + 8;

fn inflate(bytes: &[u8]) -> Option<Vec<u8>> {
    if bytes.len() < HEADER || &bytes[..8] != b"KHSYNTX\0" {
        return None;
    }
    let u64_at = |i: usize| {
        let mut a = [0u8; 8];
        a.copy_from_slice(&bytes[i..i + 8]);
        u64::from_le_bytes(a)
    };
    let (payload_len, compressed_len) = (u64_at(12), u64_at(20));
    if (bytes.len() - HEADER) as u64 != compressed_len || payload_len > 1 << 31 {
        return None;
    }
    let mut out = Vec::with_capacity(HEADER + payload_len as usize);
    out.extend_from_slice(b"KHSYNRAW");
    out.extend_from_slice(&bytes[8..HEADER]);
    let mut dec = flate2::read::ZlibDecoder::new(&bytes[HEADER..]).take(payload_len + 1);
    dec.read_to_end(&mut out).ok()?;
    (out.len() as u64 == HEADER as u64 + payload_len).then_some(out)
}

fn main() {
    let model = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../models/syntax-en.khsyn");
    println!("cargo:rerun-if-changed={}", model.display());
    println!("cargo:rerun-if-changed=build.rs");
    let bytes = std::fs::read(&model).unwrap_or_default();
    let out = inflate(&bytes).unwrap_or_else(|| {
        println!(
            "cargo:warning={} could not be decompressed at build time; Model::builtin will report why",
            model.display()
        );
        bytes
    });
    let dir = std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR");
    std::fs::write(Path::new(&dir).join("syntax-en.khsyn-raw"), out).expect("OUT_DIR is writable");
}
