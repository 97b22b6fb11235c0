//! Filter mode (`--input-format jsonl`): one JSON object per line in, one per
//! line out, in the same order, each flushed as soon as it is ready.
//!
//! An input object gives its page in `html` (HTML) or `text` (plain text that
//! was already scraped), and optionally its address in `url` (or
//! `metadata.url`). The output object is the input object with `html` dropped,
//! `text` set to the cleaned text, rinse's metadata merged into `metadata`, and
//! an `error` when the record gave no text. Every other field — `id` and
//! anything else — is copied byte for byte, in its place. A line that is not a
//! JSON object still gives one output line: `text` empty, `error` saying why,
//! and its `line` number.

use std::sync::Arc;

use anyhow::Result;
use rinse::records::{JsonlLine, JsonlReader};
use rinse::{InputFormat, Pipeline, RawPage};
use serde::de::{Deserializer, MapAccess, Visitor};
use serde::Deserialize;
use serde_json::value::RawValue;

use super::args::CleanArgs;
use super::records::{self, Done, Meta, Progress, Status, Stream, Writer};
use super::stream::{self, Work};

/// A JSON object's fields, in order, values kept as raw JSON text.
struct Fields<'a>(Vec<(String, &'a RawValue)>);

impl<'de: 'a, 'a> Deserialize<'de> for Fields<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct ObjectVisitor<'a>(std::marker::PhantomData<&'a ()>);
        impl<'de: 'a, 'a> Visitor<'de> for ObjectVisitor<'a> {
            type Value = Fields<'a>;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Fields<'a>, A::Error> {
                let mut fields = Vec::new();
                while let Some(entry) = map.next_entry::<String, &'a RawValue>()? {
                    fields.push(entry);
                }
                Ok(Fields(fields))
            }
        }
        d.deserialize_map(ObjectVisitor(std::marker::PhantomData))
    }
}

impl<'a> Fields<'a> {
    fn get(&self, key: &str) -> Option<&'a RawValue> {
        self.0.iter().find(|(k, _)| k == key).map(|(_, v)| *v)
    }

    /// A string field: `Ok(None)` when absent or null, an error for another type.
    fn string(&self, key: &str) -> Result<Option<String>, String> {
        match self.get(key) {
            None => Ok(None),
            Some(raw) => serde_json::from_str::<Option<String>>(raw.get())
                .map_err(|_| format!("`{key}` is not a string")),
        }
    }
}

/// One item of the stream.
enum Item {
    /// A line of a stream.
    Line { stream: Arc<str>, line: JsonlLine },
    /// A stream that could not be opened or read to its end.
    Broken { stream: Arc<str>, reason: String },
}

struct Filter {
    pipeline: Arc<Pipeline>,
    explain: bool,
}

impl Work<Item, Done> for Filter {
    fn run(&self, item: &Item) -> Done {
        match item {
            Item::Line {
                stream,
                line: JsonlLine::Line { number, bytes },
            } => self.record(stream, *number, bytes),
            Item::Line {
                stream,
                line: JsonlLine::TooLong { number, len },
            } => bad_line(
                stream,
                *number,
                format!("a line of {len} bytes, over the size limit"),
            ),
            Item::Broken { stream, reason } => bad_line(stream, 0, reason.clone()),
        }
    }

    fn crashed(&self, item: &Item, message: String) -> Done {
        let (stream, number) = match item {
            Item::Line { stream, line } => (stream, line.number()),
            Item::Broken { stream, .. } => (stream, 0),
        };
        bad_line(stream, number, format!("internal error: {message}"))
    }
}

/// The output of a line that gave no record: `text` empty, `error`, `line`.
fn bad_line(stream: &str, number: u64, reason: String) -> Done {
    let mut obj = serde_json::json!({"text": "", "error": reason});
    if let Some(map) = obj.as_object_mut() {
        if number > 0 {
            map.insert("line".into(), number.into());
        }
        if stream != "-" {
            map.insert("source".into(), stream.into());
        }
    }
    let label = if number > 0 {
        format!("{stream}:{number}")
    } else {
        stream.to_string()
    };
    Done {
        label,
        line: Some(format!("{obj}\n")),
        status: Status::Failed(reason),
        explain: None,
    }
}

/// serde_json's message without its " at line 1 column N" (a line is one line).
fn json_error(e: &serde_json::Error) -> String {
    let text = e.to_string();
    let message = text
        .rsplit_once(" at line ")
        .map_or(text.as_str(), |(m, _)| m);
    match e.column() {
        0 => format!("malformed JSON: {message}"),
        column => format!("malformed JSON (column {column}): {message}"),
    }
}

