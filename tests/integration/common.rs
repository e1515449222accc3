//! Helpers for the integration tests: run the real binary in a temporary folder, and read a PDF
//! back (text, pages, fonts, images, metadata) with lopdf.

#![allow(dead_code)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use lopdf::content::Content;
use lopdf::{Dictionary, Document, Object, ObjectId};

/// The repository root (for the examples and the library).
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// One loader and one set of caches for every library-level test, as in a batch.
pub fn loader() -> &'static (handout::resolve::Loader, handout::Caches) {
    static LOADER: std::sync::OnceLock<(handout::resolve::Loader, handout::Caches)> = std::sync::OnceLock::new();
    LOADER.get_or_init(|| (handout::resolve::Loader::new().expect("the built-in library loads"), handout::Caches::default()))
}

/// An example prescription, resolved through the library.
pub fn example(name: &str) -> handout::model::Handout {
    let (loader, caches) = loader();
    let path = repo().join("examples").join(name);
    loader.load(&caches.resolve, &path, &handout::load::Overrides::default()).unwrap_or_else(|e| panic!("{name}: {}", e.first())).0
}

/// A prescription written inline, resolved as if it were `examples/generated.yaml` (so
/// relative paths resolve against the examples).
pub fn resolve_text(yaml_text: &str) -> handout::model::Handout {
    use handout::load::yaml::{self, Source};
    let (loader, caches) = loader();
    let source = Source::new(repo().join("examples/generated.yaml"), yaml_text);
    let raw = yaml::parse(&source).unwrap_or_else(|e| panic!("{e}\n{yaml_text}"));
    loader
        .resolve(&caches.resolve, &source, &raw, &handout::load::Overrides::default())
        .unwrap_or_else(|e| panic!("{}\n{yaml_text}", e.first()))
        .0
}

/// Renders a handout through the library, dated `source_date_epoch` if it has no date.
pub fn render_pdf(h: &handout::model::Handout, source_date_epoch: Option<i64>) -> handout::Rendered {
    handout::pdf(h, &loader().1.render, source_date_epoch).expect("a resolved handout renders")
}

/// What one run of the binary did.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: Vec<u8>,
    pub stderr: String,
}

impl Run {
    pub fn stdout_text(&self) -> String {
        String::from_utf8(self.stdout.clone()).expect("stdout is UTF-8")
    }

    /// Panics with the whole output unless the run succeeded.
    #[track_caller]
    pub fn ok(&self) -> &Self {
        assert_eq!(self.code, 0, "expected success; stderr:\n{}", self.stderr);
        self
    }
}

/// A temporary folder that the binary runs in, so messages show short relative paths.
pub struct Sandbox {
    dir: tempfile::TempDir,
}

impl Default for Sandbox {
    fn default() -> Self {
        Self::new()
    }
}

impl Sandbox {
    pub fn new() -> Self {
        Sandbox { dir: tempfile::tempdir().expect("create a temp dir") }
    }

