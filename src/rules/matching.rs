//! Stage: block rules — how one block's text meets the rules. A cheap screen
//! first, then the drop rules in order (site groups before generic ones), then
//! the text without its leading pictographs ("💬 12 comments"), then the strip
//! rules; short texts have their verdicts remembered for the page.

use std::collections::HashMap;

use super::{ActiveRules, Pattern, PatternGroup};

/// Block texts up to this many bytes have their rule results remembered for
/// the rest of the page: short labels ("Share", "x", "Reply") repeat, and a
/// page of a million of them would otherwise run the rule sets a million times.
const MEMO_MAX_BYTES: usize = 64;

/// `f()`, remembered in `memo` for short `text`s (see [`MEMO_MAX_BYTES`]).
pub(super) fn remembered<'t, V: Clone>(
    memo: &mut HashMap<&'t str, V>,
    text: &'t str,
    f: impl FnOnce() -> V,
) -> V {
    if text.len() > MEMO_MAX_BYTES {
        return f();
    }
    memo.entry(text).or_insert_with(f).clone()
}

/// What the drop and strip rules make of one block's text.
#[derive(Clone)]
pub(super) enum Verdict<'r> {
    /// Dropped by this rule (with this pattern), and whether it matched the
    /// text only without its leading pictographs (see [`bare`]).
    Drop(usize, &'r Pattern, bool),
    /// Kept: its text after the strip rules (`None` when none matched), and
    /// what each strip rule took out.
    Keep(Option<String>, Vec<(usize, String)>),
}

/// The drop rules (when the screen let the text through), then the strip rules.
pub(super) fn judge<'r>(rules: &ActiveRules<'r>, text: &str, maybe: bool) -> Verdict<'r> {
    if let Some((rule, pattern, on_bare)) = maybe.then(|| drop_hit(rules, text)).flatten() {
        return Verdict::Drop(rule, pattern, on_bare);
    }
    let mut current: Option<String> = None;
    let mut taken = Vec::new();
    for g in rules.groups() {
        for (rule, pattern) in g.strip.rules.iter().zip(&g.strip.compiled) {
            let now = current.as_deref().unwrap_or(text);
            if !rules.enabled(*rule) || !pattern.is_match(now) {
                continue;
            }
            let Some(matcher) = pattern.matcher() else {
                continue;
            };
            let (found, rest) = matcher.take_all(now);
            taken.extend(found.into_iter().map(|s| (*rule, s.to_string())));
            current = Some(rest.trim().to_string());
        }
    }
    Verdict::Keep(current, taken)
}

/// `text` without the pictographs and pointers in front of it ("💬 12 comments",
/// "► Related", "🔗 Copy link"), for a second look by the rules; `None` when it
/// starts with a letter, digit or an opening quote or bracket.
pub(super) fn bare(text: &str) -> Option<&str> {
    let keep = |c: char| {
        c.is_alphanumeric()
            || c.is_whitespace()
            || matches!(
                c,
                '"' | '\''
                    | '“'
                    | '‘'
                    | '„'
                    | '‚'
                    | '«'
                    | '‹'
                    | '('
                    | '['
                    | '¿'
                    | '¡'
                    | '-'
                    | '–'
                    | '—'
                    | '#'
                    | '@'
                    | '$'
                    | '£'
                    | '€'
                    | '¥'
                    | '₹'
                    | '+'
                    | '*'
                    | '_'
                    | '.'
                    | '/'
                    | '&'
                    | '|'
            )
    };
    let rest = text.trim_start_matches(|c: char| !keep(c)).trim_start();
    (rest.len() < text.len() && !rest.is_empty()).then_some(rest)
}

/// Whether some rule may hit `text` or its [`bare`] form. A [`quotation`]
/// is never hit.
pub(super) fn may_hit_either(rules: &ActiveRules<'_>, text: &str) -> bool {
    !quotation(text) && (rules.may_hit(text) || bare(text).is_some_and(|b| rules.may_hit(b)))
}

/// Opening quotation marks and the marks that close them.
const QUOTE_PAIRS: [(char, char); 7] = [
    ('\u{201c}', '\u{201d}'),
    ('\u{201e}', '\u{201c}'),
    ('\u{201e}', '\u{201d}'),
    ('\u{ab}', '\u{bb}'),
    ('\u{bb}', '\u{ab}'),
    ('"', '"'),
    ('\u{300c}', '\u{300d}'),
];

