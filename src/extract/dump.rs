//! Stage: find the article — a developer aid, not part of the build: prints a
//! page's blocks with their containers and scores. Run with
//! `RINSE_DUMP=page.html cargo test --lib extract::dump -- --ignored --nocapture`.

use crate::blocks::{self, BlockDoc, WalkOptions};

fn path(doc: &BlockDoc, idx: u32) -> String {
    let mut parts: Vec<String> = doc
        .ancestors(idx)
        .map(|a| {
            let n = doc.nodes.get(a as usize);
            let tag = n.map_or("?", |n| &n.tag);
            let cls = n.map_or("", |n| &n.class_id);
            let cls: String = cls.chars().take(24).collect();
            if cls.is_empty() {
                format!("{tag}{a}")
            } else {
                format!("{tag}{a}.{cls}")
            }
        })
        .collect();
    parts.truncate(5);
    parts.reverse();
    parts.join(">")
}

#[test]
#[ignore]
fn dump() {
    let Ok(file) = std::env::var("RINSE_DUMP") else {
        return;
    };
    let Ok(bytes) = std::fs::read(&file) else {
        return;
    };
    let text = String::from_utf8_lossy(&bytes);
    let slim = crate::prepass::prepass(&text, &crate::prepass::KeepAttrs::default());
    let html = crate::parse::parse_document(&slim.html);
    let meta = crate::metadata::extract_metadata(&html, None);
    let hints = super::Hints {
        json_ld_body: meta.json_ld_body.as_deref(),
        title: meta.title.as_deref(),
    };
    let mut removed = Vec::new();
    let doc = blocks::html_blocks(&html, &WalkOptions::default(), &mut removed);
    let f = super::features::Features::new(&doc);
    let excluded = super::score::excluded(
        &doc,
        super::score::Exclusion::Full,
        super::score::headline(&doc, hints.title),
    );
    let kept = f.totals_where(&doc, |i| {
        doc.blocks
            .get(i)
            .and_then(|b| excluded.get(b.node as usize))
            .is_some_and(|e| !*e)
    });
    let scores = super::score::candidate_scores(&doc, &f, &excluded, &kept);
    let mut ranked: Vec<(usize, f32)> = scores.iter().copied().enumerate().collect();
    ranked.sort_by(|a, b| b.1.total_cmp(&a.1));
    for (i, s) in ranked.iter().take(12) {
        println!("{s:8.1}  {}", path(&doc, *i as u32));
    }
    let ex = super::find_article(&doc, &hints, &mut removed);
    println!(
        "roots {:?} headline {:?}",
        ex.roots,
        super::score::headline(&doc, hints.title)
    );
    let mut k = 0;
    for b in &doc.blocks {
        let inside = ex.blocks.get(k).is_some_and(|x| x == b);
        if inside {
            k += 1;
        }
        let t: String = b.text.chars().take(70).collect();
        println!(
            "{} {:?} ld{:.2} [{}] {}",
            if inside { "*" } else { " " },
            b.kind,
            b.link_density(),
            path(&doc, b.node),
            t
        );
    }
}
