//! `rinse rules check` and `rinse rules list`.

use std::io::Write;
use std::path::PathBuf;

use anyhow::Result;
use rinse::{Pipeline, RawPage, RuleSet};

/// Loads the rules (which checks every example), then runs the site files'
/// `[[test]]` cases. Returns whether everything passed.
pub fn check(dirs: &[PathBuf]) -> Result<bool> {
    let mut out = std::io::stdout().lock();
    let rules = match RuleSet::load(dirs, true) {
        Ok(r) => r,
        Err(e) => {
            writeln!(out, "FAIL {e}")?;
            return Ok(false);
        }
    };
    let examples = rules.rules().len();
    writeln!(
        out,
        "ok   {} rules in {} site file(s) load; all examples pass",
        examples,
        rules.site_count()
    )?;
    let tests = rules.site_tests();
    let pipeline = Pipeline::with_rules(rules);
    let mut all_ok = true;
    let (mut passed, mut failed, mut skipped) = (0, 0, 0);
    for t in tests {
        let from_args = dirs.iter().any(|d| t.page.starts_with(d));
        if !dirs.is_empty() && !from_args {
            continue;
        }
        let bytes = match std::fs::read(&t.page) {
            Ok(b) => b,
            Err(e) if dirs.is_empty() => {
                writeln!(
                    out,
                    "skip {} ({}): {}: {e}",
                    t.site,
                    t.file,
                    t.page.display()
                )?;
                skipped += 1;
                continue;
            }
            Err(e) => {
                writeln!(
                    out,
                    "FAIL {} ({}): {}: {e}",
                    t.site,
                    t.file,
                    t.page.display()
                )?;
                failed += 1;
                all_ok = false;
                continue;
            }
        };
        let article = pipeline.clean(&RawPage::new(bytes).with_url(t.url.clone()));
        let mut problems = Vec::new();
        for c in &t.contains {
            if !article.text.contains(c.as_str()) {
                problems.push(format!("missing {c:?}"));
            }
        }
        for a in &t.absent {
            if article.text.contains(a.as_str()) {
                problems.push(format!("should be gone: {a:?}"));
            }
        }
        if problems.is_empty() {
            writeln!(out, "ok   {} test {}", t.site, t.page.display())?;
            passed += 1;
        } else {
            writeln!(
                out,
                "FAIL {} test {}: {}",
                t.site,
                t.page.display(),
                problems.join("; ")
            )?;
            failed += 1;
            all_ok = false;
        }
    }
    writeln!(out, "{passed} passed, {failed} failed, {skipped} skipped")?;
    Ok(all_ok)
}

/// Prints the rules in force for `url`.
pub fn list(url: Option<&str>, dirs: &[PathBuf], no_bundled: bool) -> Result<()> {
    let mut out = std::io::stdout().lock();
    let rules = RuleSet::load(dirs, !no_bundled)?;
    let parsed = match url {
        Some(u) => Some(url::Url::parse(u).map_err(|e| anyhow::anyhow!("bad --url {u:?}: {e}"))?),
        None => None,
    };
    let active = rules.active(parsed.as_ref());
    match active.site_id() {
        Some(site) => writeln!(out, "site: {site}")?,
        None => writeln!(out, "site: none (generic rules only)")?,
    }
    for r in active.list() {
        let why = r.why.split_whitespace().collect::<Vec<_>>().join(" ");
        writeln!(
            out,
            "{:<9} {:<28} {}:{}  {why}",
            r.kind.name(),
            r.id,
            r.file,
            r.line
        )?;
    }
    Ok(())
}
