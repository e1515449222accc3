//! Layout: a `Handout` becomes pages of positioned items, in millimetres from the top-left
//! corner of the page. Pure: no I/O, no printpdf. Text is wrapped with the real font metrics.

use std::sync::Arc;

use crate::fonts::{FontSet, Weight, PT_TO_MM};
use crate::handout::{Dosage, Exercise, Frequency, Handout, Rgb, Sides};
use crate::picture::Picture;

/// Page margin on every side. Print-safe on any office printer.
pub const MARGIN: f32 = 15.0;

/// Type sizes in points.
#[derive(Debug, Clone, Copy)]
pub struct Sizes {
    pub body: f32,
    pub small: f32,
    pub title: f32,
    pub heading: f32,
    pub card_name: f32,
    pub dosage: f32,
    pub line: f32,
    pub picture_width: f32,
}

pub const STANDARD: Sizes =
    Sizes { body: 11.5, small: 9.0, title: 22.0, heading: 14.5, card_name: 15.0, dosage: 12.0, line: 1.32, picture_width: 58.0 };

const RULE: Rgb = Rgb(0xC9, 0xCE, 0xD6);
const MUTED: Rgb = Rgb(0x4A, 0x52, 0x5C);
const ALERT: Rgb = Rgb(0xA4, 0x26, 0x2C);

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rect {
    pub x: f32,
    pub y: f32,
    pub w: f32,
    pub h: f32,
}

