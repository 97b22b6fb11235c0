//! Stage: parse — character references (`&amp;`, `&#233;`, `&#x2019;`, `&nbsp`)
//! decoded the way the HTML tokenizer decodes them, in text and in attribute
//! values.

use html5ever::data::{C1_REPLACEMENTS, NAMED_ENTITIES};

/// Decodes the character reference whose `&` is at `amp` in `s`, appending
/// what it stands for to `out` (the `&` itself when it starts none), and
/// returns the position just past what it consumed.
///
/// Named references take the longest name in the entity table; one without
/// its `;` counts, except inside an attribute value when followed by `=` or a
/// letter or digit (`?a=1&copy=2` keeps its `&copy`). Numeric references map
/// 0, surrogates and values past U+10FFFF to U+FFFD and the C1 range to
/// windows-1252's characters.
pub(super) fn decode(s: &str, amp: usize, in_attr: bool, out: &mut String) -> usize {
    let b = s.as_bytes();
    let start = amp + 1;
    match b.get(start) {
        Some(b'#') => numeric(b, start + 1, out),
        Some(c) if c.is_ascii_alphanumeric() => named(s, start, in_attr, out),
        _ => {
            out.push('&');
            start
        }
    }
}

/// `&#…`: `at` is just past the `#`.
fn numeric(b: &[u8], at: usize, out: &mut String) -> usize {
    let hex = matches!(b.get(at), Some(b'x' | b'X'));
    let (base, digits_from) = if hex { (16, at + 1) } else { (10, at) };
    let mut value: u32 = 0;
    let mut too_big = false;
    let mut i = digits_from;
    while let Some(d) = b.get(i).and_then(|c| char::from(*c).to_digit(base)) {
        value = value.wrapping_mul(base).wrapping_add(d);
        if value > 0x10_FFFF {
            too_big = true;
        }
        i += 1;
    }
    if i == digits_from {
        // No digits: `&#` (and the `x`) are text.
        out.push('&');
        return at - 1;
    }
    if b.get(i) == Some(&b';') {
        i += 1;
    }
    out.push(numeric_char(value, too_big));
    i
}

/// The character a numeric reference to `value` stands for.
fn numeric_char(value: u32, too_big: bool) -> char {
    if too_big {
        return '\u{FFFD}';
    }
    if let Some(c1) = value.checked_sub(0x80).filter(|i| *i < 0x20) {
        if let Some(Some(c)) = usize::try_from(c1)
            .ok()
            .and_then(|i| C1_REPLACEMENTS.get(i))
        {
            return *c;
        }
    }
    match value {
        0 => '\u{FFFD}',
        v => char::from_u32(v).unwrap_or('\u{FFFD}'),
    }
}

/// `&name`: `start` is the name's first character.
fn named(s: &str, start: usize, in_attr: bool, out: &mut String) -> usize {
    let b = s.as_bytes();
    let mut best: Option<(usize, (u32, u32))> = None;
    let mut end = start;
    // Every name in the table is ASCII letters and digits, then `;`; the
    // table also holds each name's prefixes (as (0, 0)), so the walk stops
    // at the first prefix it lacks.
    while let Some(&c) = b.get(end) {
        if !(c.is_ascii_alphanumeric() || c == b';') {
            break;
        }
        let Some(&found) = s.get(start..=end).and_then(|n| NAMED_ENTITIES.get(n)) else {
            break;
        };
        end += 1;
        if found.0 != 0 {
            best = Some((end, found));
        }
    }
    let Some((end, (c1, c2))) = best else {
        out.push('&');
        return start;
    };
    let semicolon = b.get(end - 1) == Some(&b';');
    let next = b.get(end).copied();
    if in_attr && !semicolon && next.is_some_and(|c| c == b'=' || c.is_ascii_alphanumeric()) {
        out.push('&');
        return start;
    }
    for c in [c1, c2] {
        if let Some(ch) = char::from_u32(c).filter(|_| c != 0) {
            out.push(ch);
        }
    }
    end
}

#[cfg(test)]
mod tests {
    use super::decode;

    fn dec(s: &str, in_attr: bool) -> (String, usize) {
        let mut out = String::new();
        let end = decode(s, 0, in_attr, &mut out);
        (out, end)
    }

    #[test]
    fn named_with_and_without_semicolon() {
        assert_eq!(dec("&amp;x", false), ("&".into(), 5));
        assert_eq!(dec("&ampx", false), ("&".into(), 4));
        assert_eq!(dec("&notit;", false), ("\u{AC}".into(), 4));
        assert_eq!(dec("&notin;", false), ("\u{2209}".into(), 7));
        assert_eq!(dec("&nosuch;", false), ("&".into(), 1));
        assert_eq!(dec("&", false), ("&".into(), 1));
        assert_eq!(dec("& b", false), ("&".into(), 1));
    }

    #[test]
    fn attribute_values_keep_query_strings() {
        assert_eq!(dec("&copy=2", true), ("&".into(), 1));
        assert_eq!(dec("&copyx", true), ("&".into(), 1));
        assert_eq!(dec("&copy;=2", true), ("\u{A9}".into(), 6));
        assert_eq!(dec("&copy 2", true), ("\u{A9}".into(), 5));
        assert_eq!(dec("&copy=2", false), ("\u{A9}".into(), 5));
    }

    #[test]
    fn numeric_references() {
        assert_eq!(dec("&#233;", false), ("é".into(), 6));
        assert_eq!(dec("&#x2019", false), ("\u{2019}".into(), 7));
        assert_eq!(dec("&#X41;", false), ("A".into(), 6));
        assert_eq!(dec("&#150;", false), ("\u{2013}".into(), 6));
        assert_eq!(dec("&#0;", false), ("\u{FFFD}".into(), 4));
        assert_eq!(dec("&#xD800;", false), ("\u{FFFD}".into(), 8));
        assert_eq!(dec("&#99999999999;", false), ("\u{FFFD}".into(), 14));
        assert_eq!(dec("&#;", false), ("&".into(), 1));
        assert_eq!(dec("&#xg", false), ("&".into(), 1));
    }

    #[test]
    fn two_character_entities() {
        assert_eq!(dec("&NotEqualTilde;", false).0, "\u{2242}\u{338}");
    }
}
