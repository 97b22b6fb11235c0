//! Stage: rules — rule files compiled once into a [`RuleSet`]; per page, the rules in
//! force ([`ActiveRules`]) for its URL. Site rules come before generic ones.
//! Loading and compiling can fail (with file, line and rule id); matching cannot.

mod apply;
mod boxes;
mod cards;
mod contents;
mod context;
mod cut;
mod engine;
mod group;
mod header;
mod load;
mod masthead;
mod matching;
mod model;
mod screen;
mod tail;
mod tokens;

pub use apply::{apply_block_rules, apply_block_rules_in, BlockRuleOutcome};
pub use model::TestCase;
pub use tokens::for_each_word;

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use scraper::Selector;

use crate::error::Error;
use tokens::TokenIndex;

mod bundled {
    include!(concat!(env!("OUT_DIR"), "/bundled_rules.rs"));
}

/// The kind of a rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RuleKind {
    /// `[[remove]]`: HTML elements.
    Remove,
    /// `[[drop]]`: whole blocks.
    Drop,
    /// `[[cut_from]]`: a block and all after it.
    CutFrom,
    /// `[[strip]]`: text inside a block.
    Strip,
}

impl RuleKind {
    /// The name used in rule files.
    pub fn name(self) -> &'static str {
        match self {
            RuleKind::Remove => "remove",
            RuleKind::Drop => "drop",
            RuleKind::CutFrom => "cut_from",
            RuleKind::Strip => "strip",
        }
    }
}

/// One loaded rule: its id, kind, file and reason.
#[derive(Debug, Clone)]
pub struct RuleInfo {
    /// Unique id.
    pub id: String,
    /// What it acts on.
    pub kind: RuleKind,
    /// The file it was loaded from.
    pub file: Arc<str>,
    /// Line of its id in the file.
    pub line: usize,
    /// Why it exists.
    pub why: String,
    /// The pattern or selector, as written.
    pub source: String,
    /// The box its matches belong to (a `box = "…"` in its rule file).
    pub box_name: Option<String>,
}

/// A rule's pattern and the longest text it acts on. A user's rule is
/// compiled (and its examples checked) at load; a bundled one, whose examples
/// the test suite checks, is compiled the first time a block reaches it: most
/// runs need a few of them, and compiling them all was half the start-up time.
/// Until then it is held as written and parsed again when compiled: the parsed
/// forms of the bundled rules (case-folded Unicode classes) took ten
/// megabytes a run held to its end.
#[derive(Debug)]
struct Pattern {
    /// The regex as written, kept until it is compiled (bundled rules only).
    source: Option<Box<str>>,
    /// The compiled regex; `None` inside only if compiling failed, which the
    /// test suite rules out for the bundled rules.
    matcher: OnceLock<Option<engine::Matcher>>,
    /// See [`model::PatternRule::max_chars`].
    max_chars: Option<usize>,
    /// See [`model::PatternRule::with_next`] (0 when not set).
    with_next: usize,
}

impl Pattern {
    /// The compiled regex, compiled now if it was not yet.
    fn matcher(&self) -> Option<&engine::Matcher> {
        self.matcher
            .get_or_init(|| {
                let hir = engine::parse(self.source.as_deref()?).ok()?;
                engine::Matcher::one(&hir, group::PATTERN_DFA_CAPACITY).ok()
            })
            .as_ref()
    }

    /// Whether `text` is short enough for the rule.
    fn fits(&self, text: &str) -> bool {
        self.max_chars.is_none_or(|max| {
            // Each character is 1 to 4 bytes: most texts are decided by length.
            text.len() <= max || (text.len() <= 4 * max && text.chars().nth(max).is_none())
        })
    }

    /// Whether the rule acts on `text`: short enough, and the regex matches.
    fn is_match(&self, text: &str) -> bool {
        self.fits(text) && self.matcher().is_some_and(|m| m.is_match(text))
    }

    /// [`Pattern::is_match`] on scratch space that goes with the call (for the
    /// rule examples checked at load).
    fn is_match_once(&self, text: &str) -> bool {
        self.fits(text) && self.matcher().is_some_and(|m| m.is_match_once(text))
    }

    /// Whether the regex has capture groups of its own.
    fn has_groups(&self) -> bool {
        self.matcher().is_some_and(engine::Matcher::has_groups)
    }
}