impl Rect {
    pub fn bottom(&self) -> f32 {
        self.y + self.h
    }
    pub fn right(&self) -> f32 {
        self.x + self.w
    }
    pub fn overlaps(&self, o: &Rect) -> bool {
        const EPS: f32 = 0.01;
        self.x < o.right() - EPS && o.x < self.right() - EPS && self.y < o.bottom() - EPS && o.y < self.bottom() - EPS
    }
    pub fn contains(&self, o: &Rect) -> bool {
        const EPS: f32 = 0.01;
        o.x >= self.x - EPS && o.y >= self.y - EPS && o.right() <= self.right() + EPS && o.bottom() <= self.bottom() + EPS
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct TextRun {
    pub x: f32,
    pub baseline: f32,
    pub size: f32,
    pub weight: Weight,
    pub color: Rgb,
    pub text: String,
    /// Measured width in mm.
    pub width: f32,
    /// Ascender and descender in mm (descender positive, below the baseline).
    pub ascent: f32,
    pub descent: f32,
}

impl TextRun {
    pub fn bounds(&self) -> Rect {
        Rect { x: self.x, y: self.baseline - self.ascent, w: self.width, h: self.ascent + self.descent }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    Text(TextRun),
    Box {
        rect: Rect,
        fill: Option<Rgb>,
        stroke: Option<(Rgb, f32)>,
        radius: f32,
    },
    Line {
        from: (f32, f32),
        to: (f32, f32),
        color: Rgb,
        width: f32,
    },
    /// A closed polygon (icons).
    Polygon {
        points: Vec<(f32, f32)>,
        fill: Rgb,
    },
    Circle {
        center: (f32, f32),
        radius: f32,
        fill: Rgb,
    },
    Picture {
        rect: Rect,
        picture: Arc<Picture>,
    },
}

impl Item {
    pub fn bounds(&self) -> Rect {
        match self {
            Item::Text(t) => t.bounds(),
            Item::Box { rect, stroke, .. } => {
                let s = stroke.map_or(0.0, |(_, w)| w / 2.0);
                Rect { x: rect.x - s, y: rect.y - s, w: rect.w + 2.0 * s, h: rect.h + 2.0 * s }
            }
            Item::Line { from, to, width, .. } => {
                let (x0, x1) = (from.0.min(to.0), from.0.max(to.0));
                let (y0, y1) = (from.1.min(to.1), from.1.max(to.1));
                Rect { x: x0 - width / 2.0, y: y0 - width / 2.0, w: x1 - x0 + width, h: y1 - y0 + width }
            }
            Item::Polygon { points, .. } => {
                let xs = points.iter().map(|p| p.0);
                let ys = points.iter().map(|p| p.1);
                let (x0, x1) = (xs.clone().fold(f32::MAX, f32::min), xs.fold(f32::MIN, f32::max));
                let (y0, y1) = (ys.clone().fold(f32::MAX, f32::min), ys.fold(f32::MIN, f32::max));
                Rect { x: x0, y: y0, w: x1 - x0, h: y1 - y0 }
            }
            Item::Circle { center, radius, .. } => Rect { x: center.0 - radius, y: center.1 - radius, w: 2.0 * radius, h: 2.0 * radius },
            Item::Picture { rect, .. } => *rect,
        }
    }

    fn shifted(mut self, dy: f32) -> Item {
        match &mut self {
            Item::Text(t) => t.baseline += dy,
            Item::Box { rect, .. } | Item::Picture { rect, .. } => rect.y += dy,
            Item::Line { from, to, .. } => {
                from.1 += dy;
                to.1 += dy;
            }
            Item::Polygon { points, .. } => points.iter_mut().for_each(|p| p.1 += dy),
            Item::Circle { center, .. } => center.1 += dy,
        }
        self
    }
}

/// What a region of the page holds, for geometry checks and tests.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BlockKind {
    Header,
    Title,
    Notes,
    Card(usize),
    Safety,
    SeekHelp,
    Footer,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Block {
    pub kind: BlockKind,
    pub rect: Rect,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    pub width: f32,
    pub height: f32,
    pub items: Vec<Item>,
    pub blocks: Vec<Block>,
}

impl Page {
    /// The area inside the margins, where everything must be.
    pub fn printable(&self) -> Rect {
        Rect { x: MARGIN, y: MARGIN, w: self.width - 2.0 * MARGIN, h: self.height - 2.0 * MARGIN }
    }
}

/// A self-contained piece of the flow, laid out from y = 0, placed on a page as one unit.
struct Piece {
    kind: BlockKind,
    height: f32,
    items: Vec<Item>,
    /// Gap to leave below the piece.
    gap: f32,
}

/// Lays out a whole handout.
pub fn layout(h: &Handout) -> Vec<Page> {
    let sizes = STANDARD;
    let (width, height) = h.paper.size_mm();
    let fonts = &h.brand.fonts;
    let content_w = width - 2.0 * MARGIN;
    let footer_h = footer_height(h, &sizes);
    let flow_bottom = height - MARGIN - footer_h - 4.0;

    let mut pieces = Vec::new();
    pieces.push(header(h, &sizes, content_w));
    if let Some(n) = &h.notes {
        pieces.push(notes(fonts, &sizes, content_w, h.brand.primary, n));
    }
    for (i, e) in h.exercises.iter().enumerate() {
        pieces.push(card(fonts, &sizes, content_w, h.brand.primary, i, e));
    }
    if let Some(s) = &h.safety {
        pieces.push(safety(fonts, &sizes, content_w, h.brand.primary, s));
    }
    if let Some(s) = &h.seek_help {
        pieces.push(seek_help(fonts, &sizes, content_w, s));
    }

    let mut pages: Vec<Page> = Vec::new();
    let new_page = |pages: &mut Vec<Page>| {
        pages.push(Page { width, height, items: Vec::new(), blocks: Vec::new() });
    };
    new_page(&mut pages);
    let mut y = MARGIN;
    for piece in pieces {
        let page_area = flow_bottom - first_y(pages.len() > 1, h, &sizes);
        if y + piece.height > flow_bottom && y > first_y(pages.len() > 1, h, &sizes) + 0.1 {
            new_page(&mut pages);
            y = first_y(true, h, &sizes);
            running_header(pages.last_mut().expect("a page exists"), h, &sizes, content_w);
        }
        if piece.height > page_area {
            // Taller than a page on its own: the only case where a piece is split.
            let mut rest = piece.items;
            let mut offset = 0.0;
            loop {
                let room = flow_bottom - y;
                let (fits, later): (Vec<Item>, Vec<Item>) =
                    rest.into_iter().partition(|it| it.bounds().bottom() - offset <= room || matches!(it, Item::Box { .. }));
                let page = pages.last_mut().expect("a page exists");
                for it in fits {
                    let it = clip_box(it, offset, room);
                    page.items.push(it.shifted(y - offset));
                }
                page.blocks.push(Block {
                    kind: piece.kind.clone(),
                    rect: Rect { x: MARGIN, y, w: content_w, h: room.min(piece.height - offset) },
                });
                if later.is_empty() {
                    y += piece.height - offset + piece.gap;
                    break;
                }
                let next_top = later.iter().map(|i| i.bounds().y).fold(f32::MAX, f32::min) - 2.0;
                offset = next_top.max(offset + 1.0);
                rest = later;
                new_page(&mut pages);
                y = first_y(true, h, &sizes);
                running_header(pages.last_mut().expect("a page exists"), h, &sizes, content_w);
            }
            continue;
        }
        let page = pages.last_mut().expect("a page exists");
        page.blocks.push(Block { kind: piece.kind, rect: Rect { x: MARGIN, y, w: content_w, h: piece.height } });
        page.items.extend(piece.items.into_iter().map(|it| it.shifted(y)));
        y += piece.height + piece.gap;
    }

    let total = pages.len();
    for (i, page) in pages.iter_mut().enumerate() {
        footer(page, h, &sizes, content_w, i + 1, total);
    }
    pages
}

/// For a split piece: boxes (card frames) are cut to the part shown on this page.
fn clip_box(it: Item, offset: f32, room: f32) -> Item {
    match it {
        Item::Box { rect, fill, stroke, radius } if rect.bottom() - offset > room || rect.y < offset => {
            let top = rect.y.max(offset);
            let bottom = rect.bottom().min(offset + room);
            Item::Box { rect: Rect { x: rect.x, y: top, w: rect.w, h: (bottom - top).max(0.0) }, fill, stroke, radius }
        }
        other => other,
    }
}

fn first_y(continuation: bool, h: &Handout, sizes: &Sizes) -> f32 {
    if continuation {
        MARGIN + running_header_height(h, sizes)
    } else {
        MARGIN
    }
}

fn running_header_height(_h: &Handout, sizes: &Sizes) -> f32 {
    line_height(sizes.small, sizes) + 5.0
}

/// Pages after the first carry the title and patient, so a loose page is still identifiable.
fn running_header(page: &mut Page, h: &Handout, sizes: &Sizes, content_w: f32) {
    let fonts = &h.brand.fonts;
    let mut text = h.title.clone();
    if let Some(p) = &h.patient {
        text = format!("{text} \u{2014} {p}");
    }
    let baseline = MARGIN + fonts.regular.ascender * sizes.small * PT_TO_MM;
    let line = fit_line(fonts, Weight::Regular, sizes.small, &text, content_w);
    page.items.push(Item::Text(run(fonts, MARGIN, baseline, sizes.small, Weight::Regular, MUTED, line)));
    let rule_y = MARGIN + line_height(sizes.small, sizes) + 1.5;
    page.items.push(Item::Line { from: (MARGIN, rule_y), to: (MARGIN + content_w, rule_y), color: RULE, width: 0.3 });
}

fn line_height(size: f32, sizes: &Sizes) -> f32 {
    size * sizes.line * PT_TO_MM
}

fn run(fonts: &FontSet, x: f32, baseline: f32, size: f32, weight: Weight, color: Rgb, text: String) -> TextRun {
    let face = fonts.face(weight);
    TextRun {
        x,
        baseline,
        size,
        weight,
        color,
        width: face.width_mm(&text, size),
        ascent: face.ascender * size * PT_TO_MM,
        descent: -face.descender * size * PT_TO_MM,
        text,
    }
}

/// Shortens `text` with an ellipsis until it fits `width` (for one-line labels only).
fn fit_line(fonts: &FontSet, weight: Weight, size: f32, text: &str, width: f32) -> String {
    let face = fonts.face(weight);
    if face.width_mm(text, size) <= width {
        return text.to_string();
    }
    let mut chars: Vec<char> = text.chars().collect();
    while !chars.is_empty() {
        chars.pop();
        let s: String = chars.iter().collect::<String>() + "\u{2026}";
        if face.width_mm(&s, size) <= width {
            return s;
        }
    }
    String::new()
}

/// A run of text in one weight, part of a paragraph.
#[derive(Debug, Clone)]
pub struct Span<'a> {
    pub weight: Weight,
    pub text: &'a str,
}

/// Wraps spans to lines no wider than `width` mm. Each line is a list of (weight, text) runs.
/// Words too long for a line are broken (URLs after `/`, `.` or `-` where possible).
pub fn wrap(fonts: &FontSet, size: f32, spans: &[Span], width: f32) -> Vec<Vec<(Weight, String)>> {
    let mut lines: Vec<Vec<(Weight, String)>> = vec![Vec::new()];
    let mut line_w = 0.0f32;
    let space_w = |w: Weight| fonts.face(w).width_mm(" ", size);
    for span in spans {
        let face = fonts.face(span.weight);
        for (pi, paragraph) in span.text.split('\n').enumerate() {
            if pi > 0 {
                lines.push(Vec::new());
                line_w = 0.0;
            }
            for word in paragraph.split_whitespace() {
                let mut word = word.to_string();
                loop {
                    let ww = face.width_mm(&word, size);
                    let lead = if line_w > 0.0 { space_w(span.weight) } else { 0.0 };
                    if line_w + lead + ww <= width + 1e-3 {
                        push_word(lines.last_mut().expect("at least one line"), span.weight, &word, line_w > 0.0);
                        line_w += lead + ww;
                        break;
                    }
                    if line_w > 0.0 && ww <= width {
                        lines.push(Vec::new());
                        line_w = 0.0;
                        continue;
                    }
                    // The word alone is wider than the line (or than what is left): break it.
                    let room = if line_w > 0.0 { width - line_w - lead } else { width };
                    let cut = break_point(face, size, &word, room);
                    if cut == 0 {
                        lines.push(Vec::new());
                        line_w = 0.0;
                        continue;
                    }
                    let head: String = word.chars().take(cut).collect();
                    let tail: String = word.chars().skip(cut).collect();
                    push_word(lines.last_mut().expect("at least one line"), span.weight, &head, line_w > 0.0);
                    lines.push(Vec::new());
                    line_w = 0.0;
                    word = tail;
                    if word.is_empty() {
                        break;
                    }
                }
            }
        }
    }
    if lines.last().is_some_and(|l| l.is_empty()) && lines.len() > 1 {
        lines.pop();
    }
    lines
}

fn push_word(line: &mut Vec<(Weight, String)>, weight: Weight, word: &str, space: bool) {
    match line.last_mut() {
        Some((w, text)) if *w == weight => {
            if space {
                text.push(' ');
            }
            text.push_str(word);
        }
        _ => {
            let mut text = String::new();
            if space {
                text.push(' ');
            }
            text.push_str(word);
            line.push((weight, text));
        }
    }
}

/// How many chars of `word` fit in `room` mm, preferring a cut after `/`, `.`, `-`, `?`, `&`.
fn break_point(face: &crate::fonts::Face, size: f32, word: &str, room: f32) -> usize {
    let chars: Vec<char> = word.chars().collect();
    let mut w = 0.0;
    let mut fit = 0;
    for (i, c) in chars.iter().enumerate() {
        w += face.width_mm(&c.to_string(), size);
        if w > room {
            break;
        }
        fit = i + 1;
    }
    if fit == 0 {
        return 0;
    }
    let nice = (1..fit).rev().find(|&i| matches!(chars[i - 1], '/' | '.' | '-' | '?' | '&' | '_')).filter(|&i| i * 2 >= fit);
    nice.unwrap_or(fit).min(chars.len().saturating_sub(0))
}

/// A column being filled from top to bottom.
struct Column<'f> {
    fonts: &'f FontSet,
    sizes: Sizes,
    x: f32,
    width: f32,
    y: f32,
    items: Vec<Item>,
}

impl Column<'_> {
    fn paragraph(&mut self, spans: &[Span], size: f32, color: Rgb) {
        self.paragraph_indented(spans, size, color, None);
    }

