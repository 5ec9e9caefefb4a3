//! Regression tests for coder bugs found on arbitrary input.

mod common;

use std::sync::Arc;

use actor_dict::{ActorDictBuilder, ActorStage, DictionaryKind};
use event_coder::{CoderOptions, EventCoder};
use text_model::Stage;

/// "Iraq and they attacked Iran": the pronoun conjunct of the subject
/// resolves to the subject of its clause, whose conjuncts hold the pronoun
/// again. Resolving antecedents recursed until the stack overflowed (found
/// on a random word salad of news words); nesting is now cut short.
#[test]
fn a_pronoun_conjunct_of_its_own_antecedent_does_not_recurse_forever() {
    let conllu = "\
# sent_id = pronoun-conjunct
# date = 2015-03-10
# text = Iraq and they attacked Iran.
1\tIraq\tIraq\tPROPN\tNNP\tNumber=Sing\t4\tnsubj\t_\t_
2\tand\tand\tCCONJ\tCC\t_\t3\tcc\t_\t_
3\tthey\tthey\tPRON\tPRP\tCase=Nom|Number=Plur|Person=3|PronType=Prs\t1\tconj\t_\t_
4\tattacked\tattack\tVERB\tVBD\tMood=Ind|Tense=Past|VerbForm=Fin\t0\troot\t_\t_
5\tIran\tIran\tPROPN\tNNP\tNumber=Sing\t4\tobj\t_\tSpaceAfter=No
6\t.\t.\tPUNCT\t.\t_\t4\tpunct\t_\t_
";
    let sentence = common::fixture(conllu, "pronoun-conjunct");
    let mut doc = common::doc_of(&sentence, None);
    let mut dict = ActorDictBuilder::new();
    dict.add_text(
        DictionaryKind::Actors,
        "regression.actors.txt",
        "IRAQ_ [IRQ]\nIRAN_ [IRN]\n",
    );
    ActorStage::new(Arc::new(dict.build())).run(&mut doc);
    EventCoder::new(CoderOptions::default()).run(&mut doc);
    let dyads: Vec<(Option<&str>, Option<&str>)> = doc
        .events
        .iter()
        .map(|e| {
            (
                e.source.code.as_deref(),
                e.target.as_ref().and_then(|t| t.code.as_deref()),
            )
        })
        .collect();
    assert!(dyads.contains(&(Some("IRQ"), Some("IRN"))), "{dyads:?}");
}
