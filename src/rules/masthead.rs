//! Stage: block rules — the site's masthead over the headline in plain text:
//! the site's name, a menu, section crumbs or a kicker over the headline, when
//! a dropped byline or date (or a share bar) follows it. Used by `header`.

use super::apply::builtin;
use super::header::{
    is_bare_name, is_headline, is_line, is_menu_word, is_standfirst, menu_entries, Gone,
};
use super::tail::is_long_name;
use crate::article::Removal;
use crate::blocks::Block;

/// Most words of a line over the headline read as the site's name, a section
/// or a kicker ("The Highland Courier", "SCIENCE").
const MASTHEAD_MAX_WORDS: usize = 4;
/// Most words of each part of a masthead line set apart by bars (the site's
/// name and its tagline).
const MASTHEAD_PART_MAX_WORDS: usize = 5;
/// Fewest dropped lines in a row under the headline that stand for a byline
/// or date there: a share bar's label and its networks.
const SHARE_BAR_MIN_LINES: usize = 3;
/// Most words of a site's name over the headline when all of them are
/// capitalised or join a name ("Le Petit Écho du Var").
const MASTHEAD_NAME_MAX_WORDS: usize = 6;
/// What a line of the masthead over the headline is removed as.
const ABOVE_HEADLINE: &str = "header-above-headline";

/// Whether a line over the headline reads as a kicker or the section's
/// crumbs ("SCIENCE", "Freiburg", "Cultura / Cinema", "Eten & Drinken"): one
/// word, no lower-case letter at all, two menu entries or more, or two words
/// joined by an ampersand.
pub(super) fn is_kicker(block: &Block) -> bool {
    let text = block.text.trim();
    let words: Vec<&str> = text.split_whitespace().collect();
    words.len() <= 1
        || matches!(words.as_slice(), [_, "&", _])
        || !text.chars().any(char::is_lowercase)
        || menu_entries(text) >= 2
}

