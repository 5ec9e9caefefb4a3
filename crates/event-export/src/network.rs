//! The actor network and the per-actor timeline as serialized outputs:
//! GraphML (Gephi, networkx), GEXF 1.3, JSON and Graphviz DOT.
//!
//! Nodes are actors (by normalized code); a directed edge `a -> b` summarises
//! the deduplicated events with source `a` and target `b`.

use std::io::{self, Write};

use serde::Serialize;

/// An actor in the network.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct NetworkNode {
    /// The node id: the normalized actor code, or `~words` for an uncoded actor.
    pub id: String,
    pub code: Option<String>,
    /// The words of the actor's first mention.
    pub name: String,
    /// Mentions of the events the actor takes part in (within the filters).
    pub mentions: u64,
    /// Deduplicated events the actor takes part in, as source or target.
    pub events: u64,
}

/// Events from one actor to another.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct NetworkEdge {
    pub source: String,
    pub target: String,
    /// Deduplicated events on this edge.
    pub events: u64,
    /// Mentions of those events.
    pub mentions: u64,
    /// Event counts by QuadClass 1..=4.
    pub verbal_cooperation: u64,
    pub material_cooperation: u64,
    pub verbal_conflict: u64,
    pub material_conflict: u64,
    pub goldstein_sum: f64,
    pub goldstein_mean: f64,
    /// First and last event date, `YYYY-MM-DD`.
    pub first_date: Option<String>,
    pub last_date: Option<String>,
    /// Distinct claimants (`attribution.asserted_by`) of the edge's mentions.
    pub claimants: Vec<String>,
}

/// A directed actor network with the filters that produced it.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Network {
    pub from: Option<String>,
    pub to: Option<String>,
    pub own_voice_only: bool,
    pub claimant: Option<String>,
    pub nodes: Vec<NetworkNode>,
    pub edges: Vec<NetworkEdge>,
}

/// One period of an actor's timeline.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TimelineRow {
    /// `YYYY-MM-DD` (day), `YYYY-Www` (ISO week) or `YYYY-MM` (month).
    pub period: String,
    pub events: u64,
    pub mentions: u64,
    pub verbal_cooperation: u64,
    pub material_cooperation: u64,
    pub verbal_conflict: u64,
    pub material_conflict: u64,
    pub goldstein_mean: Option<f64>,
}

fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Characters XML 1.0 forbids are dropped.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            c => out.push(c),
        }
    }
    out
}

fn dot_escape(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace(['\n', '\r'], " ")
}

fn quad_counts(e: &NetworkEdge) -> [u64; 4] {
    [
        e.verbal_cooperation,
        e.material_cooperation,
        e.verbal_conflict,
        e.material_conflict,
    ]
}

const QUAD_NAMES: [&str; 4] = [
    "verbal_cooperation",
    "material_cooperation",
    "verbal_conflict",
    "material_conflict",
];

