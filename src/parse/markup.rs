//! Stage: parse — comments and doctypes, read as the HTML tokenizer reads
//! them: where a comment ends, and the name, identifiers and quirks flag of a
//! doctype (which set the document's quirks mode in the tree builder).

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::Doctype;
use memchr::{memchr, memmem};

use crate::prepass::scan::{is_ws, skip_ws};

/// Where a comment whose data starts at `body` ends: (end of its data, just
/// past its close), or `None` when the input ends first. `<!-->` and `<!--->`
/// are whole comments; `-->`, `--->`… and `--!>` close one.
pub(super) fn comment_close(b: &[u8], body: usize) -> Option<(usize, usize)> {
    match (b.get(body), b.get(body + 1)) {
        (Some(b'>'), _) => return Some((body, body + 1)),
        (Some(b'-'), Some(b'>')) => return Some((body, body + 2)),
        _ => {}
    }
    let mut from = body;
    loop {
        let mut k = from + memmem::find(b.get(from..)?, b"--")? + 2;
        while b.get(k) == Some(&b'-') {
            k += 1;
        }
        match (b.get(k), b.get(k + 1)) {
            (Some(b'>'), _) => return Some((k - 2, k + 1)),
            (Some(b'!'), Some(b'>')) => return Some((k - 2, k + 2)),
            _ => from = k,
        }
    }
}

/// `text` as a tendril, each NUL replaced by U+FFFD (comment and doctype
/// text, where the tokenizer replaces them).
pub(super) fn without_nul(text: &str) -> StrTendril {
    if text.contains('\0') {
        StrTendril::from_slice(&text.replace('\0', "\u{FFFD}"))
    } else {
        StrTendril::from_slice(text)
    }
}

/// Fills `d` from a doctype's text starting at `at` (just past `<!DOCTYPE`)
/// and returns the position past its `>`, or the input's end. A doctype cut
/// short, or with a missing or unquoted identifier, forces quirks mode.
pub(super) fn doctype_fields(s: &str, at: usize, d: &mut Doctype) -> usize {
    #[derive(PartialEq)]
    enum Next {
        PublicId,
        AfterPublic,
        SystemId,
        AfterSystem,
    }
    let b = s.as_bytes();
    let len = b.len();
    let to_gt = |i: usize| {
        b.get(i..)
            .and_then(|r| memchr(b'>', r))
            .map_or(len, |j| i + j + 1)
    };
    let mut at = skip_ws(b, at);
    match b.get(at) {
        None => {
            d.force_quirks = true;
            return len;
        }
        Some(b'>') => {
            d.force_quirks = true;
            return at + 1;
        }
        _ => {}
    }
    let name_end = b.get(at..).map_or(len, |r| {
        at + r
            .iter()
            .position(|c| is_ws(*c) || *c == b'>')
            .unwrap_or(r.len())
    });
    let name = s.get(at..name_end).unwrap_or_default().to_ascii_lowercase();
    d.name = Some(without_nul(&name));
    at = skip_ws(b, name_end);
    let keyword = b.get(at..at + 6);
    let mut next = match b.get(at) {
        None => {
            d.force_quirks = true;
            return len;
        }
        Some(b'>') => return at + 1,
        _ if keyword.is_some_and(|k| k.eq_ignore_ascii_case(b"public")) => Next::PublicId,
        _ if keyword.is_some_and(|k| k.eq_ignore_ascii_case(b"system")) => Next::SystemId,
        _ => {
            d.force_quirks = true;
            return to_gt(at);
        }
    };
    at += 6;
    loop {
        at = skip_ws(b, at);
        let Some(&c) = b.get(at) else {
            d.force_quirks = true;
            return len;
        };
        match (&next, c) {
            (Next::PublicId | Next::SystemId | Next::AfterPublic, b'"' | b'\'') => {
                let start = at + 1;
                let rest = b.get(start..).unwrap_or_default();
                let id_end = rest
                    .iter()
                    .position(|x| *x == c || *x == b'>')
                    .map_or(len, |j| start + j);
                let id = Some(without_nul(s.get(start..id_end).unwrap_or_default()));
                if next == Next::PublicId {
                    d.public_id = id;
                    next = Next::AfterPublic;
                } else {
                    d.system_id = id;
                    next = Next::AfterSystem;
                }
                match b.get(id_end) {
                    Some(b'>') => {
                        d.force_quirks = true;
                        return id_end + 1;
                    }
                    None => {
                        d.force_quirks = true;
                        return len;
                    }
                    _ => at = id_end + 1,
                }
            }
            (Next::AfterPublic | Next::AfterSystem, b'>') => return at + 1,
            (Next::AfterSystem, _) => return to_gt(at),
            (_, b'>') => {
                d.force_quirks = true;
                return at + 1;
            }
            _ => {
                d.force_quirks = true;
                return to_gt(at);
            }
        }
    }
}
