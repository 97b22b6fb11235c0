//! Stage: parse — the tokenizer: slim HTML → tags, text, comments and doctype,
//! handed one by one to html5ever's tree builder.
//!
//! It follows the WHATWG tokenizer's states, but works on the whole page held
//! in memory: text runs, tag names and attribute values are found with byte
//! searches and handed over as slices, instead of character by character
//! through a queue of buffers. Where the tree builder switches the tokenizer
//! into another state (`<title>`, `<textarea>`: RCDATA; `<style>`, `<xmp>`,
//! `<iframe>`, `<noscript>`…: raw text; `<script>`; `<plaintext>`), the
//! element's content is cut out up to its end tag in one step.

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{Doctype, Tag, TagKind, Token, TokenSink, TokenSinkResult};
use html5ever::{local_name, ns, Attribute, LocalName, QualName};
use memchr::{memchr, memchr2, memchr3, memmem};

use super::charref;
use super::markup::{comment_close, doctype_fields, without_nul};
use crate::prepass::scan::{find_end_tag, is_ws, name_end, script_end, skip_ws};

/// The tokenizer over one page, feeding `sink`.
pub(super) struct Tokenizer<'a, S: TokenSink> {
    s: &'a str,
    b: &'a [u8],
    pos: usize,
    sink: S,
    /// Text waiting to be handed over, while it is one slice of the input.
    text_slice: Option<(usize, usize)>,
    /// Text waiting to be handed over, once it has decoded references or
    /// several pieces (then `text_slice` is `None`).
    text_buf: String,
    /// Name of the last start tag: the end tag that closes raw text.
    last_start: LocalName,
    /// Reused buffer for names and values that need rewriting.
    scratch: String,
}

impl<'a, S: TokenSink> Tokenizer<'a, S> {
    /// A tokenizer over `s`, whose newlines are already normalized to `\n`.
    pub(super) fn new(s: &'a str, sink: S) -> Self {
        Tokenizer {
            s,
            b: s.as_bytes(),
            pos: 0,
            sink,
            text_slice: None,
            text_buf: String::new(),
            last_start: LocalName::from(""),
            scratch: String::new(),
        }
    }

    /// Runs to the end of the input and gives back the sink.
    pub(super) fn run(mut self) -> S {
        if self.s.starts_with('\u{FEFF}') {
            self.pos = '\u{FEFF}'.len_utf8();
        }
        while self.step() {}
        self.emit(Token::EOFToken);
        self.sink.end();
        self.sink
    }

    /// One step of the data state; false at the input's end.
    fn step(&mut self) -> bool {
        let from = self.pos;
        let Some(rest) = self.b.get(from..) else {
            return false;
        };
        let Some(i) = memchr3(b'<', b'&', b'\0', rest).map(|i| from + i) else {
            self.push_slice(from, self.b.len());
            self.pos = self.b.len();
            return false;
        };
        self.push_slice(from, i);
        match self.b.get(i) {
            Some(b'&') => {
                let s = self.s;
                self.pos = charref::decode(s, i, false, self.owned());
                true
            }
            Some(b'\0') => {
                self.emit(Token::NullCharacterToken);
                self.pos = i + 1;
                true
            }
            _ => self.tag_open(i),
        }
    }

    /// After a `<` at `lt`; false when the input ended inside a tag.
    fn tag_open(&mut self, lt: usize) -> bool {
        match self.b.get(lt + 1) {
            Some(b'!') => self.markup_declaration(lt),
            Some(b'/') => match self.b.get(lt + 2) {
                Some(c) if c.is_ascii_alphabetic() => self.tag(lt + 2, TagKind::EndTag),
                Some(b'>') => {
                    // `</>` gives no token, but html5ever hands its tree
                    // builder a parse error here, which ends the wait for a
                    // newline to drop after `<pre>`: done the same, so that
                    // the trees stay the same.
                    self.emit(Token::ParseError("empty end tag".into()));
                    self.pos = lt + 3;
                    true
                }
                Some(_) => {
                    self.bogus_comment(lt + 2);
                    true
                }
                None => {
                    self.push_slice(lt, lt + 2);
                    self.pos = lt + 2;
                    false
                }
            },
            Some(c) if c.is_ascii_alphabetic() => self.tag(lt + 1, TagKind::StartTag),
            Some(b'?') => {
                self.bogus_comment(lt + 1);
                true
            }
            _ => {
                self.push_slice(lt, lt + 1);
                self.pos = lt + 1;
                true
            }
        }
    }

