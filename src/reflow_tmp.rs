//! Temporary: each non-blank line is a block (replaced by the reflow stage).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextBlockKind {
    Paragraph,
    Heading,
    ListItem,
    Quote,
}
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextBlock {
    pub kind: TextBlockKind,
    pub text: String,
}
pub fn text_blocks(text: &str) -> Vec<TextBlock> {
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| TextBlock {
            kind: TextBlockKind::Paragraph,
            text: l.trim().to_string(),
        })
        .collect()
}