    /// A paragraph with an optional marker ("1.", "•") hung in the left indent.
    fn paragraph_indented(&mut self, spans: &[Span], size: f32, color: Rgb, marker: Option<(&str, Weight, f32)>) {
        let indent = marker.map_or(0.0, |m| m.2);
        let lh = size * self.sizes.line * PT_TO_MM;
        let ascent = self.fonts.regular.ascender * size * PT_TO_MM;
        let lines = wrap(self.fonts, size, spans, self.width - indent);
        for (i, line) in lines.into_iter().enumerate() {
            let baseline = self.y + ascent;
            if i == 0 {
                if let Some((m, weight, _)) = marker {
                    self.items.push(Item::Text(run(self.fonts, self.x, baseline, size, weight, color, m.to_string())));
                }
            }
            let mut x = self.x + indent;
            for (weight, text) in line {
                let r = run(self.fonts, x, baseline, size, weight, color, text);
                x += r.width;
                self.items.push(Item::Text(r));
            }
            self.y += lh;
        }
    }

    fn gap(&mut self, mm: f32) {
        self.y += mm;
    }
}

fn header(h: &Handout, sizes: &Sizes, content_w: f32) -> Piece {
    let fonts = &h.brand.fonts;
    let brand = &h.brand;
    let mut items = Vec::new();
    let mut y = 0.0;

    // Clinic block: logo, name and contact. Absent entirely for the neutral brand.
    let contact: Vec<String> = [
        brand.phone.clone(),
        brand.email.clone(),
        brand.website.as_ref().map(|w| w.trim_start_matches("https://").trim_start_matches("http://").trim_end_matches('/').to_string()),
    ]
    .into_iter()
    .flatten()
    .collect();
    if brand.name.is_some() || brand.logo.is_some() {
        let logo_h = 18.0;
        let mut text_x = 0.0;
        if let Some(logo) = &brand.logo {
            let w = (logo_h * logo.aspect()).min(45.0);
            let hgt = w / logo.aspect();
            items.push(Item::Picture { rect: Rect { x: MARGIN, y: (logo_h - hgt) / 2.0, w, h: hgt }, picture: logo.clone() });
            text_x = w + 5.0;
        }
        let mut col = Column { fonts, sizes: *sizes, x: MARGIN + text_x, width: content_w - text_x, y: 0.5, items: Vec::new() };
        if let Some(name) = &brand.name {
            col.paragraph(&[Span { weight: Weight::Bold, text: name }], 15.0, brand.primary);
        }
        if !contact.is_empty() {
            let line = contact.join("  \u{00B7}  ");
            col.paragraph(&[Span { weight: Weight::Regular, text: &line }], 10.5, MUTED);
        }
        if let Some(address) = &brand.address {
            col.paragraph(&[Span { weight: Weight::Regular, text: address }], 10.5, MUTED);
        }
        let block_h = col.y.max(logo_h);
        items.extend(col.items);
        y = block_h + 3.0;
        items.push(Item::Box { rect: Rect { x: MARGIN, y, w: content_w, h: 1.2 }, fill: Some(brand.primary), stroke: None, radius: 0.0 });
        y += 1.2 + 6.0;
    }

    // Title.
    let mut col = Column { fonts, sizes: *sizes, x: MARGIN, width: content_w, y, items: Vec::new() };
    col.paragraph(&[Span { weight: Weight::Bold, text: &h.title }], sizes.title, Rgb::TEXT);
    col.gap(2.5);
    items.extend(col.items);
    y = col.y;

    // Patient, date, clinician: labelled columns in a tinted strip.
    let fields: Vec<(&str, String)> =
        [("Patient", h.patient.clone()), ("Date", h.date.map(|d| d.long())), ("Clinician", h.clinician.clone())]
            .into_iter()
            .filter_map(|(l, v)| v.map(|v| (l, v)))
            .collect();
    if !fields.is_empty() {
        let pad = 3.5;
        let col_w = (content_w - 2.0 * pad) / fields.len() as f32;
        let mut bottom: f32 = 0.0;
        let mut cols = Vec::new();
        for (i, (label, value)) in fields.iter().enumerate() {
            let mut c =
                Column { fonts, sizes: *sizes, x: MARGIN + pad + i as f32 * col_w, width: col_w - 3.0, y: y + pad, items: Vec::new() };
            c.paragraph(&[Span { weight: Weight::Regular, text: label }], 10.5, MUTED);
            c.paragraph(&[Span { weight: Weight::Bold, text: value }], 12.5, Rgb::TEXT);
            bottom = bottom.max(c.y);
            cols.push(c.items);
        }
        let strip_h = bottom - y + pad - 1.0;
        items.push(Item::Box {
            rect: Rect { x: MARGIN, y, w: content_w, h: strip_h },
            fill: Some(brand.primary.tint(0.9)),
            stroke: None,
            radius: 2.0,
        });
        items.extend(cols.into_iter().flatten());
        y += strip_h;
    }
    Piece { kind: BlockKind::Header, height: y, items: shift_all(items, 0.0), gap: 6.0 }
}

