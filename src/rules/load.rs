//! Loading rule files: TOML → validated, compiled rules. Every problem is an
//! [`Error::Rule`] naming the file, the line and the rule id. Regexes use the
//! linear-time engines of `regex-automata` with size limits (see `engine`), so
//! hostile files cannot blow up.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use regex_syntax::hir::Hir;
use scraper::Selector;
use toml::Spanned;

use super::engine::{self, Matcher};
use super::group::{GroupBuilder, PATTERN_DFA_CAPACITY};
use super::model::{PatternRule, RuleFile};
use super::{display_path, RuleGroup, RuleInfo, RuleKind, RuleSet, SiteRules};
use crate::error::Error;

/// Largest rule file accepted.
const MAX_FILE_BYTES: usize = 1 << 20;
/// Longest pattern or selector accepted.
const MAX_PATTERN_CHARS: usize = 2_000;
/// Most blocks a `with_next` drop rule may take after its match.
const MAX_WITH_NEXT: usize = 30;
struct PendingSite {
    rules: SiteRules,
    group: GroupBuilder,
}

/// Collects rule files, checks them, and compiles them into a [`RuleSet`].
#[derive(Default)]
pub(crate) struct Loader {
    rules: Vec<RuleInfo>,
    ids: HashMap<String, (Arc<str>, usize)>,
    file_ids: HashSet<String>,
    generic: GroupBuilder,
    generic_files: Vec<Arc<str>>,
    sites: Vec<PendingSite>,
    selector_attrs: BTreeSet<String>,
    /// Whether the files being added are the bundled ones: their patterns are
    /// compiled when first used and their examples left to the test suite.
    bundled: bool,
}

/// 1-based line of byte offset `pos` in `text`.
fn line_of(text: &str, pos: usize) -> usize {
    text.as_bytes()
        .iter()
        .take(pos)
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

/// `pattern` parsed, within the length limit.
fn parse_pattern(pattern: &str) -> Result<Hir, String> {
    if pattern.chars().count() > MAX_PATTERN_CHARS {
        return Err(format!(
            "pattern longer than {MAX_PATTERN_CHARS} characters"
        ));
    }
    if pattern.is_empty() {
        return Err("empty pattern".into());
    }
    engine::parse(pattern)
}

fn compile_selector(selector: &str) -> Result<Selector, String> {
    if selector.chars().count() > MAX_PATTERN_CHARS {
        return Err(format!(
            "selector longer than {MAX_PATTERN_CHARS} characters"
        ));
    }
    Selector::parse(selector).map_err(|e| format!("bad CSS selector `{selector}`: {e}"))
}

/// The attribute names a CSS selector tests (`[data-x]`, `a[href^=…]`),
/// lower-cased, without namespace prefix. A scan, not a parse: the selector
/// has already been compiled; a name inside a quoted value may be listed too,
/// which only keeps one more attribute.
pub(crate) fn attribute_names(selector: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = selector;
    while let Some(at) = rest.find('[') {
        rest = rest.get(at + 1..).unwrap_or_default();
        let name: String = rest
            .trim_start()
            .chars()
            .take_while(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | ':' | '|' | '*'))
            .collect();
        let local = name.rsplit('|').next().unwrap_or_default().to_lowercase();
        if !local.is_empty() && local != "*" {
            out.push(local);
        }
    }
    out
}

/// The `[site]` or `[generic]` id of a rule file's text, if it parses.
pub(crate) fn file_id(text: &str) -> Option<String> {
    let table: toml::Table = toml::from_str(text).ok()?;
    let header = table.get("site").or_else(|| table.get("generic"))?;
    header.get("id")?.as_str().map(str::to_string)
}

impl Loader {
    /// Whether a file with this `[site]`/`[generic]` id was added.
    pub fn has_file_id(&self, id: &str) -> bool {
        self.file_ids.contains(id)
    }