    /// `<!`: a comment, a doctype, CDATA in SVG/MathML, or a bogus comment.
    fn markup_declaration(&mut self, lt: usize) -> bool {
        let after = lt + 2;
        let rest = self.b.get(after..).unwrap_or_default();
        if rest.starts_with(b"--") {
            self.comment(lt);
        } else if rest
            .get(..7)
            .is_some_and(|r| r.eq_ignore_ascii_case(b"doctype"))
        {
            self.doctype(after + 7);
        } else if rest.starts_with(b"[CDATA[")
            && self
                .sink
                .adjusted_current_node_present_but_not_in_html_namespace()
        {
            let body = after + 7;
            let tail = self.b.get(body..).unwrap_or_default();
            let (end, next) = memmem::find(tail, b"]]>")
                .map_or((self.b.len(), self.b.len()), |i| (body + i, body + i + 3));
            // Its text is characters as they stand; a NUL is handed over on
            // its own, for the tree builder to drop or replace.
            let mut i = body;
            while let Some(j) = self.b.get(i..end).and_then(|r| memchr(b'\0', r)) {
                self.push_slice(i, i + j);
                self.emit(Token::NullCharacterToken);
                i += j + 1;
            }
            self.push_slice(i, end);
            self.pos = next;
        } else {
            self.bogus_comment(after);
        }
        true
    }

    /// A start or end tag whose name starts at `name_at`; false when the
    /// input ended inside it.
    fn tag(&mut self, name_at: usize, kind: TagKind) -> bool {
        let name_end = name_end(self.b, name_at);
        let name = self.local_name(name_at, name_end);
        let mut attrs: Vec<Attribute> = Vec::new();
        let Some((end, self_closing)) = self.attributes(name_end, &mut attrs) else {
            self.pos = self.b.len();
            return false;
        };
        self.pos = end;
        if kind == TagKind::EndTag {
            attrs.clear();
        } else {
            self.last_start = name.clone();
        }
        let tag = Tag {
            kind,
            name,
            self_closing,
            attrs,
            had_duplicate_attributes: false,
        };
        match self.emit_tag(Token::TagToken(tag)) {
            TokenSinkResult::RawData(kind) => self.raw_text(kind),
            TokenSinkResult::Plaintext => {
                self.raw_to(self.b.len(), false);
                self.pos = self.b.len();
            }
            _ => {}
        }
        true
    }