/// In plain text, the site's masthead over the headline: when a dropped
/// byline or date (or a share bar, [`SHARE_BAR_MIN_LINES`] dropped lines in a
/// row) follows the headline (and a subtitle under it), the short
/// lines above the headline (the site's name, a menu, section crumbs, a
/// kicker) are no article text. The headline is the line over the dropped
/// lines (bare names among them), or the line above that one when it reads as
/// a headline too (the first is then the subtitle) — unless that line is a
/// kicker. A headline written as a sentence ("We put 40 sensors on bus
/// shelters. Here is what they told us.") counts under a kicker, under a menu
/// entry a rule took the line above of, or with only the menu the header took
/// between it and the site's name. The first byline or date with a kept line
/// over it counts (a date bar at the page's top has none). Nothing goes when
/// any line above is longer than a few words or ends a sentence, or when a
/// short mixed-case line right over the headline could be the headline itself
/// (but not two menu entries in a row: crumbs).
pub(super) fn mark_above_headline(
    kept_at: &[usize],
    result: &[Block],
    state: &[Gone],
    gone: &mut [bool],
    removals: &mut Vec<Removal>,
) {
    // The first byline or date with a kept line over it (a date bar at the
    // page's top has none).
    let kept_over = |d: usize| {
        (0..kept_at.len()).any(|k| {
            !gone.get(k).copied().unwrap_or(true) && kept_at.get(k).is_some_and(|&at| at < d)
        })
    };
    // Or the first run of dropped lines as long as a share bar ("Share this
    // obituary" / "Facebook" / "X" / "Email") right under a kept line: lines a
    // rule dropped, not a menu the header took.
    let bar = |d: usize| {
        d.checked_sub(1)
            .is_some_and(|up| matches!(state.get(up), Some(None)))
            && (d..d + SHARE_BAR_MIN_LINES)
                .all(|j| matches!(state.get(j), Some(Some((Some(_), _)))))
    };
    let Some(dated) = (0..state.len())
        .find(|&d| (matches!(state.get(d), Some(Some((_, true)))) || bar(d)) && kept_over(d))
    else {
        return;
    };
    // The kept lines over that byline or date, as indices into `result`.
    let mut above: Vec<usize> = (0..kept_at.len())
        .filter(|&k| {
            !gone.get(k).copied().unwrap_or(true)
                && kept_at.get(k).is_some_and(|&at| at < dated)
                && result.get(k).is_some_and(|b| b.node == 0)
        })
        .collect();
    // Bare names among the dropped lines ("By" / "Wanjiru Kamau" / the date)
    // or right over them ("Hanna Lind" / "Feb 02, 2025").
    while let Some(&k) = above.last() {
        let dropped_at =
            |j: Option<usize>| j.and_then(|j| state.get(j)).is_some_and(Option::is_some);
        let at = kept_at.get(k).copied();
        let beside_dropped =
            dropped_at(at.and_then(|a| a.checked_sub(1))) || dropped_at(at.map(|a| a + 1));
        if beside_dropped && result.get(k).is_some_and(is_bare_name) {
            above.pop();
        } else {
            break;
        }
    }
    let Some((&last, rest)) = above.split_last() else {
        return;
    };
    // Only dropped lines between the headline (or subtitle) and the byline.
    let Some(&last_at) = kept_at.get(last) else {
        return;
    };
    if !(last_at + 1..dated).all(|j| {
        state.get(j).is_some_and(Option::is_some)
            || kept_at
                .binary_search(&j)
                .ok()
                .and_then(|k| result.get(k))
                .is_some_and(is_bare_name)
    }) {
        return;
    }
    let line = |k: usize| result.get(k).filter(|b| is_line(b));
    // The last line over the byline is the headline, or a subtitle that ends
    // with a full stop right under it.
    let standfirst = line(last).is_some_and(|b| is_standfirst(b) && !is_headline(b));
    if !standfirst && !line(last).is_some_and(is_headline) {
        return;
    }
    // A site's name may have its tagline beside it ("Portal Vale | Vale do
    // Paraíba e Região"): each part is short, and it is no headline.
    let short_parts = |t: &str| {
        t.split(" | ").all(|part| {
            part.split_whitespace()
                .nth(MASTHEAD_PART_MAX_WORDS)
                .is_none()
        })
    };
    let site_line = |b: &Block| b.text.contains(" | ") && short_parts(&b.text);
    // Or a longer name, every word capitalised or a small joining word ("Le
    // Petit Écho du Var", "Diário de Notícias da Madeira").
    let site_name = |b: &Block| {
        b.text
            .split_whitespace()
            .nth(MASTHEAD_NAME_MAX_WORDS)
            .is_none()
            && is_long_name(&b.text)
    };
    let mut headline = rest.len();
    if let Some((&prev, _)) = rest.split_last() {
        let next_to = kept_at.get(prev).map(|a| a + 1) == Some(last_at);
        // Only gone lines between them, some of them a menu the header took
        // (no rule's line: "Share" between a short headline and its subtitle).
        let between = kept_at.get(prev).map_or(0..0, |&a| a + 1..last_at);
        let menu_between = !between.is_empty()
            && between
                .clone()
                .all(|j| state.get(j).is_some_and(Option::is_some))
            && between
                .clone()
                .any(|j| matches!(state.get(j), Some(Some((None, _)))));
        // Crumbs set one to a line right over the headline ("News" / "Local
        // Government"): two menu entries in a row are no headline.
        let crumbs = rest.len() >= 2
            && rest.get(rest.len() - 2).is_some_and(|&k| {
                kept_at.get(k).map(|a| a + 1) == kept_at.get(prev).copied()
                    && line(k).is_some_and(is_menu_word)
            })
            && line(prev).is_some_and(is_menu_word);
        // A menu entry under a dropped line (a bare name over a paragraph is
        // a byline; a short headline reads as an entry too).
        let under_menu = |k: usize| {
            line(k).is_some_and(is_menu_word)
                && kept_at
                    .get(k)
                    .and_then(|a| a.checked_sub(1))
                    .is_some_and(|j| state.get(j).is_some_and(Option::is_some))
        };
        match line(prev) {
            Some(b) if next_to && site_line(b) && !standfirst => {}
            Some(b) if next_to && is_headline(b) => headline -= 1,
            // A headline set as a sentence ("We put 40 sensors on bus
            // shelters. Here is what they told us.") under a kicker or menu.
            Some(b) if standfirst && (is_kicker(b) || under_menu(prev)) && next_to => {}
            // Or with only the menu the header took between them ("Parkwatch
            // Notes" / "Home" / "About" / … / the headline as a sentence).
            Some(_) if standfirst && menu_between => {}
            _ if standfirst => return,
            Some(b) if next_to && !is_kicker(b) && !crumbs => return,
            _ => {}
        }
    } else if standfirst {
        return;
    }
    let masthead = rest.get(..headline).unwrap_or_default();
    let short = |k: &usize| {
        line(*k).is_some_and(|b| {
            !crate::reflow::ends_sentence(&b.text)
                && (b.text.split_whitespace().nth(MASTHEAD_MAX_WORDS).is_none()
                    || is_menu_word(b)
                    || site_line(b)
                    || site_name(b))
        })
    };
    if masthead.is_empty() || !masthead.iter().all(short) {
        return;
    }
    for &k in masthead {
        if let (Some(slot), Some(block)) = (gone.get_mut(k), result.get(k)) {
            *slot = true;
            removals.push(builtin(ABOVE_HEADLINE, &block.text));
        }
    }
}
