//! Stage: rule loading — the loose form of a pattern for the screen set.
//!
//! Every block of every page goes through one set of the drop and cut
//! patterns (the screen). Counted repetitions with a large bound
//! (`[^.!?]{0,60}`, `\p{L}{2,30}`) copy their class once per count, and a
//! Unicode class compiles to many states: the bounded patterns made the set
//! take most of the start-up time and memory of a run. The screen holds each
//! pattern with those bounds lifted (`{0,60}` → `*`), which matches everything
//! the pattern does and a little more; a block it lets through is then matched
//! with the rule's own, exact regex. Word boundaries are left out of the
//! loose form too, so every drop and cut pattern, a Unicode `\b` included,
//! goes through the screen. A large Unicode class (`\p{L}`, `\w`) is held as
//! its ASCII part plus any other character outside the common punctuation
//! blocks. Read by `load`.

use regex_syntax::hir::{
    Capture, Class, ClassUnicode, ClassUnicodeRange, Hir, HirKind, Look, Repetition,
};

/// Counted repetitions whose upper bound is at least this are unbounded in
/// the screen; smaller ones (`\d{1,2}`) cost little and stay.
const LOOSE_FROM: u32 = 20;

/// A class with more ranges than this outside ASCII (`\p{L}`, `\w`, a
/// case-folded letter run) is held in the screen as its ASCII part plus the
/// other characters; a few ranges (`[’'`]`, `[–—-]`) stay exact.
const LOOSE_CLASS_FROM: usize = 8;

/// The blocks of punctuation and spaces past ASCII that text is full of
/// (no-break space, `«`, `·`; `’`, `“`, `–`, `…`; the CJK marks): inside them
/// the loose form of a class holds just the class's own characters, so that a
/// curly quote or a dash still stops a pattern of letters in the screen.
const PUNCTUATION_BLOCKS: [(char, char); 3] = [
    ('\u{80}', '\u{BF}'),
    ('\u{2000}', '\u{206F}'),
    ('\u{3000}', '\u{303F}'),
];

/// The loose form of a character class. A large Unicode class compiles to
/// hundreds of UTF-8 states, once per occurrence in every pattern: the bulk of
/// the screen's compile time. Its loose form keeps what it says about ASCII
/// and about the common punctuation blocks, and accepts any other character:
/// a superset that compiles to a few states.
fn loose_class(class: Class) -> Class {
    let Class::Unicode(unicode) = class else {
        return class;
    };
    let wide = unicode
        .ranges()
        .iter()
        .filter(|r| u32::from(r.end()) > 0x7F)
        .count();
    if wide <= LOOSE_CLASS_FROM {
        return Class::Unicode(unicode);
    }
    let mut loose = ClassUnicode::new([ClassUnicodeRange::new('\u{80}', char::MAX)]);
    for (start, end) in PUNCTUATION_BLOCKS {
        // Within the block, exactly the class's own characters.
        let mut gap = ClassUnicode::new([ClassUnicodeRange::new(start, end)]);
        gap.difference(&unicode);
        loose.difference(&gap);
    }
    let ascii = unicode
        .ranges()
        .iter()
        .filter(|r| u32::from(r.start()) <= 0x7F)
        .map(|r| ClassUnicodeRange::new(r.start(), r.end().min('\x7F')));
    loose.union(&ClassUnicode::new(ascii));
    Class::Unicode(loose)
}

/// Whether `look` is a word boundary of any kind (`\b`, `\B`, `\<`, `\>`…).
fn is_word_look(look: Look) -> bool {
    !matches!(
        look,
        Look::Start | Look::End | Look::StartLF | Look::EndLF | Look::StartCRLF | Look::EndCRLF
    )
}

