//! The default dictionaries, embedded at compile time: the Phoenix set from
//! `dictionaries/phoenix/` (see its `PROVENANCE.md`) and khaldun's own
//! supplement from `dictionaries/khaldun/`.

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
    // khaldun's own supplement: armed groups Phoenix lacks.
    (
        "khaldun.actors.txt",
        include_bytes!("../../../dictionaries/khaldun/khaldun.actors.txt"),
    ),
    (
        "Phoenix.agents.txt",
        include_bytes!("../../../dictionaries/phoenix/Phoenix.agents.txt"),
    ),
    // khaldun's own supplement: bare role nouns Phoenix lacks.
    (
        "khaldun.agents.txt",
        include_bytes!("../../../dictionaries/khaldun/khaldun.agents.txt"),
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
