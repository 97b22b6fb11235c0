//! Stage: rules — building a file's rule group at load: its patterns by kind,
//! and the screen set that every block goes through before the exact
//! patterns (see `screen`).

use regex_syntax::hir::{Hir, HirKind, Look};
use scraper::Selector;

use super::engine::Matcher;
use super::{PatternGroup, RuleGroup};
use crate::error::Error;

/// Patterns of one kind collected before the screen set is built.
#[derive(Default)]
pub(super) struct PatternList {
    /// Each drop or cut pattern's loose form for the screen (see
    /// [`super::screen`]); strip patterns have none.
    pub(super) screen_forms: Vec<Hir>,
    pub(super) compiled: Vec<super::Pattern>,
    pub(super) rules: Vec<usize>,
}

/// Cache size of each exact pattern's lazy DFA, per thread. Only blocks the
/// screen lets through reach the exact patterns.
pub(super) const PATTERN_DFA_CAPACITY: usize = 8 << 20;

/// Cache size of the lazy DFA of the screen set, which every block of every
/// page goes through. Case-insensitive Unicode alternations make many states;
/// with the `regex` crate's default (2 MB) the DFA kept clearing its cache,
/// gave up and the set fell back to the PikeVM, which measured 70× slower per
/// block. The cache grows to what it needs, per thread.
const SCREEN_DFA_CAPACITY: usize = 16 << 20;

/// Largest compiled screen set (all loose patterns of one file or of all
/// generic files together).
const SCREEN_SIZE_LIMIT: usize = 32 << 20;

/// The screen set in two parts, each one lazy DFA: the loose patterns that
/// begin with `^` (searched from the text's start only) and the others. Held
/// together, every state of the one DFA paired the threads of both kinds
/// (a `^…` pattern loosened to `^[^.!?]*…` stays alive across a whole line),
/// and building those states took a fifth of a page's cleaning time; apart,
/// each DFA builds only its own kind's states.
#[derive(Debug)]
pub(super) struct Screen {
    /// Each part, with the index in the whole set of each of its patterns.
    parts: Vec<(Matcher, Vec<usize>)>,
}

impl Screen {
    /// Whether any pattern of the set matches somewhere in `text`.
    pub(super) fn is_match(&self, text: &str) -> bool {
        self.parts.iter().any(|(m, _)| m.is_match(text))
    }

    /// The indexes (in the whole set) of the patterns that match in `text`, in order.
    pub(super) fn matches(&self, text: &str) -> Vec<usize> {
        let mut found = Vec::new();
        for (m, ids) in &self.parts {
            // Most blocks match nothing: the plain check is cheaper than
            // collecting every overlapping match.
            if m.is_match(text) {
                found.extend(
                    m.matches(text)
                        .into_iter()
                        .filter_map(|i| ids.get(i).copied()),
                );
            }
        }
        found.sort_unstable();
        found.dedup();
        found
    }
}

/// Compiles the screen set; the error names `file`.
fn build_screen(forms: Vec<Hir>, file: &str) -> Result<Option<Screen>, Error> {
    if forms.is_empty() {
        return Ok(None);
    }
    let (mut anchored, mut free) = ((Vec::new(), Vec::new()), (Vec::new(), Vec::new()));
    for (i, form) in forms.into_iter().enumerate() {
        // A pattern whose alternatives differ in anchoring ('^Photo: …|… (Getty)$')
        // puts each alternative in its own part: held whole in the free part, an
        // anchored alternative like `^[^.!?]*…` stays alive along every line
        // beside all the free patterns.
        let alternatives = match form.kind() {
            HirKind::Alternation(subs) => subs.clone(),
            _ => vec![form],
        };
        for alternative in alternatives {
            let part = if alternative
                .properties()
                .look_set_prefix()
                .contains(Look::Start)
            {
                &mut anchored
            } else {
                &mut free
            };
            part.0.push(alternative);
            part.1.push(i);
        }
    }
    let mut parts = Vec::new();
    for (hirs, ids) in [anchored, free] {
        if hirs.is_empty() {
            continue;
        }
        let matcher = Matcher::set(&hirs, SCREEN_SIZE_LIMIT, SCREEN_DFA_CAPACITY).map_err(|e| {
            Error::Rule {
                file: file.to_string(),
                line: 1,
                rule: None,
                message: format!("patterns too large to match together: {e}"),
            }
        })?;
        parts.push((matcher, ids));
    }
    Ok(Some(Screen { parts }))
}

impl PatternList {
    /// The drop or cut group: each pattern's screen form goes onto `screen`.
    fn screened(self, screen: &mut Vec<Hir>) -> PatternGroup {
        let screen_base = screen.len();
        screen.extend(self.screen_forms);
        PatternGroup {
            screen_base,
            compiled: self.compiled,
            rules: self.rules,
        }
    }

    /// The strip group: its patterns are matched one by one, never screened.
    fn unscreened(self) -> PatternGroup {
        PatternGroup {
            compiled: self.compiled,
            rules: self.rules,
            ..PatternGroup::default()
        }
    }
}

#[derive(Default)]
/// A file's rules while it loads, before [`GroupBuilder::build`].
pub(super) struct GroupBuilder {
    pub(super) selectors: Vec<(usize, Selector)>,
    pub(super) tokens: super::tokens::TokenIndex,
    pub(super) drop: PatternList,
    pub(super) cut: PatternList,
    pub(super) strip: PatternList,
}

impl GroupBuilder {
    /// Compiles the screen set and hands the rules over; the error names `file`.
    pub(super) fn build(self, file: &str) -> Result<RuleGroup, Error> {
        // One set over every drop and cut pattern the DFA can run: a block
        // that matches none of them (nearly all) costs one pass, and its
        // matches on the few that do name the rules.
        let mut screened = Vec::new();
        let drop = self.drop.screened(&mut screened);
        let cut = self.cut.screened(&mut screened);
        let screen = build_screen(screened, file)?;
        Ok(RuleGroup {
            selectors: self.selectors,
            tokens: self.tokens,
            drop,
            cut,
            strip: self.strip.unscreened(),
            screen,
        })
    }
}
