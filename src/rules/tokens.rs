//! Class/id matching for `[[remove]]` rules with `classes` and `words`: a hash
//! lookup per class value and per word, so hundreds of names cost one pass over
//! an element's attributes.

use std::collections::HashMap;

/// Index from class/id values and words to the rules that list them.
#[derive(Debug, Default)]
pub(crate) struct TokenIndex {
    classes: HashMap<String, Vec<usize>>,
    words: HashMap<String, Vec<usize>>,
}

impl TokenIndex {
    /// Adds a whole class/id value for rule `rule`.
    pub fn add_class(&mut self, value: &str, rule: usize) {
        self.classes
            .entry(value.to_lowercase())
            .or_default()
            .push(rule);
    }

    /// Adds a word of class/id values for rule `rule`.
    pub fn add_word(&mut self, word: &str, rule: usize) {
        self.words
            .entry(word.to_lowercase())
            .or_default()
            .push(rule);
    }

    /// The whole-value entries.
    pub fn classes_iter(&self) -> impl Iterator<Item = (&String, &Vec<usize>)> {
        self.classes.iter()
    }

    /// The word entries.
    pub fn words_iter(&self) -> impl Iterator<Item = (&String, &Vec<usize>)> {
        self.words.iter()
    }

    /// Every rule index in the index.
    pub fn rules(&self) -> Vec<usize> {
        let mut out: Vec<usize> = self
            .classes
            .values()
            .chain(self.words.values())
            .flatten()
            .copied()
            .collect();
        out.sort_unstable();
        out.dedup();
        out
    }

    /// The first enabled rule matching a value or a word of `class_id`.
    pub fn find(&self, class_id: &str, enabled: impl Fn(usize) -> bool) -> Option<usize> {
        if self.classes.is_empty() && self.words.is_empty() {
            return None;
        }
        let pick = |rules: Option<&Vec<usize>>| rules?.iter().copied().find(|&r| enabled(r));
        for value in class_id.split_ascii_whitespace() {
            if let Some(r) = pick(self.classes.get(&value.to_lowercase())) {
                return Some(r);
            }
            let mut found = None;
            for_each_word(value, |word| {
                if found.is_none() {
                    found = pick(self.words.get(word));
                }
            });
            if found.is_some() {
                return found;
            }
        }
        None
    }
}

/// Words that negate the word after them in a class/id value: a
/// `non-paywall` section or a `no-sidebar` layout is not a paywall or sidebar,
/// and a `has-sidebar` page or a `graf-after--figure` paragraph (one that
/// follows a picture) is neither a sidebar nor a figure.
const NEGATIONS: &[&str] = &["no", "non", "not", "without", "has", "after", "before"];

/// Calls `f` with each lower-cased word of a class/id value: split at
/// non-letters (`-`, `_`, digits…) and at camelCase humps (`authorInfo`). A
/// negation (`no`, `non`, `not`, `without`, `has`, `after`, `before`) and the word after it within the
/// same value are left out. Space-separated values are taken one by one.
pub fn for_each_word(class_id: &str, mut f: impl FnMut(&str)) {
    for value in class_id.split_ascii_whitespace() {
        if drawn(value) {
            continue;
        }
        let mut negated = false;
        words_of_value(value, |word| {
            if std::mem::take(&mut negated) {
                return;
            }
            if NEGATIONS.contains(&word) {
                negated = true;
                return;
            }
            f(word);
        });
    }
}

/// Words that say how an element is drawn: a `paywall-fade` or `premium-blur`
/// paragraph is the article's own text faded out where a paywall begins, not
/// the paywall's prompt, so a value holding one names no clutter.
const LOOKS: &[&str] = &[
    "fade",
    "faded",
    "fadeout",
    "fading",
    "blur",
    "blurred",
    "truncated",
    "clamped",
];

/// Whether class/id value `value` holds one of the [`LOOKS`] words. A quick
/// look for their stems comes first: almost no value has one.
fn drawn(value: &str) -> bool {
    let bytes = value.as_bytes();
    let has_stem = bytes.iter().enumerate().any(|(i, b)| {
        let rest = bytes.get(i..).unwrap_or_default();
        let starts = |stem: &[u8]| {
            rest.get(..stem.len())
                .is_some_and(|w| w.eq_ignore_ascii_case(stem))
        };
        match b.to_ascii_lowercase() {
            b'f' => starts(b"fad"),
            b'b' => starts(b"blur"),
            b't' => starts(b"truncat"),
            b'c' => starts(b"clamp"),
            _ => false,
        }
    });
    if !has_stem {
        return false;
    }
    let mut found = false;
    words_of_value(value, |w| found |= LOOKS.contains(&w));
    found
}