    /// A sandbox holding a copy of `examples/` (prescriptions, brand, logo).
    pub fn with_examples() -> Self {
        let s = Sandbox::new();
        for entry in std::fs::read_dir(repo().join("examples")).expect("examples/ exists") {
            let entry = entry.expect("read examples/");
            if entry.file_type().expect("file type").is_file() {
                std::fs::copy(entry.path(), s.path().join(entry.file_name())).expect("copy an example");
            }
        }
        s
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn join(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    pub fn write(&self, name: &str, contents: impl AsRef<[u8]>) -> PathBuf {
        let path = self.join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("create folder");
        }
        std::fs::write(&path, contents).expect("write a test file");
        path
    }

    pub fn read(&self, name: &str) -> Vec<u8> {
        std::fs::read(self.join(name)).unwrap_or_else(|e| panic!("read {name}: {e}"))
    }

    /// Runs `handout args...` in the sandbox, without `SOURCE_DATE_EPOCH`.
    pub fn run(&self, args: &[&str]) -> Run {
        self.run_env(args, &[])
    }

    /// Runs `handout args...` in the sandbox with extra environment variables.
    pub fn run_env(&self, args: &[&str], env: &[(&str, &str)]) -> Run {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_handout"));
        cmd.args(args).current_dir(self.path()).env_remove("SOURCE_DATE_EPOCH").stdin(Stdio::null());
        for (k, v) in env {
            cmd.env(k, v);
        }
        let out = cmd.output().expect("run the handout binary");
        Run {
            code: out.status.code().expect("the binary exited normally, not by a signal"),
            stdout: out.stdout,
            stderr: String::from_utf8(out.stderr).expect("stderr is UTF-8"),
        }
    }

    /// Renders `input` (a file in the sandbox) to `output` and returns the parsed PDF.
    pub fn render(&self, input: &str, output: &str) -> Pdf {
        self.run(&["render", input, "-o", output, "--force"]).ok();
        Pdf::parse(&self.read(output))
    }
}

/// Collapses every run of whitespace to one space.
pub fn normalise(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// One line of text as drawn: its baseline (PDF points from the bottom), left edge and text.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    pub y: f32,
    pub x: f32,
    pub text: String,
}

/// A font as embedded in the PDF.
#[derive(Debug, Clone)]
pub struct FontInfo {
    pub base_font: String,
    pub subtype: String,
    pub embedded_truetype: bool,
    pub to_unicode: bool,
}

/// One page's marked content: the text of each MCID, and what is drawn outside any
/// marked-content sequence (painting and text operators; nothing, in a tagged handout).
#[derive(Debug, Default)]
pub struct PageMarks {
    pub page: ObjectId,
    pub texts: BTreeMap<i64, String>,
    /// Each MCID's tag (`P`, `H2`, `Figure`, ...).
    pub tags: BTreeMap<i64, String>,
    pub unmarked: Vec<String>,
    /// Text drawn as artifacts (the footer, the page number).
    pub artifact_text: String,
    /// Whether tagged content was found inside other tagged content.
    pub nested_tagged: bool,
}

/// A parsed PDF with the questions the tests ask of it.
pub struct Pdf {
    pub bytes: Vec<u8>,
    pub doc: Document,
}

impl Pdf {
    #[track_caller]
    pub fn parse(bytes: &[u8]) -> Pdf {
        assert!(bytes.starts_with(b"%PDF-"), "not a PDF: {:?}", String::from_utf8_lossy(&bytes[..bytes.len().min(40)]));
        let doc = Document::load_mem(bytes).expect("lopdf can read the PDF");
        Pdf { bytes: bytes.to_vec(), doc }
    }

    fn page_ids(&self) -> Vec<ObjectId> {
        self.doc.get_pages().into_values().collect()
    }

    pub fn page_count(&self) -> usize {
        self.doc.get_pages().len()
    }

    /// Width and height of each page's MediaBox, in points.
    pub fn page_sizes(&self) -> Vec<(f32, f32)> {
        self.page_ids()
            .into_iter()
            .map(|id| {
                let b = self.inherited(id, b"MediaBox").expect("every page has a MediaBox");
                let b: Vec<f32> = self.deref(b).as_array().expect("MediaBox is an array").iter().map(num).collect();
                (b[2] - b[0], b[3] - b[1])
            })
            .collect()
    }

    fn inherited(&self, page: ObjectId, key: &[u8]) -> Option<&Object> {
        let mut dict = self.doc.get_dictionary(page).ok()?;
        loop {
            if let Ok(v) = dict.get(key) {
                return Some(v);
            }
            let parent = dict.get(b"Parent").and_then(Object::as_reference).ok()?;
            dict = self.doc.get_dictionary(parent).ok()?;
        }
    }

    fn deref<'a>(&'a self, o: &'a Object) -> &'a Object {
        match o {
            Object::Reference(id) => self.doc.get_object(*id).expect("a reference resolves"),
            other => other,
        }
    }

