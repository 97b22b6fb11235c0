//! Stage: rules — the regex engine of pattern rules (drop, cut_from, strip,
//! site `urls`) and of the screen set. Loading compiles; matching cannot fail.
//!
//! A block is asked "does this rule match?" (and, for a few rules, "what did
//! its named groups catch?" or "where are its matches?"), never for the
//! leftmost match position of a lazy-DFA search. So each pattern is compiled
//! forward only: a Thompson NFA, a lazy DFA over it for the yes/no question,
//! and a PikeVM over the same NFA for spans, groups, and for the rare search
//! the lazy DFA gives up on (a Unicode word boundary on non-ASCII text, a
//! thrashing cache). `regex::Regex` also builds a reverse NFA for every
//! pattern, which for the bundled rules' case-insensitive Unicode classes
//! doubled both the compile time and the memory of a run's start.

use std::fmt;
use std::panic::{RefUnwindSafe, UnwindSafe};

use regex_automata::hybrid::dfa::{Cache as DfaCache, DFA};
use regex_automata::nfa::thompson::pikevm::{Cache as VmCache, PikeVM};
use regex_automata::nfa::thompson::{self, WhichCaptures, NFA};
use regex_automata::util::pool::Pool;
use regex_automata::util::prefilter::Prefilter;
use regex_automata::util::syntax;
use regex_automata::{Anchored, Input, MatchKind, PatternSet};
use regex_syntax::hir::{Hir, Look};

/// Largest compiled NFA of one pattern, in bytes.
pub(super) const PATTERN_SIZE_LIMIT: usize = 4 << 20;

/// One search's scratch space: the lazy DFA's, and the PikeVM's once a
/// search needs it (most never do).
struct Caches {
    dfa: DfaCache,
    vm: Option<VmCache>,
}

type MakeCaches = Box<dyn Fn() -> Caches + Send + Sync + UnwindSafe + RefUnwindSafe>;

/// A compiled pattern (or set of patterns), matched forward only.
pub(super) struct Matcher {
    dfa: DFA,
    vm: PikeVM,
    /// Searches start only at the text's start (every pattern begins with `^`).
    anchored: bool,
    pool: Pool<Caches, MakeCaches>,
}

impl fmt::Debug for Matcher {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Matcher")
            .field("patterns", &self.dfa.pattern_len())
            .field("anchored", &self.anchored)
            .finish()
    }
}

/// `pattern` parsed with the `regex` crate's defaults (Unicode, UTF-8).
pub(super) fn parse(pattern: &str) -> Result<Hir, String> {
    regex_syntax::ParserBuilder::new()
        .build()
        .parse(pattern)
        .map_err(|e| format!("bad regex: {e}"))
}

impl Matcher {
    /// One pattern; `dfa_capacity` bounds its lazy DFA's cache, per thread.
    pub(super) fn one(hir: &Hir, dfa_capacity: usize) -> Result<Matcher, String> {
        let nfa = compile(
            std::slice::from_ref(hir),
            WhichCaptures::All,
            PATTERN_SIZE_LIMIT,
        )?;
        // An unanchored pattern that starts with literals skips to where they
        // occur: what keeps a search fast once the lazy DFA has given up (a
        // Unicode word boundary on non-ASCII text) and the PikeVM runs.
        let anchored = starts_anchored(std::slice::from_ref(hir));
        let pre = if anchored {
            None
        } else {
            Prefilter::from_hir_prefix(MatchKind::LeftmostFirst, hir)
        };
        Matcher::from_nfa(nfa, MatchKind::LeftmostFirst, dfa_capacity, pre, anchored)
    }

    /// Several patterns at once, for [`Matcher::matches`]; `size_limit`
    /// bounds their compiled NFA together.
    pub(super) fn set(
        hirs: &[Hir],
        size_limit: usize,
        dfa_capacity: usize,
    ) -> Result<Matcher, String> {
        let nfa = compile(hirs, WhichCaptures::None, size_limit)?;
        Matcher::from_nfa(
            nfa,
            MatchKind::All,
            dfa_capacity,
            None,
            starts_anchored(hirs),
        )
    }

