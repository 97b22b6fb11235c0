//! Unit tests of the pre-pass (the differential test is in `differential`).

use super::*;

/// The pre-pass as the pipeline runs it with no site rules: only the
/// attributes the stages read are kept (the differential tests below then
/// also check that dropping the others changes no visible text).
pub(super) fn prepass(s: &str) -> Prepassed {
    super::prepass(s, &KeepAttrs::default())
}

/// The pre-pass keeping every attribute, for the tests of where cuts fall.
fn pp(s: &str) -> String {
    super::prepass(s, &KeepAttrs::all()).html
}

#[test]
fn drops_non_text_elements_and_comments() {
    assert_eq!(
        pp("<p>a<!-- <p>x</p> -->b<script>if (a<b) {}</script>c<STYLE>p{}</style>d</p>"),
        "<p>abcd</p>"
    );
    assert_eq!(
        pp("<svg viewBox=\"0 0 1 1\"><text>x</text></svg>e<svg/>f"),
        "ef"
    );
    assert_eq!(pp("<noscript><p>Enable JS</p></noscript>g"), "g");
}

#[test]
fn whitespace_next_to_block_tags_is_left_out() {
    assert_eq!(
        pp("<ul>\n  <li>\n    <a>one</a>\n  </li>\n  <li>two</li>\n</ul>\n"),
        "<ul><li><a>one</a>\n</li><li>two</li>\n</ul>\n"
    );
    // End tags other than `</p>` may be ignored by the parser (an element
    // out of scope), so only the start tag beside a run decides.
    assert_eq!(pp("</div>\n  <div>x</p>\n</div>"), "</div><div>x</p></div>");
    // Between inline elements a run shrinks to one byte, a newline if it had one.
    assert_eq!(
        pp("<b>a</b>  \n\t <i>b</i>   <i>c</i>"),
        "<b>a</b>\n<i>b</i> <i>c</i>"
    );
    // Whitespace is text inside <pre>.
    let pre = "<pre><b>a</b>\n    <b>b</b>\n</pre>";
    assert_eq!(pp(pre), pre);
}

#[test]
fn tags_the_parser_ignores_do_not_part_words() {
    // A stray end tag, a table cell outside a table, a form inside a form,
    // and invisible elements leave the words on either side together.
    for s in [
        "<b>a</b></div>\n<b>b</b>",
        "<b>a</b><td>\n<b>b</b>",
        "<form><b>a</b><form>\n<b>b</b></form>",
        "<b>a</b><meta name=x>\n<b>b</b>",
        "<select><option>a</option>\n<div>b</div></select>",
    ] {
        assert!(pp(s).contains('\n'), "{s:?} became {:?}", pp(s));
    }
}

#[test]
fn keeps_json_ld() {
    let s = r#"<script type="application/ld+json">{"a":"</p>"}</script>"#;
    assert_eq!(pp(s), s);
}

#[test]
fn raw_text_is_not_read_as_markup() {
    let s = "<title>a <script> b</title><textarea><!-- x --></textarea>";
    assert_eq!(pp(s), s);
}

#[test]
fn quoted_gt_does_not_end_a_tag() {
    assert_eq!(pp("<a title=\"x>y\">t</a>"), "<a title=\"x>y\">t</a>");
    assert_eq!(pp("<script src='a>b'>x</script>t"), "t");
}

#[test]
fn unterminated_things_end_the_input() {
    assert_eq!(pp("a<!-- never closed"), "a");
    assert_eq!(pp("a<script>never closed"), "a");
    assert_eq!(
        pp("a<div title=\"never closed>b"),
        "a<div title=\"never closed>b"
    );
    assert_eq!(pp("a < b <3"), "a &lt; b &lt;3");
}

#[test]
fn caps_nesting_depth_and_keeps_text() {
    let n = 2000;
    let html = format!("{}deep{}", "<div>".repeat(n), "</div>".repeat(n));
    let out = prepass(&html);
    assert_eq!(out.capped, n - MAX_DEPTH);
    assert_eq!(out.html.matches("<div>").count(), MAX_DEPTH);
    assert_eq!(out.html.matches("</div>").count(), MAX_DEPTH);
    assert!(out.html.contains("deep"));
}