/// The form of a pattern (parsed: `hir`) the screen holds: its loose form, a
/// regex that matches every text the pattern matches. It has no word
/// boundary, which the lazy DFA could not match past the first non-ASCII byte
/// in Unicode form (one such pattern sent the whole set to the slow engine).
pub(super) fn screen_form(hir: Hir) -> Hir {
    match hir.into_kind() {
        HirKind::Repetition(rep) => {
            // A repeated group (`(?:\s+\p{Lu}\p{L}+){1,3}`) is lifted whatever
            // its bound: each copy of a group is a run of states the set
            // must tell apart; a repeated class or letter keeps a small bound.
            let single = matches!(rep.sub.kind(), HirKind::Class(_) | HirKind::Literal(_));
            let max = rep.max.filter(|&m| m < LOOSE_FROM && (single || m <= 1));
            Hir::repetition(Repetition {
                min: if max.is_none() {
                    rep.min.min(1)
                } else {
                    rep.min
                },
                max,
                greedy: rep.greedy,
                sub: Box::new(screen_form(*rep.sub)),
            })
        }
        HirKind::Capture(cap) => Hir::capture(Capture {
            index: cap.index,
            name: cap.name,
            sub: Box::new(screen_form(*cap.sub)),
        }),
        HirKind::Concat(subs) => Hir::concat(subs.into_iter().map(screen_form).collect()),
        HirKind::Alternation(subs) => Hir::alternation(subs.into_iter().map(screen_form).collect()),
        HirKind::Empty => Hir::empty(),
        HirKind::Literal(lit) => Hir::literal(lit.0),
        HirKind::Class(class) => Hir::class(loose_class(class)),
        // A word boundary is dropped: the set would otherwise tell every state
        // after a word character from the same state after another character.
        HirKind::Look(look) if is_word_look(look) => Hir::empty(),
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
        screen_form(parsed(pattern))
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
    fn repeated_groups_and_the_minimum_of_lifted_bounds_are_loosened() {
        let loose = loosen(r"^\p{Lu}\p{L}+(?:\s+\p{Lu}\p{L}+){1,3}(?:, [a-z]+)?[^.!?]{10,250}$");
        let written = loose.to_string();
        // The group's copies and the ten copies of the class are gone; `?` stays.
        assert!(
            !written.contains("{1,3}") && !written.contains("{10"),
            "{written}"
        );
        assert!(written.contains('?'), "{written}");
        let re = matcher(&loose);
        assert!(re.is_match("Ann Bea Cy Dee Eve Fay said so"));
        assert!(!re.is_match("ann lee said so"));
    }

    #[test]
    fn large_unicode_classes_keep_their_ascii_part_and_take_any_other_character() {
        let loose = loosen(r"^\p{Lu}\w+ [’'] [–—-]$");
        let written = loose.to_string();
        // The letter and word classes: ASCII part plus everything past it
        // but the punctuation blocks.
        assert!(written.contains("\u{3040}-\u{10FFFF}"), "{written}");
        // Small classes of punctuation stay as written.
        assert!(written.contains('’') && written.contains('—'), "{written}");
        let re = matcher(&loose);
        for text in ["Ab ' -", "Éa ’ —", "ЁлкаЖ ' –", "中文 ' -"] {
            assert!(re.is_match(text), "{text}");
        }
        // What the class says about ASCII and punctuation still holds.
        for text in ["ab ' -", "A! ' -", "Ab \" -", "Ab ' +", "A’ ' -", "«A ' -"] {
            assert!(!re.is_match(text), "{text}");
        }
    }

    #[test]
    fn word_boundaries_are_left_out_of_the_loose_form() {
        let pattern = r"(?i)\bcafé\b|(?-u:\b)ad(?-u:\b)";
        let (exact, loose) = (matcher(&parsed(pattern)), matcher(&loosen(pattern)));
        for text in ["Le café fermé", "un café", "AD", "the ad."] {
            assert!(exact.is_match(text) && loose.is_match(text), "{text}");
        }
        // Looser than the pattern, as a screen may be.
        assert!(!exact.is_match("cafés et bars") && loose.is_match("cafés et bars"));
        assert!(!exact.is_match("bad") && loose.is_match("bad"));
    }

    #[test]
    fn the_loose_form_matches_whatever_the_pattern_matches() {
        let patterns = [
            r"^\p{Lu}[\p{Lu} .'’-]{1,40}(?:,\s*[\p{L} .]{2,30})?\s*\((?:AP|Reuters)\)\s*[-–—:]?$",
            r"(?i)^(?:read also|related)(?:\s*:\s*)\S.{0,200}$",
            r"(?P<author>[A-Z][a-z]{1,30}) wrote",
            r"^\p{Lu}\p{L}+(?:\s+\p{Lu}\p{L}+){1,3}\s*[|–—]\s*(?:\w+\s+){0,3}[Ww]riter$",
            r"^[^.!?()]{10,250} \((?i:photo|image):\s*[^()]{1,80}\)$",
        ];
        let texts = [
            "WASHINGTON (AP) —",
            "ANCHORAGE, Alaska (Reuters)",
            "Read also: Trump Pushes for Ukraine Peace",
            "Jane wrote",
            "Tom Reyes | Staff Writer",
            "Ann Lee — Senior Staff Sports Writer",
            "The new sea wall at dawn (Photo: Ann Lee)",
            "The council met on Tuesday.",
            "ÉTÉ, Île-de-France (AP) —",
            "Zoë Ünal | Staff Writer",
            "Lire aussi : Ça va mieux",
            "Ёлка у дома (photo: Анна)",
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