    fn dict<'a>(&'a self, o: &'a Object) -> &'a Dictionary {
        match self.deref(o) {
            Object::Dictionary(d) => d,
            Object::Stream(s) => &s.dict,
            other => panic!("expected a dictionary, found {other:?}"),
        }
    }

    /// Text lines of each page, in drawing order.
    pub fn page_lines(&self) -> Vec<Vec<Line>> {
        self.page_ids().into_iter().map(|id| self.lines_of(id)).collect()
    }

    /// Text of each page, one drawn line per text line.
    pub fn page_texts(&self) -> Vec<String> {
        self.page_lines().into_iter().map(|lines| lines.into_iter().map(|l| l.text).collect::<Vec<_>>().join("\n")).collect()
    }

    /// All the text, pages separated by a blank line.
    pub fn text(&self) -> String {
        self.page_texts().join("\n\n")
    }

    /// All the text with line breaks turned into spaces and whitespace collapsed, for finding
    /// paragraphs that wrap across lines.
    pub fn flat_text(&self) -> String {
        normalise(&self.text())
    }

    fn lines_of(&self, page: ObjectId) -> Vec<Line> {
        let fonts: BTreeMap<Vec<u8>, BTreeMap<u16, String>> =
            self.doc.get_page_fonts(page).expect("page fonts").into_iter().map(|(name, font)| (name, self.to_unicode(font))).collect();
        let content = self.doc.get_page_content(page);
        let content = Content::decode(&content).expect("content stream decodes");
        let mut lines: Vec<Line> = Vec::new();
        let mut font: Option<&BTreeMap<u16, String>> = None;
        // Text line matrix origin (Td moves relative to it).
        let (mut line_x, mut line_y) = (0.0f32, 0.0f32);
        let mut leading = 0.0f32;
        let mut new_line = true;
        for op in &content.operations {
            let operands: Vec<f32> = op.operands.iter().filter_map(|o| o.as_float().ok()).collect();
            match op.operator.as_str() {
                "BT" => {
                    line_x = 0.0;
                    line_y = 0.0;
                    new_line = true;
                }
                "Tf" => {
                    let name = op.operands[0].as_name().expect("Tf names a font");
                    font = Some(
                        fonts.get(name).unwrap_or_else(|| panic!("font {} is not in the page resources", String::from_utf8_lossy(name))),
                    );
                }
                "TL" => leading = operands[0],
                "Tm" => {
                    let (x, y) = (operands[4], operands[5]);
                    new_line |= (y - line_y).abs() > 0.01;
                    line_x = x;
                    line_y = y;
                }
                "Td" | "TD" => {
                    if op.operator == "TD" {
                        leading = -operands[1];
                    }
                    new_line |= operands[1].abs() > 0.01;
                    line_x += operands[0];
                    line_y += operands[1];
                }
                "T*" => {
                    line_y -= leading;
                    new_line = true;
                }
                "Tj" | "TJ" | "'" | "\"" => {
                    if op.operator == "'" || op.operator == "\"" {
                        line_y -= leading;
                        new_line = true;
                    }
                    let cmap = font.expect("text is shown only after Tf");
                    let mut text = String::new();
                    for o in &op.operands {
                        match o {
                            Object::String(bytes, _) => text.push_str(&decode_glyphs(bytes, cmap)),
                            Object::Array(items) => {
                                for item in items {
                                    if let Object::String(bytes, _) = item {
                                        text.push_str(&decode_glyphs(bytes, cmap));
                                    }
                                }
                            }
                            _ => {}
                        }
                    }
                    match lines.last_mut() {
                        Some(last) if !new_line => {
                            // Separate pieces drawn apart on one baseline (a step number and
                            // its text) read with a space between them.
                            if !last.text.ends_with(char::is_whitespace) && !text.starts_with(char::is_whitespace) {
                                last.text.push(' ');
                            }
                            last.text.push_str(&text);
                        }
                        _ => lines.push(Line { y: line_y, x: line_x, text }),
                    }
                    new_line = false;
                }
                _ => {}
            }
        }
        lines
    }

