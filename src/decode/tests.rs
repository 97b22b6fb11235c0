use encoding_rs::{Encoding, SHIFT_JIS, WINDOWS_1251};
use proptest::prelude::*;

use super::*;

const RUSSIAN: &str = "Вчера вечером в небольшом городе на берегу реки прошёл осенний \
    фестиваль. Жители принесли овощи, фрукты и домашний хлеб, а дети пели песни на \
    главной площади. Организаторы говорят, что в следующем году праздник станет ещё \
    больше, потому что приедут гости из соседних деревень.";

const JAPANESE: &str = "昨日の夕方、川沿いの小さな町で秋祭りが開かれました。住民たちは野菜や\
    果物、手作りのパンを持ち寄り、子どもたちは広場で歌を歌いました。主催者によると、来年は\
    近くの村からも客が来るので、祭りはもっと大きくなるそうです。";

fn encode(encoding: &'static Encoding, text: &str) -> Vec<u8> {
    let (bytes, _, unmappable) = encoding.encode(text);
    assert!(!unmappable, "test text must fit {}", encoding.name());
    bytes.into_owned()
}

fn utf16(text: &str, little_endian: bool, bom: bool) -> Vec<u8> {
    let mut out = Vec::new();
    for unit in std::iter::once(0xFEFF)
        .filter(|_| bom)
        .chain(text.encode_utf16())
    {
        let pair = if little_endian {
            unit.to_le_bytes()
        } else {
            unit.to_be_bytes()
        };
        out.extend_from_slice(&pair);
    }
    out
}

/// Deterministic pseudo-random bytes (xorshift64).
fn noise(len: usize, mut state: u64) -> Vec<u8> {
    (0..len)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state.to_le_bytes()[0]
        })
        .collect()
}

// ---- decode: declarations -------------------------------------------------

#[test]
fn meta_charset_latin1_means_windows_1252() {
    let mut page = b"<html><head><meta charset=\"iso-8859-1\"></head><body>Caf".to_vec();
    page.extend_from_slice(b"\xE9 \x93quoted\x94</body></html>");
    let d = decode(&page, None, true);
    assert_eq!(d.encoding, "windows-1252");
    assert_eq!(d.source, EncodingSource::Meta);
    assert!(d.text.contains("Café \u{201C}quoted\u{201D}"), "{}", d.text);
    assert!(!d.malformed);
}

#[test]
fn meta_http_equiv_form() {
    let mut page =
        b"<HEAD><META HTTP-EQUIV=Content-Type CONTENT='text/html; Charset=Windows-1251'>".to_vec();
    page.extend(encode(WINDOWS_1251, "Привет"));
    let d = decode(&page, None, true);
    assert_eq!(
        (d.encoding, d.source),
        ("windows-1251", EncodingSource::Meta)
    );
    assert!(d.text.ends_with("Привет"));
}

#[test]
fn content_without_http_equiv_is_ignored() {
    let page = b"<meta content=\"text/html; charset=koi8-r\"><p>plain ascii</p>";
    let d = decode(page, None, true);
    assert_eq!((d.encoding, d.source), ("UTF-8", EncodingSource::Default));
}

#[test]
fn fake_meta_in_comment_and_attribute_is_skipped() {
    let page =
        b"<!-- a > b <meta charset=\"shift_jis\"> --><div title='a > <meta charset=koi8-r>'>\
        <!--><meta charset=iso-8859-2>";
    let d = decode(page, None, true);
    assert_eq!((d.encoding, d.source), ("ISO-8859-2", EncodingSource::Meta));
}

#[test]
fn meta_rules_utf16_and_x_user_defined() {
    assert_eq!(
        decode(b"<meta charset=utf-16le>", None, true).encoding,
        "UTF-8"
    );
    let d = decode(b"<meta charset=\"x-user-defined\">\xE9", None, true);
    assert_eq!((d.encoding, d.text.ends_with('é')), ("windows-1252", true));
}