/// Whether `text` is one quotation from its first character to its last
/// (a full stop or comma may follow it): words the article quotes — a cookie banner's
/// wording in a story about cookie banners, a reader's comment in one about
/// comments — are its text, never the page's own clutter.
pub(crate) fn quotation(text: &str) -> bool {
    let text = text.trim();
    let mut chars = text.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    let body = chars.as_str();
    let body = body.strip_suffix(['.', ',']).unwrap_or(body);
    QUOTE_PAIRS.iter().any(|&(open, close)| {
        first == open
            && body
                .strip_suffix(close)
                .is_some_and(|inner| !inner.trim().is_empty() && !inner.contains(close))
    })
}

/// The first drop rule hitting `text`, or else its [`bare`] form (then
/// `true`).
pub(super) fn drop_hit<'r>(
    rules: &ActiveRules<'r>,
    text: &str,
) -> Option<(usize, &'r Pattern, bool)> {
    if let Some((rule, pattern)) = rules.first_hit(|g| &g.drop, text) {
        return Some((rule, pattern, false));
    }
    let (rule, pattern) = bare(text).and_then(|b| rules.first_hit(|g| &g.drop, b))?;
    Some((rule, pattern, true))
}

/// What sets the parts of a compound header line apart.
const PART_SEPARATORS: [&str; 4] = [" \u{b7} ", " | ", " \u{2022} ", " \u{2219} "];
/// Longest compound line (characters).
const COMPOUND_MAX_CHARS: usize = 200;
/// Most words of the one part of a compound line no rule need match (a place
/// or a section: "Avilés | 21/04/2024 | Actualizado: …").
const LOOSE_PART_MAX_WORDS: usize = 3;

/// Whether `text` is longer than a line of bits set side by side can be
/// ([`COMPOUND_MAX_CHARS`]; the byte length is a cheap first bound).
fn too_long_for_parts(text: &str) -> bool {
    text.len() > 4 * COMPOUND_MAX_CHARS || text.chars().nth(COMPOUND_MAX_CHARS).is_some()
}

/// The parts of a line whose bits the page set in elements side by side with
/// no space between them, as the text comes out: a lowercase letter glued to
/// a capital ("Article réservé aux abonnésLecture 4 min."). `None` when there
/// is no such seam.
fn glued_parts(text: &str) -> Option<Vec<&str>> {
    let mut parts = Vec::new();
    let mut start = 0;
    let mut prev: Option<char> = None;
    for (at, c) in text.char_indices() {
        if c.is_uppercase() && prev.is_some_and(char::is_lowercase) {
            parts.push(text.get(start..at)?.trim());
            start = at;
        }
        prev = Some(c);
    }
    if parts.is_empty() {
        return None;
    }
    parts.push(text.get(start..)?.trim());
    Some(parts)
}

/// A line made of header bits set side by side ("12.05.2024, 18:30 Uhr ·
/// Lesezeit: 3 Min.", "Por Ana Gil | 4 de mayo | 5 min"): the first drop rule
/// hitting one of its parts, when a drop rule hits every part (or, for one
/// part of a few words that ends no sentence, none need). `None` for a line
/// without such parts. Read only over the first paragraph and never on a
/// table's row, whose cells are set apart the same way.
pub(super) fn compound_hit<'r>(
    rules: &ActiveRules<'r>,
    text: &str,
) -> Option<(usize, &'r Pattern)> {
    if too_long_for_parts(text) {
        return None;
    }
    let parts: Vec<&str> = match PART_SEPARATORS.iter().find(|s| text.contains(*s)) {
        Some(separator) => text.split(separator).map(str::trim).collect(),
        None => glued_parts(text)?,
    };
    let mut first = None;
    let mut loose = false;
    for part in parts {
        // `first_hit` asks the screen first.
        let hit = (!part.is_empty())
            .then(|| rules.first_hit(|g| &g.drop, part))
            .flatten();
        match hit {
            Some(hit) => {
                first.get_or_insert(hit);
            }
            None if !loose
                && (1..=LOOSE_PART_MAX_WORDS).contains(&part.split_whitespace().count())
                && !crate::reflow::ends_sentence(part) =>
            {
                loose = true;
            }
            None => return None,
        }
    }
    first
}

/// A short line of bits glued together (see [`glued_parts`]) anywhere in the
/// article ("Article réservé aux abonnésLecture 4 min." under a standfirst):
/// the first drop rule hitting one of its parts, when drop rules hit them all
/// (but the last may be a few words that end no sentence: a byline's role).
pub(super) fn glued_hit<'r>(rules: &ActiveRules<'r>, text: &str) -> Option<(usize, &'r Pattern)> {
    if too_long_for_parts(text) {
        return None;
    }
    let parts = glued_parts(text)?;
    let mut first = None;
    for (i, part) in parts.iter().enumerate() {
        let hit = (!part.is_empty())
            .then(|| rules.first_hit(|g| &g.drop, part))
            .flatten();
        // The last part may be the role under a byline ("Por Lucía
        // Ferrer Castaño" glued to "Redactora de Hogar y Ahorro").
        let role = i + 1 == parts.len()
            && i > 0
            && (1..=GLUED_ROLE_MAX_WORDS).contains(&part.split_whitespace().count())
            && !crate::reflow::ends_sentence(part);
        match hit {
            Some(hit) => first = first.or(Some(hit)),
            // …after a part of a few words that a rule took ("Di" glued to
            // "Mavery LP-520" is a name's capitals, no byline).
            None if role && first.is_some() && parts.first().is_some_and(|p| p.contains(' ')) => {}
            None => return None,
        }
    }
    first
}

