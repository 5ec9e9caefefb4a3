//! The Parquet export read back with the parquet crate's row reader (an
//! independent path from the Arrow writer). Runs with the `parquet` feature,
//! which the workspace build turns on through the CLI.
#![cfg(feature = "parquet")]

use event_export::parquet_out::parquet::file::reader::{FileReader, SerializedFileReader};
use event_export::parquet_out::parquet::record::Field;
use event_export::{EventRecord, FlatMention, MentionRow, ParquetMentionWriter};

fn rows() -> Vec<MentionRow> {
    let text = include_str!("../../event-store/tests/data/dedup_gold.jsonl");
    text.lines()
        .enumerate()
        .map(|(i, line)| MentionRow {
            event: 1000 + (i as i64 % 7),
            event_mentions: 1 + (i as u32 % 3),
            record: serde_json::from_str::<EventRecord>(line).unwrap(),
        })
        .collect()
}

#[test]
fn parquet_reads_back_with_the_row_reader() {
    let rows = rows();
    let dir = std::env::temp_dir().join(format!("khaldun-parquet-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("m.parquet");
    let mut w = ParquetMentionWriter::new(std::fs::File::create(&path).unwrap()).unwrap();
    for r in &rows {
        w.write(r).unwrap();
    }
    w.finish().unwrap();

    let reader = SerializedFileReader::new(std::fs::File::open(&path).unwrap()).unwrap();
    let schema = reader.metadata().file_metadata().schema_descr();
    let names: Vec<&str> = schema.columns().iter().map(|c| c.name()).collect();
    assert_eq!(names, FlatMention::COLUMNS);
    let mut n = 0;
    for (row, want) in reader.get_row_iter(None).unwrap().zip(&rows) {
        let row = row.unwrap();
        let get = |name: &str| {
            row.get_column_iter()
                .find(|(k, _)| k.as_str() == name)
                .map(|(_, v)| v.clone())
                .unwrap()
        };
        let r = &want.record;
        assert_eq!(get("event"), Field::Long(want.event));
        assert_eq!(get("event_mentions"), Field::UInt(want.event_mentions));
        assert_eq!(get("event_id"), Field::Str(r.event_id.clone()));
        assert_eq!(get("cameo_code"), Field::Str(r.cameo.code.clone()));
        assert_eq!(get("quad_class"), Field::UByte(r.cameo.quad_class));
        assert_eq!(get("goldstein"), Field::Float(r.cameo.goldstein));
        assert_eq!(get("negated"), Field::Bool(r.negated));
        assert_eq!(get("trigger_start"), Field::UInt(r.trigger.start));
        match (&r.location, get("location_name")) {
            (Some(l), Field::Str(s)) => assert_eq!(s, l.name),
            (None, Field::Null) => {}
            (l, f) => panic!("location {l:?} written as {f:?}"),
        }
        match (
            r.attribution.as_ref().and_then(|a| a.asserted_by.as_ref()),
            get("claimant_text"),
        ) {
            (Some(s), Field::Str(t)) => assert_eq!(t, s.text),
            (None, Field::Null) => {}
            (s, f) => panic!("claimant {s:?} written as {f:?}"),
        }
        n += 1;
    }
    assert_eq!(n, rows.len());
    let _ = std::fs::remove_dir_all(&dir);
}
