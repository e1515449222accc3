//! Layout: a `Handout` becomes a `Document`, pages of positioned marks in millimetres from the
//! top-left corner of the page. Pure: no I/O, no printpdf. Text is wrapped with the real font
//! metrics.
//!
//! - `style`: type sizes and colours; `page`: the marks, pages and document handed to render;
//! - `column` and `wrap`: setting text; `wording`: the dosage line, dates, page labels;
//! - `header`, `card`, `boxes`, `log`, `footer`: the parts of a handout, each a `flow::Block`;
//! - `flow`: placing blocks on pages.

pub mod boxes;
pub mod card;
pub mod column;
pub mod flow;
pub mod footer;
pub mod header;
pub mod log;
pub mod page;
pub mod style;
pub mod wording;
pub mod wrap;

pub use page::{Document, LinkArea, Mark, Node, NodeId, Page, Rect, Region, RegionKind, Role, Structure, Tag, TextRun};
pub use style::{Sizes, COMPACT, LARGE, MARGIN, STANDARD, TIGHT};

use std::cell::RefCell;

use crate::model::{Handout, LayoutMode};

use column::Typesetter;
use flow::{Block, Kind};
use page::RegionKind as Region_;
use style::{LARGE_THEME, STANDARD_THEME};

/// The safety note and "When to seek help", at `x`, `w` mm wide.
fn closing_blocks(ts: &Typesetter, x: f32, w: f32) -> Vec<Block> {
    let h = ts.h;
    let mut blocks = Vec::new();
    if let Some(s) = &h.safety {
        blocks.push(boxes::safety(ts, s, x, w));
    }
    if let Some(s) = &h.seek_help {
        blocks.push(boxes::seek_help(ts, s, x, w));
    }
    blocks
}

/// Lays out a whole handout. When the standard sizes leave the handout one page or more longer
/// than the tighter ones (10.5 pt body, the least we allow), the tighter ones are used: paper
/// saved is worth half a point of type.
pub fn layout(h: &Handout) -> Document {
    let large = h.style.large_print;
    let compact = h.style.layout == LayoutMode::Compact && !large;
    let sizes = match (large, compact) {
        (true, _) => LARGE,
        (false, true) => COMPACT,
        (false, false) => STANDARD,
    };
    let document = layout_with(h, sizes);
    if large || compact || document.pages.len() < 2 {
        return document;
    }
    let tight = layout_with(h, TIGHT);
    if tight.pages.len() < document.pages.len() {
        tight
    } else {
        document
    }
}

fn layout_with(h: &Handout, sizes: Sizes) -> Document {
    let (width, height) = h.paper.size_mm();
    let large = h.style.large_print;
    let compact = h.style.layout == LayoutMode::Compact && !large;
    let ts = Typesetter {
        h,
        fonts: &h.brand.fonts,
        sizes,
        theme: if large { LARGE_THEME } else { STANDARD_THEME },
        labels: h.language.labels(),
        primary: h.brand.primary,
        content_w: width - 2.0 * MARGIN,
        structure: RefCell::default(),
        wrapped: RefCell::default(),
    };

    let mut blocks = vec![header::header(&ts)];
    if let Some(n) = &h.notes {
        blocks.push(boxes::notes(&ts, n));
    }
    let full = (MARGIN, ts.content_w);
    if compact {
        let gap = 4.0;
        let w = (ts.content_w - gap) / 2.0;
        let right = MARGIN + w + gap;
        let rows = h.exercises.len().div_ceil(2);
        for (row, pair) in h.exercises.chunks(2).enumerate() {
            let cards: Vec<_> = pair
                .iter()
                .enumerate()
                .map(|(k, e)| {
                    let i = row * 2 + k;
                    let x = MARGIN + k as f32 * (w + gap);
                    let (drawing, hgt) = card::compact_card(&ts, i, e, x, w);
                    (i, x, drawing, hgt)
                })
                .collect();
            // An odd last card shares its row with the safety note and "When to seek help".
            let mut closing = column::Drawing::default();
            let mut closing_regions = Vec::new();
            let mut closing_h: f32 = 0.0;
            if pair.len() == 1 && row + 1 == rows {
                let mut y = 0.0;
                for block in closing_blocks(&ts, right, w) {
                    closing_regions.push((block.regions[0].0.clone(), Rect { x: right, y, w, h: block.height }));
                    closing.append(block.drawing.shifted(y));
                    closing_h = y + block.height;
                    y += block.height + block.gap;
                }
            }
            let row_h = cards.iter().map(|c| c.3).fold(closing_h, f32::max);
            let mut drawing = column::Drawing::default();
            let mut regions = Vec::new();
            for (i, x, content, _) in cards {
                drawing.append(card::card_frame(&ts, x, w, row_h));
                drawing.append(content);
                regions.push((Region_::Card(i), Rect { x, y: 0.0, w, h: row_h }));
            }
            drawing.append(closing);
            regions.extend(closing_regions);
            blocks.push(Block { regions, height: row_h, drawing, gap: ts.sizes.gap, kind: Kind::Card });
        }
        if h.exercises.len().is_multiple_of(2) {
            blocks.extend(closing_blocks(&ts, full.0, full.1));
        }
    } else {
        for (i, e) in h.exercises.iter().enumerate() {
            let (content, hgt) = card::card(&ts, i, e, MARGIN, ts.content_w);
            let mut drawing = card::card_frame(&ts, MARGIN, ts.content_w, hgt);
            drawing.append(content);
            blocks.push(Block::single(Region_::Card(i), MARGIN, ts.content_w, hgt, drawing, ts.sizes.gap, Kind::Card));
        }
        blocks.extend(closing_blocks(&ts, full.0, full.1));
    }
    if let Some(days) = h.style.log_days {
        blocks.extend(log::log(&ts, days));
    }

    let pages = flow::paginate(&ts, blocks, width, height);
    let labels = h.language.labels();
    let warnings = footer::footer_warning(&ts).into_iter().collect();
    Document {
        pages,
        structure: ts.structure.into_inner(),
        title: h.title.clone(),
        author: h.brand.name.clone().or_else(|| h.clinician.clone()).unwrap_or_default(),
        subject: wording::subject(labels, h.patient.as_deref()),
        language: h.language.code.clone(),
        created: h.date.map(|d| d.noon_epoch_seconds()),
        fonts: h.brand.fonts.clone(),
        warnings,
        attachment: h.prescription.clone(),
    }
}