    fn from_nfa(
        nfa: NFA,
        kind: MatchKind,
        dfa_capacity: usize,
        pre: Option<Prefilter>,
        anchored: bool,
    ) -> Result<Matcher, String> {
        let dfa = DFA::builder()
            .configure(
                DFA::config()
                    .match_kind(kind)
                    .prefilter(pre.clone())
                    .cache_capacity(dfa_capacity)
                    // A pattern too large for the cache still works: its
                    // searches give up and go to the PikeVM.
                    .skip_cache_capacity_check(true)
                    // Searches that keep refilling the cache go to the PikeVM
                    // (the thresholds `regex` uses).
                    .minimum_cache_clear_count(Some(3))
                    .minimum_bytes_per_state(Some(10))
                    // Quits on non-ASCII text instead of refusing the pattern.
                    .unicode_word_boundary(true),
            )
            .build_from_nfa(nfa.clone())
            .map_err(|e| format!("bad regex: {e}"))?;
        let vm = PikeVM::builder()
            .configure(PikeVM::config().match_kind(kind).prefilter(pre))
            .build_from_nfa(nfa)
            .map_err(|e| format!("bad regex: {e}"))?;
        let d = dfa.clone();
        let make: MakeCaches = Box::new(move || Caches {
            dfa: d.create_cache(),
            vm: None,
        });
        Ok(Matcher {
            dfa,
            vm,
            anchored,
            pool: Pool::new(make),
        })
    }

    fn input<'h>(&self, text: &'h str) -> Input<'h> {
        let anchored = if self.anchored {
            Anchored::Yes
        } else {
            Anchored::No
        };
        Input::new(text).anchored(anchored)
    }

    /// Whether the pattern (any pattern of a set) matches somewhere in `text`.
    pub(super) fn is_match(&self, text: &str) -> bool {
        self.is_match_in(&mut self.pool.get(), text)
    }

    /// [`Matcher::is_match`] on scratch space of its own, which goes when the
    /// call returns: for checks at load (rule examples), whose caches would
    /// otherwise stay for the whole run.
    pub(super) fn is_match_once(&self, text: &str) -> bool {
        let mut caches = Caches {
            dfa: self.dfa.create_cache(),
            vm: None,
        };
        self.is_match_in(&mut caches, text)
    }

    fn is_match_in(&self, caches: &mut Caches, text: &str) -> bool {
        let input = self.input(text).earliest(true);
        match self.dfa.try_search_fwd(&mut caches.dfa, &input) {
            Ok(found) => found.is_some(),
            Err(_) => self.vm.is_match(self.vm_cache(caches), input),
        }
    }

    fn vm_cache<'c>(&self, caches: &'c mut Caches) -> &'c mut VmCache {
        caches.vm.get_or_insert_with(|| self.vm.create_cache())
    }

    /// The indexes of the set's patterns that match somewhere in `text`.
    pub(super) fn matches(&self, text: &str) -> Vec<usize> {
        let input = self.input(text);
        let mut found = PatternSet::new(self.dfa.pattern_len());
        let mut caches = self.pool.get();
        let caches = &mut *caches;
        if self
            .dfa
            .try_which_overlapping_matches(&mut caches.dfa, &input, &mut found)
            .is_err()
        {
            found.clear();
            self.vm
                .which_overlapping_matches(self.vm_cache(caches), &input, &mut found);
        }
        found.iter().map(|p| p.as_usize()).collect()
    }

    /// Whether the pattern has capture groups of its own (a set has none).
    pub(super) fn has_groups(&self) -> bool {
        self.vm.get_nfa().group_info().explicit_slot_len() > 0
    }

    /// The text each of `names` caught in the first match, if any.
    pub(super) fn named<'h>(&self, text: &'h str, names: &[&str]) -> Vec<Option<&'h str>> {
        let mut caps = self.vm.create_captures();
        let mut caches = self.pool.get();
        self.vm
            .captures(self.vm_cache(&mut caches), self.input(text), &mut caps);
        names
            .iter()
            .map(|name| {
                caps.get_group_by_name(name)
                    .and_then(|span| text.get(span.range()))
            })
            .collect()
    }

    /// Every match in `text` (leftmost first, not overlapping), and `text`
    /// with them removed.
    pub(super) fn take_all<'h>(&self, text: &'h str) -> (Vec<&'h str>, String) {
        let mut caches = self.pool.get();
        let mut found = Vec::new();
        let mut rest = String::with_capacity(text.len());
        let mut last = 0;
        for m in self
            .vm
            .find_iter(self.vm_cache(&mut caches), self.input(text))
        {
            rest.push_str(text.get(last..m.start()).unwrap_or_default());
            found.extend(text.get(m.range()));
            last = m.end();
        }
        rest.push_str(text.get(last..).unwrap_or_default());
        (found, rest)
    }
}