    /// The attributes from `at` to the tag's `>`: the position past it and
    /// whether the tag closed itself (`/>`), or `None` at the input's end.
    fn attributes(&mut self, mut at: usize, attrs: &mut Vec<Attribute>) -> Option<(usize, bool)> {
        loop {
            // Before an attribute name.
            let c = *self.b.get(at)?;
            if is_ws(c) {
                at += 1;
                continue;
            }
            match c {
                b'>' => return Some((at + 1, false)),
                b'/' => {
                    match self.b.get(at + 1) {
                        Some(b'>') => return Some((at + 2, true)),
                        Some(_) => at += 1,
                        None => return None,
                    }
                    continue;
                }
                _ => {}
            }
            // The name: a leading `=` belongs to it.
            let name_at = at;
            let mut i = at + 1;
            while let Some(&c) = self.b.get(i) {
                if is_ws(c) || c == b'/' || c == b'>' || c == b'=' {
                    break;
                }
                i += 1;
            }
            let name_end = i;
            i = skip_ws(self.b, i);
            let value = if self.b.get(i) == Some(&b'=') {
                i = skip_ws(self.b, i + 1);
                match *self.b.get(i)? {
                    q @ (b'"' | b'\'') => {
                        let start = i + 1;
                        let close = start + memchr(q, self.b.get(start..)?)?;
                        i = close + 1;
                        self.value(start, close)
                    }
                    b'>' => StrTendril::new(),
                    _ => {
                        let start = i;
                        while let Some(&c) = self.b.get(i) {
                            if is_ws(c) || c == b'>' {
                                break;
                            }
                            i += 1;
                        }
                        if i >= self.b.len() {
                            return None;
                        }
                        self.value(start, i)
                    }
                }
            } else {
                // No value: the name ends the attribute; whatever follows
                // (another name, `/`, `>`) is read from here.
                StrTendril::new()
            };
            at = i;
            let name = self.local_name(name_at, name_end);
            if !attrs.iter().any(|a| a.name.local == name) {
                attrs.push(Attribute {
                    name: QualName::new(None, ns!(), name),
                    value,
                });
            }
        }
    }

    /// An attribute value from a slice, references decoded and NUL replaced.
    fn value(&mut self, start: usize, end: usize) -> StrTendril {
        let raw = self.s.get(start..end).unwrap_or_default();
        if memchr2(b'&', b'\0', raw.as_bytes()).is_none() {
            return StrTendril::from_slice(raw);
        }
        let mut out = String::with_capacity(raw.len());
        decode_text(raw, Some(true), &mut out);
        StrTendril::from_slice(&out)
    }

    /// A tag or attribute name: ASCII capitals lowered, NUL replaced.
    fn local_name(&mut self, start: usize, end: usize) -> LocalName {
        let raw = self.s.get(start..end).unwrap_or_default();
        if let Some(name) = common_name(raw) {
            return name;
        }
        if !raw.bytes().any(|c| c.is_ascii_uppercase() || c == b'\0') {
            return LocalName::from(raw);
        }
        self.scratch.clear();
        for ch in raw.chars() {
            self.scratch.push(match ch {
                '\0' => '\u{FFFD}',
                c => c.to_ascii_lowercase(),
            });
        }
        LocalName::from(self.scratch.as_str())
    }

    /// The content of an element the tree builder reads as raw text, up to
    /// its end tag (left for the data state to read) or the input's end.
    fn raw_text(&mut self, kind: RawKind) {
        let from = self.pos;
        let name = self.last_start.clone();
        let found = match kind {
            RawKind::ScriptData | RawKind::ScriptDataEscaped(_) => script_end(self.b, from),
            RawKind::Rcdata | RawKind::Rawtext => find_end_tag(self.b, from, name.as_bytes()),
        };
        // `</title` with nothing after it is text: only a whole tag ends.
        let end = found
            .filter(|at| self.b.len() > at + 2 + name.len())
            .unwrap_or(self.b.len());
        self.raw_to(end, kind == RawKind::Rcdata);
        self.pos = end;
    }

    /// Text from `self.pos` to `end`, NUL replaced, references decoded when
    /// `refs`.
    fn raw_to(&mut self, end: usize, refs: bool) {
        let from = self.pos;
        let raw = self.b.get(from..end).unwrap_or_default();
        let special = if refs {
            memchr2(b'&', b'\0', raw)
        } else {
            memchr(b'\0', raw)
        };
        if special.is_none() {
            self.push_slice(from, end);
            return;
        }
        let s = self.s;
        let text = s.get(from..end).unwrap_or_default();
        decode_text(text, refs.then_some(false), self.owned());
    }

