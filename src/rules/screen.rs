//! Stage: rule loading — the loose form of a pattern for the screen set.
//!
//! Every block of every page goes through one set of the drop and cut
//! patterns (the screen). Counted repetitions with a large bound
//! (`[^.!?]{0,60}`, `\p{L}{2,30}`) copy their class once per count, and a
//! Unicode class compiles to many states: the bounded patterns made the set
//! take most of the start-up time and memory of a run. The screen holds each
//! pattern with those bounds lifted (`{0,60}` → `*`), which matches everything
//! the pattern does and a little more; a block it lets through is then matched
//! with the rule's own, exact regex. Read by `load`.

use regex_syntax::hir::{Capture, Hir, HirKind, Repetition};

/// Counted repetitions whose upper bound is at least this are unbounded in
/// the screen; smaller ones (`\d{1,2}`) cost little and stay.
const LOOSE_FROM: u32 = 20;

/// The form of a pattern (parsed: `hir`) the screen holds: its loose form, a
/// regex that matches every text the pattern matches; or none for a pattern
/// that needs a Unicode word boundary (`\b`, `\B`, `\<`…), which is matched on
/// its own: the lazy DFA cannot match those past the first non-ASCII byte, and
/// one such pattern would send the whole set to the slow engine.
pub(super) fn screen_form(hir: Hir) -> Option<Hir> {
    if hir.properties().look_set().contains_word_unicode() {
        return None;
    }
    Some(loosen_hir(hir))
}

fn loosen_hir(hir: Hir) -> Hir {
    match hir.into_kind() {
        HirKind::Repetition(rep) => Hir::repetition(Repetition {
            min: rep.min,
            max: rep.max.filter(|&m| m < LOOSE_FROM),
            greedy: rep.greedy,
            sub: Box::new(loosen_hir(*rep.sub)),
        }),
        HirKind::Capture(cap) => Hir::capture(Capture {
            index: cap.index,
            name: cap.name,
            sub: Box::new(loosen_hir(*cap.sub)),
        }),
        HirKind::Concat(subs) => Hir::concat(subs.into_iter().map(loosen_hir).collect()),
        HirKind::Alternation(subs) => Hir::alternation(subs.into_iter().map(loosen_hir).collect()),
        HirKind::Empty => Hir::empty(),
        HirKind::Literal(lit) => Hir::literal(lit.0),
        HirKind::Class(class) => Hir::class(class),
        HirKind::Look(look) => Hir::look(look),
    }
}

#[cfg(test)]
mod tests {
    use super::super::engine::{parse, Matcher};
    use super::screen_form;

    fn parsed(pattern: &str) -> regex_syntax::hir::Hir {
        parse(pattern).unwrap_or_else(|e| panic!("{e}"))
    }

    fn matcher(hir: &regex_syntax::hir::Hir) -> Matcher {
        Matcher::one(hir, 1 << 20).unwrap_or_else(|e| panic!("{e}"))
    }

    fn loosen(pattern: &str) -> regex_syntax::hir::Hir {
        screen_form(parsed(pattern)).unwrap_or_else(|| panic!("no screen form for {pattern}"))
    }

    #[test]
    fn large_counted_repetitions_are_lifted_and_small_ones_kept() {
        let loose = loosen(r"(?i)^updated:?\s*[^.!?]{0,60}\d{1,2}(?:am|pm)$");
        let re = matcher(&loose);
        let long = format!("Updated: {} 10pm", "x".repeat(100));
        // Exact pattern: at most 60; loose: any number.
        assert!(re.is_match(&long));
        assert!(re.is_match("UPDATED 3 March, 10pm"));
        // The small bound stays.
        let written = loose.to_string();
        assert!(written.contains("{1,2}") && !written.contains("{0,60}"));
        assert!(!re.is_match("Updated: pm"));
        assert!(!re.is_match("Published 10pm"));
    }

    #[test]
    fn word_boundary_patterns_have_no_screen_form() {
        assert_eq!(screen_form(parsed(r"(?i)\bread more\b")), None);
        assert!(screen_form(parsed(r"(?-u:\b)ad(?-u:\b)")).is_some());
    }

    #[test]
    fn the_loose_form_matches_whatever_the_pattern_matches() {
        let patterns = [
            r"^\p{Lu}[\p{Lu} .'’-]{1,40}(?:,\s*[\p{L} .]{2,30})?\s*\((?:AP|Reuters)\)\s*[-–—:]?$",
            r"(?i)^(?:read also|related)(?:\s*:\s*)\S.{0,200}$",
            r"(?P<author>[A-Z][a-z]{1,30}) wrote",
        ];
        let texts = [
            "WASHINGTON (AP) —",
            "ANCHORAGE, Alaska (Reuters)",
            "Read also: Trump Pushes for Ukraine Peace",
            "Jane wrote",
            "The council met on Tuesday.",
        ];
        for p in patterns {
            let exact = matcher(&parsed(p));
            let loose = matcher(&loosen(p));
            for t in texts {
                assert!(!exact.is_match(t) || loose.is_match(t), "{p} on {t}");
            }
        }
    }
}
