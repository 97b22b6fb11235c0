//! Stage: find the article — the class/id words that scoring reads: words of
//! the article body, of widgets and clutter, of comment sections, of elements
//! that are never the article, of overlays, and the words that rescue an
//! element named after its neighbours. Read by `score`.

/// Declares `fn $name(word) -> bool` over a list of class/id words: a `match`,
/// which the compiler turns into a comparison tree, where scanning the list
/// cost a comparison per entry for every word of every element's class/id.
macro_rules! word_list {
    ($(#[$doc:meta])* $name:ident: [$($word:literal),* $(,)?]) => {
        $(#[$doc])*
        pub(super) fn $name(word: &str) -> bool {
            matches!(word, $($word)|*)
        }
    };
}

// Words of class/id values that suggest the article body.
word_list!(is_positive: [
    "article",
    "body",
    "content",
    "entry",
    "main",
    "page",
    "post",
    "text",
    "blog",
    "story",
    "prose",
    "hentry",
    "single",
    "news",
    "column",
    "articlebody",
    "postbody",
    "storycontent",
]);

// UI components of CSS frameworks; a positive word after one of them in the
// same class value (`card-body`, `panel-content`) does not count.
word_list!(is_widget: [
    "panel",
    "card",
    "modal",
    "media",
    "accordion",
    "toast",
    "offcanvas",
    "popover",
    "tooltip",
    "dropdown",
    "tab",
]);

// Words of class/id values that suggest clutter (a score penalty).
word_list!(is_negative: [
    "comment",
    "comments",
    "meta",
    "footer",
    "footnote",
    "sidebar",
    "widget",
    "share",
    "social",
    "related",
    "nav",
    "navigation",
    "menu",
    "ad",
    "ads",
    "advert",
    "promo",
    "sponsor",
    "teaser",
    "teasers",
    "combx",
    "contact",
    "masthead",
    "outbrain",
    "popup",
    "recommended",
    "shoutbox",
    "subscribe",
    "newsletter",
    "cookie",
    "banner",
    "breadcrumb",
    "pagination",
    "pager",
    "tags",
    "taboola",
    "rail",
    "lightbox",
    "aside",
    "hidden",
    "byline",
    "author",
    "disqus",
    "skyscraper",
    "modal",
    "tools",
    "legends",
    "gallery",
    "slideshow",
]);

// Words of comment sections, in English and (plurals only: a German
// `kommentar` is an opinion piece) other languages.
word_list!(is_comment_section: [
    "comment",
    "comments",
    "commentlist",
    "disqus",
    "comentarios",
    "commentaires",
    "commenti",
    "kommentare",
    "kommentarer",
    "reacties",
    "komentarze",
]);

// Words of class/id values that mark an element as never the article, besides
// comment sections: its text neither scores nor joins the article (unless the
// fallback needs it).
word_list!(is_unlikely_other: [
    "footer",
    "sidebar",
    "navbar",
    "nav",
    "navigation",
    "menu",
    "breadcrumb",
    "breadcrumbs",
    "related",
    "recommended",
    "outbrain",
    "taboola",
    "sharing",
    "share",
    "social",
    "newsletter",
    "cookie",
    "cookies",
    "consent",
    "popup",
    "modal",
    "masthead",
    "pagination",
    "pager",
    "skyscraper",
    "legends",
    "shoutbox",
    "sponsor",
    "sponsored",
    "promo",
    "advert",
    "advertisement",
    "ad",
    "ads",
    "rail",
    "lightbox",
    "combx",
    "agegate",
]);

// Words that keep an element with an unlikely word a candidate (a column or
// main area that happens to be named after its neighbours).
word_list!(is_rescue: [
    "article", "body", "content", "main", "column", "entry", "story", "text", "post",
]);

/// Negative words too strong for a rescue word to outweigh.
pub(super) fn is_no_rescue(word: &str) -> bool {
    is_comment_section(word) || word == "footer"
}

/// Words of comment sections, replies included.
pub(super) fn is_comments(word: &str) -> bool {
    is_comment_section(word) || word == "replies"
}

/// Words that mark an element as never the article.
pub(super) fn is_unlikely(word: &str) -> bool {
    is_comment_section(word) || is_unlikely_other(word)
}

// Words of overlays drawn over the page (login and sign-up forms, consent
// banners, newsletter boxes): their text, form labels and error messages, is
// never the article, even when the fallback lifts every other mark. Not
// `modal` or `popup`: some sites show the article itself in a modal viewer.
word_list!(is_overlay: [
    "cookie",
    "cookies",
    "consent",
    "login",
    "signin",
    "signup",
    "registration",
    "agegate",
    "newsletter",
]);