impl Filter {
    fn record(&self, stream: &str, number: u64, bytes: &[u8]) -> Done {
        let Ok(line) = std::str::from_utf8(bytes) else {
            return bad_line(stream, number, "not valid UTF-8".into());
        };
        let fields: Fields = match serde_json::from_str(line) {
            Ok(fields) => fields,
            Err(e) => return bad_line(stream, number, json_error(&e)),
        };
        let mut label = format!("{stream}:{number}");
        if let Some(id) = fields.get("id") {
            let id: String = id.get().chars().take(60).collect();
            label.push_str(&format!(" (id {id})"));
        }
        let page = match page(&fields) {
            Ok(page) => page,
            Err(reason) => {
                let line = render(&fields, "", None, Some(&reason));
                return Done {
                    label,
                    line: Some(line),
                    status: Status::Failed(reason),
                    explain: None,
                };
            }
        };
        let article = self.pipeline.clean(&page);
        let meta = Meta::new(&article);
        let error = article.empty_reason.as_deref();
        Done {
            line: Some(render(&fields, &article.text, Some(&meta), error)),
            status: error.map_or(Status::Cleaned, |e| Status::Failed(e.to_string())),
            explain: self.explain.then(|| records::explain(&label, &article)),
            label,
        }
    }
}

/// The page of a record: `html` (preferred) or `text`, with its URL.
fn page(fields: &Fields) -> Result<RawPage, String> {
    // JSON strings are Unicode: the bytes handed on are UTF-8 whatever a
    // `<meta charset>` in the page says.
    let mut page = if let Some(html) = fields.string("html")? {
        RawPage::new(html)
            .with_content_type("text/html; charset=utf-8")
            .with_format(InputFormat::Html)
    } else if let Some(text) = fields.string("text")? {
        RawPage::new(text)
            .with_content_type("text/plain; charset=utf-8")
            .with_format(InputFormat::Text)
    } else {
        // A record that failed upstream (`rinse --raw-html`) keeps its reason.
        let upstream = fields.string("error").ok().flatten();
        return Err(upstream.unwrap_or_else(|| "no `html` or `text` field".into()));
    };
    let nested_url = || {
        let raw = fields.get("metadata")?;
        let meta: Fields = serde_json::from_str(raw.get()).ok()?;
        meta.string("url").ok().flatten()
    };
    page.url = fields.string("url").ok().flatten().or_else(nested_url);
    Ok(page)
}

fn push_field(out: &mut String, first: &mut bool, key: &str, value: &str) {
    if !*first {
        out.push(',');
    }
    *first = false;
    out.push_str(&serde_json::Value::from(key).to_string());
    out.push(':');
    out.push_str(value);
}

/// The input's `metadata` with rinse's values merged in: its own fields in
/// place (those rinse also sets take rinse's value), rinse's new ones after.
fn merged_metadata(own: &Fields, rinse: &serde_json::Map<String, serde_json::Value>) -> String {
    let mut out = String::from("{");
    let mut first = true;
    for (key, value) in &own.0 {
        match rinse.get(key) {
            Some(v) => push_field(&mut out, &mut first, key, &v.to_string()),
            None => push_field(&mut out, &mut first, key, value.get()),
        }
    }
    for (key, value) in rinse {
        if own.get(key).is_none() {
            push_field(&mut out, &mut first, key, &value.to_string());
        }
    }
    out.push('}');
    out
}