    /// Each page's marked content, read from its content stream (see `PageMarks`).
    pub fn marked_content(&self) -> Vec<PageMarks> {
        self.page_ids().into_iter().map(|id| self.marks_of(id)).collect()
    }

    fn marks_of(&self, page: ObjectId) -> PageMarks {
        let fonts: BTreeMap<Vec<u8>, BTreeMap<u16, String>> =
            self.doc.get_page_fonts(page).expect("page fonts").into_iter().map(|(name, font)| (name, self.to_unicode(font))).collect();
        let content = Content::decode(&self.doc.get_page_content(page)).expect("content stream decodes");
        let mut marks = PageMarks { page, ..PageMarks::default() };
        // The open sequences: Some(MCID) for tagged content, None for an artifact.
        let mut open: Vec<(String, Option<i64>)> = Vec::new();
        let mut font: Option<&BTreeMap<u16, String>> = None;
        for op in &content.operations {
            let inside = open.iter().rev().find_map(|(_, m)| *m);
            let artifact = open.iter().any(|(tag, _)| tag == "Artifact");
            match op.operator.as_str() {
                "BMC" | "BDC" => {
                    let tag = name_of(&op.operands[0]);
                    let mcid = (op.operator == "BDC")
                        .then(|| self.dict(&op.operands[1]).get(b"MCID").ok().and_then(|m| m.as_i64().ok()))
                        .flatten();
                    if let Some(m) = mcid {
                        assert!(!artifact, "MCID {m} is inside an artifact");
                        marks.texts.entry(m).or_default();
                        marks.tags.insert(m, tag.clone());
                    }
                    marks.nested_tagged |= mcid.is_some() && inside.is_some();
                    open.push((tag, mcid));
                }
                "EMC" => {
                    open.pop().expect("EMC closes a marked-content sequence");
                }
                "Tf" => font = fonts.get(op.operands[0].as_name().expect("Tf names a font")),
                "Tj" | "TJ" | "'" | "\"" | "Do" | "f" | "F" | "f*" | "S" | "s" | "B" | "B*" | "b" | "b*" | "sh" => {
                    if open.is_empty() {
                        marks.unmarked.push(op.operator.clone());
                    }
                    if let (Some(m), Some(cmap)) = (inside.filter(|_| !artifact), font) {
                        let text = marks.texts.entry(m).or_default();
                        for o in &op.operands {
                            if let Object::String(bytes, _) = o {
                                text.push_str(&decode_glyphs(bytes, cmap));
                            }
                        }
                    }
                    if artifact && op.operator.starts_with('T') {
                        marks.artifact_text.push_str(
                            &op.operands
                                .iter()
                                .map(|o| match o {
                                    Object::String(bytes, _) => decode_glyphs(bytes, font.expect("a font is set")),
                                    _ => String::new(),
                                })
                                .collect::<String>(),
                        );
                    }
                }
                _ => {}
            }
        }
        assert!(open.is_empty(), "a marked-content sequence is left open on a page");
        marks
    }

    /// Glyph code → text, from a Type0 font's /ToUnicode CMap.
    fn to_unicode(&self, font: &Dictionary) -> BTreeMap<u16, String> {
        let Ok(tu) = font.get(b"ToUnicode") else { return BTreeMap::new() };
        let stream = self.deref(tu).as_stream().expect("ToUnicode is a stream");
        let data = stream.decompressed_content().unwrap_or_else(|_| stream.content.clone());
        parse_cmap(&String::from_utf8_lossy(&data))
    }

