//! The default Phoenix dictionaries, embedded at compile time from
//! `dictionaries/phoenix/` at the workspace root (see its `PROVENANCE.md`).

/// `(file name, bytes)`; names ending in `.gz` are gzip-compressed.
pub(crate) const PHOENIX_FILES: &[(&str, &[u8])] = &[
    (
        "Phoenix.Countries.actors.txt.gz",
        include_bytes!("../../../dictionaries/phoenix/Phoenix.Countries.actors.txt.gz"),
    ),
    (
        "Phoenix.International.actors.txt.gz",
        include_bytes!("../../../dictionaries/phoenix/Phoenix.International.actors.txt.gz"),
    ),
    (
        "Phoenix.MilNonState.actors.txt.gz",
        include_bytes!("../../../dictionaries/phoenix/Phoenix.MilNonState.actors.txt.gz"),
    ),
    (
        "Phoenix.agents.txt",
        include_bytes!("../../../dictionaries/phoenix/Phoenix.agents.txt"),
    ),
    (
        "Phoenix.discards.txt",
        include_bytes!("../../../dictionaries/phoenix/Phoenix.discards.txt"),
    ),
    (
        "Phoenix.IssueCoding.txt.gz",
        include_bytes!("../../../dictionaries/phoenix/Phoenix.IssueCoding.txt.gz"),
    ),
];
