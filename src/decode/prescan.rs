//! The HTML Standard's "prescan a byte stream to determine its encoding":
//! the declaration a document makes about itself in `<meta charset>`,
//! `<meta http-equiv="Content-Type" content="…; charset=…">` or, failing
//! those, an XML declaration, read from the first 1024 bytes without
//! decoding them. Comments, `<!…>`, `<?…>` and other tags (with their
//! attributes, quoted or not) are stepped over so that nothing inside them
//! is mistaken for a declaration.
//!
//! Departures, kept small: labels for the "replacement" encoding count as
//! unknown, and a `<meta>` cut off by the 1024-byte limit still counts with
//! the attributes that were read completely.

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE};

use super::in_document;

/// How many bytes the prescan reads, as the HTML Standard advises.
const PRESCAN_LIMIT: usize = 1024;

/// The encoding the document declares in its first 1024 bytes, if any.
pub(super) fn prescan(bytes: &[u8]) -> Option<&'static Encoding> {
    let input = bytes.get(..PRESCAN_LIMIT).unwrap_or(bytes);
    // `<?x` in UTF-16 without BOM: the only way to see UTF-16 here.
    if input.starts_with(&[0x3C, 0, 0x3F, 0, 0x78, 0]) {
        return Some(UTF_16LE);
    }
    if input.starts_with(&[0, 0x3C, 0, 0x3F, 0, 0x78]) {
        return Some(UTF_16BE);
    }
    scan(input).or_else(|| xml_declaration(input))
}

/// ASCII whitespace as the HTML Standard counts it (no vertical tab).
fn is_space(byte: u8) -> bool {
    matches!(byte, b'\t' | b'\n' | 0x0C | b'\r' | b' ')
}

/// Whether `haystack` starts with `prefix`, ignoring ASCII case.
fn starts_with_ci(haystack: &[u8], prefix: &[u8]) -> bool {
    haystack
        .get(..prefix.len())
        .is_some_and(|head| head.eq_ignore_ascii_case(prefix))
}

/// Where `needle` first occurs in `haystack`, ignoring ASCII case.
fn find_ci(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .position(|window| window.eq_ignore_ascii_case(needle))
}

/// Where `byte` first occurs in `bytes` at or after `from`.
fn find_byte(bytes: &[u8], from: usize, byte: u8) -> Option<usize> {
    let rest = bytes.get(from..)?;
    rest.iter().position(|&b| b == byte).map(|i| from + i)
}

/// The encoding for a label, with "replacement" labels counting as unknown.
fn label(bytes: &[u8]) -> Option<&'static Encoding> {
    Encoding::for_label_no_replacement(bytes)
}

/// The main loop. `None` when the bytes run out before a usable `<meta>`.
fn scan(b: &[u8]) -> Option<&'static Encoding> {
    let mut pos = 0;
    while let Some(rest) = b.get(pos..).filter(|rest| !rest.is_empty()) {
        let second = rest.get(1).copied().unwrap_or(0);
        let third = rest.get(2).copied().unwrap_or(0);
        if rest.starts_with(b"<!--") {
            // Ends at the first `-->`; its dashes may be those of `<!--`.
            let close = find_ci(b.get(pos + 2..)?, b"-->")?;
            pos += 2 + close + 2;
        } else if starts_with_ci(rest, b"<meta")
            && rest.get(5).is_some_and(|&c| is_space(c) || c == b'/')
        {
            match meta(b, pos + 5) {
                Meta::Found(encoding) => return Some(encoding),
                Meta::Skip(next) => pos = next,
                Meta::End => return None,
            }
        } else if rest.first() == Some(&b'<')
            && (second.is_ascii_alphabetic() || (second == b'/' && third.is_ascii_alphabetic()))
        {
            // Another tag: skip its name, then its attributes.
            pos += rest.iter().position(|&c| is_space(c) || c == b'>')?;
            loop {
                match attribute(b, pos) {
                    Attribute::Pair { next, .. } => pos = next,
                    Attribute::None(next) => {
                        pos = next;
                        break;
                    }
                    Attribute::End => return None,
                }
            }
        } else if rest.first() == Some(&b'<') && matches!(second, b'!' | b'/' | b'?') {
            pos = find_byte(b, pos + 1, b'>')?;
        }
        pos += 1;
    }
    None
}

