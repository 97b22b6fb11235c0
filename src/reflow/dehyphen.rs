//! Stage: reflow (dehyphenation) — two wrapped lines of one block → one line of text.
//!
//! Input: the text of a block built so far and the next line of it. Output: the two joined,
//! with a single space, or with no space when the first ends in a hyphen or a dash glued to a
//! word. Neighbours: `join.rs` decides which lines belong together; `mod.rs` calls
//! [`Lexicon::append`] for each joined line.
//!
//! A hyphen at a line end is either a word split by the typesetter ("reso-" + "lution") or a
//! real compound that happened to break at its hyphen ("high-" + "profile"). The document is
//! the evidence: the [`Lexicon`] holds every word and hyphenated compound it shows elsewhere.
//! The hyphen stays when the compound is seen hyphenated, when the second part is capitalised
//! or the first holds digits, when the first part is a prefix that always takes a hyphen, or
//! when both parts are words of their own (in the document, or in a short list of common English
//! compound parts); it goes when the joined word is seen or is a common closed compound
//! ("every-" + "thing"), in a language that writes its compounds solid (German, Dutch, the
//! Scandinavian languages), or when the document hyphenates and there is no evidence either way.
//! A hyphen before "and" / "und" / "oder"… is a suspended compound ("Bundes- und
//! Landesregierungen"): it stays, and so does the space.

use std::collections::HashSet;
use std::sync::OnceLock;

use super::lines::Line;

/// Prefixes that are joined to their word with a hyphen whenever they are split off.
const HYPHEN_PREFIXES: &[&str] = &[
    "self", "ex", "all", "well", "half", "cross", "vice", "quasi", "non",
];

/// Shortest part, in letters, that counts as a word of its own when judging a split.
const MIN_PART: usize = 3;

/// English word endings that are never the second part of a compound: a line
/// that ends in "visit-" before "ing" split a word ("visiting").
const SUFFIXES: &[&str] = &[
    "ing", "ings", "ed", "er", "ers", "es", "ly", "tion", "tions", "sion", "sions", "ment",
    "ments", "ness", "ity", "ities", "ies", "ous", "ism", "ist", "ists", "ance", "ence",
];

/// Conjunctions after a suspended compound's hyphen ("Bundes- und Landes…", "first- and
/// second-class"): the line-end hyphen is no split, and the space after it stays.
const SUSPENSION_WORDS: &[&str] = &[
    "and", "or", "nor", "und", "oder", "bzw", "sowie", "bis", "et", "ou", "y", "o", "e", "och",
    "og", "eller",
];

/// Function words of languages that write compounds solid (German, Dutch, Swedish, Danish,
/// Norwegian) and of English; a document showing several of the first and few of the second
/// joins a line-end split with a lower-case second part.
const SOLID_MARKERS: &[&str] = &[
    "und", "der", "die", "das", "nicht", "ist", "mit", "sich", "auch", "het", "een", "niet",
    "zijn", "voor", "och", "att", "inte", "är", "og", "ikke", "er", "af",
];
/// See [`SOLID_MARKERS`].
const ENGLISH_MARKERS: &[&str] = &["the", "and", "of", "to", "is", "was", "that", "with"];
/// How many distinct markers make the call.
const MARKERS_NEEDED: usize = 3;

/// One word per line, `#` comments, as in the files under `words/`.
fn word_list(text: &'static str) -> HashSet<&'static str> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect()
}

/// Common English words that stand as either part of a hyphenated compound.
fn compound_parts() -> &'static HashSet<&'static str> {
    static SET: OnceLock<HashSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| word_list(include_str!("words/compound-parts.txt")))
}

/// Common English words written solid that read as two words.
fn closed_compounds() -> &'static HashSet<&'static str> {
    static SET: OnceLock<HashSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| word_list(include_str!("words/closed-compounds.txt")))
}

/// How two lines of a block are joined.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Glue {
    /// With one space (after a dash, or a suspended compound's hyphen).
    Space,
    /// Directly: the first line's hyphen or dash stays and no space is added.
    Tight,
    /// Directly, dropping the first line's trailing (soft) hyphen.
    DropHyphen,
}

/// A document hyphenates words at its line ends when at least one line in this
/// many ends in a split (a typesetter's narrow column); a wrapper that breaks
/// lines only at spaces and at the hyphens already there splits far fewer.
const HYPHENATING_LINES_PER_SPLIT: usize = 12;