#[test]
fn unknown_or_late_meta_falls_through() {
    let d = decode(b"<meta charset=klingon><p>hi</p>", None, true);
    assert_eq!(d.source, EncodingSource::Default);
    let mut late = vec![b' '; 1100];
    late.extend_from_slice(b"<meta charset=windows-1251>");
    assert_eq!(decode(&late, None, true).source, EncodingSource::Default);
    // Only HTML gets the prescan.
    let d = decode(b"<meta charset=windows-1251>", None, false);
    assert_eq!(d.source, EncodingSource::Default);
}

#[test]
fn meta_cut_by_the_limit_keeps_complete_attributes() {
    let mut page = vec![b' '; 950];
    page.extend_from_slice(b"<meta charset='windows-1251' name='a-long-name-cut-off-here'>");
    assert_eq!(decode(&page, None, true).encoding, "windows-1251");
    // A label cut in half is not trusted ("iso-8859-15" → "iso-8859-1").
    let mut page = vec![b' '; 1024 - b"<meta charset=iso-8859-1".len()];
    page.extend_from_slice(b"<meta charset=iso-8859-15>");
    assert_eq!(decode(&page, None, true).source, EncodingSource::Default);
}

#[test]
fn xml_declaration_counts_as_meta() {
    let d = decode(
        b"<?xml version='1.0' encoding=\"ISO-8859-7\"?><html/>",
        None,
        true,
    );
    assert_eq!((d.encoding, d.source), ("ISO-8859-7", EncodingSource::Meta));
}

#[test]
fn content_type_beats_meta() {
    let page = b"<meta charset=windows-1251><p>\xE9</p>";
    let d = decode(page, Some("text/html; charset=\"latin1\""), true);
    assert_eq!(
        (d.encoding, d.source),
        ("windows-1252", EncodingSource::ContentType)
    );
    assert!(d.text.contains("<p>é</p>"));
}

#[test]
fn unknown_content_type_charset_is_ignored() {
    let page = b"<meta charset=windows-1251>";
    let d = decode(page, Some("text/html;charset=nonsense"), true);
    assert_eq!(d.source, EncodingSource::Meta);
    let d = decode(b"x", Some("text/plain; CHARSET=ascii"), false);
    assert_eq!(
        (d.encoding, d.source),
        ("windows-1252", EncodingSource::ContentType)
    );
}

#[test]
fn bom_beats_content_type_and_is_stripped() {
    let page = "\u{FEFF}<p>naïve</p>".as_bytes();
    let d = decode(page, Some("text/html; charset=windows-1252"), true);
    assert_eq!((d.encoding, d.source), ("UTF-8", EncodingSource::Bom));
    assert_eq!(d.text, "<p>naïve</p>");
}

// ---- decode: detection ----------------------------------------------------

#[test]
fn undeclared_utf8_is_detected() {
    let d = decode("<p>Crème brûlée à la française</p>".as_bytes(), None, true);
    assert_eq!((d.encoding, d.source), ("UTF-8", EncodingSource::Detector));
    assert_eq!(d.text, "<p>Crème brûlée à la française</p>");
}

#[test]
fn pure_ascii_is_default_utf8() {
    let d = decode(b"just ascii", None, false);
    assert_eq!((d.encoding, d.source), ("UTF-8", EncodingSource::Default));
}

#[test]
fn undeclared_legacy_encodings_are_detected() {
    let bytes = encode(WINDOWS_1251, RUSSIAN);
    let d = decode(&bytes, None, false);
    assert_eq!(
        (d.encoding, d.source),
        ("windows-1251", EncodingSource::Detector)
    );
    assert_eq!(d.text, RUSSIAN);
    let bytes = encode(SHIFT_JIS, JAPANESE);
    let d = decode(&bytes, None, true);
    assert_eq!(
        (d.encoding, d.source),
        ("Shift_JIS", EncodingSource::Detector)
    );
    assert_eq!(d.text, JAPANESE);
}

#[test]
fn dense_legacy_text_longer_than_the_window_is_detected() {
    // Far more non-ASCII bytes than the detector needs: it stops early and
    // still names the encoding; the whole page is decoded with it.
    for (encoding, text) in [(SHIFT_JIS, JAPANESE), (WINDOWS_1251, RUSSIAN)] {
        let page = format!("<p>{}</p>", text.repeat(4000));
        let bytes = encode(encoding, &page);
        assert!(bytes.len() > DETECT_LIMIT);
        let d = decode(&bytes, None, true);
        assert_eq!((d.encoding, d.malformed), (encoding.name(), false));
        assert_eq!(d.text, page);
    }
}