/// Regexes of one kind. Drop and cut patterns are matched together through
/// their group's `screen` set (one lazy-DFA pass per block); strip patterns
/// one by one.
#[derive(Debug, Default)]
struct PatternGroup {
    /// Index in the group's `screen` of this kind's first pattern: the
    /// pattern at `compiled[i]` is at `screen_base + i` there.
    screen_base: usize,
    /// Every pattern of the kind, in rule order.
    compiled: Vec<Pattern>,
    /// Index into [`RuleSet::rules`] of each pattern.
    rules: Vec<usize>,
}

/// The rules of one file (or of all generic files together).
#[derive(Debug, Default)]
struct RuleGroup {
    selectors: Vec<(usize, Selector)>,
    tokens: TokenIndex,
    drop: PatternGroup,
    cut: PatternGroup,
    strip: PatternGroup,
    /// The drop patterns, then the cut patterns, in their loose forms (`screen::loosen`), in one set: a
    /// block it does not match needs neither kind looked at, and on a block
    /// that it does, its matches name the rules to try exactly. None when the
    /// group has no such pattern.
    screen: Option<group::Screen>,
}

/// A compiled `[site]` file.
#[derive(Debug)]
pub(crate) struct SiteRules {
    id: String,
    file: Arc<str>,
    dir: Option<PathBuf>,
    hosts: Vec<String>,
    urls: Option<engine::Matcher>,
    root: Option<Selector>,
    author: Option<Selector>,
    published: Option<Selector>,
    disable: HashSet<String>,
    group: RuleGroup,
    tests: Vec<TestCase>,
}

/// All loaded rules, compiled: generic rules merged into one group, site files
/// indexed by host.
#[derive(Debug, Default)]
pub struct RuleSet {
    rules: Vec<RuleInfo>,
    generic: RuleGroup,
    sites: Vec<SiteRules>,
    hosts: HashMap<String, Vec<usize>>,
    /// Attribute names any selector of any file tests, sorted: the pre-pass
    /// must keep them on the elements.
    selector_attrs: Vec<String>,
    /// Ids of the rules switched off on every page (see [`RuleSet::disable`]).
    disabled: HashSet<String>,
}

/// A site file's page test, ready to run (see `rinse rules check`).
#[derive(Debug, Clone)]
pub struct SiteTest {
    /// The site file's id.
    pub site: String,
    /// The rule file.
    pub file: String,
    /// The page to clean.
    pub page: PathBuf,
    /// Its URL.
    pub url: String,
    /// What the text must contain.
    pub contains: Vec<String>,
    /// What the text must not contain.
    pub absent: Vec<String>,
}

impl RuleSet {
    /// The rules bundled in the binary (`rules/` of the source tree).
    pub fn bundled() -> Result<RuleSet, Error> {
        RuleSet::load(&[], true)
    }

    /// The bundled rules (when `with_bundled`) plus every `*.toml` file under `dirs`.
    /// A user file whose `[site]`/`[generic]` id equals a bundled file's id replaces
    /// that bundled file; any other repeated id is an error.
    pub fn load(dirs: &[PathBuf], with_bundled: bool) -> Result<RuleSet, Error> {
        let mut loader = load::Loader::default();
        for dir in dirs {
            loader.add_path(dir)?;
        }
        if with_bundled {
            loader.set_bundled(true);
            let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
            for (name, text) in bundled::BUNDLED {
                if load::file_id(text).is_some_and(|id| loader.has_file_id(&id)) {
                    continue;
                }
                let dir = Path::new(name).parent().map(|p| manifest.join(p));
                loader.add_source(name, text, dir)?;
            }
        }
        loader.finish()
    }

    /// One rule file's text, on its own (no bundled rules); `name` is how errors
    /// refer to it. For tools and fuzzing.
    pub fn from_source(name: &str, text: &str) -> Result<RuleSet, Error> {
        let mut loader = load::Loader::default();
        loader.add_source(name, text, None)?;
        loader.finish()
    }

