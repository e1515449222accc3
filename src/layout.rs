//! Layout: a `Handout` becomes pages of positioned items, in millimetres from the top-left
//! corner of the page. Pure: no I/O, no printpdf. Text is wrapped with the real font metrics.
//!
//! The flow is a list of pieces (header, notes, cards or rows of cards, safety note, the
//! "When to seek help" box, the exercise log), each laid out from y = 0 and placed on a page
//! as one unit. A piece moves to the next page when it does not fit; only a piece taller than
//! a whole page is ever split.

use std::sync::Arc;

use crate::fonts::{FontSet, Weight, PT_TO_MM};
use crate::handout::{Amount, Dosage, Exercise, Frequency, Handout, LayoutMode, Rgb, Sides};
use crate::i18n::{with_n, Labels};
use crate::picture::Picture;
use crate::qr::{short_link, Qr};
use crate::text::{wrap, Span};

/// Page margin on every side. Print-safe on any office printer.
pub const MARGIN: f32 = 15.0;

/// Type sizes in points, and the few dimensions that scale with them.
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
    pub qr: f32,
}

pub const STANDARD: Sizes =
    Sizes { body: 11.5, small: 9.0, title: 22.0, heading: 14.5, card_name: 15.0, dosage: 12.0, line: 1.32, picture_width: 58.0, qr: 19.0 };

/// Compact: two cards per row, at the smallest body size we allow.
pub const COMPACT: Sizes =
    Sizes { body: 10.5, small: 9.0, title: 20.0, heading: 13.5, card_name: 13.0, dosage: 11.0, line: 1.25, picture_width: 36.0, qr: 18.0 };

/// Large print: body text 14 pt or more, bigger pictures.
pub const LARGE: Sizes =
    Sizes { body: 14.5, small: 11.0, title: 27.0, heading: 18.0, card_name: 19.0, dosage: 15.0, line: 1.32, picture_width: 78.0, qr: 22.0 };

/// Colours that are not the brand's.
#[derive(Debug, Clone, Copy)]
struct Theme {
    muted: Rgb,
    rule: Rgb,
}

const STANDARD_THEME: Theme = Theme { muted: Rgb(0x4A, 0x52, 0x5C), rule: Rgb(0xC9, 0xCE, 0xD6) };
/// Higher contrast for large print: secondary text as dark as body text, stronger rules.
const LARGE_THEME: Theme = Theme { muted: Rgb::TEXT, rule: Rgb(0x7A, 0x83, 0x8E) };
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
    /// A QR code; `rect` includes the quiet zone.
    Qr {
        rect: Rect,
        qr: Arc<Qr>,
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
                // Lines have butt caps: the stroke reaches half its width to either side of
                // the line, not beyond its ends.
                let len = (x1 - x0).hypot(y1 - y0).max(f32::EPSILON);
                let (sx, sy) = ((y1 - y0) / len * width / 2.0, (x1 - x0) / len * width / 2.0);
                Rect { x: x0 - sx, y: y0 - sy, w: x1 - x0 + 2.0 * sx, h: y1 - y0 + 2.0 * sy }
            }
            Item::Polygon { points, .. } => {
                let xs = points.iter().map(|p| p.0);
                let ys = points.iter().map(|p| p.1);
                let (x0, x1) = (xs.clone().fold(f32::MAX, f32::min), xs.fold(f32::MIN, f32::max));
                let (y0, y1) = (ys.clone().fold(f32::MAX, f32::min), ys.fold(f32::MIN, f32::max));
                Rect { x: x0, y: y0, w: x1 - x0, h: y1 - y0 }
            }
            Item::Circle { center, radius, .. } => Rect { x: center.0 - radius, y: center.1 - radius, w: 2.0 * radius, h: 2.0 * radius },
            Item::Picture { rect, .. } | Item::Qr { rect, .. } => *rect,
        }
    }

    fn shifted(mut self, dx: f32, dy: f32) -> Item {
        match &mut self {
            Item::Text(t) => {
                t.x += dx;
                t.baseline += dy;
            }
            Item::Box { rect, .. } | Item::Picture { rect, .. } | Item::Qr { rect, .. } => {
                rect.x += dx;
                rect.y += dy;
            }
            Item::Line { from, to, .. } => {
                *from = (from.0 + dx, from.1 + dy);
                *to = (to.0 + dx, to.1 + dy);
            }
            Item::Polygon { points, .. } => points.iter_mut().for_each(|p| *p = (p.0 + dx, p.1 + dy)),
            Item::Circle { center, .. } => *center = (center.0 + dx, center.1 + dy),
        }
        self
    }
}

/// What a region of the page holds, for geometry checks and tests.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BlockKind {
    Header,
    Notes,
    Card(usize),
    Safety,
    SeekHelp,
    Log,
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

/// A self-contained piece of the flow, laid out from y = 0 (x absolute), placed as one unit.
struct Piece {
    /// The blocks it holds, by kind, x and width (a compact row holds two cards).
    blocks: Vec<(BlockKind, f32, f32)>,
    height: f32,
    items: Vec<Item>,
    /// Gap to leave below the piece.
    gap: f32,
}

