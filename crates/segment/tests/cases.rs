//! Data-driven cases: `(input, expected)` tables for tokens and sentences.
//!
//! Expected tokens are written separated by single spaces; the words of one
//! surface token (a UD multiword token) are joined with `|`: `do|n't`.

use segment::{segment, tokenize};

/// Renders the words of `text` in the notation of the tables.
fn render_tokens(text: &str) -> String {
    let mut out = String::new();
    for (i, w) in tokenize(text).iter().enumerate() {
        if i > 0 {
            out.push(if w.glued { '|' } else { ' ' });
        }
        out.push_str(w.span.slice(text));
    }
    out
}

fn render_sentences(text: &str) -> Vec<String> {
    let seg = segment(text);
    (0..seg.sentences.len())
        .map(|i| seg.sentence_span(i).slice(text).to_string())
        .collect()
}

const TOKEN_CASES: &[(&str, &str)] = &[
    // Abbreviations keep their period.
    ("The U.S. Army said so.", "The U.S. Army said so ."),
    (
        "Gen. Mark Milley met Sept. 30 at 5 p.m. in Kabul.",
        "Gen. Mark Milley met Sept. 30 at 5 p.m. in Kabul .",
    ),
    (
        "Resolution No. 2334 passed.",
        "Resolution No. 2334 passed .",
    ),
    (
        "They said no. Then they left.",
        "They said no . Then they left .",
    ),
    (
        "talks in Washington, D.C., ended",
        "talks in Washington , D.C. , ended",
    ),
    ("the U.S.-led coalition", "the U.S. - led coalition"),
    ("Mr. al-Sadr's men", "Mr. al - Sadr|'s men"),
    ("e.g. tanks, i.e. armour", "e.g. tanks , i.e. armour"),
    // Datelines.
    (
        "KABUL, Sept 30 (Xinhua) -- Afghan forces",
        "KABUL , Sept 30 ( Xinhua ) -- Afghan forces",
    ),
    ("WASHINGTON (Reuters) - The", "WASHINGTON ( Reuters ) - The"),
    // Possessives and contractions.
    ("Erdoğan's visit", "Erdoğan|'s visit"),
    ("the ministry’s statement", "the ministry|’s statement"),
    ("the soldiers' families", "the soldiers|' families"),
    (
        "We don't know, it's late and they're gone.",
        "We do|n't know , it|'s late and they|'re gone .",
    ),
    ("He can't and won't.", "He ca|n't and wo|n't ."),
    (
        "I'm sure you'll see I've tried; we'd go.",
        "I|'m sure you|'ll see I|'ve tried ; we|'d go .",
    ),
    ("They cannot stay.", "They can|not stay ."),
    ("O'Brien and D'Souza", "O'Brien and D'Souza"),
    // Hyphens: split as UD does, except listed prefixes.
    (
        "a well-known search-engine",
        "a well - known search - engine",
    ),
    (
        "non-state actors and co-founders of anti-government groups",
        "non-state actors and co-founders of anti-government groups",
    ),
    (
        "Jaish-e Mohammed and Lashkar-e-Taiba",
        "Jaish-e Mohammed and Lashkar-e-Taiba",
    ),
    ("Abu Bakr al-Baghdadi", "Abu Bakr al - Baghdadi"),
    ("an F-16 and COVID-19", "an F - 16 and COVID - 19"),
    ("pre- and post-war", "pre- and post-war"),
    ("cars from the ’70s", "cars from the ’70s"),
    // Numbers, ranges, years, money, times, dates.
    ("the 1980-1988 war", "the 1980 - 1988 war"),
    ("ages 18-24", "ages 18 - 24"),
    (
        "1,200 people and 3.5 million",
        "1,200 people and 3.5 million",
    ),
    ("$5 billion, up 12%", "$ 5 billion , up 12 %"),
    (
        "£1.4bn at 10am, 21st and 1990s",
        "£ 1.4 bn at 10 am , 21st and 1990s",
    ),
    ("at 10:30 on 11/28/2000", "at 10:30 on 11/28/2000"),
    (
        "call 713-853-3989 or 345-9945, PA 16802-6601",
        "call 713-853-3989 or 345-9945 , PA 16802-6601",
    ),
    ("in the 1990s.", "in the 1990s ."),
    (
        "temperatures of -5 degrees, +44 and .5",
        "temperatures of - 5 degrees , +44 and .5",
    ),
    ("the firm CCNG, Inc.. Then", "the firm CCNG , Inc. . Then"),
    // URLs and e-mail.
    (
        "See https://example.org/a/b?x=1&y=2.",
        "See https://example.org/a/b?x=1&y=2 .",
    ),
    ("(www.un.org/en)", "( www.un.org/en )"),
    (
        "Write to press.office@example.gov.uk, please.",
        "Write to press.office@example.gov.uk , please .",
    ),
    ("visit example.com today", "visit example.com today"),
    // Non-ASCII names and text.
    (
        "Recep Tayyip Erdoğan met Sánchez in Zürich.",
        "Recep Tayyip Erdoğan met Sánchez in Zürich .",
    ),
    ("Mосква and 北京 agreed", "Mосква and 北京 agreed"),
    // Run-together sentences.
    (
        "Rebels attacked.The army replied.",
        "Rebels attacked . The army replied .",
    ),
    ("in 2009.Officials said", "in 2009 . Officials said"),
    // Quotes and brackets.
    (
        "\"We will fight,\" he said.",
        "\" We will fight , \" he said .",
    ),
    ("“We will win.” She left.", "“ We will win . ” She left ."),
    ("He said 'never' twice.", "He said ' never ' twice ."),
    ("(see above)...", "( see above ) ..."),
    ("Really?! No!!!", "Really ?! No !!!"),
    ("‘’It was,’’ he said", "‘’ It was , ’’ he said"),
    // Slashes.
    ("and/or", "and / or"),
    ("the 9/11 attacks and s/he", "the 9/11 attacks and s/he"),
    ("AT&T and S&P", "AT&T and S&P"),
    // Section numbers opening a line.
    (
        "Intro.\n\n2.1. Methods and 3. results",
        "Intro . 2.1. Methods and 3 . results",
    ),
    // Empty and odd input.
    ("", ""),
    ("   \n\t ", ""),
    ("🙂🙂 ok", "🙂 🙂 ok"),
    ("a\u{0}b", "a b"),
];