    /// A comment whose `<!--` starts at `lt`.
    fn comment(&mut self, lt: usize) {
        let body = lt + 4;
        let (data_end, end) = comment_close(self.b, body).unwrap_or_else(|| {
            // Cut by the input's end: the dashes or `--!` that began a
            // close are not data.
            let tail = self.b.get(body.min(self.b.len())..).unwrap_or_default();
            let strip = [&b"--!"[..], b"--", b"-"]
                .iter()
                .find(|t| tail.ends_with(t))
                .map_or(0, |t| t.len());
            (self.b.len() - strip, self.b.len())
        });
        let data = self.s.get(body..data_end.max(body)).unwrap_or_default();
        self.emit_comment(data);
        self.pos = end;
    }

    /// A bogus comment (`<?…>`, `</ …>`, `<!…>`) whose data starts at `from`.
    fn bogus_comment(&mut self, from: usize) {
        let rest = self.b.get(from..).unwrap_or_default();
        let (data_end, end) =
            memchr(b'>', rest).map_or((self.b.len(), self.b.len()), |i| (from + i, from + i + 1));
        let data = self.s.get(from..data_end).unwrap_or_default();
        self.emit_comment(data);
        self.pos = end;
    }

    fn emit_comment(&mut self, data: &str) {
        self.emit(Token::CommentToken(without_nul(data)));
    }

    /// A doctype; `at` is just past `<!DOCTYPE`.
    fn doctype(&mut self, at: usize) {
        let mut d = Doctype::default();
        self.pos = doctype_fields(self.s, at, &mut d);
        self.emit(Token::DoctypeToken(d));
    }

    /// Adds `start..end` of the input to the pending text.
    fn push_slice(&mut self, start: usize, end: usize) {
        if start >= end {
            return;
        }
        match self.text_slice {
            None if self.text_buf.is_empty() => self.text_slice = Some((start, end)),
            Some((a, e)) if e == start => self.text_slice = Some((a, end)),
            _ => {
                let s = self.s;
                self.owned().push_str(s.get(start..end).unwrap_or_default());
            }
        }
    }

    /// The pending text as an owned string, to append decoded text to.
    fn owned(&mut self) -> &mut String {
        if let Some((a, e)) = self.text_slice.take() {
            self.text_buf.push_str(self.s.get(a..e).unwrap_or_default());
        }
        &mut self.text_buf
    }

    /// Hands the pending text, then `token`, to the tree builder. Only start
    /// tags switch the tokenizer's state (see [`Self::emit_tag`]).
    fn emit(&mut self, token: Token) {
        let _ = self.emit_tag(token);
    }

    /// Hands the pending text, then `token`, to the tree builder, and gives
    /// back its answer: for a start tag, how to read the element's content.
    fn emit_tag(&mut self, token: Token) -> TokenSinkResult<S::Handle> {
        let text = match self.text_slice.take() {
            Some((a, e)) => Some(StrTendril::from_slice(self.s.get(a..e).unwrap_or_default())),
            None if self.text_buf.is_empty() => None,
            None => {
                let t = StrTendril::from_slice(&self.text_buf);
                self.text_buf.clear();
                Some(t)
            }
        };
        if let Some(t) = text {
            // Character tokens never switch the tokenizer's state.
            let _ = self.sink.process_token(Token::CharacterTokens(t), 1);
        }
        self.sink.process_token(token, 1)
    }
}

/// Appends `raw` to `out` with each NUL replaced by U+FFFD and, when `refs` is
/// given, character references decoded (`Some(true)`: as in an attribute
/// value). A reference ends with `raw`, as it would at the quote, tag end or
/// end tag that bounds it.
fn decode_text(raw: &str, refs: Option<bool>, out: &mut String) {
    let b = raw.as_bytes();
    let mut i = 0;
    loop {
        let rest = b.get(i..).unwrap_or_default();
        let next = match refs {
            Some(_) => memchr2(b'&', b'\0', rest),
            None => memchr(b'\0', rest),
        };
        let Some(j) = next.map(|j| i + j) else {
            out.push_str(raw.get(i..).unwrap_or_default());
            return;
        };
        out.push_str(raw.get(i..j).unwrap_or_default());
        match (b.get(j), refs) {
            (Some(b'&'), Some(in_attr)) => i = charref::decode(raw, j, in_attr, out),
            _ => {
                out.push('\u{FFFD}');
                i = j + 1;
            }
        }
    }
}