/// Whether every pattern of `hirs` begins with `^`: a search need not look
/// past the text's start.
fn starts_anchored(hirs: &[Hir]) -> bool {
    !hirs.is_empty()
        && hirs
            .iter()
            .all(|h| h.properties().look_set_prefix().contains(Look::Start))
}

/// The forward NFA of `hirs`, one pattern each, within `size_limit` bytes.
fn compile(hirs: &[Hir], captures: WhichCaptures, size_limit: usize) -> Result<NFA, String> {
    thompson::Compiler::new()
        .syntax(syntax::Config::new())
        .configure(
            thompson::Config::new()
                .which_captures(captures)
                .nfa_size_limit(Some(size_limit)),
        )
        .build_many_from_hir(hirs)
        .map_err(|e| format!("bad regex: {e}"))
}

#[cfg(test)]
mod tests {
    use super::{parse, Matcher};

    fn one(pattern: &str) -> Matcher {
        let hir = parse(pattern).unwrap_or_else(|e| panic!("{e}"));
        Matcher::one(&hir, 1 << 20).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn anchored_and_unanchored_patterns_match_like_regex() {
        let start = one(r"(?i)^read (?:also|more)\b");
        assert!(start.is_match("Read also: the budget"));
        assert!(start.is_match("READ MORE"));
        assert!(!start.is_match("Then read also this"));
        let anywhere = one(r"\d+ min(?:ute)?s? read");
        assert!(anywhere.is_match("Posted today · 4 min read"));
        assert!(!anywhere.is_match("a read of 4 minutes"));
    }

    #[test]
    fn unicode_word_boundary_works_past_non_ascii_text() {
        // The lazy DFA quits on the first non-ASCII byte; the PikeVM answers.
        let m = one(r"(?i)\bfür abonnenten\b");
        assert!(m.is_match("Nur für Abonnenten."));
        assert!(!m.is_match("Nur fürabonnenten."));
        assert!(m.is_match("ascii only: für abonnenten"));
        // The literal prefilter finds the place; the PikeVM decides there.
        let end = one(r"(?i)\bend of story\b");
        let long = format!("{} END OF STORY.", "Übergröße ".repeat(10_000));
        assert!(end.is_match(&long));
        assert!(!end.is_match(&format!("{} the endofstory", "Übergröße ".repeat(10_000))));
        assert_eq!(
            end.take_all("über end of story, not an end of storyline").0,
            vec!["end of story"]
        );
    }

    #[test]
    fn sets_name_every_matching_pattern() {
        let hirs: Vec<_> = [r"^a", r"b$", r"c", r"^z"]
            .iter()
            .map(|p| parse(p).unwrap_or_else(|e| panic!("{e}")))
            .collect();
        let set = Matcher::set(&hirs, 1 << 20, 1 << 20).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(set.matches("a c b"), vec![0, 1, 2]);
        assert!(set.is_match("zzz"));
        assert!(!set.is_match("xyz"));
        assert!(set.matches("xyz").is_empty());
    }

    #[test]
    fn groups_spans_and_removal() {
        let m = one(r"^By (?P<author>[\p{L} ]+?)(?:, (?P<published>\d{4}))?$");
        assert!(m.has_groups());
        assert_eq!(
            m.named("By Ana Lima, 2024", &["author", "published"]),
            vec![Some("Ana Lima"), Some("2024")]
        );
        assert_eq!(m.named("nothing", &["author"]), vec![None]);
        let strip = one(r"\s*\[(?:ad|advert)\]");
        assert!(!strip.has_groups());
        assert_eq!(
            strip.take_all("one [ad] two [advert]"),
            (vec![" [ad]", " [advert]"], "one two".to_string())
        );
        // Empty matches never split a character.
        assert_eq!(one("x*").take_all("añb").1, "añb");
    }

    #[test]
    fn oversized_patterns_are_refused_at_compile() {
        let hir = parse(r"\p{L}{500}\p{L}{500}").unwrap_or_else(|e| panic!("{e}"));
        let err = Matcher::one(&hir, 1 << 20).err().unwrap_or_default();
        assert!(err.contains("bad regex"), "{err}");
    }
}