fn shift_all(items: Vec<Item>, dy: f32) -> Vec<Item> {
    items.into_iter().map(|i| i.shifted(dy)).collect()
}

fn notes(fonts: &FontSet, sizes: &Sizes, content_w: f32, primary: Rgb, text: &str) -> Piece {
    let pad = 4.0;
    let mut col = Column { fonts, sizes: *sizes, x: MARGIN + pad + 1.5, width: content_w - 2.0 * pad - 1.5, y: pad, items: Vec::new() };
    col.paragraph(&[Span { weight: Weight::Bold, text: "Notes from your clinician" }], 12.5, primary);
    col.gap(1.0);
    col.paragraph(&[Span { weight: Weight::Regular, text }], sizes.body, Rgb::TEXT);
    let height = col.y + pad - 1.0;
    let mut items = vec![
        Item::Box { rect: Rect { x: MARGIN, y: 0.0, w: content_w, h: height }, fill: None, stroke: Some((RULE, 0.35)), radius: 2.0 },
        Item::Box { rect: Rect { x: MARGIN, y: 0.0, w: 1.5, h: height }, fill: Some(primary), stroke: None, radius: 0.0 },
    ];
    items.extend(col.items);
    Piece { kind: BlockKind::Notes, height, items, gap: 5.0 }
}