    /// Every font used on any page.
    pub fn fonts(&self) -> Vec<FontInfo> {
        let mut seen = BTreeSet::new();
        let mut out = Vec::new();
        for page in self.page_ids() {
            for (_, font) in self.doc.get_page_fonts(page).expect("page fonts") {
                let base = name_of(font.get(b"BaseFont").expect("a font has a BaseFont"));
                if !seen.insert(base.clone()) {
                    continue;
                }
                let subtype = name_of(font.get(b"Subtype").expect("a font has a Subtype"));
                let mut embedded = false;
                if let Ok(desc) = font.get(b"DescendantFonts") {
                    for d in self.deref(desc).as_array().expect("DescendantFonts is an array") {
                        let d = self.dict(d);
                        if let Ok(fd) = d.get(b"FontDescriptor") {
                            embedded |= self.dict(fd).get(b"FontFile2").is_ok();
                        }
                    }
                }
                out.push(FontInfo { base_font: base, subtype, embedded_truetype: embedded, to_unicode: font.get(b"ToUnicode").is_ok() });
            }
        }
        out
    }

    /// Distinct image XObjects drawn on the pages (soft masks not counted).
    pub fn image_count(&self) -> usize {
        let mut ids = BTreeSet::new();
        for page in self.page_ids() {
            let (dict, more) = self.doc.get_page_resources(page).expect("page resources");
            let mut all: Vec<&Dictionary> = dict.into_iter().collect();
            all.extend(more.into_iter().filter_map(|id| self.doc.get_dictionary(id).ok()));
            for res in all {
                let Ok(x) = res.get(b"XObject") else { continue };
                for (_, v) in self.dict(x).iter() {
                    let is_image = self.dict(v).get(b"Subtype").map(name_of).is_ok_and(|s| s == "Image");
                    if is_image {
                        ids.insert(v.as_reference().map(|r| format!("{r:?}")).unwrap_or_else(|_| format!("{v:?}")));
                    }
                }
            }
        }
        ids.len()
    }

    fn info_dict(&self) -> &Dictionary {
        self.dict(self.doc.trailer.get(b"Info").expect("the PDF has an Info dictionary"))
    }

    /// A text field of the Info dictionary (Title, Author, Subject, CreationDate, ...).
    pub fn info(&self, key: &str) -> Option<String> {
        let v = self.info_dict().get(key.as_bytes()).ok()?;
        Some(pdf_string(self.deref(v)))
    }

    /// The catalog's /Lang.
    pub fn lang(&self) -> Option<String> {
        self.doc.catalog().ok()?.get(b"Lang").ok().map(|v| pdf_string(self.deref(v)))
    }

    pub fn contains_bytes(&self, needle: &[u8]) -> bool {
        self.bytes.windows(needle.len()).any(|w| w == needle)
    }
}

fn num(o: &Object) -> f32 {
    o.as_float().expect("a number")
}

fn name_of(o: &Object) -> String {
    String::from_utf8_lossy(o.as_name().expect("a name")).into_owned()
}

/// A PDF text string: UTF-16BE with a byte order mark, or PDFDocEncoding (Latin-1 for the
/// characters the tests use).
pub fn pdf_string(o: &Object) -> String {
    let bytes = o.as_str().expect("a string");
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        let units: Vec<u16> = rest.chunks(2).map(|c| u16::from_be_bytes([c[0], *c.get(1).unwrap_or(&0)])).collect();
        String::from_utf16(&units).expect("valid UTF-16")
    } else {
        bytes.iter().map(|&b| b as char).collect()
    }
}

/// Decodes a shown string of 2-byte glyph codes (Identity-H).
fn decode_glyphs(bytes: &[u8], cmap: &BTreeMap<u16, String>) -> String {
    assert!(bytes.len().is_multiple_of(2), "Identity-H strings have 2 bytes per glyph: {bytes:?}");
    bytes
        .chunks(2)
        .map(|c| {
            let code = u16::from_be_bytes([c[0], c[1]]);
            cmap.get(&code).cloned().unwrap_or_else(|| panic!("glyph {code:#06x} has no ToUnicode entry"))
        })
        .collect()
}

