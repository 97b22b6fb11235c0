//! The step-by-step stages (`rinse::stages`, used by the benchmarks) give the
//! same text as `Pipeline::clean` on every generic HTML fixture, so what the
//! benchmarks time is what the pipeline runs (the JSON-LD stand-in included).

use std::fs;
use std::path::Path;

use rinse::{stages, Pipeline, RawPage};

#[test]
fn stages_give_the_pipeline_text_on_every_generic_html_fixture() {
    let pipeline = Pipeline::new().expect("bundled rules load");
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/generic");
    let mut checked = 0;
    let mut entries: Vec<_> = fs::read_dir(&root)
        .expect("fixtures/generic")
        .flatten()
        .map(|e| e.path())
        .collect();
    entries.sort();
    for dir in entries {
        let input = dir.join("input.html");
        let Ok(bytes) = fs::read(&input) else {
            continue;
        };
        let page = RawPage::new(bytes);
        let text = stages::decode(&page);
        let html = stages::prepass(&text, &pipeline);
        let doc = stages::parse(&html);
        let meta = stages::metadata(&doc);
        let mut blocks = stages::blocks(&doc);
        stages::normalize(&mut blocks);
        let mut article = stages::find_article(&blocks, &meta);
        stages::clean_structure(&blocks, &mut article, pipeline.rules(), &meta);
        stages::block_rules(pipeline.rules(), &blocks, &mut article);
        assert_eq!(
            stages::assemble(&article),
            pipeline.clean(&page).text,
            "{}",
            input.display()
        );
        checked += 1;
    }
    assert!(checked >= 10, "only {checked} HTML fixtures found");
}