    /// Adds every `*.toml` under `path` (a file or a folder), in name order.
    pub fn add_path(&mut self, path: &Path) -> Result<(), Error> {
        let io = |source| Error::Io {
            path: path.to_path_buf(),
            source,
        };
        let meta = std::fs::metadata(path).map_err(io)?;
        let mut files: Vec<PathBuf> = Vec::new();
        if meta.is_dir() {
            for entry in walkdir::WalkDir::new(path).sort_by_file_name() {
                let entry = entry.map_err(|e| Error::Io {
                    path: e
                        .path()
                        .map_or_else(|| path.to_path_buf(), Path::to_path_buf),
                    source: e.into(),
                })?;
                if entry.file_type().is_file()
                    && entry.path().extension().is_some_and(|e| e == "toml")
                {
                    files.push(entry.into_path());
                }
            }
        } else {
            files.push(path.to_path_buf());
        }
        for file in files {
            let bytes = std::fs::read(&file).map_err(|source| Error::Io {
                path: file.clone(),
                source,
            })?;
            let name = display_path(&file);
            if bytes.len() > MAX_FILE_BYTES {
                return Err(Error::Rule {
                    file: name.to_string(),
                    line: 1,
                    rule: None,
                    message: format!("rule file larger than {MAX_FILE_BYTES} bytes"),
                });
            }
            let text = String::from_utf8(bytes).map_err(|e| Error::Rule {
                file: name.to_string(),
                line: 1,
                rule: None,
                message: format!("not UTF-8: {e}"),
            })?;
            let dir = file.parent().map(Path::to_path_buf);
            self.add_source(&name, &text, dir)?;
        }
        Ok(())
    }

    /// Marks the files added from now on as bundled (see [`Loader::bundled`]).
    pub fn set_bundled(&mut self, bundled: bool) {
        self.bundled = bundled;
    }

    /// Adds one rule file's text; `name` is how errors refer to it.
    pub fn add_source(
        &mut self,
        name: &str,
        text: &str,
        dir: Option<PathBuf>,
    ) -> Result<(), Error> {
        let file: Arc<str> = Arc::from(name);
        let err = |line: usize, rule: Option<&str>, message: String| Error::Rule {
            file: name.to_string(),
            line,
            rule: rule.map(str::to_string),
            message,
        };
        let parsed: RuleFile = toml::from_str(text).map_err(|e| {
            let line = e.span().map_or(1, |s| line_of(text, s.start));
            err(line, None, e.message().to_string())
        })?;
        let mut group = GroupBuilder::default();
        let (file_id, file_line) = match (&parsed.site, &parsed.generic) {
            (Some(site), None) => (site.get_ref().id.clone(), line_of(text, site.span().start)),
            (None, Some(generic)) => (
                generic.get_ref().id.clone(),
                line_of(text, generic.span().start),
            ),
            (Some(site), Some(_)) => {
                return Err(err(
                    line_of(text, site.span().start),
                    None,
                    "a file has either [site] or [generic], not both".into(),
                ))
            }
            (None, None) => {
                return Err(err(
                    1,
                    None,
                    "missing [site] (rules for some hosts) or [generic] (rules for every page)"
                        .into(),
                ))
            }
        };
        if file_id.trim().is_empty() {
            return Err(err(file_line, None, "empty id".into()));
        }
        if !self.file_ids.insert(file_id.clone()) {
            return Err(err(
                file_line,
                None,
                format!("duplicate file id `{file_id}`"),
            ));
        }

        for rule in &parsed.remove {
            let line = line_of(text, rule.id.span().start);
            let id = rule.id.get_ref();
            let e = |m: String| err(line, Some(id), m);
            if rule.selector.is_none()
                && rule.classes.is_empty()
                && rule.words.is_empty()
                && rule.tags.is_empty()
            {
                return Err(e(
                    "a remove rule needs `selector`, `classes`, `words` or `tags`".into(),
                ));
            }
            let source = [
                rule.selector.clone().unwrap_or_default(),
                rule.classes.join(" "),
                rule.words.join(" "),
                rule.tags
                    .iter()
                    .map(|t| format!("<{t}>"))
                    .collect::<Vec<_>>()
                    .join(" "),
            ]
            .join(" ")
            .trim()
            .to_string();
            let idx = self.register(&file, line, id, RuleKind::Remove, &rule.why, source)?;
            if let Some(sel) = &rule.selector {
                group
                    .selectors
                    .push((idx, compile_selector(sel).map_err(e)?));
                self.selector_attrs.extend(attribute_names(sel));
            }
            for c in &rule.classes {
                if c.trim().is_empty() || c.contains(char::is_whitespace) {
                    return Err(e(format!("bad class/id value `{c}`")));
                }
                group.tokens.add_class(c.trim(), idx);
            }
            for t in &rule.tags {
                if t.is_empty() || !t.chars().all(|c| c.is_ascii_alphanumeric()) {
                    return Err(e(format!("bad tag name `{t}`")));
                }
                group
                    .tokens
                    .add_class(&format!("<{}>", t.to_ascii_lowercase()), idx);
            }
            for w in &rule.words {
                if w.is_empty() || !w.chars().all(char::is_alphabetic) {
                    return Err(e(format!("a word must be letters only: `{w}`")));
                }
                group.tokens.add_word(w, idx);
            }
        }
        for (kind, rules) in [
            (RuleKind::Drop, &parsed.drop),
            (RuleKind::CutFrom, &parsed.cut_from),
            (RuleKind::Strip, &parsed.strip),
        ] {
            for rule in rules {
                self.add_pattern(&file, text, kind, rule, &mut group)?;
            }
        }

        match parsed.site {
            Some(site) => {
                let header = site.into_inner();
                for sel in [&header.root, &header.author, &header.published]
                    .into_iter()
                    .flatten()
                {
                    self.selector_attrs.extend(attribute_names(sel));
                }
                let e = |m: String| err(file_line, None, m);
                if header.hosts.is_empty() {
                    return Err(e("[site] needs at least one host in `hosts`".into()));
                }
                let hosts: Vec<String> = header
                    .hosts
                    .iter()
                    .map(|h| h.trim().trim_end_matches('.').to_ascii_lowercase())
                    .collect();
                if let Some(bad) = hosts
                    .iter()
                    .find(|h| h.is_empty() || h.contains(['/', ':', ' ', '*']))
                {
                    return Err(e(format!("bad host `{bad}` (write a bare host name)")));
                }
                let url_hirs = header
                    .urls
                    .iter()
                    .map(|p| parse_pattern(p).map_err(|m| e(format!("urls: {m}"))))
                    .collect::<Result<Vec<Hir>, Error>>()?;
                let urls = if url_hirs.is_empty() {
                    None
                } else {
                    let limit = engine::PATTERN_SIZE_LIMIT * url_hirs.len();
                    Some(
                        Matcher::set(&url_hirs, limit, PATTERN_DFA_CAPACITY)
                            .map_err(|m| e(format!("urls: {m}")))?,
                    )
                };
                let sel = |s: &Option<String>, what: &str| -> Result<Option<Selector>, Error> {
                    s.as_deref()
                        .map(|s| compile_selector(s).map_err(|m| e(format!("{what}: {m}"))))
                        .transpose()
                };
                let rules = SiteRules {
                    id: header.id,
                    file: file.clone(),
                    dir,
                    hosts,
                    urls,
                    root: sel(&header.root, "root")?,
                    author: sel(&header.author, "author")?,
                    published: sel(&header.published, "published")?,
                    disable: header.disable.into_iter().collect(),
                    group: RuleGroup::default(),
                    tests: parsed.test,
                };
                self.sites.push(PendingSite { rules, group });
            }
            None => {
                if !parsed.test.is_empty() {
                    return Err(err(
                        file_line,
                        None,
                        "[[test]] cases belong in [site] files".into(),
                    ));
                }
                self.merge_generic(group);
                self.generic_files.push(file);
            }
        }
        Ok(())
    }