/// The output line of a record.
fn render(fields: &Fields, text: &str, meta: Option<&Meta>, error: Option<&str>) -> String {
    let rinse_meta = meta
        .and_then(|m| serde_json::to_value(m).ok())
        .and_then(|v| match v {
            serde_json::Value::Object(map) => Some(map),
            _ => None,
        });
    let text = serde_json::Value::from(text).to_string();
    let mut out = String::from("{");
    let mut first = true;
    let (mut wrote_text, mut wrote_meta) = (false, false);
    for (key, value) in &fields.0 {
        match key.as_str() {
            "html" | "text" if !wrote_text => {
                push_field(&mut out, &mut first, "text", &text);
                wrote_text = true;
            }
            "html" | "text" | "error" => {}
            "metadata" if !wrote_meta => {
                wrote_meta = true;
                let own: Option<Fields> = serde_json::from_str(value.get()).ok();
                match (&rinse_meta, own) {
                    (Some(rinse), Some(own)) => {
                        let merged = merged_metadata(&own, rinse);
                        push_field(&mut out, &mut first, "metadata", &merged);
                    }
                    (Some(rinse), None) if value.get() == "null" => {
                        let rinse = serde_json::Value::Object(rinse.clone()).to_string();
                        push_field(&mut out, &mut first, "metadata", &rinse);
                    }
                    (Some(rinse), None) => {
                        // Not an object: kept as it is, rinse's beside it.
                        push_field(&mut out, &mut first, "metadata", value.get());
                        let rinse = serde_json::Value::Object(rinse.clone()).to_string();
                        push_field(&mut out, &mut first, "rinse_metadata", &rinse);
                    }
                    (None, _) => push_field(&mut out, &mut first, "metadata", value.get()),
                }
            }
            "metadata" => {}
            _ => push_field(&mut out, &mut first, key, value.get()),
        }
    }
    if !wrote_text {
        push_field(&mut out, &mut first, "text", &text);
    }
    if let (false, Some(rinse)) = (wrote_meta, rinse_meta) {
        let rinse = serde_json::Value::Object(rinse).to_string();
        push_field(&mut out, &mut first, "metadata", &rinse);
    }
    if let Some(error) = error {
        let error = serde_json::Value::from(error).to_string();
        push_field(&mut out, &mut first, "error", &error);
    }
    out.push_str("}\n");
    out
}

/// Runs filter mode over `streams`; returns how many streams broke.
pub fn run(
    args: &CleanArgs,
    pipeline: &Arc<Pipeline>,
    streams: &[Stream],
    progress: &Progress,
    writer: &mut Writer,
) -> Result<usize> {
    let max = records::max_bytes(args);
    let streams = streams.to_vec();
    let bar = progress.bar();
    let produce = move |emit: &mut dyn FnMut(Item) -> bool| {
        records::read_streams(
            streams,
            bar.as_ref(),
            emit,
            |stream, reason| Item::Broken { stream, reason },
            |name, reader, emit| {
                let (mut broken, mut last) = (0, 0);
                for line in JsonlReader::new(reader, max) {
                    let item = match line {
                        Ok(line) => {
                            last = line.number();
                            Item::Line {
                                stream: Arc::clone(name),
                                line,
                            }
                        }
                        Err(e) => {
                            broken += 1;
                            let reason = format!("read error after line {last}: {e}");
                            Item::Broken {
                                stream: Arc::clone(name),
                                reason,
                            }
                        }
                    };
                    if !emit(item) {
                        return (broken, false);
                    }
                }
                (broken, true)
            },
        )
    };
    let work = Filter {
        pipeline: Arc::clone(pipeline),
        explain: args.explain,
    };
    let workers = records::workers(args);
    stream::run(workers, workers * 4, produce, work, |done| {
        writer.write(done)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

    fn run_line(line: &str) -> Value {
        let filter = Filter {
            pipeline: Arc::new(Pipeline::new().unwrap()),
            explain: false,
        };
        let done = filter.record("-", 1, line.as_bytes());
        serde_json::from_str(done.line.as_deref().unwrap()).unwrap()
    }

    const HTML: &str = "<article><p>Hello, world. This is the article body.</p></article>";

    #[test]
    fn metadata_that_is_not_an_object_is_kept_beside_rinse_s() {
        let v = run_line(&format!(r#"{{"metadata":"m","html":"{HTML}"}}"#));
        assert_eq!(v["metadata"], "m");
        assert_eq!(v["rinse_metadata"]["input_kind"], "html");
        let v = run_line(&format!(r#"{{"metadata":null,"html":"{HTML}"}}"#));
        assert_eq!(v["metadata"]["input_kind"], "html");
    }

    #[test]
    fn html_wins_over_text_and_one_text_comes_out() {
        let line = format!(r#"{{"text":"old text","html":"{HTML}","a\"b":1,"error":"stale"}}"#);
        let filter = Filter {
            pipeline: Arc::new(Pipeline::new().unwrap()),
            explain: false,
        };
        let out = filter.record("-", 1, line.as_bytes()).line.unwrap();
        assert_eq!(out.matches("\"text\"").count(), 1, "{out}");
        let v: Value = serde_json::from_str(&out).unwrap();
        assert_eq!(v["text"], "Hello, world. This is the article body.\n");
        assert_eq!(v["a\"b"], 1);
        assert!(v.get("error").is_none(), "rinse owns `error`: {out}");
    }
}