    /// Switches off the rules with these ids on every page, as a site file's
    /// `disable` does on its own pages (`rinse --disable captions` keeps image
    /// captions). An id that no loaded rule has is an error.
    pub fn disable<I, S>(&mut self, ids: I) -> Result<(), Error>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        for id in ids {
            let id = id.as_ref().trim();
            if !self.rules.iter().any(|r| r.id == id) {
                return Err(Error::UnknownRule { id: id.to_string() });
            }
            self.disabled.insert(id.to_string());
        }
        Ok(())
    }

    /// Only the rule files under `dirs` (used by `rinse rules check DIR`).
    pub fn load_only(dirs: &[PathBuf]) -> Result<RuleSet, Error> {
        RuleSet::load(dirs, false)
    }

    /// Attribute names that some selector of the loaded files tests
    /// (`[data-partner]` → `data-partner`), sorted and lower-cased.
    pub fn selector_attributes(&self) -> &[String] {
        &self.selector_attrs
    }

    /// Every rule, in load order.
    pub fn rules(&self) -> &[RuleInfo] {
        &self.rules
    }

    /// Number of site files.
    pub fn site_count(&self) -> usize {
        self.sites.len()
    }

    /// The `[[test]]` cases of all site files.
    pub fn site_tests(&self) -> Vec<SiteTest> {
        let mut out = Vec::new();
        for site in &self.sites {
            for t in &site.tests {
                let dir = site.dir.clone().unwrap_or_default();
                let url = t.url.clone().unwrap_or_else(|| {
                    format!("https://{}/", site.hosts.first().map_or("", |h| h.as_str()))
                });
                out.push(SiteTest {
                    site: site.id.clone(),
                    file: site.file.to_string(),
                    page: dir.join(&t.file),
                    url,
                    contains: t.contains.clone(),
                    absent: t.absent.clone(),
                });
            }
        }
        out
    }

    /// The rules in force for a page at `url` (generic rules only when it is `None`
    /// or no site file matches).
    pub fn active(&self, url: Option<&url::Url>) -> ActiveRules<'_> {
        let site = url.and_then(|u| self.site_for(u));
        ActiveRules { set: self, site }
    }

    fn site_for(&self, url: &url::Url) -> Option<&SiteRules> {
        let host = url.host_str()?.trim_end_matches('.').to_ascii_lowercase();
        let mut suffix: &str = &host;
        loop {
            if let Some(idxs) = self.hosts.get(suffix) {
                let path = match url.query() {
                    Some(q) => format!("{}?{q}", url.path()),
                    None => url.path().to_string(),
                };
                for &i in idxs {
                    let site = self.sites.get(i)?;
                    if site.urls.as_ref().is_none_or(|set| set.is_match(&path)) {
                        return Some(site);
                    }
                }
            }
            match suffix.split_once('.') {
                Some((_, rest)) if !rest.is_empty() => suffix = rest,
                _ => return None,
            }
        }
    }

    fn rule(&self, idx: usize) -> Option<&RuleInfo> {
        self.rules.get(idx)
    }
}

/// The rules in force for one page.
#[derive(Debug, Clone, Copy)]
pub struct ActiveRules<'a> {
    set: &'a RuleSet,
    site: Option<&'a SiteRules>,
}