/// Parses the `bfchar` and `bfrange` sections of a ToUnicode CMap.
pub fn parse_cmap(text: &str) -> BTreeMap<u16, String> {
    #[derive(Debug)]
    enum Tok {
        Hex(Vec<u8>),
        Open,
        Close,
        Word(String),
    }
    let mut toks = Vec::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '<' => {
                let mut hex = String::new();
                for c in chars.by_ref() {
                    if c == '>' {
                        break;
                    }
                    if !c.is_whitespace() {
                        hex.push(c);
                    }
                }
                let bytes = (0..hex.len())
                    .step_by(2)
                    .map(|i| u8::from_str_radix(&hex[i..(i + 2).min(hex.len())], 16).expect("hex digits"))
                    .collect();
                toks.push(Tok::Hex(bytes));
            }
            '[' => toks.push(Tok::Open),
            ']' => toks.push(Tok::Close),
            c if c.is_whitespace() => {}
            c => {
                let mut w = String::from(c);
                while let Some(&n) = chars.peek() {
                    if n.is_whitespace() || "<[]".contains(n) {
                        break;
                    }
                    w.push(n);
                    chars.next();
                }
                toks.push(Tok::Word(w));
            }
        }
    }
    let code = |b: &[u8]| b.iter().fold(0u32, |a, &x| a << 8 | u32::from(x)) as u16;
    let utf16 = |b: &[u8]| {
        let units: Vec<u16> = b.chunks(2).map(|c| u16::from_be_bytes([c[0], *c.get(1).unwrap_or(&0)])).collect();
        String::from_utf16(&units).expect("ToUnicode destinations are UTF-16BE")
    };
    let mut map = BTreeMap::new();
    let mut i = 0;
    let mut section = "";
    while i < toks.len() {
        match &toks[i] {
            Tok::Word(w) if w == "beginbfchar" || w == "beginbfrange" => section = if w == "beginbfchar" { "char" } else { "range" },
            Tok::Word(w) if w == "endbfchar" || w == "endbfrange" => section = "",
            Tok::Hex(src) if section == "char" => {
                if let Some(Tok::Hex(dst)) = toks.get(i + 1) {
                    map.insert(code(src), utf16(dst));
                    i += 1;
                }
            }
            Tok::Hex(lo) if section == "range" => {
                let Some(Tok::Hex(hi)) = toks.get(i + 1) else { panic!("bfrange without an upper bound") };
                let (lo, hi) = (code(lo), code(hi));
                match toks.get(i + 2) {
                    Some(Tok::Hex(dst)) => {
                        let mut units: Vec<u16> = dst.chunks(2).map(|c| u16::from_be_bytes([c[0], c[1]])).collect();
                        for g in lo..=hi {
                            map.insert(g, String::from_utf16(&units).expect("UTF-16"));
                            *units.last_mut().expect("a destination") += 1;
                        }
                        i += 2;
                    }
                    Some(Tok::Open) => {
                        let mut j = i + 3;
                        let mut g = lo;
                        while let Some(Tok::Hex(dst)) = toks.get(j) {
                            map.insert(g, utf16(dst));
                            g += 1;
                            j += 1;
                        }
                        i = j; // at the Close
                    }
                    other => panic!("malformed bfrange: {other:?}"),
                }
            }
            _ => {}
        }
        i += 1;
    }
    map
}

#[test]
fn cmap_parser_reads_chars_and_ranges() {
    let cmap = "2 beginbfchar\n<0001> <0020>\n<0002> <00E9>\nendbfchar\n2 beginbfrange\n<0010> <0012> <0041>\n<0020> <0021> [<0142> <D83DDE00>]\nendbfrange";
    let m = parse_cmap(cmap);
    assert_eq!(m[&1], " ");
    assert_eq!(m[&2], "é");
    assert_eq!((m[&0x10].as_str(), m[&0x11].as_str(), m[&0x12].as_str()), ("A", "B", "C"));
    assert_eq!(m[&0x20], "ł");
    assert_eq!(m[&0x21], "😀");
    assert_eq!(m.len(), 7);
}
