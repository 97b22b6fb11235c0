//! Rule files as written: the serde model of one TOML file. Unknown keys are
//! errors; ids keep their position so load errors can name the line.

use serde::Deserialize;
use toml::Spanned;

/// One rule file: either a `[site]` file or a `[generic]` one.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleFile {
    /// The site this file is for.
    pub site: Option<Spanned<SiteHeader>>,
    /// Marks a file of generic rules that apply to every page.
    pub generic: Option<Spanned<GenericHeader>>,
    /// Elements to drop before text is taken.
    #[serde(default)]
    pub remove: Vec<RemoveRule>,
    /// Blocks to drop when their text matches.
    #[serde(default)]
    pub drop: Vec<PatternRule>,
    /// Blocks from which on everything is dropped.
    #[serde(default)]
    pub cut_from: Vec<PatternRule>,
    /// Text to delete inside blocks.
    #[serde(default)]
    pub strip: Vec<PatternRule>,
    /// Page-level tests run by `rinse rules check`.
    #[serde(default)]
    pub test: Vec<TestCase>,
}

/// `[site]`: which pages the file is for and where their article is.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SiteHeader {
    /// Unique id of the site file.
    pub id: String,
    /// Host names; each matches itself and all its subdomains.
    pub hosts: Vec<String>,
    /// Optional regexes over the URL path (and query); one must match.
    #[serde(default)]
    pub urls: Vec<String>,
    /// CSS selector(s) of the article body.
    pub root: Option<String>,
    /// CSS selector of the author's name.
    pub author: Option<String>,
    /// CSS selector of the publication date (its `datetime`/`content` attribute, or text).
    pub published: Option<String>,
    /// Ids of generic rules to turn off on this site.
    #[serde(default)]
    pub disable: Vec<String>,
    /// Notes about the site (documentation only).
    #[allow(dead_code)]
    pub why: Option<String>,
}

/// `[generic]`: a file of rules for every page.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GenericHeader {
    /// Unique id of the file.
    pub id: String,
    /// What the rules in it are for (documentation only).
    #[allow(dead_code)]
    pub why: Option<String>,
}

/// `[[remove]]`: elements dropped from HTML, by selector or by class/id names.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RemoveRule {
    /// Rule id, unique across all loaded files.
    pub id: Spanned<String>,
    /// CSS selector(s): matching elements are dropped before the text is taken.
    pub selector: Option<String>,
    /// Whole `class`/`id` values (case-insensitive) that mark clutter inside the article.
    #[serde(default)]
    pub classes: Vec<String>,
    /// Words of `class`/`id` values (split at `-`, `_`, spaces) that mark clutter inside the article.
    #[serde(default)]
    pub words: Vec<String>,
    /// Tag names (e.g. `nav`) that mark clutter inside the article.
    #[serde(default)]
    pub tags: Vec<String>,
    /// Why the elements are clutter.
    pub why: Option<String>,
}

/// `[[drop]]`, `[[cut_from]]` and `[[strip]]`: a regex over a block's text.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PatternRule {
    /// Rule id, unique across all loaded files.
    pub id: Spanned<String>,
    /// The regex (Rust `regex` syntax, linear time).
    pub pattern: String,
    /// The rule acts only on texts of at most this many characters: clutter
    /// lines are short, and a length bound here keeps `^.{0,120}…` prefixes
    /// (slow to match together) out of the pattern.
    pub max_chars: Option<usize>,
    /// `[[drop]]` only: also drop up to this many blocks right after a match,
    /// each only while it reads as a title (short, no full stop at its end) —
    /// the headline under a bare "Read also" label, the tags under "Tags".
    /// After the first, a title of three to five words without a colon right
    /// above a paragraph of prose is a subheading of the article: it stays and
    /// ends the run.
    pub with_next: Option<usize>,
    /// `[[drop]]` only: the name of the box (a newsletter sign-up, a consent
    /// notice) whose lines this rule drops. One or two short lines kept
    /// between two lines dropped by rules of one box are that box's too (the
    /// newsletter's pitch between its name and its e-mail field) and go.
    #[serde(rename = "box")]
    pub box_name: Option<String>,
    /// Why the text is clutter.
    pub why: Option<String>,
    /// Texts the pattern must and must not match, checked at load.
    #[serde(default)]
    pub examples: Examples,
}

/// Examples beside a rule: checked every time the rule is loaded.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Examples {
    /// Texts the rule must act on (`drop`, `cut` and `strip` are accepted as names).
    #[serde(default, alias = "drop", alias = "cut", alias = "strip")]
    pub hit: Vec<String>,
    /// Texts the rule must leave alone.
    #[serde(default)]
    pub keep: Vec<String>,
}

/// `[[test]]`: a page and what its cleaned text must and must not contain.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TestCase {
    /// The page, relative to the rule file's folder.
    pub file: String,
    /// The page's URL (defaults to the first host of the site).
    pub url: Option<String>,
    /// Strings the cleaned text must contain.
    #[serde(default)]
    pub contains: Vec<String>,
    /// Strings the cleaned text must not contain.
    #[serde(default)]
    pub absent: Vec<String>,
}