#[test]
fn text_that_is_already_utf8_is_not_copied() {
    for page in [
        "<p>plain ascii</p>",
        "<p>naïve café</p>",
        "\u{FEFF}<p>é</p>",
    ] {
        let d = decode(page.as_bytes(), None, true);
        assert!(
            matches!(d.text, std::borrow::Cow::Borrowed(_)),
            "{page:?} was copied"
        );
        assert_eq!(d.text, page.trim_start_matches('\u{FEFF}'));
    }
}

#[test]
fn detector_looks_past_a_long_ascii_head() {
    let mut page = b"<script>".to_vec();
    page.extend(vec![b'x'; 100_000]);
    page.extend_from_slice(b"</script><p>");
    page.extend(encode(WINDOWS_1251, RUSSIAN));
    assert_eq!(decode(&page, None, true).encoding, "windows-1251");
}

#[test]
fn utf8_split_at_the_detector_window_is_still_utf8() {
    // "é" puts the window start at 0; the emoji then starts 3, 2 or 1 bytes
    // before the window's end, so the window cuts it.
    for cut in 1..4 {
        let mut page = "é".as_bytes().to_vec();
        page.extend(vec![b'a'; DETECT_LIMIT - 2 - cut]);
        page.extend_from_slice("😀 end".as_bytes());
        let d = decode(&page, None, false);
        assert_eq!((d.encoding, d.malformed), ("UTF-8", false), "cut {cut}");
        assert!(d.text.ends_with("😀 end"));
    }
}

#[test]
fn utf16_with_and_without_bom() {
    let text = "<p>Hello, wörld</p>";
    for little in [true, false] {
        let name = if little { "UTF-16LE" } else { "UTF-16BE" };
        let bytes = utf16(text, little, true);
        let d = decode(&bytes, None, true);
        assert_eq!(
            (d.encoding, d.source, &*d.text),
            (name, EncodingSource::Bom, text)
        );
        let bytes = utf16(text, little, false);
        let d = decode(&bytes, None, true);
        assert_eq!((d.encoding, d.source), (name, EncodingSource::Detector));
        assert_eq!(d.text, text);
    }
}

#[test]
fn stray_nul_is_not_utf16() {
    assert_eq!(decode(b"hello\0", None, false).encoding, "UTF-8");
    assert_eq!(decode(b"\0\0\0\0\0\0\0\0", None, false).encoding, "UTF-8");
}

#[test]
fn invalid_utf8_is_replaced_and_flagged() {
    let d = decode(
        b"ok \xC3\xA9 then \xFF\xFE? no: \xC3",
        Some("text/plain; charset=utf-8"),
        false,
    );
    assert!(d.malformed);
    assert_eq!(d.text, "ok é then \u{FFFD}\u{FFFD}? no: \u{FFFD}");
}

#[test]
fn empty_input() {
    let d = decode(b"", Some("text/html; charset=shift_jis"), true);
    assert_eq!(d.text, "");
    assert_eq!(
        (d.encoding, d.source, d.malformed),
        ("UTF-8", EncodingSource::Default, false)
    );
}

#[test]
fn double_bom_leaves_no_bom_in_text() {
    let d = decode(b"\xEF\xBB\xBF\xEF\xBB\xBFx", None, false);
    assert_eq!(d.text, "x");
}