impl<'a> ActiveRules<'a> {
    /// The matching site file's id, if any.
    pub fn site_id(&self) -> Option<&'a str> {
        self.site.map(|s| s.id.as_str())
    }

    /// The site's article root selector.
    pub fn root(&self) -> Option<&'a Selector> {
        self.site.and_then(|s| s.root.as_ref())
    }

    /// The site's author selector.
    pub fn author(&self) -> Option<&'a Selector> {
        self.site.and_then(|s| s.author.as_ref())
    }

    /// The site's publication-date selector.
    pub fn published(&self) -> Option<&'a Selector> {
        self.site.and_then(|s| s.published.as_ref())
    }

    /// Info about rule `idx`.
    pub fn rule(&self, idx: usize) -> Option<&'a RuleInfo> {
        self.set.rule(idx)
    }

    fn enabled(&self, idx: usize) -> bool {
        self.set
            .rules
            .get(idx)
            .is_none_or(|rule| self.id_enabled(&rule.id))
    }

    /// Whether the rule `id` is in force: not switched off by the site's file
    /// or for every page ([`RuleSet::disable`]). Built-in cleaners that belong
    /// to a rule (the `<figcaption>` of `captions`) ask this.
    pub fn id_enabled(&self, id: &str) -> bool {
        (self.set.disabled.is_empty() || !self.set.disabled.contains(id))
            && self.site.is_none_or(|s| !s.disable.contains(id))
    }

    /// Groups in force: the site's first, then the generic one.
    fn groups(&self) -> impl Iterator<Item = &'a RuleGroup> {
        self.site
            .map(|s| &s.group)
            .into_iter()
            .chain(std::iter::once(&self.set.generic))
    }

    /// Selector rules in force, as (rule index, selector).
    pub fn selectors(&self) -> impl Iterator<Item = (usize, &'a Selector)> + '_ {
        self.groups()
            .flat_map(|g| g.selectors.iter().map(|(i, s)| (*i, s)))
            .filter(|(i, _)| self.enabled(*i))
    }

    /// The `remove` rule whose class/id names or words match `class_id` (a
    /// space-separated list of class and id values, any case).
    pub fn token_rule(&self, class_id: &str) -> Option<usize> {
        if class_id.is_empty() {
            return None;
        }
        self.groups()
            .filter_map(|g| g.tokens.find(class_id, |i| self.enabled(i)))
            .next()
    }

    /// Lists the rules in force, site rules first.
    pub fn list(&self) -> Vec<&'a RuleInfo> {
        let mut idxs: Vec<usize> = Vec::new();
        for g in self.groups() {
            idxs.extend(g.selectors.iter().map(|(i, _)| *i));
            idxs.extend(g.tokens.rules());
            idxs.extend(&g.drop.rules);
            idxs.extend(&g.cut.rules);
            idxs.extend(&g.strip.rules);
        }
        let mut seen = HashSet::new();
        idxs.into_iter()
            .filter(|i| self.enabled(*i) && seen.insert(*i))
            .filter_map(|i| self.set.rules.get(i))
            .collect()
    }
}

/// Display name of a rule file path.
fn display_path(path: &Path) -> Arc<str> {
    Arc::from(path.display().to_string())
}

#[cfg(test)]
mod tests {
    use super::RuleSet;

    /// A pattern with a Unicode word boundary goes through the screen like the
    /// others (its loose form has no boundary) and still matches past
    /// non-ASCII text; its exact form decides.
    #[test]
    fn unicode_word_boundary_patterns_match_through_the_screen() -> Result<(), super::Error> {
        let text = "[generic]\nid = \"t\"\nwhy = \"t\"\n\n[[drop]]\nid = \"pub\"\n\
                    pattern = '(?i)^\\W*\\bpublicité\\b\\W*$'\nwhy = \"an ad label\"\n\n\
                    [[cut_from]]\nid = \"end\"\npattern = '(?i)^à lire aussi\\b'\nwhy = \"teasers\"\n";
        let rules = RuleSet::from_source("t.toml", text)?;
        let active = rules.active(None);
        for line in [
            "Publicité",
            "— PUBLICITÉ —",
            "À lire aussi",
            "À lire aussi : la crue",
        ] {
            assert!(active.is_clutter_line(line), "{line}");
        }
        for line in ["Publicités ciblées", "À lire aussitôt", "Le café fermé"] {
            assert!(!active.is_clutter_line(line), "{line}");
        }
        Ok(())
    }

    /// A run compiles a bundled pattern only when a block first reaches it, and
    /// checks no bundled examples: here every bundled file is loaded the way a
    /// user's file is, each pattern compiled and each example checked.
    #[test]
    fn bundled_rules_compile_and_keep_their_examples() -> Result<(), super::Error> {
        let manifest = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut loader = super::load::Loader::default();
        for (name, text) in super::bundled::BUNDLED {
            let dir = std::path::Path::new(name)
                .parent()
                .map(|p| manifest.join(p));
            loader.add_source(name, text, dir)?;
        }
        let rules = loader.finish()?;
        let g = &rules.generic;
        for kind in [&g.drop, &g.cut, &g.strip] {
            assert!(kind
                .compiled
                .iter()
                .all(|p| p.source.is_none() && p.matcher.get().is_some_and(Option::is_some)));
        }
        // Loaded as bundled, nothing is compiled until it is used.
        let lazy = RuleSet::bundled()?;
        assert!(lazy
            .generic
            .drop
            .compiled
            .iter()
            .all(|p| p.matcher.get().is_none()));
        Ok(())
    }
}