/// "Hold 30 s · 3 reps · 2 sets · each side · daily"
pub fn dosage_line(d: &Dosage) -> String {
    let mut parts = Vec::new();
    if let Some(h) = d.hold {
        parts.push(if h.min >= 60 && h.min % 60 == 0 && h.max % 60 == 0 {
            let m = crate::handout::Amount { min: h.min / 60, max: h.max / 60 };
            format!("Hold {m} min")
        } else {
            format!("Hold {h} s")
        });
    }
    if let Some(r) = d.reps {
        parts.push(format!("{r} {}", if r.max == 1 { "rep" } else { "reps" }));
    }
    if let Some(s) = d.sets {
        parts.push(format!("{s} {}", if s.max == 1 { "set" } else { "sets" }));
    }
    match d.sides {
        Sides::Each => parts.push("each side".into()),
        Sides::Both => parts.push("both sides together".into()),
        Sides::None => {}
    }
    if let Some(r) = d.rest {
        parts.push(format!("rest {r} s between sets"));
    }
    if let Some(f) = d.frequency {
        parts.push(
            match f {
                Frequency::Daily => "daily",
                Frequency::TwiceDaily => "twice a day",
                Frequency::ThreeTimesDaily => "3 times a day",
                Frequency::EveryOtherDay => "every other day",
                Frequency::TwiceAWeek => "twice a week",
                Frequency::ThreeTimesAWeek => "3 times a week",
                Frequency::Weekly => "once a week",
            }
            .into(),
        );
    }
    parts.join(" \u{00B7} ")
}

