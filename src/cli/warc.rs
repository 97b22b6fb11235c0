//! WARC input (`rinse crawl.warc.gz`, or `--input-format warc`): the records
//! of WARC files (plain or gzip, one member per record or one for the file),
//! read as a stream; each HTML `response` (or `resource`) with HTTP status 200
//! is cleaned with its HTTP `Content-Type` (the charset goes to the decoder)
//! and its `WARC-Target-URI`, and written as one JSONL object with the record's
//! id and URL, in file order. Other records are skipped and counted; a record
//! that cannot be cleaned (truncated, over the size cap, a broken HTTP message,
//! no text left) is written with an `error`. With `--raw-html` the page is not
//! cleaned but written as UTF-8 `html`, ready for filter mode elsewhere.

use std::sync::Arc;

use anyhow::Result;
use rinse::records::{self as rec, classify, Verdict, WarcError, WarcReader, WarcRecord};
use rinse::{InputFormat, Pipeline, RawPage};
use serde::Serialize;

use super::args::CleanArgs;
use super::records::{self, Done, Meta, Progress, Status, Stream, Writer};
use super::stream::{self, Work};

/// One output object.
#[derive(Debug, Default, Serialize)]
struct Out<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    warc_record_id: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    warc_date: Option<&'a str>,
    source: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    text: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    html: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    content_type: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    metadata: Option<Meta<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<&'a str>,
}

impl<'a> Out<'a> {
    fn of(record: &'a WarcRecord, source: &'a str) -> Out<'a> {
        Out {
            id: record.record_id(),
            url: record.target_uri(),
            warc_record_id: record.record_id(),
            warc_date: record.date(),
            source,
            ..Out::default()
        }
    }

    fn line(&self) -> String {
        let mut line = serde_json::to_string(self).unwrap_or_else(|e| {
            serde_json::json!({"source": self.source, "text": "", "error": e.to_string()})
                .to_string()
        });
        line.push('\n');
        line
    }
}

/// One item of the stream.
enum Item {
    /// A record of a stream.
    Record {
        stream: Arc<str>,
        record: Box<WarcRecord>,
    },
    /// Bytes that are not a record, or a stream that could not be read on.
    Bad { stream: Arc<str>, reason: String },
}

struct Clean {
    pipeline: Arc<Pipeline>,
    max: usize,
    raw_html: bool,
    explain: bool,
}

fn label(stream: &str, record: &WarcRecord) -> String {
    match record.record_id() {
        Some(id) => format!("{stream}@{} {id}", record.offset),
        None => format!("{stream}@{}", record.offset),
    }
}

fn failed(label: String, out: Out, reason: &str) -> Done {
    let out = Out {
        text: Some(""),
        error: Some(reason),
        ..out
    };
    Done {
        label,
        line: Some(out.line()),
        status: Status::Failed(reason.to_string()),
        explain: None,
    }
}

impl Work<Item, Done> for Clean {
    fn run(&self, item: &Item) -> Done {
        let (stream, record) = match item {
            Item::Record { stream, record } => (stream, record),
            Item::Bad { stream, reason } => {
                let out = Out {
                    source: stream,
                    ..Out::default()
                };
                return failed(stream.to_string(), out, reason);
            }
        };
        let label = label(stream, record);
        let out = Out::of(record, stream);
        let page = match classify(record, self.max) {
            Verdict::Page(page) => page,
            Verdict::Skip(skip) => {
                return Done {
                    label,
                    line: None,
                    status: Status::Skipped(skip.kind()),
                    explain: None,
                }
            }
            Verdict::Fail(reason) => return failed(label, out, &reason),
        };
        if self.raw_html {
            let (html, _) = rec::decode_html(&page.bytes, page.content_type.as_deref());
            let out = Out {
                html: Some(&html),
                content_type: page.content_type.as_deref(),
                ..out
            };
            return Done {
                label,
                line: Some(out.line()),
                status: Status::Cleaned,
                explain: None,
            };
        }
        let raw = RawPage {
            bytes: page.bytes,
            url: record.target_uri().map(str::to_string),
            content_type: page.content_type,
            format: InputFormat::Html,
        };
        let article = self.pipeline.clean(&raw);
        let error = article.empty_reason.as_deref();
        let out = Out {
            text: Some(&article.text),
            metadata: Some(Meta::new(&article)),
            error,
            ..out
        };
        Done {
            line: Some(out.line()),
            status: error.map_or(Status::Cleaned, |e| Status::Failed(e.to_string())),
            explain: self.explain.then(|| records::explain(&label, &article)),
            label,
        }
    }

    fn crashed(&self, item: &Item, message: String) -> Done {
        let reason = format!("internal error: {message}");
        match item {
            Item::Record { stream, record } => {
                failed(label(stream, record), Out::of(record, stream), &reason)
            }
            Item::Bad { stream, .. } => {
                let out = Out {
                    source: stream,
                    ..Out::default()
                };
                failed(stream.to_string(), out, &reason)
            }
        }
    }
}

/// Runs WARC input over `streams`; returns how many streams broke (could not
/// be opened, failed to read, or ended inside a record).
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
            |stream, reason| Item::Bad { stream, reason },
            |stream, reader, emit| {
                let mut broken = 0;
                for result in WarcReader::new(reader, max as u64) {
                    let item = match result {
                        Ok(record) => {
                            if record.truncated.is_some() {
                                broken += 1;
                            }
                            Item::Record {
                                stream: Arc::clone(stream),
                                record: Box::new(record),
                            }
                        }
                        Err(e) => {
                            if matches!(e, WarcError::Io { .. }) {
                                broken += 1;
                            }
                            Item::Bad {
                                stream: Arc::clone(stream),
                                reason: e.to_string(),
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
    let work = Clean {
        pipeline: Arc::clone(pipeline),
        max,
        raw_html: args.raw_html,
        explain: args.explain,
    };
    let workers = records::workers(args);
    stream::run(workers, workers * 4, produce, work, |done| {
        writer.write(done)
    })
}