/// The words of one class/id value, negations included. A run of letters and
/// digits that reads as a hexadecimal hash (`e1ad`, `ad558ad`, a GUID part:
/// only hex digits, and a digit followed by a letter) has no words: generated
/// ids spell `ad` or `bad` by chance.
fn words_of_value(value: &str, mut f: impl FnMut(&str)) {
    if !value.bytes().any(|b| b.is_ascii_digit()) {
        return words_of_segment(value, &mut f);
    }
    value
        .split(|c: char| !c.is_alphanumeric())
        .filter(|seg| !seg.is_empty() && !is_hex_hash(seg))
        .for_each(|seg| words_of_segment(seg, &mut f));
}

/// Whether a run of letters and digits is a hexadecimal hash: only hex digits,
/// with a letter right after a digit somewhere (so `ad300` and `ad005`, an ad
/// slot and its number, are not).
fn is_hex_hash(seg: &str) -> bool {
    let bytes = seg.as_bytes();
    bytes.iter().all(u8::is_ascii_hexdigit)
        && bytes
            .windows(2)
            .any(|w| matches!(w, [a, b] if a.is_ascii_digit() && b.is_ascii_alphabetic()))
}

/// The words of one piece of a class/id value.
fn words_of_segment(value: &str, f: &mut impl FnMut(&str)) {
    // Lower-case ASCII (most class names): the words are the letter runs,
    // handed out as slices without copying.
    if value
        .bytes()
        .all(|b| b.is_ascii() && !b.is_ascii_uppercase())
    {
        value
            .split(|c: char| !c.is_ascii_alphabetic())
            .filter(|w| !w.is_empty())
            .for_each(f);
        return;
    }
    let mut word = String::new();
    let mut prev_lower = false;
    for ch in value.chars() {
        if !ch.is_alphabetic() {
            if !word.is_empty() {
                f(&word);
                word.clear();
            }
            prev_lower = false;
            continue;
        }
        if ch.is_uppercase() && prev_lower && !word.is_empty() {
            f(&word);
            word.clear();
        }
        prev_lower = ch.is_lowercase();
        word.extend(ch.to_lowercase());
    }
    if !word.is_empty() {
        f(&word);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The words `for_each_word` hands out for `v`, in order.
    fn words(v: &str) -> Vec<String> {
        let mut out = Vec::new();
        for_each_word(v, |w| out.push(w.to_string()));
        out
    }

    #[test]
    fn matches_whole_values_and_words() {
        let mut idx = TokenIndex::default();
        idx.add_class("sharedaddy", 0);
        idx.add_word("comments", 1);
        assert_eq!(idx.find("post sharedaddy", |_| true), Some(0));
        assert_eq!(idx.find("entry-comments", |_| true), Some(1));
        assert_eq!(idx.find("wpd_comments_list", |_| true), Some(1));
        assert_eq!(idx.find("commentsx entry-content", |_| true), None);
        assert_eq!(idx.find("entry-comments", |r| r != 1), None);
        assert_eq!(idx.find("ArticlePage-commentsArea", |_| true), Some(1));
        assert_eq!(idx.find("SHAREDADDY", |_| true), Some(0));
    }

    #[test]
    fn words_split_the_same_on_both_paths() {
        assert_eq!(
            words("entry-content__body2x"),
            ["entry", "content", "body", "x"]
        );
        assert_eq!(words("authorInfo-Box"), ["author", "info", "box"]);
        assert_eq!(words("über-straße"), ["über", "straße"]);
        assert_eq!(words("--__"), Vec::<String>::new());
    }

    #[test]
    fn hex_hashes_have_no_words() {
        assert_eq!(words("e1ad"), Vec::<String>::new());
        assert_eq!(words("elementor-element-ad558ad"), ["elementor", "element"]);
        assert_eq!(words("post-76e426d9-56de-40AD"), ["post"]);
        assert_eq!(words("ad005 ad300x250"), ["ad", "ad", "x"]);
        assert_eq!(words("nav1 footer2"), ["nav", "footer"]);
    }

    #[test]
    fn a_negation_drops_itself_and_the_next_word_of_its_value() {
        assert_eq!(words("row non-paywall"), ["row"]);
        // A post that has comments, or a paragraph after a figure, is neither.
        assert_eq!(words("noSidebar has-comments"), Vec::<String>::new());
        assert_eq!(
            words("graf graf--p graf-after--figure"),
            ["graf", "graf", "p", "graf"]
        );
        assert_eq!(words("before-footer widget"), ["widget"]);
        assert_eq!(words("no comments"), ["comments"]);
        assert_eq!(words("not-a-sidebar"), ["sidebar"]);
    }

    #[test]
    fn a_value_that_says_how_text_is_drawn_names_nothing() {
        assert_eq!(words("paywall-fade"), Vec::<String>::new());
        assert_eq!(words("premiumBlur text"), ["text"]);
        // Only its own value: the modal beside a `fade` class is still one.
        assert_eq!(words("modal fade"), ["modal"]);
        assert_eq!(words("paywall-facade"), ["paywall", "facade"]);
    }
}