fn card(fonts: &FontSet, sizes: &Sizes, content_w: f32, primary: Rgb, index: usize, e: &Exercise) -> Piece {
    let pad = 4.0;
    let accent_w = 1.5;
    let inner_x = MARGIN + accent_w + pad;
    let inner_w = content_w - accent_w - 2.0 * pad;
    let mut items = Vec::new();

    // Number badge and name.
    let badge_r = 4.2;
    let name_size = sizes.card_name;
    let name_lh = line_height(name_size, sizes);
    let mut name_col =
        Column { fonts, sizes: *sizes, x: inner_x + 2.0 * badge_r + 3.0, width: inner_w - 2.0 * badge_r - 3.0, y: pad, items: Vec::new() };
    name_col.paragraph(&[Span { weight: Weight::Bold, text: &e.name }], name_size, Rgb::TEXT);
    let first_baseline = pad + fonts.bold.ascender * name_size * PT_TO_MM;
    let cap_mid = first_baseline - 0.35 * name_size * PT_TO_MM;
    items.push(Item::Circle { center: (inner_x + badge_r, cap_mid), radius: badge_r, fill: primary });
    let num = (index + 1).to_string();
    let num_size = 12.0;
    let num_w = fonts.bold.width_mm(&num, num_size);
    items.push(Item::Text(run(
        fonts,
        inner_x + badge_r - num_w / 2.0,
        cap_mid + 0.36 * num_size * PT_TO_MM,
        num_size,
        Weight::Bold,
        Rgb::WHITE,
        num,
    )));
    items.extend(name_col.items);
    let body_top = (name_col.y).max(cap_mid + badge_r) + 2.5;
    let _ = name_lh;

    // Picture on the left, when there is one.
    let (text_x, text_w, pic_bottom) = match &e.picture {
        Some(p) => {
            let pw = sizes.picture_width;
            let ph = (pw / p.aspect()).min(pw * 0.9);
            let pw2 = ph * p.aspect();
            let frame = Rect { x: inner_x, y: body_top, w: pw, h: ph };
            items.push(Item::Box { rect: frame, fill: None, stroke: Some((RULE, 0.3)), radius: 1.5 });
            let inset = 1.0;
            let scale = ((pw - 2.0 * inset) / pw2).min((ph - 2.0 * inset) / ph);
            let (dw, dh) = (pw2 * scale, ph * scale);
            items.push(Item::Picture {
                rect: Rect { x: frame.x + (pw - dw) / 2.0, y: frame.y + (ph - dh) / 2.0, w: dw, h: dh },
                picture: p.clone(),
            });
            (inner_x + pw + 5.0, inner_w - pw - 5.0, body_top + ph)
        }
        None => (inner_x, inner_w, body_top),
    };

    let mut col = Column { fonts, sizes: *sizes, x: text_x, width: text_w, y: body_top, items: Vec::new() };
    if let Some(pos) = &e.position {
        col.paragraph(&[Span { weight: Weight::Bold, text: "Start: " }, Span { weight: Weight::Regular, text: pos }], sizes.body, MUTED);
        col.gap(1.0);
    }
    let marker_w = fonts.bold.width_mm("10.", sizes.body) + 1.5;
    for (i, step) in e.steps.iter().enumerate() {
        let m = format!("{}.", i + 1);
        col.paragraph_indented(&[Span { weight: Weight::Regular, text: step }], sizes.body, Rgb::TEXT, Some((&m, Weight::Bold, marker_w)));
        col.gap(0.8);
    }
    items.extend(col.items);
    // Below the picture and steps, across the whole card: dosage, clinician's note, cautions.
    let mut col = Column { fonts, sizes: *sizes, x: inner_x, width: inner_w, y: col.y.max(pic_bottom) + 2.5, items: Vec::new() };
    let dose = dosage_line(&e.dosage);
    if !dose.is_empty() {
        let top = col.y;
        let pill_pad = 1.8;
        col.y += pill_pad;
        col.x += 3.0;
        col.width -= 6.0;
        col.paragraph(&[Span { weight: Weight::Bold, text: &dose }], sizes.dosage, Rgb::TEXT);
        col.x -= 3.0;
        col.width += 6.0;
        col.y += pill_pad - 1.0;
        col.items.insert(
            0,
            Item::Box {
                rect: Rect { x: inner_x, y: top, w: inner_w, h: col.y - top },
                fill: Some(primary.tint(0.88)),
                stroke: None,
                radius: 1.5,
            },
        );
        col.gap(1.8);
    }
    if let Some(n) = &e.notes {
        col.paragraph(
            &[Span { weight: Weight::Bold, text: "Your clinician: " }, Span { weight: Weight::Regular, text: n }],
            sizes.body,
            Rgb::TEXT,
        );
        col.gap(0.8);
    }
    if !e.cautions.is_empty() {
        let joined = e.cautions.iter().map(|c| c.trim()).collect::<Vec<_>>().join(" ");
        col.paragraph(
            &[Span { weight: Weight::Bold, text: "Take care: " }, Span { weight: Weight::Regular, text: &joined }],
            sizes.body,
            MUTED,
        );
    }
    items.extend(col.items);
    let height = col.y + pad - 1.0;
    let mut all = vec![
        Item::Box { rect: Rect { x: MARGIN, y: 0.0, w: content_w, h: height }, fill: None, stroke: Some((RULE, 0.35)), radius: 2.0 },
        Item::Box { rect: Rect { x: MARGIN, y: 0.0, w: accent_w, h: height }, fill: Some(primary), stroke: None, radius: 0.0 },
    ];
    all.extend(items);
    Piece { kind: BlockKind::Card(index), height, items: all, gap: 4.5 }
}