    fn merge_generic(&mut self, group: GroupBuilder) {
        let g = &mut self.generic;
        g.selectors.extend(group.selectors);
        for (value, rules) in group.tokens.classes_iter() {
            for r in rules {
                g.tokens.add_class(value, *r);
            }
        }
        for (word, rules) in group.tokens.words_iter() {
            for r in rules {
                g.tokens.add_word(word, *r);
            }
        }
        for (dst, src) in [
            (&mut g.drop, group.drop),
            (&mut g.cut, group.cut),
            (&mut g.strip, group.strip),
        ] {
            dst.screen_forms.extend(src.screen_forms);
            dst.compiled.extend(src.compiled);
            dst.rules.extend(src.rules);
        }
    }

    fn register(
        &mut self,
        file: &Arc<str>,
        line: usize,
        id: &str,
        kind: RuleKind,
        why: &Option<String>,
        source: String,
    ) -> Result<usize, Error> {
        let valid_id = !id.is_empty()
            && id
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '.');
        if !valid_id {
            return Err(Error::Rule {
                file: file.to_string(),
                line,
                rule: Some(id.to_string()),
                message: "an id is letters, digits, `-`, `_` and `.` only".into(),
            });
        }
        if let Some((other, other_line)) = self.ids.get(id) {
            return Err(Error::Rule {
                file: file.to_string(),
                line,
                rule: Some(id.to_string()),
                message: format!("duplicate rule id (first defined at {other}:{other_line})"),
            });
        }
        self.ids.insert(id.to_string(), (file.clone(), line));
        self.rules.push(RuleInfo {
            id: id.to_string(),
            kind,
            file: file.clone(),
            line,
            why: why.clone().unwrap_or_default(),
            source,
            box_name: None,
        });
        Ok(self.rules.len() - 1)
    }

    fn add_pattern(
        &mut self,
        file: &Arc<str>,
        text: &str,
        kind: RuleKind,
        rule: &PatternRule,
        group: &mut GroupBuilder,
    ) -> Result<(), Error> {
        let id: &Spanned<String> = &rule.id;
        let line = line_of(text, id.span().start);
        let id = id.get_ref();
        let e = |m: String| Error::Rule {
            file: file.to_string(),
            line,
            rule: Some(id.clone()),
            message: m,
        };
        if rule.max_chars == Some(0) {
            return Err(e("max_chars must be at least 1".into()));
        }
        if let Some(n) = rule.with_next {
            if kind != RuleKind::Drop {
                return Err(e(format!(
                    "with_next works only in [[drop]] rules, not in [[{}]]",
                    kind.name()
                )));
            }
            if !(1..=MAX_WITH_NEXT).contains(&n) {
                return Err(e(format!("with_next must be 1 to {MAX_WITH_NEXT}")));
            }
        }
        if rule.box_name.is_some() && kind != RuleKind::Drop {
            return Err(e(format!(
                "box works only in [[drop]] rules, not in [[{}]]",
                kind.name()
            )));
        }
        if rule
            .box_name
            .as_deref()
            .is_some_and(|b| b.trim().is_empty())
        {
            return Err(e("box must name the box".into()));
        }
        let hir = parse_pattern(&rule.pattern).map_err(e)?;
        let pattern = if self.bundled {
            // Compiled when first needed; `bundled_rules_compile_and_keep_their_examples`
            // checks them all.
            super::Pattern {
                source: Some(rule.pattern.as_str().into()),
                matcher: OnceLock::new(),
                max_chars: rule.max_chars,
                with_next: rule.with_next.unwrap_or(0),
            }
        } else {
            super::Pattern {
                source: None,
                matcher: OnceLock::from(Some(Matcher::one(&hir, PATTERN_DFA_CAPACITY).map_err(e)?)),
                max_chars: rule.max_chars,
                with_next: rule.with_next.unwrap_or(0),
            }
        };
        let examples = if self.bundled {
            (&[][..], &[][..])
        } else {
            (&rule.examples.hit[..], &rule.examples.keep[..])
        };
        for hit in examples.0 {
            if !pattern.is_match_once(hit) {
                return Err(e(format!(
                    "example {hit:?} should be matched by the {} rule but is not",
                    kind.name()
                )));
            }
        }
        for keep in examples.1 {
            if pattern.is_match_once(keep) {
                return Err(e(format!(
                    "example {keep:?} should be kept but the pattern matches it"
                )));
            }
        }
        let idx = self.register(file, line, id, kind, &rule.why, rule.pattern.clone())?;
        if let Some(info) = self.rules.get_mut(idx) {
            info.box_name.clone_from(&rule.box_name);
        }
        let list = match kind {
            RuleKind::Drop => &mut group.drop,
            RuleKind::CutFrom => &mut group.cut,
            RuleKind::Strip | RuleKind::Remove => &mut group.strip,
        };
        if matches!(kind, RuleKind::Drop | RuleKind::CutFrom) {
            list.screen_forms.push(super::screen::screen_form(hir));
        }
        list.compiled.push(pattern);
        list.rules.push(idx);
        Ok(())
    }

    /// Compiles what was added into a [`RuleSet`]; site ids must be unique and
    /// `disable` must name known rules.
    pub fn finish(self) -> Result<RuleSet, Error> {
        let generic_name = self
            .generic_files
            .first()
            .map_or_else(|| "generic rules".to_string(), |f| f.to_string());
        let generic = self.generic.build(&generic_name)?;
        let mut sites = Vec::new();
        let mut hosts: HashMap<String, Vec<usize>> = HashMap::new();
        for pending in self.sites {
            let mut site = pending.rules;
            for id in &site.disable {
                if !self.ids.contains_key(id) {
                    return Err(Error::Rule {
                        file: site.file.to_string(),
                        line: 1,
                        rule: None,
                        message: format!("disable: no rule has the id `{id}`"),
                    });
                }
            }
            site.group = pending.group.build(&site.file)?;
            for h in &site.hosts {
                hosts.entry(h.clone()).or_default().push(sites.len());
            }
            sites.push(site);
        }
        Ok(RuleSet {
            rules: self.rules,
            generic,
            sites,
            hosts,
            selector_attrs: self.selector_attrs.into_iter().collect(),
            disabled: HashSet::new(),
        })
    }
}
