//! Every export format, written from a store and read back with an
//! independent reader: the csv crate (CSV, GDELT and Phoenix TSV),
//! roxmltree (GraphML, GEXF) and, when it is installed, networkx (GraphML,
//! GEXF). The Parquet read-back lives in event-export (feature `parquet`).

use std::collections::{HashMap, HashSet};
use std::process::Command;

use event_export::{
    CsvMentionWriter, EventRecord, FlatMention, GdeltWriter, Network, PhoenixWriter, GDELT_COLUMNS,
    PHOENIX_COLUMNS,
};
use event_store::synth::{self, SynthOptions};
use event_store::{group_by_document, NetworkOptions, Query, RecordReader, Store};

/// A store with synthetic documents plus the hand-written gold reports
/// (which carry uncoded claimants, missing targets' neighbours, negation).
fn store() -> Store {
    let opts = SynthOptions {
        seed: 3,
        documents: 120,
        mentions_per_doc: 3,
        events: 150,
        days: 30,
        first_day: 0,
    };
    let mut store = Store::open_in_memory().unwrap();
    store.ingest(&synth::documents(&opts, 0..120)).unwrap();
    let gold = include_str!("data/dedup_gold.jsonl");
    let records: Vec<EventRecord> = RecordReader::new(gold.as_bytes(), None)
        .collect::<Result<_, _>>()
        .unwrap();
    store.ingest(&group_by_document(records)).unwrap();
    store
}

fn all_hits(store: &Store) -> Vec<event_store::QueryHit> {
    store.query(&Query::default()).unwrap()
}

#[test]
fn jsonl_round_trips_every_record() {
    let store = store();
    let mut out = Vec::new();
    store
        .for_each_mention(&Query::default(), |row| {
            serde_json::to_writer(&mut out, &row.record)?;
            out.push(b'\n');
            Ok(())
        })
        .unwrap();
    let back: Vec<EventRecord> = RecordReader::new(&out[..], None)
        .collect::<Result<_, _>>()
        .unwrap();
    let hits = all_hits(&store);
    assert_eq!(back.len(), hits.len());
    for (b, h) in back.iter().zip(&hits) {
        assert_eq!(b, &h.record);
    }
}

#[test]
fn csv_reads_back_with_the_csv_crate() {
    let store = store();
    let mut w = CsvMentionWriter::new(Vec::new());
    store
        .for_each_mention(&Query::default(), |row| w.write(row))
        .unwrap();
    let bytes = w.finish().unwrap();
    let mut rdr = csv::Reader::from_reader(&bytes[..]);
    let header: Vec<String> = rdr.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(header, FlatMention::COLUMNS);
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let hits = all_hits(&store);
    let rows: Vec<csv::StringRecord> = rdr.records().collect::<Result<_, _>>().unwrap();
    assert_eq!(rows.len(), hits.len());
    for (row, hit) in rows.iter().zip(&hits) {
        let r = &hit.record;
        assert_eq!(&row[col("event_id")], r.event_id);
        assert_eq!(&row[col("cameo_code")], r.cameo.code, "leading zeros kept");
        assert_eq!(row[col("event")].parse::<i64>().unwrap(), hit.event);
        assert_eq!(&row[col("source_text")], r.source.text);
        assert_eq!(
            row[col("goldstein")].parse::<f32>().unwrap(),
            r.cameo.goldstein
        );
        let claimant = r
            .attribution
            .as_ref()
            .and_then(|a| a.asserted_by.as_ref())
            .map(|s| s.text.as_str())
            .unwrap_or("");
        assert_eq!(&row[col("claimant_text")], claimant);
    }
}

#[test]
fn gdelt_has_61_columns_in_order_and_one_row_per_event() {
    let store = store();
    let mut w = GdeltWriter::new(Vec::new());
    store
        .for_each_event(None, None, |row| w.write(row))
        .unwrap();
    let bytes = w.finish().unwrap();
    let mut rdr = csv::ReaderBuilder::new()
        .delimiter(b'\t')
        .has_headers(false)
        .quoting(false)
        .from_reader(&bytes[..]);
    let rows: Vec<csv::StringRecord> = rdr.records().collect::<Result<_, _>>().unwrap();
    let stats = store.stats().unwrap();
    assert_eq!(rows.len() as u64, stats.events);
    let col = |name: &str| GDELT_COLUMNS.iter().position(|h| *h == name).unwrap();
    let mut ids = HashSet::new();
    let mut mentions = 0u64;
    for row in &rows {
        assert_eq!(row.len(), 61);
        assert!(ids.insert(row[col("GlobalEventID")].to_string()));
        mentions += row[col("NumMentions")].parse::<u64>().unwrap();
        let code = &row[col("EventCode")];
        assert!(code.starts_with(&row[col("EventRootCode")]));
        assert!(code.starts_with(&row[col("EventBaseCode")]));
        let day = &row[col("Day")];
        assert!(day.is_empty() || (day.len() == 8 && day.bytes().all(|b| b.is_ascii_digit())));
        let articles: u64 = row[col("NumArticles")].parse().unwrap();
        let sources: u64 = row[col("NumSources")].parse().unwrap();
        assert!(sources <= articles && articles >= 1);
        assert!(row[col("AvgTone")].is_empty());
        let q: u8 = row[col("QuadClass")].parse().unwrap();
        assert!((1..=4).contains(&q));
    }
    assert_eq!(mentions, stats.mentions);
}