fn safety(fonts: &FontSet, sizes: &Sizes, content_w: f32, primary: Rgb, text: &str) -> Piece {
    let mut col = Column { fonts, sizes: *sizes, x: MARGIN, width: content_w, y: 1.0, items: Vec::new() };
    col.paragraph(&[Span { weight: Weight::Bold, text: "Exercise safely" }], sizes.heading, primary);
    col.gap(1.0);
    col.paragraph(&[Span { weight: Weight::Regular, text }], sizes.body, Rgb::TEXT);
    Piece { kind: BlockKind::Safety, height: col.y, items: col.items, gap: 5.0 }
}

fn seek_help(fonts: &FontSet, sizes: &Sizes, content_w: f32, s: &crate::handout::SeekHelp) -> Piece {
    let pad = 5.0;
    let border = 0.9;
    let icon = 8.0;
    let mut items = Vec::new();
    let mut col =
        Column { fonts, sizes: *sizes, x: MARGIN + pad + icon + 3.0, width: content_w - 2.0 * pad - icon - 3.0, y: pad, items: Vec::new() };
    col.paragraph(&[Span { weight: Weight::Bold, text: "When to seek help" }], 16.0, ALERT);
    let heading_mid = pad + fonts.bold.ascender * 16.0 * PT_TO_MM * 0.6;
    // Warning icon: a triangle with an exclamation mark, readable in grayscale.
    let (cx, top) = (MARGIN + pad + icon / 2.0, heading_mid - icon * 0.5);
    items.push(Item::Polygon {
        points: vec![(cx, top), (cx + icon / 2.0, top + icon * 0.88), (cx - icon / 2.0, top + icon * 0.88)],
        fill: ALERT,
    });
    items.push(Item::Box {
        rect: Rect { x: cx - 0.45, y: top + icon * 0.3, w: 0.9, h: icon * 0.33 },
        fill: Some(Rgb::WHITE),
        stroke: None,
        radius: 0.3,
    });
    items.push(Item::Circle { center: (cx, top + icon * 0.74), radius: 0.55, fill: Rgb::WHITE });
    col.gap(1.5);
    col.x = MARGIN + pad;
    col.width = content_w - 2.0 * pad;
    if let Some(intro) = &s.intro {
        col.paragraph(&[Span { weight: Weight::Bold, text: intro }], sizes.body, Rgb::TEXT);
        col.gap(1.5);
    }
    let bullet_w = 5.0;
    for sign in &s.signs {
        let mut text = sign.trim().to_string();
        if let Some(first) = text.chars().next() {
            text = first.to_uppercase().collect::<String>() + &text[first.len_utf8()..];
        }
        col.paragraph_indented(
            &[Span { weight: Weight::Regular, text: &text }],
            sizes.body,
            Rgb::TEXT,
            Some(("\u{2022}", Weight::Bold, bullet_w)),
        );
        col.gap(0.8);
    }
    let height = col.y + pad - 1.0;
    let mut all = vec![Item::Box {
        rect: Rect { x: MARGIN + border / 2.0, y: border / 2.0, w: content_w - border, h: height - border },
        fill: Some(ALERT.tint(0.94)),
        stroke: Some((ALERT, border)),
        radius: 2.5,
    }];
    all.extend(items);
    all.extend(col.items);
    Piece { kind: BlockKind::SeekHelp, height, items: all, gap: 0.0 }
}

fn footer_height(h: &Handout, sizes: &Sizes) -> f32 {
    let lines = 1 + usize::from(h.brand.footer.is_some());
    lines as f32 * line_height(sizes.small, sizes) + 2.5
}

