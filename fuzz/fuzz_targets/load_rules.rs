//! Fuzz target: rule files are untrusted input; loading any text must give a
//! rule set or an error, never a panic or a blow-up.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = rinse::RuleSet::from_source("fuzz.toml", text);
    }
});
