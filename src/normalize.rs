//! Stage: normalize — block texts → the final text. NFC, spaces folded, invisible
//! characters removed, one paragraph per line, one blank line between paragraphs,
//! a final newline. Runs on every block before the block rules see it, and once
//! more when the article text is assembled.

use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

/// Characters that are dropped outright: zero-width space, word joiner, BOM,
/// soft hyphen, and the invisible bidi marks that scraping leaves behind.
fn is_invisible(ch: char) -> bool {
    matches!(
        ch,
        '\u{200B}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}' | '\u{200E}' | '\u{200F}' | '\u{180E}'
    )
}

/// Whether `ch` counts as a space to fold (ASCII and Unicode spaces, tabs, line
/// and paragraph separators, other control characters).
fn is_space_like(ch: char) -> bool {
    ch.is_whitespace() || (ch.is_control() && ch != '\n')
}

/// Normalizes one line of running text: NFC, invisible characters removed, runs of
/// any whitespace or control characters folded to one space, trimmed.
pub fn normalize_line(text: &str) -> String {
    if text.is_ascii() {
        return fold_ascii_line(text);
    }
    // Almost all text is NFC already; the quick check skips the composer.
    if is_nfc_quick(text.chars()) == IsNormalized::Yes {
        fold_line(text.chars(), text.len())
    } else {
        fold_line(text.nfc(), text.len())
    }
}

/// [`fold_line`] for ASCII text, which is NFC and has no invisible
/// characters: runs of spaces and control characters become one space.
fn fold_ascii_line(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split(|c: char| c.is_ascii_whitespace() || c.is_ascii_control()) {
        if word.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// Drops invisible characters and folds whitespace runs of NFC characters.
fn fold_line(chars: impl Iterator<Item = char>, capacity: usize) -> String {
    let mut out = String::with_capacity(capacity);
    let mut space = false;
    for ch in chars {
        if is_invisible(ch) {
            continue;
        }
        if is_space_like(ch) || ch == '\n' {
            space = !out.is_empty();
            continue;
        }
        if space {
            out.push(' ');
            space = false;
        }
        out.push(ch);
    }
    out
}

/// Normalizes preformatted text: keeps line breaks and relative indentation
/// (the indentation all lines share is removed), drops blank lines and trailing
/// spaces, expands tabs, removes other control characters.
pub fn normalize_pre(text: &str) -> String {
    let kept = pre_lines(text);
    let indent = kept
        .iter()
        .map(|l| l.len() - l.trim_start_matches(' ').len())
        .min()
        .unwrap_or(0);
    let mut out = String::with_capacity(text.len());
    for line in &kept {
        if !out.is_empty() {
            out.push('\n');
        }
        let line = line.get(indent..).unwrap_or(line);
        // No block starts with a space, even when its first line is indented deeper.
        out.push_str(if out.is_empty() {
            line.trim_start()
        } else {
            line
        });
    }
    out
}

/// The non-blank lines of preformatted text, cleaned, trailing spaces removed.
fn pre_lines(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for line in text.split(['\n', '\r']) {
        let mut clean = String::with_capacity(line.len());
        for ch in line.nfc() {
            if is_invisible(ch) {
                continue;
            }
            match ch {
                '\t' => clean.push_str("    "),
                c if is_space_like(c) => clean.push(' '),
                c => clean.push(c),
            }
        }
        let clean = clean.trim_end();
        if !clean.is_empty() {
            out.push(clean.to_string());
        }
    }
    out
}

/// Joins normalized paragraphs: one blank line between them and a final newline;
/// an empty list gives an empty string.
pub fn assemble<'a>(paragraphs: impl IntoIterator<Item = &'a str>) -> String {
    let mut out = String::new();
    for p in paragraphs {
        if p.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push_str("\n\n");
        }
        out.push_str(p);
    }
    if !out.is_empty() {
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_spaces_and_drops_invisibles() {
        assert_eq!(
            normalize_line("  a\u{00A0}\u{00A0}b\tc\u{200B}d\u{00AD}e \u{2003} f\u{FEFF} "),
            "a b cde f"
        );
    }

    #[test]
    fn the_ascii_path_folds_like_the_general_one() {
        for text in [
            "  a \t\x0B b\r\n\x1Fc\x7F ",
            "plain",
            "",
            " \x00 ",
            "x\x0Cy",
        ] {
            assert_eq!(
                fold_ascii_line(text),
                fold_line(text.chars(), 0),
                "{text:?}"
            );
        }
    }

    #[test]
    fn composes_to_nfc() {
        assert_eq!(
            normalize_line("e\u{0301}t\u{0065}\u{0301}"),
            "\u{e9}t\u{e9}"
        );
    }

    #[test]
    fn control_characters_become_spaces() {
        assert_eq!(normalize_line("a\u{0000}b\u{0007}\u{2028}c"), "a b c");
    }

    #[test]
    fn pre_removes_shared_indentation() {
        assert_eq!(normalize_pre("    a\n      b\n    c"), "a\n  b\nc");
    }

    #[test]
    fn pre_keeps_lines_and_indentation() {
        assert_eq!(
            normalize_pre("fn main() {\r\n\tlet x = 1;  \n\n}\n"),
            "fn main() {\n    let x = 1;\n}"
        );
    }

    #[test]
    fn assemble_separates_with_one_blank_line() {
        assert_eq!(assemble(["a", "", "b"]), "a\n\nb\n");
        assert_eq!(assemble(Vec::<&str>::new()), "");
    }
}