fn footer(page: &mut Page, h: &Handout, sizes: &Sizes, content_w: f32, n: usize, total: usize) {
    let fonts = &h.brand.fonts;
    let b = &h.brand;
    let fh = footer_height(h, sizes);
    let top = page.height - MARGIN - fh;
    page.items.push(Item::Line { from: (MARGIN, top), to: (MARGIN + content_w, top), color: RULE, width: 0.3 });
    let lh = line_height(sizes.small, sizes);
    let asc = fonts.regular.ascender * sizes.small * PT_TO_MM;
    let mut baseline = top + 2.5 + asc;
    let page_label = format!("Page {n} of {total}");
    let label_w = fonts.bold.width_mm(&page_label, sizes.small);
    if let Some(f) = &b.footer {
        let line = fit_line(fonts, Weight::Regular, sizes.small, f, content_w - label_w - 6.0);
        page.items.push(Item::Text(run(fonts, MARGIN, baseline, sizes.small, Weight::Regular, MUTED, line)));
        baseline += lh;
    }
    let contact: Vec<&str> = [
        b.name.as_deref(),
        b.phone.as_deref(),
        b.website.as_deref().map(|w| w.trim_start_matches("https://").trim_start_matches("http://").trim_end_matches('/')),
    ]
    .into_iter()
    .flatten()
    .collect();
    if !contact.is_empty() {
        let line = fit_line(fonts, Weight::Regular, sizes.small, &contact.join("  \u{00B7}  "), content_w - label_w - 6.0);
        page.items.push(Item::Text(run(fonts, MARGIN, baseline, sizes.small, Weight::Regular, MUTED, line)));
    }
    page.items.push(Item::Text(run(fonts, MARGIN + content_w - label_w, baseline, sizes.small, Weight::Bold, MUTED, page_label)));
    page.blocks.push(Block { kind: BlockKind::Footer, rect: Rect { x: MARGIN, y: top, w: content_w, h: fh } });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fonts() -> Arc<FontSet> {
        FontSet::builtin()
    }

    #[test]
    fn wrap_respects_width_and_keeps_words() {
        let f = fonts();
        let text = "Lie on your back with your knees bent and your feet flat on the floor, hip-width apart.";
        let lines = wrap(&f, 11.5, &[Span { weight: Weight::Regular, text }], 60.0);
        assert!(lines.len() > 1);
        let joined: Vec<String> = lines.iter().map(|l| l.iter().map(|(_, t)| t.as_str()).collect::<String>()).collect();
        assert_eq!(joined.join(" "), text);
        for l in &joined {
            assert!(f.regular.width_mm(l, 11.5) <= 60.0 + 1e-3, "{l}");
        }
    }

    #[test]
    fn wrap_breaks_words_longer_than_the_line() {
        let f = fonts();
        let url = "https://riverside-physio.example/patients/exercises/very/long/path/that/never/ends/at/all";
        let word = "Pneumonoultramicroscopicsilicovolcanoconiosis".repeat(3);
        for text in [url, word.as_str()] {
            let lines = wrap(&f, 11.5, &[Span { weight: Weight::Regular, text }], 40.0);
            assert!(lines.len() > 2);
            let joined: String = lines.iter().flat_map(|l| l.iter().map(|(_, t)| t.clone())).collect();
            assert_eq!(joined, text);
            for l in &lines {
                let s: String = l.iter().map(|(_, t)| t.as_str()).collect();
                assert!(f.regular.width_mm(&s, 11.5) <= 40.0 + 1e-3, "{s}");
            }
        }
    }

    #[test]
    fn dosage_line_reads_naturally() {
        use crate::handout::Amount;
        let d = Dosage {
            hold: Some(Amount::exactly(30)),
            reps: Some(Amount::exactly(3)),
            sets: None,
            sides: Sides::Each,
            frequency: Some(Frequency::Daily),
            rest: None,
        };
        assert_eq!(dosage_line(&d), "Hold 30 s \u{b7} 3 reps \u{b7} each side \u{b7} daily");
        let d = Dosage {
            hold: Some(Amount { min: 8, max: 10 }),
            reps: Some(Amount { min: 8, max: 12 }),
            sets: Some(Amount::exactly(1)),
            sides: Sides::Both,
            frequency: None,
            rest: Some(Amount::exactly(30)),
        };
        assert_eq!(
            dosage_line(&d),
            "Hold 8\u{2013}10 s \u{b7} 8\u{2013}12 reps \u{b7} 1 set \u{b7} both sides together \u{b7} rest 30 s between sets"
        );
        let d = Dosage { hold: Some(Amount::exactly(120)), ..Dosage::default() };
        assert_eq!(dosage_line(&d), "Hold 2 min");
    }
}
