//! Tests of the parse stage: the tree rinse's tokenizer builds is the tree
//! html5ever's own tokenizer builds, on hand-picked and generated markup.

use proptest::prelude::*;
use scraper::Html;

use super::{difference, dump, parse_document};
use crate::prepass::differential::generated::{FOREIGN, PIECES};

fn assert_same_tree(html: &str) {
    let theirs = dump(&Html::parse_document(html));
    let ours = dump(&parse_document(html));
    assert_eq!(ours, theirs, "input: {html:?}");
    assert_eq!(difference(html), None);
}

#[test]
fn text_tags_and_attributes() {
    for html in [
        "",
        "plain text",
        "<p>one<p>two",
        "<P CLASS=Lead Id='x' data-a=\"1\" hidden>Text</P>",
        "<div a=1 A=2 a=3 b>dupes</div>",
        "<img src=x.png alt=\"a > b\"/><br/>",
        "<a href=/x?a=1&copy=2&amp;b=3&lt;>link &amp; &lt;b&gt; &copy 2020 &notit; &#x2019;&#8212;&#150;</a>",
        "<div =x title=\"a\"b='c'>attrs without spaces</div>",
        "<div / / class=x / >slashes</div>",
        "<div class= x >spaces around =</div>",
        "<div class=\"unterminated",
        "<div class=unterminated",
        "<div",
        "text <",
        "text </",
        "a < b and c > d",
        "</> <? pi ?> </ x> <!bogus> <![CDATA[x]]>",
        "<!-- c --> <!--> <!---> <!-- a --!> <!-- b ---> <!-- <!-- -->",
        "<!-- unterminated",
        "<!-- unterminated --",
        "<table><tr><td>1<td>2</table>text in table<table>x<tr>y</table>",
        "<b><i>misnested</b></i><p>x<b>y<p>z</b>",
        "<ul><li>a<li>b</ul><dl><dt>t<dd>d</dl>",
        "<pre>\n\nkept</pre><textarea>\nx &amp; <b></textarea><listing>\nl</listing>",
        "<title>A &amp; <b>B</title><style>p{}</style><xmp><x></xmp>",
        "<iframe><p></iframe><noembed><p></noembed><noframes><p></noframes>",
        "<noscript><p>no script</p></noscript>",
        "<script>if (a < b) { x = '</p>'; }</script><script><!--<script></script>x</script>y</script>",
        "<script type=application/ld+json>{\"a\": \"&amp;\"}</script>",
        "<title>cut </title",
        "<title>cut </titl",
        "<plaintext><p>all text</p>",
        "<svg><![CDATA[cdata <b>]]><text>t</text></svg><math><mi>x</mi></math>",
        "<p>a\r\nb\rc\n\rd</p>",
        "a\0b<p\0q x\0y=\"v\0w\">\0</p\0q><title>\0</title>",
        "\u{FEFF}<p>bom</p>",
        "<p>caf\u{e9} \u{1F600} &#128512; &#xD800; &#0; &#1114112; &#x110000;</p>",
        "<frameset><frame></frameset>",
        "<html><head><meta charset=utf-8><base href=/></head><body class=x>b</body></html>",
        "<body><body class=y>double body",
        "<form><form>forms</form><select><option>a<option>b</select>",
        "<h1>a<h2>b</h1>c</h2>",
        "<a><p>x</a>y</p>",
        "<template><p>t</template>",
    ] {
        assert_same_tree(html);
    }
}

#[test]
fn doctypes_set_the_same_quirks_mode() {
    for doctype in [
        "<!DOCTYPE html>",
        "<!doctype HTML>",
        "<!DOCTYPE>",
        "<!DOCTYPE html PUBLIC \"-//W3C//DTD HTML 4.01 Transitional//EN\">",
        "<!DOCTYPE html PUBLIC \"-//W3C//DTD HTML 4.01 Transitional//EN\" \"http://www.w3.org/TR/html4/loose.dtd\">",
        "<!DOCTYPE html PUBLIC '-//W3C//DTD XHTML 1.0 Strict//EN' 'http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd'>",
        "<!DOCTYPE html SYSTEM \"about:legacy-compat\">",
        "<!DOCTYPE html PUBLIC>",
        "<!DOCTYPE html PUBLIC \"x>",
        "<!DOCTYPE html PUBLIC\"x\"\"y\">",
        "<!DOCTYPE html SYSTEM \"x\" junk>",
        "<!DOCTYPE html junk>",
        "<!DOCTYPE svg>",
        "<!DOCTYPE html",
        "<!DOCTYPE html PUBLIC \"x\"",
    ] {
        assert_same_tree(&format!("{doctype}<p>x<table><p>y</table>"));
    }
}

/// Pieces the pre-pass's generated pages lack: references, NUL, CR,
/// doctypes, more table, form and head parts, capitals, duplicate attributes.
const EXTRA: &[&str] = &[
    "\r\n",
    "\r",
    "\0",
    "&",
    "&amp;",
    "&amp",
    "&copy=",
    "&notit;",
    "&#",
    "&#x",
    "&#65",
    "&#x41;",
    "&#150;",
    ";",
    "<P>",
    "<ul>",
    "<th>",
    "<caption>",
    "<b>",
    "</b>",
    "<i>",
    "<a href=x>",
    "<a href=\"x&amp;y\">",
    "<img alt=\"a\" ALT=b>",
    "<div a=1 a=2>",
    "<input value=&lt;>",
    "<!DOCTYPE html PUBLIC \"-//W3C//DTD HTML 4.01//EN\">",
    "<option>",
    "<plaintext>",
    "<head>",
    "<html>",
    "<frameset>",
    "<meta charset=utf-8>",
    "<a name=x/>",
    "<p/>",
    "caf\u{e9} ",
];

fn page(picks: &[usize]) -> String {
    let all = PIECES.len() + FOREIGN.len() + EXTRA.len();
    picks
        .iter()
        .map(|i| i % all)
        .filter_map(|i| {
            PIECES
                .get(i)
                .or_else(|| FOREIGN.get(i - PIECES.len()))
                .or_else(|| EXTRA.get(i - PIECES.len() - FOREIGN.len()))
        })
        .copied()
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(3000))]

    #[test]
    fn markup_characters_in_any_order_build_the_same_tree(
        html in "[<>/!?=\"' &;#a-dA-DxX0-9\\-\\[\\]\r\n\t\u{0}]{0,60}"
    ) {
        assert_same_tree(&html);
    }

    #[test]
    fn generated_markup_builds_the_same_tree(picks in proptest::collection::vec(0usize..1000, 0..80)) {
        assert_same_tree(&page(&picks));
    }
}