impl Piece {
    fn single(kind: BlockKind, x: f32, w: f32, height: f32, items: Vec<Item>, gap: f32) -> Piece {
        Piece { blocks: vec![(kind, x, w)], height, items, gap }
    }
}

/// Everything the pieces need to know.
struct Ctx<'a> {
    h: &'a Handout,
    fonts: &'a FontSet,
    sizes: Sizes,
    theme: Theme,
    labels: &'a Labels,
    primary: Rgb,
    content_w: f32,
}

impl Ctx<'_> {
    fn line_height(&self, size: f32) -> f32 {
        size * self.sizes.line * PT_TO_MM
    }

    fn run(&self, x: f32, baseline: f32, size: f32, weight: Weight, color: Rgb, text: String) -> TextRun {
        let face = self.fonts.face(weight);
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

    fn column(&self, x: f32, width: f32, y: f32) -> Column<'_> {
        Column { ctx: self, x, width, y, items: Vec::new() }
    }

    /// Shortens `text` with an ellipsis until it fits `width` (for one-line labels only).
    fn fit_line(&self, weight: Weight, size: f32, text: &str, width: f32) -> String {
        let face = self.fonts.face(weight);
        if face.width_mm(text, size) <= width {
            return text.to_string();
        }
        let mut chars: Vec<char> = text.chars().collect();
        while !chars.is_empty() {
            chars.pop();
            let s: String = chars.iter().collect::<String>().trim_end().to_string() + "\u{2026}";
            if face.width_mm(&s, size) <= width {
                return s;
            }
        }
        String::new()
    }
}

/// Lays out a whole handout.
pub fn layout(h: &Handout) -> Vec<Page> {
    let (width, height) = h.paper.size_mm();
    let large = h.style.large_print;
    let ctx = Ctx {
        h,
        fonts: &h.brand.fonts,
        sizes: match (large, h.style.layout) {
            (true, _) => LARGE,
            (false, LayoutMode::Compact) => COMPACT,
            (false, LayoutMode::List) => STANDARD,
        },
        theme: if large { LARGE_THEME } else { STANDARD_THEME },
        labels: h.language.labels(),
        primary: h.brand.primary,
        content_w: width - 2.0 * MARGIN,
    };
    let footer_h = footer_height(&ctx);
    let flow_bottom = height - MARGIN - footer_h - 4.0;

    let mut pieces = vec![header(&ctx)];
    if let Some(n) = &h.notes {
        pieces.push(notes(&ctx, n));
    }
    let compact = h.style.layout == LayoutMode::Compact && !large;
    if compact {
        let gap = 4.0;
        let w = (ctx.content_w - gap) / 2.0;
        for (pair_index, pair) in h.exercises.chunks(2).enumerate() {
            let cards: Vec<(usize, f32, Vec<Item>, f32)> = pair
                .iter()
                .enumerate()
                .map(|(k, e)| {
                    let i = pair_index * 2 + k;
                    let x = MARGIN + k as f32 * (w + gap);
                    let (items, hgt) = card(&ctx, i, e, x, w, true);
                    (i, x, items, hgt)
                })
                .collect();
            let row_h = cards.iter().map(|c| c.3).fold(0.0, f32::max);
            let mut items = Vec::new();
            let mut blocks = Vec::new();
            for (i, x, content, _) in cards {
                items.extend(card_frame(&ctx, x, w, row_h));
                items.extend(content);
                blocks.push((BlockKind::Card(i), x, w));
            }
            pieces.push(Piece { blocks, height: row_h, items, gap: 4.5 });
        }
    } else {
        for (i, e) in h.exercises.iter().enumerate() {
            let (content, hgt) = card(&ctx, i, e, MARGIN, ctx.content_w, false);
            let mut items = card_frame(&ctx, MARGIN, ctx.content_w, hgt);
            items.extend(content);
            pieces.push(Piece::single(BlockKind::Card(i), MARGIN, ctx.content_w, hgt, items, 4.5));
        }
    }
    if let Some(s) = &h.safety {
        pieces.push(safety(&ctx, s));
    }
    if let Some(s) = &h.seek_help {
        pieces.push(seek_help(&ctx, s));
    }
    if let Some(days) = h.style.log_days {
        pieces.extend(log(&ctx, days));
    }

    let mut pages: Vec<Page> = vec![Page { width, height, items: Vec::new(), blocks: Vec::new() }];
    let continuation_top = MARGIN + running_header_height(&ctx);
    let mut y = MARGIN;
    for piece in pieces {
        let top = if pages.len() > 1 { continuation_top } else { MARGIN };
        if y + piece.height > flow_bottom && y > top + 0.1 {
            pages.push(Page { width, height, items: Vec::new(), blocks: Vec::new() });
            running_header(pages.last_mut().expect("a page exists"), &ctx);
            y = continuation_top;
        }
        if piece.height > flow_bottom - continuation_top {
            y = place_split(&mut pages, piece, y, flow_bottom, continuation_top, &ctx);
            continue;
        }
        let page = pages.last_mut().expect("a page exists");
        for (kind, x, w) in piece.blocks {
            page.blocks.push(Block { kind, rect: Rect { x, y, w, h: piece.height } });
        }
        page.items.extend(piece.items.into_iter().map(|it| it.shifted(0.0, y)));
        y += piece.height + piece.gap;
    }

    let total = pages.len();
    for (i, page) in pages.iter_mut().enumerate() {
        footer(page, &ctx, i + 1, total);
    }
    pages
}