/// What reading a `<meta>` tag's attributes led to.
enum Meta {
    /// The tag declares this encoding: the prescan is over.
    Found(&'static Encoding),
    /// The tag declares nothing usable; go on from this position.
    Skip(usize),
    /// The bytes ran out inside the tag without a usable declaration.
    End,
}

/// Reads the attributes of a `<meta>` tag from `pos` (just after `<meta`).
fn meta(b: &[u8], mut pos: usize) -> Meta {
    let mut seen: Vec<Vec<u8>> = Vec::new();
    let mut got_pragma = false;
    // `None`: no charset seen; `Some(true)`: it came from `content`, which
    // needs `http-equiv="content-type"` too.
    let mut need_pragma: Option<bool> = None;
    // `None`: no charset seen; `Some(None)`: an unknown label.
    let mut charset: Option<Option<&'static Encoding>> = None;
    let ended = loop {
        match attribute(b, pos) {
            Attribute::Pair { name, value, next } => {
                pos = next;
                if seen.contains(&name) {
                    continue;
                }
                match name.as_slice() {
                    b"http-equiv" => got_pragma |= value == b"content-type",
                    b"content" if charset.is_none() => {
                        if let Some(encoding) = charset_from_content(&value) {
                            charset = Some(Some(encoding));
                            need_pragma = Some(true);
                        }
                    }
                    b"charset" => {
                        charset = Some(label(&value));
                        need_pragma = Some(false);
                    }
                    _ => {}
                }
                seen.push(name);
            }
            Attribute::None(next) => {
                pos = next;
                break false;
            }
            Attribute::End => break true,
        }
    };
    let usable = match need_pragma {
        None => None,
        Some(need) if need && !got_pragma => None,
        Some(_) => charset.flatten(),
    };
    match (usable, ended) {
        (Some(encoding), _) => Meta::Found(in_document(encoding)),
        (None, true) => Meta::End,
        (None, false) => Meta::Skip(pos),
    }
}

/// One step of the HTML Standard's "get an attribute".
enum Attribute {
    /// An attribute (name and value lower-cased); `next` is where to go on.
    Pair {
        name: Vec<u8>,
        value: Vec<u8>,
        next: usize,
    },
    /// No more attributes: the position of the tag's `>`.
    None(usize),
    /// The bytes ran out inside the tag.
    End,
}

/// Reads the attribute starting at or after `pos`.
fn attribute(b: &[u8], mut pos: usize) -> Attribute {
    let at = |i: usize| b.get(i).copied();
    while at(pos).is_some_and(|c| is_space(c) || c == b'/') {
        pos += 1;
    }
    let mut name = Vec::new();
    let mut value = Vec::new();
    // The name: up to `=`, whitespace, `/` or `>` (a leading `=` is part of it).
    loop {
        match at(pos) {
            None => return Attribute::End,
            Some(b'>') if name.is_empty() => return Attribute::None(pos),
            Some(b'=') if !name.is_empty() => {
                pos += 1;
                break;
            }
            Some(b'/' | b'>') => {
                return Attribute::Pair {
                    name,
                    value,
                    next: pos,
                }
            }
            Some(c) if is_space(c) => {
                while at(pos).is_some_and(is_space) {
                    pos += 1;
                }
                match at(pos) {
                    None => return Attribute::End,
                    Some(b'=') => {
                        pos += 1;
                        break;
                    }
                    Some(_) => {
                        return Attribute::Pair {
                            name,
                            value,
                            next: pos,
                        }
                    }
                }
            }
            Some(c) => name.push(c.to_ascii_lowercase()),
        }
        pos += 1;
    }
    // The value: quoted, unquoted or (at `>`) empty.
    while at(pos).is_some_and(is_space) {
        pos += 1;
    }
    match at(pos) {
        None => Attribute::End,
        Some(quote @ (b'"' | b'\'')) => {
            pos += 1;
            loop {
                match at(pos) {
                    None => return Attribute::End,
                    Some(c) if c == quote => {
                        let next = pos + 1;
                        return Attribute::Pair { name, value, next };
                    }
                    Some(c) => value.push(c.to_ascii_lowercase()),
                }
                pos += 1;
            }
        }
        Some(b'>') => Attribute::Pair {
            name,
            value,
            next: pos,
        },
        Some(_) => loop {
            match at(pos) {
                None => return Attribute::End,
                Some(c) if is_space(c) || c == b'>' => {
                    return Attribute::Pair {
                        name,
                        value,
                        next: pos,
                    }
                }
                Some(c) => value.push(c.to_ascii_lowercase()),
            }
            pos += 1;
        },
    }
}

/// The HTML Standard's "extracting a character encoding from a meta
/// element": the label after `charset=` in a `content` value.
fn charset_from_content(s: &[u8]) -> Option<&'static Encoding> {
    let mut pos = 0;
    loop {
        pos += find_ci(s.get(pos..)?, b"charset")? + b"charset".len();
        while s.get(pos).copied().is_some_and(is_space) {
            pos += 1;
        }
        if s.get(pos) != Some(&b'=') {
            continue;
        }
        pos += 1;
        while s.get(pos).copied().is_some_and(is_space) {
            pos += 1;
        }
        let rest = s.get(pos..)?;
        return match rest.first()? {
            &quote @ (b'"' | b'\'') => {
                let inner = rest.get(1..)?;
                let end = inner.iter().position(|&c| c == quote)?;
                label(inner.get(..end)?)
            }
            _ => {
                let end = rest
                    .iter()
                    .position(|&c| is_space(c) || c == b';')
                    .unwrap_or(rest.len());
                label(rest.get(..end)?)
            }
        };
    }
}

/// The HTML Standard's "get an XML encoding": the `encoding` pseudo-attribute
/// of a leading `<?xml …>` declaration.
fn xml_declaration(b: &[u8]) -> Option<&'static Encoding> {
    if !b.starts_with(b"<?xml") {
        return None;
    }
    let declaration = b.get(..find_byte(b, 0, b'>')?)?;
    let mut pos = find_ci(declaration, b"encoding")? + b"encoding".len();
    let skip_controls = |mut pos: usize| {
        while declaration.get(pos).is_some_and(|&c| c <= 0x20) {
            pos += 1;
        }
        pos
    };
    pos = skip_controls(pos);
    if declaration.get(pos) != Some(&b'=') {
        return None;
    }
    pos = skip_controls(pos + 1);
    let quote = *declaration.get(pos).filter(|&&c| c == b'"' || c == b'\'')?;
    let end = find_byte(declaration, pos + 1, quote)?;
    let value = declaration.get(pos + 1..end)?;
    if value.iter().any(|&c| c <= 0x20) {
        return None;
    }
    label(value).map(in_document)
}
