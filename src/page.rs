//! Input of the pipeline: one raw page as it was loaded or fetched.

/// How to read a page's bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum InputFormat {
    /// Decide from the content (HTML markup or plain text).
    #[default]
    Auto,
    /// Parse as HTML.
    Html,
    /// Treat as plain, already-scraped text.
    Text,
}

/// One page as it arrives: bytes plus what is known about where they came from.
#[derive(Debug, Clone, Default)]
pub struct RawPage {
    /// The raw bytes, in whatever encoding the page uses.
    pub bytes: Vec<u8>,
    /// The page's address, used for site rules, relative links and metadata.
    pub url: Option<String>,
    /// The HTTP `Content-Type` header, when the page was fetched.
    pub content_type: Option<String>,
    /// HTML or text; `Auto` sniffs the content.
    pub format: InputFormat,
}

impl RawPage {
    /// A page from bytes alone.
    pub fn new(bytes: impl Into<Vec<u8>>) -> Self {
        RawPage {
            bytes: bytes.into(),
            ..RawPage::default()
        }
    }

    /// Sets the page's address.
    pub fn with_url(mut self, url: impl Into<String>) -> Self {
        self.url = Some(url.into());
        self
    }

    /// Sets the HTTP `Content-Type` header value.
    pub fn with_content_type(mut self, content_type: impl Into<String>) -> Self {
        self.content_type = Some(content_type.into());
        self
    }

    /// Forces HTML or text reading.
    pub fn with_format(mut self, format: InputFormat) -> Self {
        self.format = format;
        self
    }
}