/// Places a piece taller than a page, cutting it between items. Returns the new flow y.
fn place_split(pages: &mut Vec<Page>, piece: Piece, mut y: f32, flow_bottom: f32, continuation_top: f32, ctx: &Ctx) -> f32 {
    let (width, height) = (pages[0].width, pages[0].height);
    let mut rest = piece.items;
    let mut offset = 0.0;
    loop {
        let room = flow_bottom - y;
        let (fits, later): (Vec<Item>, Vec<Item>) =
            // A box that starts on this page (a frame) is cut at its foot; one that starts
            // below (a log checkbox) waits for the next page.
            rest.into_iter().partition(|it| it.bounds().bottom() - offset <= room || (matches!(it, Item::Box { .. }) && it.bounds().y - offset < room));
        // Frames (boxes) continue on the next page too.
        let later_boxes: Vec<Item> =
            fits.iter().filter(|it| matches!(it, Item::Box { .. }) && it.bounds().bottom() - offset > room).cloned().collect();
        let page = pages.last_mut().expect("a page exists");
        for it in fits {
            page.items.push(clip_box(it, offset, room).shifted(0.0, y - offset));
        }
        for (kind, x, w) in &piece.blocks {
            page.blocks.push(Block { kind: kind.clone(), rect: Rect { x: *x, y, w: *w, h: room.min(piece.height - offset) } });
        }
        if later.is_empty() {
            return y + piece.height - offset + piece.gap;
        }
        let next_top = later.iter().map(|i| i.bounds().y).fold(f32::MAX, f32::min) - 2.0;
        offset = next_top.max(offset + 1.0);
        rest = later_boxes.into_iter().chain(later).collect();
        pages.push(Page { width, height, items: Vec::new(), blocks: Vec::new() });
        running_header(pages.last_mut().expect("a page exists"), ctx);
        y = continuation_top;
    }
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

fn running_header_height(ctx: &Ctx) -> f32 {
    ctx.line_height(ctx.sizes.small) + 5.0
}

/// Pages after the first carry the title and patient, so a loose page is still identifiable.
fn running_header(page: &mut Page, ctx: &Ctx) {
    let h = ctx.h;
    let mut text = h.title.clone();
    if let Some(p) = &h.patient {
        text = format!("{text} \u{2014} {p}");
    }
    let baseline = MARGIN + ctx.fonts.regular.ascender * ctx.sizes.small * PT_TO_MM;
    let line = ctx.fit_line(Weight::Regular, ctx.sizes.small, &text, ctx.content_w);
    page.items.push(Item::Text(ctx.run(MARGIN, baseline, ctx.sizes.small, Weight::Regular, ctx.theme.muted, line)));
    let rule_y = MARGIN + ctx.line_height(ctx.sizes.small) + 1.5;
    page.items.push(Item::Line { from: (MARGIN, rule_y), to: (MARGIN + ctx.content_w, rule_y), color: ctx.theme.rule, width: 0.3 });
}

/// A column being filled from top to bottom.
struct Column<'c> {
    ctx: &'c Ctx<'c>,
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
        let lh = self.ctx.line_height(size);
        let ascent = self.ctx.fonts.regular.ascender * size * PT_TO_MM;
        let lines = wrap(self.ctx.fonts, size, spans, self.width - indent);
        for (i, line) in lines.into_iter().enumerate() {
            let baseline = self.y + ascent;
            if i == 0 {
                if let Some((m, weight, _)) = marker {
                    self.items.push(Item::Text(self.ctx.run(self.x, baseline, size, weight, color, m.to_string())));
                }
            }
            let mut x = self.x + indent;
            for (weight, text) in line {
                let r = self.ctx.run(x, baseline, size, weight, color, text);
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

fn header(ctx: &Ctx) -> Piece {
    let h = ctx.h;
    let brand = &h.brand;
    let content_w = ctx.content_w;
    let mut items = Vec::new();
    let mut y = 0.0;

    // Clinic block: logo, name and contact, and a booking QR code. Absent for the neutral brand.
    let contact: Vec<String> =
        [brand.phone.clone(), brand.email.clone(), brand.website.as_deref().map(short_link)].into_iter().flatten().collect();
    // Large print: the clinic's phone and address at body size, for the patient who needs them most.
    let large = h.style.large_print;
    let contact_size = if large { ctx.sizes.body } else { 10.5 };
    if brand.name.is_some() || brand.logo.is_some() {
        let logo_h = 18.0;
        let mut text_x = 0.0;
        if let Some(logo) = &brand.logo {
            let w = (logo_h * logo.aspect()).min(45.0);
            let hgt = w / logo.aspect();
            items.push(Item::Picture { rect: Rect { x: MARGIN, y: (logo_h - hgt) / 2.0, w, h: hgt }, picture: logo.clone() });
            text_x = w + 5.0;
        }
        let mut right = 0.0;
        let mut block_h = logo_h;
        if let Some(qr) = brand.booking_url.as_deref().and_then(Qr::encode) {
            let side = ctx.sizes.qr;
            let qr_x = MARGIN + content_w - side;
            items.push(Item::Qr { rect: Rect { x: qr_x, y: 0.0, w: side, h: side }, qr: Arc::new(qr) });
            let label = &ctx.labels.book_next_visit;
            let size = contact_size;
            let label_w = ctx.fonts.bold.width_mm(label, size).min(45.0);
            let mut col = ctx.column(qr_x - label_w - 1.0, label_w, side / 2.0 - ctx.line_height(size) * 0.5);
            col.paragraph(&[Span { weight: Weight::Bold, text: label }], size, brand.primary);
            items.extend(col.items);
            right = side + label_w + 4.0;
            block_h = block_h.max(side);
        }
        let mut col = ctx.column(MARGIN + text_x, content_w - text_x - right, 0.5);
        if let Some(name) = &brand.name {
            col.paragraph(&[Span { weight: Weight::Bold, text: name }], if large { 19.0 } else { 15.0 }, brand.primary);
        }
        if !contact.is_empty() {
            let line = contact.join("  \u{00B7}  ");
            col.paragraph(&[Span { weight: Weight::Regular, text: &line }], contact_size, ctx.theme.muted);
        }
        if let Some(address) = &brand.address {
            col.paragraph(&[Span { weight: Weight::Regular, text: address }], contact_size, ctx.theme.muted);
        }
        block_h = block_h.max(col.y);
        items.extend(col.items);
        y = block_h + 3.0;
        items.push(Item::Box { rect: Rect { x: MARGIN, y, w: content_w, h: 1.2 }, fill: Some(brand.primary), stroke: None, radius: 0.0 });
        y += 1.2 + 6.0;
    }

    // Title.
    let mut col = ctx.column(MARGIN, content_w, y);
    col.paragraph(&[Span { weight: Weight::Bold, text: &h.title }], ctx.sizes.title, Rgb::TEXT);
    col.gap(2.5);
    items.extend(col.items);
    y = col.y;

    // Patient, date, clinician: labelled columns in a tinted strip.
    let l = ctx.labels;
    let fields: Vec<(&str, String)> =
        [(&l.patient, h.patient.clone()), (&l.date, h.date.map(|d| l.date(d))), (&l.clinician, h.clinician.clone())]
            .into_iter()
            .filter_map(|(label, v)| v.map(|v| (label.as_str(), v)))
            .collect();
    if !fields.is_empty() {
        let pad = 3.5;
        let col_w = (content_w - 2.0 * pad) / fields.len() as f32;
        let mut bottom: f32 = 0.0;
        let mut cols = Vec::new();
        let (label_size, value_size) = if ctx.h.style.large_print { (ctx.sizes.body, ctx.sizes.body + 1.0) } else { (10.5, 12.5) };
        for (i, (label, value)) in fields.iter().enumerate() {
            let mut c = ctx.column(MARGIN + pad + i as f32 * col_w, col_w - 3.0, y + pad);
            c.paragraph(&[Span { weight: Weight::Regular, text: label }], label_size, ctx.theme.muted);
            c.paragraph(&[Span { weight: Weight::Bold, text: value }], value_size, Rgb::TEXT);
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
    Piece::single(BlockKind::Header, MARGIN, content_w, y, items, 6.0)
}

fn notes(ctx: &Ctx, text: &str) -> Piece {
    let pad = 4.0;
    let w = ctx.content_w;
    let mut col = ctx.column(MARGIN + pad + 1.5, w - 2.0 * pad - 1.5, pad);
    col.paragraph(&[Span { weight: Weight::Bold, text: &ctx.labels.notes_heading }], ctx.sizes.body + 1.0, ctx.primary);
    col.gap(1.0);
    col.paragraph(&[Span { weight: Weight::Regular, text }], ctx.sizes.body, Rgb::TEXT);
    let height = col.y + pad - 1.0;
    let mut items = vec![
        // The frame's stroke is centred on its path: inset it by half so it stays in the margins.
        Item::Box {
            rect: Rect { x: MARGIN + 0.175, y: 0.175, w: w - 0.35, h: height - 0.35 },
            fill: None,
            stroke: Some((ctx.theme.rule, 0.35)),
            radius: 2.0,
        },
        Item::Box { rect: Rect { x: MARGIN, y: 0.0, w: 1.5, h: height }, fill: Some(ctx.primary), stroke: None, radius: 0.0 },
    ];
    items.extend(col.items);
    Piece::single(BlockKind::Notes, MARGIN, w, height, items, 5.0)
}

/// "Hold 30 s · 3 reps · 2 sets · each side · daily", in the handout's language.
pub fn dosage_line(d: &Dosage, l: &Labels) -> String {
    let mut parts = Vec::new();
    if let Some(h) = d.hold {
        parts.push(if h.min >= 60 && h.min % 60 == 0 && h.max % 60 == 0 {
            with_n(&l.hold_minutes, Amount { min: h.min / 60, max: h.max / 60 })
        } else {
            with_n(&l.hold_seconds, h)
        });
    }
    if let Some(r) = d.reps {
        parts.push(with_n(if r.max == 1 { &l.rep } else { &l.reps }, r));
    }
    if let Some(s) = d.sets {
        parts.push(with_n(if s.max == 1 { &l.set } else { &l.sets }, s));
    }
    match d.sides {
        Sides::Each => parts.push(l.each_side.clone()),
        Sides::Both => parts.push(l.both_sides.clone()),
        Sides::None => {}
    }
    if let Some(r) = d.rest {
        let between_sets = d.sets.is_some_and(|s| s.max > 1);
        parts.push(with_n(if between_sets { &l.rest } else { &l.rest_reps }, r));
    }
    if let Some(f) = d.frequency {
        parts.push(
            match f {
                Frequency::Daily => &l.daily,
                Frequency::TwiceDaily => &l.twice_daily,
                Frequency::ThreeTimesDaily => &l.three_times_daily,
                Frequency::EveryOtherDay => &l.every_other_day,
                Frequency::TwiceAWeek => &l.twice_a_week,
                Frequency::ThreeTimesAWeek => &l.three_times_a_week,
                Frequency::Weekly => &l.weekly,
            }
            .clone(),
        );
    }
    parts.join(" \u{00B7} ")
}

const CARD_PAD: f32 = 4.0;
const ACCENT_W: f32 = 1.5;

/// The frame of a card: a light border and the brand-coloured accent bar on the left.
fn card_frame(ctx: &Ctx, x: f32, w: f32, height: f32) -> Vec<Item> {
    let stroke = if ctx.h.style.large_print { 0.5 } else { 0.35 };
    vec![
        // The stroke is centred on the path: inset by half so the frame stays inside the block.
        Item::Box {
            rect: Rect { x: x + stroke / 2.0, y: stroke / 2.0, w: w - stroke, h: height - stroke },
            fill: None,
            stroke: Some((ctx.theme.rule, stroke)),
            radius: 2.0,
        },
        Item::Box { rect: Rect { x, y: 0.0, w: ACCENT_W, h: height }, fill: Some(ctx.primary), stroke: None, radius: 0.0 },
    ]
}

/// One exercise card's content (without its frame) and its height. `stacked` puts the picture
/// above the text (compact layout); otherwise it sits to the left of the steps.
fn card(ctx: &Ctx, index: usize, e: &Exercise, x: f32, w: f32, stacked: bool) -> (Vec<Item>, f32) {
    let sizes = &ctx.sizes;
    let l = ctx.labels;
    let inner_x = x + ACCENT_W + CARD_PAD;
    let inner_w = w - ACCENT_W - 2.0 * CARD_PAD;
    let mut items = Vec::new();

    // Compact cards put the picture top left, with the name and starting position beside it.
    let side_picture = stacked && e.picture.is_some();
    let pw_side = inner_w.min(sizes.picture_width);
    let (head_x, head_w) = if side_picture { (inner_x + pw_side + 3.0, inner_w - pw_side - 3.0) } else { (inner_x, inner_w) };

    // Number badge and name.
    let badge_r = sizes.card_name * 0.28;
    let name_size = sizes.card_name;
    let mut name_col = ctx.column(head_x + 2.0 * badge_r + 3.0, head_w - 2.0 * badge_r - 3.0, CARD_PAD);
    name_col.paragraph(&[Span { weight: Weight::Bold, text: &e.name }], name_size, Rgb::TEXT);
    let first_baseline = CARD_PAD + ctx.fonts.bold.ascender * name_size * PT_TO_MM;
    let cap_mid = first_baseline - 0.35 * name_size * PT_TO_MM;
    items.push(Item::Circle { center: (head_x + badge_r, cap_mid), radius: badge_r, fill: ctx.primary });
    let num = (index + 1).to_string();
    let num_size = name_size * 0.8;
    let num_w = ctx.fonts.bold.width_mm(&num, num_size);
    items.push(Item::Text(ctx.run(
        head_x + badge_r - num_w / 2.0,
        cap_mid + 0.36 * num_size * PT_TO_MM,
        num_size,
        Weight::Bold,
        Rgb::WHITE,
        num,
    )));
    let body_top = name_col.y.max(cap_mid + badge_r) + 2.5;
    items.extend(name_col.items);

    let start_line = |col: &mut Column, pos: &str| {
        col.paragraph(
            &[Span { weight: Weight::Bold, text: &format!("{} ", l.start) }, Span { weight: Weight::Regular, text: pos }],
            sizes.body,
            ctx.theme.muted,
        );
        col.gap(1.0);
    };

    // The picture: left of the steps, or (compact) top left beside the name.
    let picture_frame = |p: &Arc<Picture>, frame: Rect, items: &mut Vec<Item>| {
        items.push(Item::Box { rect: frame, fill: None, stroke: Some((ctx.theme.rule, 0.3)), radius: 1.5 });
        let inset = 1.0;
        let (aw, ah) = (frame.w - 2.0 * inset, frame.h - 2.0 * inset);
        let (dw, dh) = if p.aspect() > aw / ah { (aw, aw / p.aspect()) } else { (ah * p.aspect(), ah) };
        items.push(Item::Picture {
            rect: Rect { x: frame.x + (frame.w - dw) / 2.0, y: frame.y + (frame.h - dh) / 2.0, w: dw, h: dh },
            picture: p.clone(),
        });
    };
    let mut start_done = false;
    let (text_x, text_w, text_top, pic_bottom) = match &e.picture {
        Some(p) if side_picture => {
            let ph = pw_side / 1.5;
            picture_frame(p, Rect { x: inner_x, y: CARD_PAD, w: pw_side, h: ph }, &mut items);
            let mut head = ctx.column(head_x, head_w, body_top);
            if let Some(pos) = &e.position {
                start_line(&mut head, pos);
                start_done = true;
            }
            let top = head.y.max(CARD_PAD + ph + 2.5);
            items.extend(head.items);
            (inner_x, inner_w, top, CARD_PAD + ph)
        }
        Some(p) => {
            let pw = sizes.picture_width;
            let ph = pw / 1.5;
            picture_frame(p, Rect { x: inner_x, y: body_top, w: pw, h: ph }, &mut items);
            (inner_x + pw + 5.0, inner_w - pw - 5.0, body_top, body_top + ph)
        }
        None => (inner_x, inner_w, body_top, body_top),
    };

    let mut col = ctx.column(text_x, text_w, text_top);
    if let (Some(pos), false) = (&e.position, start_done) {
        start_line(&mut col, pos);
    }
    let marker_w = ctx.fonts.bold.width_mm("10.", sizes.body) + 1.5;
    for (i, step) in e.steps.iter().enumerate() {
        let m = format!("{}.", i + 1);
        col.paragraph_indented(&[Span { weight: Weight::Regular, text: step }], sizes.body, Rgb::TEXT, Some((&m, Weight::Bold, marker_w)));
        col.gap(0.8);
    }
    items.extend(col.items);

    // Below the picture and steps, across the whole card: dosage, clinician's note, cautions, video.
    let mut col = ctx.column(inner_x, inner_w, col.y.max(pic_bottom) + 2.5);
    let dose = dosage_line(&e.dosage, l);
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
        let fill = if ctx.h.style.large_print { ctx.primary.tint(0.85) } else { ctx.primary.tint(0.88) };
        col.items.insert(
            0,
            Item::Box { rect: Rect { x: inner_x, y: top, w: inner_w, h: col.y - top }, fill: Some(fill), stroke: None, radius: 1.5 },
        );
        col.gap(1.8);
    }
    if let Some(n) = &e.notes {
        col.paragraph(
            &[Span { weight: Weight::Bold, text: &format!("{} ", l.your_clinician) }, Span { weight: Weight::Regular, text: n }],
            sizes.body,
            Rgb::TEXT,
        );
        col.gap(0.8);
    }
    if !e.cautions.is_empty() {
        let joined = e.cautions.iter().map(|c| c.trim()).collect::<Vec<_>>().join(" ");
        col.paragraph(
            &[Span { weight: Weight::Bold, text: &format!("{} ", l.take_care) }, Span { weight: Weight::Regular, text: &joined }],
            sizes.body,
            ctx.theme.muted,
        );
        col.gap(0.8);
    }
    if let Some(qr) = e.video.as_deref().and_then(Qr::encode) {
        let side = sizes.qr;
        let top = col.y;
        items.push(Item::Qr { rect: Rect { x: inner_x - 1.0, y: top, w: side, h: side }, qr: Arc::new(qr) });
        let mut label = ctx.column(inner_x + side + 1.0, inner_w - side - 1.0, top + side / 2.0 - ctx.line_height(sizes.body));
        label.paragraph(&[Span { weight: Weight::Bold, text: &l.video }], sizes.body, Rgb::TEXT);
        let link = short_link(e.video.as_deref().unwrap_or_default());
        label.paragraph(&[Span { weight: Weight::Regular, text: &link }], sizes.body, ctx.theme.muted);
        items.extend(label.items);
        col.y = top + side;
    }
    items.extend(col.items);
    (items, col.y + CARD_PAD - 1.0)
}

fn safety(ctx: &Ctx, text: &str) -> Piece {
    let mut col = ctx.column(MARGIN, ctx.content_w, 1.0);
    col.paragraph(&[Span { weight: Weight::Bold, text: &ctx.labels.safety_heading }], ctx.sizes.heading, ctx.primary);
    col.gap(1.0);
    col.paragraph(&[Span { weight: Weight::Regular, text }], ctx.sizes.body, Rgb::TEXT);
    Piece::single(BlockKind::Safety, MARGIN, ctx.content_w, col.y, col.items, 5.0)
}

fn seek_help(ctx: &Ctx, s: &crate::handout::SeekHelp) -> Piece {
    let pad = 5.0;
    let border = 0.9;
    let heading_size = ctx.sizes.heading + 1.5;
    let icon = heading_size * 0.55;
    let w = ctx.content_w;
    let mut items = Vec::new();
    let mut col = ctx.column(MARGIN + pad + icon + 3.0, w - 2.0 * pad - icon - 3.0, pad);
    col.paragraph(&[Span { weight: Weight::Bold, text: &ctx.labels.seek_help_heading }], heading_size, ALERT);
    let cap_top = pad + (ctx.fonts.bold.ascender - 0.72) * heading_size * PT_TO_MM;
    // Warning icon: a triangle with an exclamation mark, readable in grayscale.
    let (cx, top) = (MARGIN + pad + icon / 2.0, cap_top - icon * 0.12);
    items.push(Item::Polygon {
        points: vec![(cx, top), (cx + icon / 2.0, top + icon * 0.88), (cx - icon / 2.0, top + icon * 0.88)],
        fill: ALERT,
    });
    items.push(Item::Box {
        rect: Rect { x: cx - icon * 0.055, y: top + icon * 0.3, w: icon * 0.11, h: icon * 0.33 },
        fill: Some(Rgb::WHITE),
        stroke: None,
        radius: 0.3,
    });
    items.push(Item::Circle { center: (cx, top + icon * 0.74), radius: icon * 0.07, fill: Rgb::WHITE });
    col.gap(1.5);
    col.x = MARGIN + pad;
    col.width = w - 2.0 * pad;
    if let Some(intro) = &s.intro {
        col.paragraph(&[Span { weight: Weight::Bold, text: intro }], ctx.sizes.body, Rgb::TEXT);
        col.gap(1.5);
    }
    let bullet_w = ctx.sizes.body * 0.45;
    for sign in &s.signs {
        let mut text = sign.trim().to_string();
        if let Some(first) = text.chars().next() {
            text = first.to_uppercase().collect::<String>() + &text[first.len_utf8()..];
        }
        col.paragraph_indented(
            &[Span { weight: Weight::Regular, text: &text }],
            ctx.sizes.body,
            Rgb::TEXT,
            Some(("\u{2022}", Weight::Bold, bullet_w)),
        );
        col.gap(0.8);
    }
    let height = col.y + pad - 1.0;
    let mut all = vec![Item::Box {
        rect: Rect { x: MARGIN + border / 2.0, y: border / 2.0, w: w - border, h: height - border },
        fill: Some(ALERT.tint(0.94)),
        stroke: Some((ALERT, border)),
        radius: 2.5,
    }];
    all.extend(items);
    all.extend(col.items);
    Piece::single(BlockKind::SeekHelp, MARGIN, w, height, all, 6.0)
}

/// The exercise log: a tick grid, one row per exercise, one column per day, in blocks of at
/// most 14 days. The heading goes with the first block; each block is one piece, so a block is
/// never split mid-row.
fn log(ctx: &Ctx, days: u32) -> Vec<Piece> {
    let h = ctx.h;
    let l = ctx.labels;
    let w = ctx.content_w;
    let size = ctx.sizes.body;
    let row_h = ctx.line_height(size) + 3.0;
    let name_w = (w * 0.36).min(70.0);
    let per_block = 14usize;
    let days = days as usize;
    let mut pieces = Vec::new();
    let mut first = true;
    for block_start in (0..days).step_by(per_block) {
        let n = per_block.min(days - block_start);
        let cell = (w - name_w) / per_block as f32;
        let mut items = Vec::new();
        let mut col = ctx.column(MARGIN, w, 0.0);
        if first {
            col.paragraph(&[Span { weight: Weight::Bold, text: &l.log_heading }], ctx.sizes.heading, ctx.primary);
            let hint = match h.date {
                Some(d) => {
                    let start = crate::handout::Date::from_days_since_epoch(d.days_since_epoch());
                    let end = crate::handout::Date::from_days_since_epoch(d.days_since_epoch() + days as i64 - 1);
                    format!("{} \u{2013} {}. {}", l.date(start), l.date(end), l.log_hint)
                }
                None => l.log_hint.clone(),
            };
            col.paragraph(&[Span { weight: Weight::Regular, text: &hint }], ctx.sizes.body, ctx.theme.muted);
            col.gap(2.0);
        }
        items.append(&mut col.items);
        let mut y = col.y;
        // Column headings: day of the month when the handout is dated, else 1, 2, 3...
        let header_size = (size - 1.5).max(9.0);
        let baseline = y + ctx.line_height(header_size) * 0.8;
        let label = ctx.fit_line(Weight::Bold, header_size, &l.log_exercise, name_w - 2.0);
        items.push(Item::Text(ctx.run(MARGIN, baseline, header_size, Weight::Bold, Rgb::TEXT, label)));
        for k in 0..n {
            let day = block_start + k;
            let text = match h.date {
                Some(d) => crate::handout::Date::from_days_since_epoch(d.days_since_epoch() + day as i64).day.to_string(),
                None => (day + 1).to_string(),
            };
            let tw = ctx.fonts.bold.width_mm(&text, header_size);
            items.push(Item::Text(ctx.run(
                MARGIN + name_w + k as f32 * cell + (cell - tw) / 2.0,
                baseline,
                header_size,
                Weight::Bold,
                Rgb::TEXT,
                text,
            )));
        }
        y += ctx.line_height(header_size) + 1.0;
        for (i, e) in h.exercises.iter().enumerate() {
            let name = ctx.fit_line(Weight::Regular, size, &format!("{}. {}", i + 1, e.name), name_w - 2.0);
            let baseline = y + (row_h + ctx.fonts.regular.ascender * size * PT_TO_MM * 0.75) / 2.0;
            items.push(Item::Line { from: (MARGIN, y), to: (MARGIN + name_w + n as f32 * cell, y), color: ctx.theme.rule, width: 0.25 });
            items.push(Item::Text(ctx.run(MARGIN, baseline, size, Weight::Regular, Rgb::TEXT, name)));
            let boxw = (cell - 2.0).min(row_h - 2.5);
            for k in 0..n {
                let bx = MARGIN + name_w + k as f32 * cell + (cell - boxw) / 2.0;
                items.push(Item::Box {
                    rect: Rect { x: bx, y: y + (row_h - boxw) / 2.0, w: boxw, h: boxw },
                    fill: None,
                    stroke: Some((ctx.theme.muted, 0.3)),
                    radius: 0.6,
                });
            }
            y += row_h;
        }
        items.push(Item::Line { from: (MARGIN, y), to: (MARGIN + name_w + n as f32 * cell, y), color: ctx.theme.rule, width: 0.25 });
        pieces.push(Piece::single(BlockKind::Log, MARGIN, w, y + 0.5, items, 5.0));
        first = false;
    }
    pieces
}

fn footer_height(ctx: &Ctx) -> f32 {
    let lines = 1 + usize::from(ctx.h.brand.footer.is_some());
    lines as f32 * ctx.line_height(ctx.sizes.small) + 2.5
}

fn footer(page: &mut Page, ctx: &Ctx, n: usize, total: usize) {
    let b = &ctx.h.brand;
    let small = ctx.sizes.small;
    let fh = footer_height(ctx);
    let top = page.height - MARGIN - fh;
    page.items.push(Item::Line { from: (MARGIN, top), to: (MARGIN + ctx.content_w, top), color: ctx.theme.rule, width: 0.3 });
    let lh = ctx.line_height(small);
    let asc = ctx.fonts.regular.ascender * small * PT_TO_MM;
    let mut baseline = top + 2.5 + asc;
    let page_label = ctx.labels.page(n, total);
    let label_w = ctx.fonts.bold.width_mm(&page_label, small);
    if let Some(f) = &b.footer {
        let line = ctx.fit_line(Weight::Regular, small, f, ctx.content_w - label_w - 6.0);
        page.items.push(Item::Text(ctx.run(MARGIN, baseline, small, Weight::Regular, ctx.theme.muted, line)));
        baseline += lh;
    }
    let website = b.website.as_deref().map(short_link);
    let contact: Vec<&str> = [b.name.as_deref(), b.phone.as_deref(), website.as_deref()].into_iter().flatten().collect();
    if !contact.is_empty() {
        let line = ctx.fit_line(Weight::Regular, small, &contact.join("  \u{00B7}  "), ctx.content_w - label_w - 6.0);
        page.items.push(Item::Text(ctx.run(MARGIN, baseline, small, Weight::Regular, ctx.theme.muted, line)));
    }
    page.items.push(Item::Text(ctx.run(MARGIN + ctx.content_w - label_w, baseline, small, Weight::Bold, ctx.theme.muted, page_label)));
    page.blocks.push(Block { kind: BlockKind::Footer, rect: Rect { x: MARGIN, y: top, w: ctx.content_w, h: fh } });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Language;

    #[test]
    fn dosage_line_reads_naturally() {
        let en = Language::english();
        let l = en.labels();
        let d = Dosage {
            hold: Some(Amount::exactly(30)),
            reps: Some(Amount::exactly(3)),
            sets: None,
            sides: Sides::Each,
            frequency: Some(Frequency::Daily),
            rest: None,
        };
        assert_eq!(dosage_line(&d, l), "Hold 30 s \u{b7} 3 reps \u{b7} each side \u{b7} daily");
        let d = Dosage {
            hold: Some(Amount { min: 8, max: 10 }),
            reps: Some(Amount { min: 8, max: 12 }),
            sets: Some(Amount::exactly(1)),
            sides: Sides::Both,
            frequency: None,
            rest: Some(Amount::exactly(30)),
        };
        assert_eq!(
            dosage_line(&d, l),
            "Hold 8\u{2013}10 s \u{b7} 8\u{2013}12 reps \u{b7} 1 set \u{b7} both legs together \u{b7} rest 30 s between repeats"
        );
        let d = Dosage { hold: Some(Amount::exactly(120)), ..Dosage::default() };
        assert_eq!(dosage_line(&d, l), "Hold 2 min");
    }
}