#[test]
fn token_table() {
    let mut failures = Vec::new();
    for &(input, expected) in TOKEN_CASES {
        let got = render_tokens(input);
        if got != expected {
            failures.push(format!(
                "{input:?}\n  expected: {expected}\n  got:      {got}"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

const SENTENCE_CASES: &[(&str, &[&str])] = &[
    (
        "Gen. Petraeus arrived in the U.S. on Monday. He met officials.",
        &["Gen. Petraeus arrived in the U.S. on Monday.", "He met officials."],
    ),
    (
        "The talks took place in the U.S. The result was unclear.",
        &["The talks took place in the U.S.", "The result was unclear."],
    ),
    (
        "The meeting ended at 5 p.m. on Friday.",
        &["The meeting ended at 5 p.m. on Friday."],
    ),
    (
        "It was signed on Sept. 12 by No. 10 Downing Street.",
        &["It was signed on Sept. 12 by No. 10 Downing Street."],
    ),
    (
        "Troops Withdraw From Border\n\nBy Jane Doe\n\nKABUL, Sept 30 (Xinhua) -- Afghan forces killed 12 militants. Police said.",
        &[
            "Troops Withdraw From Border",
            "By Jane Doe",
            "KABUL, Sept 30 (Xinhua) --",
            "Afghan forces killed 12 militants.",
            "Police said.",
        ],
    ),
    (
        "Kabul, Sept 30 (Xinhua) -- Afghan forces struck.\n\nMoscow, May 2 (Reuters) - Talks ended.",
        &["Kabul, Sept 30 (Xinhua) --", "Afghan forces struck.", "Moscow, May 2 (Reuters) -", "Talks ended."],
    ),
    (
        "The talks (in Geneva) - which failed - ended. Kabul (AP) said - Nothing.",
        &["The talks (in Geneva) - which failed - ended.", "Kabul (AP) said - Nothing."],
    ),
    (
        "Evansville, Indiana, United States - This past week saw rain.",
        &["Evansville, Indiana, United States -", "This past week saw rain."],
    ),
    (
        "Smith said, Jones - Never.",
        &["Smith said, Jones - Never."],
    ),
    (
        "(AFP) - The capital awoke to wreckage.",
        &["(AFP) -", "The capital awoke to wreckage."],
    ),
    (
        "the summit.\n‘We must take strong action’\n“One of us is held,” he said.",
        &["the summit.", "‘We must take strong action’", "“One of us is held,” he said."],
    ),
    (
        "Headline Without Punctuation\nThe body starts here.",
        &["Headline Without Punctuation", "The body starts here."],
    ),
    (
        "\"We will fight. We will win,\" he said. \"Never.\" Then he left.",
        &["\"We will fight.", "We will win,\" he said.", "\"Never.\"", "Then he left."],
    ),
    (
        "“Why?” he asked. Nobody answered!",
        &["“Why?” he asked.", "Nobody answered!"],
    ),
    (
        "Militants attacked.The army replied.",
        &["Militants attacked.", "The army replied."],
    ),
    (
        "Clashes lasted from 1980-1988. Thousands died.",
        &["Clashes lasted from 1980-1988.", "Thousands died."],
    ),
    (
        "Mr. Erdoğan's office said... Nothing more.",
        &["Mr. Erdoğan's office said...", "Nothing more."],
    ),
    (
        "See https://example.org/x. It explains everything.",
        &["See https://example.org/x.", "It explains everything."],
    ),
    (
        "“Sorry!” I said. “We will win,” Smith said. “Go!” He left.",
        &["“Sorry!” I said.", "“We will win,” Smith said.", "“Go!”", "He left."],
    ),
    (
        "Results\n\n1. Introduction\n\nThe study began.",
        &["Results", "1. Introduction", "The study began."],
    ),
    (
        "(He said, \"Let heads roll!\") That is one problem.",
        &["(He said, \"Let heads roll!\")", "That is one problem."],
    ),
    ("", &[]),
    ("one", &["one"]),
];

#[test]
fn sentence_table() {
    let mut failures = Vec::new();
    for &(input, expected) in SENTENCE_CASES {
        let got = render_sentences(input);
        if got != expected {
            failures.push(format!(
                "{input:?}\n  expected: {expected:?}\n  got:      {got:?}"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