/// The names most tags and kept attributes have, as the static atoms they
/// are, matched by `match` instead of hashed into the atom table.
fn common_name(raw: &str) -> Option<LocalName> {
    Some(match raw {
        "div" => local_name!("div"),
        "a" => local_name!("a"),
        "span" => local_name!("span"),
        "p" => local_name!("p"),
        "li" => local_name!("li"),
        "img" => local_name!("img"),
        "i" => local_name!("i"),
        "br" => local_name!("br"),
        "ul" => local_name!("ul"),
        "ol" => local_name!("ol"),
        "td" => local_name!("td"),
        "tr" => local_name!("tr"),
        "th" => local_name!("th"),
        "b" => local_name!("b"),
        "strong" => local_name!("strong"),
        "em" => local_name!("em"),
        "h1" => local_name!("h1"),
        "h2" => local_name!("h2"),
        "h3" => local_name!("h3"),
        "h4" => local_name!("h4"),
        "h5" => local_name!("h5"),
        "h6" => local_name!("h6"),
        "section" => local_name!("section"),
        "article" => local_name!("article"),
        "header" => local_name!("header"),
        "footer" => local_name!("footer"),
        "nav" => local_name!("nav"),
        "main" => local_name!("main"),
        "aside" => local_name!("aside"),
        "figure" => local_name!("figure"),
        "figcaption" => local_name!("figcaption"),
        "picture" => local_name!("picture"),
        "source" => local_name!("source"),
        "button" => local_name!("button"),
        "input" => local_name!("input"),
        "form" => local_name!("form"),
        "label" => local_name!("label"),
        "table" => local_name!("table"),
        "tbody" => local_name!("tbody"),
        "thead" => local_name!("thead"),
        "time" => local_name!("time"),
        "meta" => local_name!("meta"),
        "link" => local_name!("link"),
        "title" => local_name!("title"),
        "html" => local_name!("html"),
        "head" => local_name!("head"),
        "body" => local_name!("body"),
        "iframe" => local_name!("iframe"),
        "blockquote" => local_name!("blockquote"),
        "pre" => local_name!("pre"),
        "code" => local_name!("code"),
        "hr" => local_name!("hr"),
        "small" => local_name!("small"),
        "sup" => local_name!("sup"),
        "sub" => local_name!("sub"),
        "dl" => local_name!("dl"),
        "dt" => local_name!("dt"),
        "dd" => local_name!("dd"),
        "u" => local_name!("u"),
        "s" => local_name!("s"),
        "option" => local_name!("option"),
        "select" => local_name!("select"),
        "video" => local_name!("video"),
        "script" => local_name!("script"),
        "class" => local_name!("class"),
        "id" => local_name!("id"),
        "href" => local_name!("href"),
        "src" => local_name!("src"),
        "alt" => local_name!("alt"),
        "role" => local_name!("role"),
        "itemprop" => local_name!("itemprop"),
        "itemscope" => local_name!("itemscope"),
        "itemtype" => local_name!("itemtype"),
        "hidden" => local_name!("hidden"),
        "style" => local_name!("style"),
        "lang" => local_name!("lang"),
        "name" => local_name!("name"),
        "property" => local_name!("property"),
        "content" => local_name!("content"),
        "http-equiv" => local_name!("http-equiv"),
        "charset" => local_name!("charset"),
        "rel" => local_name!("rel"),
        "type" => local_name!("type"),
        "datetime" => local_name!("datetime"),
        "width" => local_name!("width"),
        "height" => local_name!("height"),
        _ => return None,
    })
}