/// Most words of a role glued after a byline (see [`glued_hit`]).
const GLUED_ROLE_MAX_WORDS: usize = 6;

/// The first cut rule hitting `text`, or else its [`bare`] form.
pub(super) fn cut_hit<'r>(rules: &ActiveRules<'r>, text: &str) -> Option<(usize, &'r Pattern)> {
    rules
        .first_hit(|g| &g.cut, text)
        .or_else(|| bare(text).and_then(|b| rules.first_hit(|g| &g.cut, b)))
}

impl<'a> ActiveRules<'a> {
    /// Whether some drop or cut rule may match `text` (a cheap screen before
    /// the rules are looked at one kind at a time).
    pub(super) fn may_hit(&self, text: &str) -> bool {
        self.groups()
            .any(|g| g.screen.as_ref().is_some_and(|s| s.is_match(text)))
    }

    /// Whether a drop or cut rule matches the whole of `text` (or of it without
    /// its leading pictographs): a clutter line that stands on its own. The
    /// reflow stage keeps such a line out of the paragraphs around it.
    pub fn is_clutter_line(&self, text: &str) -> bool {
        let text = text.trim();
        let hit = |t: &str| {
            self.may_hit(t)
                && (self.first_hit(|g| &g.drop, t).is_some()
                    || self.first_hit(|g| &g.cut, t).is_some())
        };
        !text.is_empty() && !quotation(text) && (hit(text) || bare(text).is_some_and(hit))
    }

    /// The first enabled rule of the picked kind whose pattern matches `text`
    /// (first in rule order within a group; site groups before generic ones).
    pub(super) fn first_hit(
        &self,
        pick: impl Fn(&'a super::RuleGroup) -> &'a PatternGroup,
        text: &str,
    ) -> Option<(usize, &'a Pattern)> {
        for g in self.groups() {
            let group = pick(g);
            if group.rules.is_empty() {
                continue;
            }
            // `Screen::matches` asks each part the plain question first.
            let best = g
                .screen
                .as_ref()
                .map(|s| s.matches(text))
                .into_iter()
                .flatten()
                // Indexes past this kind's patterns are the other kind's.
                .filter_map(|i| i.checked_sub(group.screen_base))
                // The screen holds loose forms (see `screen`): the exact regex decides.
                .filter(|&i| group.compiled.get(i).is_some_and(|p| p.is_match(text)))
                .filter(|&i| group.rules.get(i).is_some_and(|&rule| self.enabled(rule)))
                .min();
            if let Some(i) = best {
                if let (Some(&rule), Some(p)) = (group.rules.get(i), group.compiled.get(i)) {
                    return Some((rule, p));
                }
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::{glued_hit, quotation};
    use crate::rules::RuleSet;

    #[test]
    fn a_byline_glued_to_its_role_goes_but_not_to_a_sentence() -> Result<(), crate::rules::Error> {
        let rules = RuleSet::bundled()?;
        let active = rules.active(None);
        assert!(glued_hit(
            &active,
            "Por Lucía Ferrer CastañoRedactora de Hogar y Ahorro"
        )
        .is_some());
        assert!(glued_hit(&active, "By Ann LeeThe council approved the plan.").is_none());
        assert!(glued_hit(&active, "DiMavery LP-520, E-Gitarre").is_none());
        Ok(())
    }

    #[test]
    fn a_line_that_is_one_quotation_is_quoted_text() {
        assert!(quotation(
            "“We use cookies to make this site work. Accept all | Reject all | Customise”"
        ));
        assert!(quotation("„Wir verwenden Cookies.“"));
        assert!(quotation("« Tout accepter ». "));
        assert!(quotation("\"Great article, thanks for sharing!\""));
        // Two quotations side by side, a quote that opens a sentence and
        // goes on, and a quote mark alone are not.
        assert!(!quotation("“Reject all” and “Accept all”"));
        assert!(!quotation("“Accept all,” she said, was the default."));
        assert!(!quotation("We use cookies. Accept all"));
        assert!(!quotation("“”"));
        assert!(!quotation("\""));
    }
}