#[test]
fn monstrous_tags_lose_their_attributes() {
    let attrs: String = (0..5000).map(|i| format!(" a{i}=x")).collect();
    let out = prepass(&format!("<div{attrs}>text</div><p class=k>b</p>"));
    assert_eq!(out.html, "<div>text</div><p class=k>b</p>");
    assert_eq!(out.capped, 1);
}

#[test]
fn unclosed_paragraphs_do_not_count() {
    let html = "<p>x".repeat(1000);
    assert_eq!(prepass(&html).capped, 0);
}

#[test]
fn multibyte_text_survives() {
    assert_eq!(pp("<p>é<script>ü</script>€</p>"), "<p>é€</p>");
}

#[test]
fn stray_quotes_inside_tags_are_ordinary_characters() {
    for s in [
        "<div class=a\" id=b>text</div><p>more</p>",
        "<p title=x\">t</p><p>u</p>",
        "<a href=foo\">link</a> after",
        "<a href=foo'>link</a> after 'quoted'",
        "<div a\"b=c>x</div>y",
        "<div =\"x>y\">z",
        "<div class=\"a\"\"b\">x</div>y",
        "<img alt=it's src=x.png>caption",
        // Seen on a real page: typographic quotes with one plain closing quote.
        "<meta name=\u{201c}verify\u{201d} content=\u{201c}xtk\" /><p>article</p>",
    ] {
        assert_eq!(pp(s), s, "{s}");
    }
    assert_eq!(
        pp("<p title=x\">t</p><script>var a = '</p>';</script><p>u</p>"),
        "<p title=x\">t</p><p>u</p>"
    );
    assert_eq!(
        pp("<div class=a\" id=b><style>p{}</style>text</div>"),
        "<div class=a\" id=b>text</div>"
    );
}

#[test]
fn quoted_values_open_only_after_equals() {
    assert_eq!(pp("<a title = 'x>y'>t</a>"), "<a title = 'x>y'>t</a>");
    assert_eq!(
        pp("<a b=\"1\"c='>'>t</a><!--x-->u"),
        "<a b=\"1\"c='>'>t</a>u"
    );
}

#[test]
fn comments_end_where_the_tokenizer_ends_them() {
    assert_eq!(pp("a<!-->b"), "ab");
    assert_eq!(pp("a<!--->b"), "ab");
    assert_eq!(pp("a<!---->b"), "ab");
    assert_eq!(pp("a<!-- x --!>b"), "ab");
    assert_eq!(pp("a<!-- x --->b"), "ab");
    assert_eq!(pp("a<!-- x --!-->b"), "ab");
    assert_eq!(pp("a<!-- -- > -->b"), "ab");
}

#[test]
fn bogus_comments_and_doctypes_are_copied_whole() {
    assert_eq!(pp("<? x <script> ?>b"), "<? x <script> ?>b");
    assert_eq!(pp("</ x <style>>b"), "</ x <style>>b");
    assert_eq!(pp("<!DOCTYPE html>b"), "<!DOCTYPE html>b");
    assert_eq!(pp("a</>b"), "ab");
}

#[test]
fn escaped_script_ends_at_the_right_end_tag() {
    assert_eq!(pp("<script><!--<script>x</script>y</script>z"), "z");
    assert_eq!(pp("<script><!-- x --></script>z"), "z");
    assert_eq!(pp("<script><!--</script>z"), "z");
    assert_eq!(pp("<script>a<!-->b</script>z"), "z");
}

#[test]
fn mathml_is_copied_whole_unless_it_nests_too_deep() {
    let formula = "<p>so <math display=block alttext=\"x^2\"><msup><mi>x</mi><mn>2</mn></msup></math> and</p>";
    assert_eq!(pp(formula), formula);
    // Script and comments inside are copied too: the walk skips them.
    let inside = "<math><mi>a</mi><!-- c --><mtext><script>x</script></mtext></math>b";
    assert_eq!(pp(inside), inside);
    assert_eq!(pp("<math/>x"), "x");
    // Unclosed, it runs to the end, as in the parser.
    assert_eq!(pp("<p>a<math><mi>x"), "<p>a<math><mi>x");
    let deep = format!(
        "<p>a<math>{}<mi>x</mi></math>b</p>",
        "<mrow>".repeat(MAX_DEPTH + 5)
    );
    assert_eq!(pp(&deep), "<p>ab</p>");
}