/// The words and hyphenated compounds a document shows outside its line-end hyphens.
#[derive(Debug, Default)]
pub(super) struct Lexicon {
    /// Lowercased words, including the parts of compounds.
    words: HashSet<String>,
    /// Lowercased hyphenated compounds, such as "high-profile".
    compounds: HashSet<String>,
    /// Whether the document splits words at line ends: it shows one split
    /// word whole elsewhere, or it has many line-end splits (see
    /// [`HYPHENATING_LINES_PER_SPLIT`]). Where it does not, a line-end hyphen
    /// without evidence either way is the word's own ("full-" + "scale").
    hyphenating: bool,
    /// Whether the document's language writes compounds solid (see [`SOLID_MARKERS`]).
    solid: bool,
}

impl Lexicon {
    /// Collects the words of `lines`, leaving out both halves of every line-end hyphen split.
    pub fn from_lines(lines: &[Line<'_>]) -> Self {
        let mut lex = Lexicon::default();
        let mut skip_first = false;
        // The joined form of each split ("reso-" + "lution" → "resolution").
        let mut joined: Vec<String> = Vec::new();
        for (i, line) in lines.iter().enumerate() {
            let broken = ends_with_split(line.text);
            let tokens: Vec<&str> = line.text.split_whitespace().collect();
            let last = tokens.len().saturating_sub(1);
            for (k, token) in tokens.iter().enumerate() {
                let is_split_half = (k == 0 && skip_first) || (k == last && broken);
                if !is_split_half {
                    lex.add(token);
                }
            }
            if broken {
                let next = lines.get(i + 1).map_or("", |l| l.text);
                if let Some(word) = split_word(tokens.get(last).copied().unwrap_or(""), next) {
                    joined.push(word);
                }
            }
            skip_first = broken;
        }
        lex.hyphenating = joined.len() * HYPHENATING_LINES_PER_SPLIT >= lines.len()
            || joined.iter().any(|w| lex.words.contains(w));
        let seen = |list: &[&str]| list.iter().filter(|w| lex.words.contains(**w)).count();
        lex.solid = seen(SOLID_MARKERS) >= MARKERS_NEEDED && seen(ENGLISH_MARKERS) < MARKERS_NEEDED;
        lex
    }

    /// Records the words of one whitespace-separated token.
    fn add(&mut self, token: &str) {
        for piece in
            token.split(|c: char| !(c.is_alphanumeric() || is_hyphen(c) || is_apostrophe(c)))
        {
            let word = piece
                .trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase();
            if word.is_empty() {
                continue;
            }
            if word.contains(is_hyphen) {
                for part in word.split(is_hyphen).filter(|p| !p.is_empty()) {
                    self.words.insert(part.to_string());
                }
                self.compounds.insert(word.replace('‐', "-"));
            } else {
                self.words.insert(word);
            }
        }
    }

    /// Appends the line `next` to the block text `acc`, dehyphenating where the evidence says so.
    pub fn append(&self, acc: &mut String, next: &str) {
        if acc.is_empty() {
            acc.push_str(next);
            return;
        }
        match self.glue(acc, next) {
            Glue::Space => acc.push(' '),
            Glue::Tight => {}
            Glue::DropHyphen => {
                acc.pop();
            }
        }
        acc.push_str(next);
    }

    /// How `next` joins onto `acc`.
    fn glue(&self, acc: &str, next: &str) -> Glue {
        let mut tail = acc.chars().rev();
        let last = tail.next();
        let before = tail.next();
        match last {
            Some('\u{ad}') => Glue::DropHyphen,
            Some('—' | '–' | '―') if before.is_some_and(char::is_alphanumeric) => Glue::Tight,
            Some(c) if is_hyphen(c) => self.glue_hyphen(acc, next),
            _ => Glue::Space,
        }
    }

    /// How `next` joins onto `acc`, which ends in a hyphen.
    fn glue_hyphen(&self, acc: &str, next: &str) -> Glue {
        let left = acc.split_whitespace().next_back().unwrap_or("");
        if stem_of(left).is_empty() {
            // A dash standing alone between spaces.
            return Glue::Space;
        }
        let first_token = next
            .split_whitespace()
            .next()
            .unwrap_or("")
            .trim_end_matches(['.', ',']);
        if SUSPENSION_WORDS.contains(&first_token) {
            // "Bundes-" + "und Landesregierungen": a suspended compound.
            return Glue::Space;
        }
        let Some((stem, right)) = split_halves(left, next) else {
            // "U.S.-" + "Russia", "12-" + "hour", "one-on-" + "one": never a split word.
            return Glue::Tight;
        };
        let tail = leading_letters(right);
        if right
            .get(tail.len()..)
            .is_some_and(|r| r.starts_with(is_hyphen))
        {
            // "state-" + "of-the-art": the compound goes on.
            return Glue::Tight;
        }
        let stem = stem.to_lowercase();
        let tail = tail.to_lowercase();
        if self.compounds.contains(&format!("{stem}-{tail}"))
            || self.has_compound_like(&stem, &tail)
        {
            return Glue::Tight;
        }
        let joined = format!("{stem}{tail}");
        if self.words.contains(&joined)
            || closed_compounds().contains(joined.as_str())
            || SUFFIXES.contains(&tail.as_str())
        {
            return Glue::DropHyphen;
        }
        if self.solid {
            // "verkehrs-" + "politischer": German writes the compound solid.
            return Glue::DropHyphen;
        }
        if two_stresses(&stem, &tail) {
            // "teórico-" + "prácticos": one word carries one written stress.
            return Glue::Tight;
        }
        let known = |w: &str| self.words.contains(w) || compound_parts().contains(w);
        let long_parts = stem.chars().count() >= MIN_PART && tail.chars().count() >= MIN_PART;
        let both_words = long_parts && known(&stem) && known(&tail);
        if both_words || HYPHEN_PREFIXES.contains(&stem.as_str()) {
            return Glue::Tight;
        }
        // Neither half is a word the document or the list knows ("advo-" + "cates"): a
        // compound is made of words, so this is a split word even in a text that splits
        // nothing else; but a word said twice ("anak-" + "anak") is a compound.
        let no_words = long_parts && !known(&stem) && !known(&tail) && stem != tail;
        if no_words || self.hyphenating {
            Glue::DropHyphen
        } else {
            Glue::Tight
        }
    }

    /// Whether a compound "stem-…" is seen whose second part shares its start with `tail`
    /// ("high-profile" is evidence for "high-" + "profiles").
    fn has_compound_like(&self, stem: &str, tail: &str) -> bool {
        let prefix = format!("{stem}-");
        let need = tail.chars().count().min(4);
        self.compounds.iter().any(|c| {
            c.strip_prefix(&prefix).is_some_and(|rest| {
                let shared = rest
                    .chars()
                    .zip(tail.chars())
                    .take_while(|(x, y)| x == y)
                    .count();
                shared >= need && need > 0
            })
        })
    }
}

/// Whether both halves of a split carry a written stress, one of them an
/// unambiguous one (á, í, ó, ú, or a combining acute): Spanish and Portuguese
/// write at most one per word, so the halves are two words ("teórico-" +
/// "prácticos"). French, whose é is no stress mark and comes several times in a
/// word ("télé-" + "réalité"), needs the other half to carry á, í, ó or ú.
fn two_stresses(stem: &str, tail: &str) -> bool {
    let strong = |w: &str| w.contains(['á', 'í', 'ó', 'ú', '\u{301}']);
    let any = |w: &str| strong(w) || w.contains('é');
    any(stem) && any(tail) && (strong(stem) || strong(tail))
}

/// The letters before the trailing hyphen (or soft hyphen) of a line's last
/// token, after any opening marks; empty when there are none.
fn stem_of(token: &str) -> &str {
    token
        .trim_start_matches(|c: char| !c.is_alphanumeric())
        .strip_suffix(|c: char| is_hyphen(c) || c == '\u{ad}')
        .unwrap_or("")
}

/// The halves of a line-end split that may be one word: the stem before the
/// hyphen of `left` (the line's last token) and the first token of `next`.
/// `None` unless the stem is all letters and the next token starts lowercase
/// ("U.S.-" + "Russia", "12-" + "hour" are never split words).
fn split_halves<'a>(left: &'a str, next: &'a str) -> Option<(&'a str, &'a str)> {
    let stem = stem_of(left);
    let right = next.split_whitespace().next()?;
    (!stem.is_empty()
        && stem.chars().all(char::is_alphabetic)
        && right.chars().next().is_some_and(char::is_lowercase))
    .then_some((stem, right))
}

/// The letters a token starts with.
fn leading_letters(token: &str) -> String {
    token.chars().take_while(|c| c.is_alphabetic()).collect()
}

/// The word a line-end split would make when joined ("reso-" + "lution" →
/// "resolution"), lowercased; `None` when the halves cannot be one word.
fn split_word(left: &str, next: &str) -> Option<String> {
    let (stem, right) = split_halves(left, next)?;
    Some(format!("{stem}{}", leading_letters(right)).to_lowercase())
}

/// Whether `c` is a hyphen (ASCII or U+2010).
fn is_hyphen(c: char) -> bool {
    c == '-' || c == '‐'
}

/// Whether `c` is an apostrophe, kept inside words ("Ukraine’s").
fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '’'
}

/// Whether a line ends in a hyphen glued to a word, so its last word may be split.
fn ends_with_split(text: &str) -> bool {
    let mut rev = text.chars().rev();
    rev.next().is_some_and(|c| is_hyphen(c) || c == '\u{ad}')
        && rev.next().is_some_and(char::is_alphanumeric)
}