impl Network {
    /// GraphML with typed `<key>`s; `weight` is the event count.
    pub fn write_graphml<W: Write>(&self, mut w: W) -> io::Result<()> {
        writeln!(w, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
        writeln!(
            w,
            r#"<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">"#
        )?;
        let node_keys = [
            ("code", "string"),
            ("label", "string"),
            ("mentions", "long"),
            ("events", "long"),
        ];
        for (name, ty) in node_keys {
            writeln!(
                w,
                r#"  <key id="n_{name}" for="node" attr.name="{name}" attr.type="{ty}"/>"#
            )?;
        }
        let mut edge_keys = vec![
            ("weight", "double"),
            ("events", "long"),
            ("mentions", "long"),
        ];
        edge_keys.extend(QUAD_NAMES.iter().map(|q| (*q, "long")));
        edge_keys.extend([
            ("goldstein_sum", "double"),
            ("goldstein_mean", "double"),
            ("first_date", "string"),
            ("last_date", "string"),
            ("claimants", "string"),
        ]);
        for (name, ty) in &edge_keys {
            writeln!(
                w,
                r#"  <key id="e_{name}" for="edge" attr.name="{name}" attr.type="{ty}"/>"#
            )?;
        }
        writeln!(w, r#"  <graph id="khaldun" edgedefault="directed">"#)?;
        for n in &self.nodes {
            writeln!(w, r#"    <node id="{}">"#, xml_escape(&n.id))?;
            if let Some(code) = &n.code {
                writeln!(w, r#"      <data key="n_code">{}</data>"#, xml_escape(code))?;
            }
            writeln!(
                w,
                r#"      <data key="n_label">{}</data>"#,
                xml_escape(&n.name)
            )?;
            writeln!(w, r#"      <data key="n_mentions">{}</data>"#, n.mentions)?;
            writeln!(w, r#"      <data key="n_events">{}</data>"#, n.events)?;
            writeln!(w, "    </node>")?;
        }
        for (i, e) in self.edges.iter().enumerate() {
            writeln!(
                w,
                r#"    <edge id="e{i}" source="{}" target="{}">"#,
                xml_escape(&e.source),
                xml_escape(&e.target)
            )?;
            writeln!(
                w,
                r#"      <data key="e_weight">{}</data>"#,
                e.events as f64
            )?;
            writeln!(w, r#"      <data key="e_events">{}</data>"#, e.events)?;
            writeln!(w, r#"      <data key="e_mentions">{}</data>"#, e.mentions)?;
            for (name, count) in QUAD_NAMES.iter().zip(quad_counts(e)) {
                writeln!(w, r#"      <data key="e_{name}">{count}</data>"#)?;
            }
            writeln!(
                w,
                r#"      <data key="e_goldstein_sum">{}</data>"#,
                e.goldstein_sum
            )?;
            writeln!(
                w,
                r#"      <data key="e_goldstein_mean">{}</data>"#,
                e.goldstein_mean
            )?;
            for (name, v) in [("first_date", &e.first_date), ("last_date", &e.last_date)] {
                if let Some(v) = v {
                    writeln!(w, r#"      <data key="e_{name}">{}</data>"#, xml_escape(v))?;
                }
            }
            writeln!(
                w,
                r#"      <data key="e_claimants">{}</data>"#,
                xml_escape(&e.claimants.join(";"))
            )?;
            writeln!(w, "    </edge>")?;
        }
        writeln!(w, "  </graph>")?;
        writeln!(w, "</graphml>")?;
        w.flush()
    }

    /// GEXF 1.3 (Gephi's native format), static directed graph.
    pub fn write_gexf<W: Write>(&self, mut w: W) -> io::Result<()> {
        writeln!(w, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
        writeln!(
            w,
            r#"<gexf xmlns="http://gexf.net/1.3" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd" version="1.3">"#
        )?;
        writeln!(w, r#"  <meta><creator>khaldun</creator></meta>"#)?;
        writeln!(w, r#"  <graph defaultedgetype="directed" mode="static">"#)?;
        writeln!(w, r#"    <attributes class="node">"#)?;
        for (i, (name, ty)) in [("code", "string"), ("mentions", "long"), ("events", "long")]
            .iter()
            .enumerate()
        {
            writeln!(
                w,
                r#"      <attribute id="{i}" title="{name}" type="{ty}"/>"#
            )?;
        }
        writeln!(w, "    </attributes>")?;
        let mut edge_attrs: Vec<(&str, &str)> = vec![("events", "long"), ("mentions", "long")];
        edge_attrs.extend(QUAD_NAMES.iter().map(|q| (*q, "long")));
        edge_attrs.extend([
            ("goldstein_sum", "double"),
            ("goldstein_mean", "double"),
            ("first_date", "string"),
            ("last_date", "string"),
            ("claimants", "string"),
        ]);
        writeln!(w, r#"    <attributes class="edge">"#)?;
        for (i, (name, ty)) in edge_attrs.iter().enumerate() {
            writeln!(
                w,
                r#"      <attribute id="{i}" title="{name}" type="{ty}"/>"#
            )?;
        }
        writeln!(w, "    </attributes>")?;
        writeln!(w, "    <nodes>")?;
        for n in &self.nodes {
            writeln!(
                w,
                r#"      <node id="{}" label="{}"><attvalues><attvalue for="0" value="{}"/><attvalue for="1" value="{}"/><attvalue for="2" value="{}"/></attvalues></node>"#,
                xml_escape(&n.id),
                xml_escape(&n.name),
                xml_escape(n.code.as_deref().unwrap_or("")),
                n.mentions,
                n.events
            )?;
        }
        writeln!(w, "    </nodes>")?;
        writeln!(w, "    <edges>")?;
        for (i, e) in self.edges.iter().enumerate() {
            let mut values: Vec<String> = vec![e.events.to_string(), e.mentions.to_string()];
            values.extend(quad_counts(e).iter().map(|c| c.to_string()));
            values.push(e.goldstein_sum.to_string());
            values.push(e.goldstein_mean.to_string());
            values.push(e.first_date.clone().unwrap_or_default());
            values.push(e.last_date.clone().unwrap_or_default());
            values.push(e.claimants.join(";"));
            write!(
                w,
                r#"      <edge id="{i}" source="{}" target="{}" weight="{}"><attvalues>"#,
                xml_escape(&e.source),
                xml_escape(&e.target),
                e.events as f64
            )?;
            for (j, v) in values.iter().enumerate() {
                write!(w, r#"<attvalue for="{j}" value="{}"/>"#, xml_escape(v))?;
            }
            writeln!(w, "</attvalues></edge>")?;
        }
        writeln!(w, "    </edges>")?;
        writeln!(w, "  </graph>")?;
        writeln!(w, "</gexf>")?;
        w.flush()
    }

    /// Graphviz DOT; edges are labelled with their event count.
    pub fn write_dot<W: Write>(&self, mut w: W) -> io::Result<()> {
        writeln!(w, "digraph khaldun {{")?;
        for n in &self.nodes {
            writeln!(
                w,
                "  \"{}\" [label=\"{}\", mentions={}, events={}];",
                dot_escape(&n.id),
                dot_escape(&n.name),
                n.mentions,
                n.events
            )?;
        }
        for e in &self.edges {
            writeln!(
                w,
                "  \"{}\" -> \"{}\" [label=\"{}\", weight={}, mentions={}, verbal_cooperation={}, material_cooperation={}, verbal_conflict={}, material_conflict={}, goldstein_sum={}, goldstein_mean={}, first_date=\"{}\", last_date=\"{}\", claimants=\"{}\"];",
                dot_escape(&e.source),
                dot_escape(&e.target),
                e.events,
                e.events,
                e.mentions,
                e.verbal_cooperation,
                e.material_cooperation,
                e.verbal_conflict,
                e.material_conflict,
                e.goldstein_sum,
                e.goldstein_mean,
                e.first_date.as_deref().unwrap_or(""),
                e.last_date.as_deref().unwrap_or(""),
                dot_escape(&e.claimants.join(";"))
            )?;
        }
        writeln!(w, "}}")?;
        w.flush()
    }

    /// Pretty JSON of the whole network.
    pub fn write_json<W: Write>(&self, mut w: W) -> io::Result<()> {
        serde_json::to_writer_pretty(&mut w, self)?;
        writeln!(w)?;
        w.flush()
    }
}