#[test]
fn phoenix_has_its_26_fields() {
    let store = store();
    let mut w = PhoenixWriter::new(Vec::new());
    let mut expected = HashMap::new();
    store
        .for_each_event(None, None, |row| {
            expected.insert(row.event.to_string(), row.record.cameo.code.clone());
            w.write(row)
        })
        .unwrap();
    let bytes = w.finish().unwrap();
    let mut rdr = csv::ReaderBuilder::new()
        .delimiter(b'\t')
        .has_headers(false)
        .quoting(false)
        .from_reader(&bytes[..]);
    let col = |name: &str| PHOENIX_COLUMNS.iter().position(|h| *h == name).unwrap();
    let mut n = 0;
    for row in rdr.records() {
        let row = row.unwrap();
        assert_eq!(row.len(), 26);
        assert_eq!(&row[col("code")], expected[&row[col("id")]]);
        let source = &row[col("source")];
        let root = &row[col("source_root")];
        assert!(source.starts_with(root));
        let class: u8 = row[col("quad_class")].parse().unwrap();
        assert!(class <= 4);
        assert!(!row[col("ids")].is_empty());
        n += 1;
    }
    assert_eq!(n as u64, store.stats().unwrap().events);
}

fn network(store: &Store) -> Network {
    store.network(&NetworkOptions::default()).unwrap()
}

fn python_has_networkx() -> bool {
    Command::new("python3")
        .args(["-c", "import networkx"])
        .output()
        .is_ok_and(|o| o.status.success())
}

#[test]
fn graphml_parses_as_xml_and_in_networkx() {
    let store = store();
    let net = network(&store);
    let mut out = Vec::new();
    net.write_graphml(&mut out).unwrap();
    let text = String::from_utf8(out).unwrap();
    let doc = roxmltree::Document::parse(&text).unwrap();
    let ns = "http://graphml.graphdrawing.org/xmlns";
    let nodes: HashSet<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name((ns, "node")))
        .map(|n| n.attribute("id").unwrap())
        .collect();
    let edges: Vec<_> = doc
        .descendants()
        .filter(|n| n.has_tag_name((ns, "edge")))
        .collect();
    assert_eq!(nodes.len(), net.nodes.len());
    assert_eq!(edges.len(), net.edges.len());
    let keys: HashSet<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name((ns, "key")))
        .map(|n| n.attribute("id").unwrap())
        .collect();
    for e in &edges {
        assert!(nodes.contains(e.attribute("source").unwrap()));
        assert!(nodes.contains(e.attribute("target").unwrap()));
        for d in e.children().filter(|c| c.is_element()) {
            assert!(keys.contains(d.attribute("key").unwrap()));
        }
    }

    if !python_has_networkx() {
        eprintln!("note: python3 networkx not available; GraphML checked with roxmltree only");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("g.graphml");
    std::fs::write(&path, &text).unwrap();
    let total_events: u64 = net.edges.iter().map(|e| e.events).sum();
    let script = concat!(
        "import networkx as nx, sys\n",
        "g = nx.read_graphml(sys.argv[1])\n",
        "assert g.is_directed()\n",
        "ev = sum(d['events'] for _, _, d in g.edges(data=True))\n",
        "assert all(isinstance(d['events'], int) for _, _, d in g.edges(data=True))\n",
        "assert all(isinstance(d['goldstein_mean'], float) for _, _, d in g.edges(data=True))\n",
        "print(g.number_of_nodes(), g.number_of_edges(), ev)\n"
    );
    let out = Command::new("python3")
        .args(["-c", script, path.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let got = String::from_utf8(out.stdout).unwrap();
    assert_eq!(
        got.trim(),
        format!("{} {} {}", net.nodes.len(), net.edges.len(), total_events)
    );
}

#[test]
fn gexf_dot_and_json_read_back() {
    let store = store();
    let net = network(&store);
    let mut gexf = Vec::new();
    net.write_gexf(&mut gexf).unwrap();
    let gexf = String::from_utf8(gexf).unwrap();
    let doc = roxmltree::Document::parse(&gexf).unwrap();
    let ns = "http://gexf.net/1.3";
    assert_eq!(
        doc.descendants()
            .filter(|n| n.has_tag_name((ns, "node")))
            .count(),
        net.nodes.len()
    );
    assert_eq!(
        doc.descendants()
            .filter(|n| n.has_tag_name((ns, "edge")))
            .count(),
        net.edges.len()
    );
    if python_has_networkx() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("g.gexf");
        std::fs::write(&path, &gexf).unwrap();
        let out = Command::new("python3")
            .args([
                "-c",
                "import networkx as nx, sys; g = nx.read_gexf(sys.argv[1]); print(g.number_of_nodes(), g.number_of_edges())",
                path.to_str().unwrap(),
            ])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(
            String::from_utf8(out.stdout).unwrap().trim(),
            format!("{} {}", net.nodes.len(), net.edges.len())
        );
    } else {
        eprintln!("note: python3 networkx not available; GEXF checked with roxmltree only");
    }

    let mut dot = Vec::new();
    net.write_dot(&mut dot).unwrap();
    let dot = String::from_utf8(dot).unwrap();
    assert!(dot.starts_with("digraph") && dot.trim_end().ends_with('}'));
    assert_eq!(
        dot.lines().filter(|l| l.contains("\" -> \"")).count(),
        net.edges.len()
    );

    let mut json = Vec::new();
    net.write_json(&mut json).unwrap();
    let v: serde_json::Value = serde_json::from_slice(&json).unwrap();
    assert_eq!(v["nodes"].as_array().unwrap().len(), net.nodes.len());
    assert_eq!(v["edges"].as_array().unwrap().len(), net.edges.len());
    assert_eq!(
        v["edges"][0]["events"].as_u64().unwrap(),
        net.edges[0].events
    );
}