#[test]
fn source_serializes_kebab_case() {
    let json = serde_json::to_string(&[EncodingSource::ContentType, EncodingSource::Bom]).unwrap();
    assert_eq!(json, r#"["content-type","bom"]"#);
}

#[test]
fn a_megabyte_of_noise_never_panics() {
    let bytes = noise(1 << 20, 0x9E37_79B9_7F4A_7C15);
    let d = decode(&bytes, None, true);
    assert!(!d.text.starts_with('\u{FEFF}'));
    let _ = decode(&bytes, Some("text/html; charset=utf-16be"), true);
    assert_eq!(sniff_kind(&bytes), ContentKind::Binary("binary data"));
}

// ---- sniff_kind -----------------------------------------------------------

#[test]
fn sniff_magic_numbers() {
    let cases: [(&[u8], &str); 9] = [
        (b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", "PNG image"),
        (b"\xFF\xD8\xFF\xE0\0\x10JFIF", "JPEG image"),
        (b"GIF89a\x01\0\x01\0", "GIF image"),
        (b"GIF87a", "GIF image"),
        (b"RIFF\x24\0\0\0WEBPVP8 ", "WebP image"),
        (b"%PDF-1.7\n%\xE2\xE3\xCF\xD3", "PDF document"),
        (b"PK\x03\x04\x14\0\0\0", "ZIP archive"),
        (b"\x1F\x8B\x08\0\0\0\0\0", "gzip data"),
        (b"\x7FELF\x02\x01\x01\0\0\0\0\0\0\0\0\0", "binary data"),
    ];
    for (bytes, label) in cases {
        assert_eq!(sniff_kind(bytes), ContentKind::Binary(label), "{label}");
    }
    // RIFF that is not WebP (a WAV file) is still binary, by its NULs.
    assert_eq!(
        sniff_kind(b"RIFF\x24\0\0\0WAVEfmt "),
        ContentKind::Binary("binary data")
    );
}

#[test]
fn sniff_control_bytes() {
    assert_eq!(
        sniff_kind(b"\x01\x02\x03\x04 abc"),
        ContentKind::Binary("binary data")
    );
    // One stray control in a long line is still text.
    let mut text = b"A line of text with a form feed\x0c and a stray \x07 bell.".to_vec();
    text.extend_from_slice(b" More words here.");
    assert_eq!(sniff_kind(&text), ContentKind::Text);
}

#[test]
fn sniff_html_starts() {
    for page in [
        "<!DOCTYPE html><title>x</title>",
        "\u{FEFF}  \n<!doctype HTML>",
        "<html lang=en>",
        "<HEAD><TITLE>x",
        "<body>",
        "<!-- saved from url -->\nhello",
        "<?xml version=\"1.0\"?>\n<!DOCTYPE x>\n<html xmlns=\"http://www.w3.org/1999/xhtml\">",
    ] {
        assert_eq!(sniff_kind(page.as_bytes()), ContentKind::Html, "{page:?}");
    }
}

#[test]
fn sniff_html_fragments() {
    for page in [
        "Some text\n<p>a paragraph</p>",
        "intro <DIV class=x>y",
        "line<br/>line",
        "see <a href=\"/x\">this</a>",
        "<span>x",
        "title\n<h1>Heading",
        "text</P>",
        "<article>",
    ] {
        assert_eq!(sniff_kind(page.as_bytes()), ContentKind::Html, "{page:?}");
    }
}

#[test]
fn sniff_plain_text_with_angle_brackets() {
    for text in [
        "",
        "I <3 you",
        "if a < b and b > c then a<b",
        "x <brand new> <p2p> <abc>",
        "<?xml version=\"1.0\"?><rss><channel/></rss>",
        "Plain prose, nothing more.",
        "caf\u{e9} cr\u{e8}me",
    ] {
        assert_eq!(sniff_kind(text.as_bytes()), ContentKind::Text, "{text:?}");
    }
    assert_eq!(sniff_kind(&encode(SHIFT_JIS, JAPANESE)), ContentKind::Text);
}

#[test]
fn sniff_utf16() {
    for little in [true, false] {
        for bom in [true, false] {
            let html = utf16("<!DOCTYPE html><p>x</p>", little, bom);
            assert_eq!(sniff_kind(&html), ContentKind::Html, "{little} {bom}");
            let text = utf16("Plain words, no markup at all.", little, bom);
            assert_eq!(sniff_kind(&text), ContentKind::Text, "{little} {bom}");
        }
    }
}

// ---- properties -----------------------------------------------------------

/// Byte soup built from the pieces the prescan and sniffers care about.
fn soup() -> impl Strategy<Value = Vec<u8>> {
    let piece = prop_oneof![
        Just(b"<meta".to_vec()),
        Just(b" charset=".to_vec()),
        Just(b"http-equiv=content-type content=".to_vec()),
        Just(b"charset".to_vec()),
        Just(b"utf-16le".to_vec()),
        Just(b"<!--".to_vec()),
        Just(b"-->".to_vec()),
        Just(b"<?xml encoding='".to_vec()),
        Just(b"\xEF\xBB\xBF".to_vec()),
        Just(b"\xFF\xFE".to_vec()),
        Just(b"<p>".to_vec()),
        prop::sample::select(b"<>/=\"' \0\x1B;".to_vec()).prop_map(|b| vec![b]),
        prop::collection::vec(any::<u8>(), 0..8),
    ];
    prop::collection::vec(piece, 0..64).prop_map(|pieces| pieces.concat())
}

proptest! {
    #[test]
    fn decode_and_sniff_never_panic(
        bytes in prop_oneof![prop::collection::vec(any::<u8>(), 0..4096), soup()],
        content_type in proptest::option::of("[a-z/; =\"-]{0,30}"),
        html in any::<bool>(),
    ) {
        let d = decode(&bytes, content_type.as_deref(), html);
        let bom = '\u{FEFF}';
        prop_assert!(!d.text.starts_with(bom), "text starts with a BOM");
        prop_assert!(Encoding::for_label(d.encoding.as_bytes()).is_some());
        let _ = sniff_kind(&bytes);
    }

    #[test]
    fn undeclared_utf8_round_trips(text in "[^\u{0}\u{1B}\u{FEFF}]{0,200}") {
        let d = decode(text.as_bytes(), None, false);
        prop_assert_eq!(d.encoding, "UTF-8");
        prop_assert_eq!(&*d.text, text.as_str());
        prop_assert!(!d.malformed);
    }
}

#[test]
fn valid_utf8_beats_a_stale_legacy_declaration() {
    let page = "<meta charset=\"gb2312\"><p>新闻 — “quoted”</p>".as_bytes();
    let d = decode(page, None, true);
    assert_eq!(d.encoding, "UTF-8");
    assert_eq!(d.source, EncodingSource::Detector);
    assert!(d.text.contains("新闻 — “quoted”"));
    // Real legacy bytes keep their declaration.
    let legacy = b"<meta charset=\"iso-8859-1\"><p>caf\xe9</p>";
    let d = decode(legacy, None, true);
    assert_eq!(d.encoding, "windows-1252");
    assert_eq!(d.source, EncodingSource::Meta);
}

#[test]
fn detector_excerpts_cover_every_non_ascii_byte_with_context() {
    let mut window = vec![b'a'; 1000];
    for at in [5, 6, 100, 130, 600, 999] {
        window[at] = 0xE9;
    }
    let excerpts: Vec<(usize, usize)> = NonAsciiExcerpts::new(&window).collect();
    // 5 and 6 are one run, 100 and 130 another (within twice the context of
    // each other, but 94 bytes after 6); 600 and 999 stand alone.
    assert_eq!(
        excerpts,
        vec![
            (0, 6 + 1 + DETECT_CONTEXT),
            (100 - DETECT_CONTEXT, 130 + 1 + DETECT_CONTEXT),
            (600 - DETECT_CONTEXT, 600 + 1 + DETECT_CONTEXT),
            (999 - DETECT_CONTEXT, 1000),
        ]
    );
    let none: Vec<_> = NonAsciiExcerpts::new(b"all ascii").collect();
    assert!(none.is_empty());
}

#[test]
fn sparse_accents_far_apart_in_markup_are_detected() {
    // One accented word every 5 KB of ASCII markup: only the excerpts around
    // them reach the detector, and they still name the encoding.
    let filler = "<div class=\"x\"><a href=\"/y\">link</a></div>\n".repeat(120);
    let mut page = String::new();
    for word in [
        "Café", "déjà", "naïve", "crème", "brûlée", "façade", "élève", "où",
    ] {
        page.push_str(&filler);
        page.push_str(&format!(
            "<p>Le {word} est très bien à côté de la forêt.</p>\n"
        ));
    }
    let bytes = encode(WINDOWS_1252, &page);
    let d = decode(&bytes, None, true);
    assert_eq!((d.encoding, d.malformed), ("windows-1252", false));
    assert_eq!(d.text, page);
}