#[test]
fn unclosed_svg_ends_at_a_breakout_tag() {
    assert_eq!(pp("<svg><path d=\"M0 0\"><p>Article</p>"), "<p>Article</p>");
    assert_eq!(pp("<div><svg><g></div>after"), "<div></div>after");
    assert_eq!(pp("<svg><g>x</g></p>y"), "</p>y");
    assert_eq!(
        pp("<svg><foreignObject><p>in</p></foreignObject><text>t</text></svg>after"),
        "after"
    );
    assert_eq!(pp("<svg><svg></svg>x</svg>after"), "after");
    // MathML is kept: the copy ends where the parser ends it.
    assert_eq!(
        pp("<math><mi>x</mi><div>after"),
        "<math><mi>x</mi><div>after"
    );
    assert_eq!(pp("<svg><![CDATA[</svg><p>]]></svg>after"), "after");
}

#[test]
fn templates_nest() {
    assert_eq!(
        pp("<template><template></template>x</template>after"),
        "after"
    );
    assert_eq!(
        pp("<template><script>'</template>'</script></template>after"),
        "after"
    );
}

/// A page written for clients without JavaScript: its article is in noscript.
fn noscript_page(outside: &str) -> String {
    let para = "This paragraph is the article itself, and it only exists inside noscript. ";
    format!(
        "<html><head><title>T</title></head><body>{outside}<div id=app></div>\
         <noscript><article><h1>Title</h1><p>{p}</p><p>{p}</p><script>x()</script></article></noscript></body></html>",
        p = para.repeat(2)
    )
}

#[test]
fn noscript_holding_the_page_text_is_kept_without_its_tags() {
    let out = prepass(&noscript_page("<nav><a href=/>Home</a></nav>"));
    assert_eq!(out.noscript_kept, 1);
    assert!(!out.html.contains("<noscript") && !out.html.contains("</noscript"));
    assert!(!out.html.contains("x()"));
    assert!(out
        .html
        .contains("<article><h1>Title</h1><p>This paragraph"));
}

#[test]
fn noscript_notices_and_copies_are_dropped() {
    let notice = "<noscript><p>Please enable JavaScript to view this site.</p></noscript>";
    let out = prepass(&format!("{notice}<p>Short page.</p>"));
    assert_eq!(out.noscript_kept, 0);
    assert_eq!(out.html, "<p>Short page.</p>");
    // The article is also outside the noscript: not doubled.
    let body = "Real article text outside of noscript, long enough to count. ".repeat(8);
    let page = noscript_page(&format!("<main><p>{body}</p></main>"));
    let out = prepass(&page);
    assert_eq!(out.noscript_kept, 0);
    assert!(!out.html.contains("only exists inside noscript"));
    // Lazy-image fallbacks have no text.
    let out = prepass("<img data-src=a><noscript><img src=a></noscript><p>t</p>");
    assert_eq!(out.html, "<img><p>t</p>");
}

#[test]
fn noscript_with_escaped_markup_only_is_dropped() {
    // Tracking pixels written as text: long, but no prose markup.
    let pixel = "<noscript>&lt;div style=\"position:absolute;\"&gt;&lt;img width=1 height=1 alt=\"\" \
                 src=\"http://b.example.com/b?P=oI9TLjE4Mi66RLpAorxEdAVuMTE4LgAAAAA2TzUA&amp;T=16mar804m%2fX%3d1489053188\
                 %2fE%3d2078709551%2fR%3djp_hdln_te%2fK%3d5%2fV%3d2.1%2fW%3dH%2fY%3djp%2fF%3d2204578554\"&gt;&lt;/div&gt;</noscript>";
    let page = format!("<p>A short page.</p>{}", pixel.repeat(5));
    let out = prepass(&page);
    assert_eq!(out.noscript_kept, 0);
    assert_eq!(out.html, "<p>A short page.</p>");
}

#[test]
fn noscript_spans_are_cut_out_in_one_go() {
    let html = "<p>a</p><noscript>x</noscript>".repeat(3000);
    let out = prepass(&html);
    assert_eq!(out.html, "<p>a</p>".repeat(3000));
}

#[test]
fn unterminated_noscript_is_bounded_by_the_input() {
    let out = prepass("<p>a</p><noscript><p>b");
    assert_eq!(out.html, "<p>a</p>");
    let long = "word ".repeat(100);
    let out = prepass(&format!("<noscript><p>{long}<script>x"));
    assert_eq!(out.noscript_kept, 1);
    assert_eq!(out.html, format!("<p>{long}"));
}
