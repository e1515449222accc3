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
pub mod compact;
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
/// saved is worth half a point of type. A compact handout that the list layout would print on
/// fewer pages gets a warning that says so.
pub fn layout(h: &Handout) -> Document {
    let large = h.style.large_print;
    if large {
        return layout_with(h, LARGE, false);
    }
    if h.style.layout == LayoutMode::Compact {
        let mut document = layout_with(h, COMPACT, true);
        let list = layout_list(h).pages.len();
        let compact = document.pages.len();
        if list < compact {
            document.warnings.push(crate::error::Warning::new(format!(
                "this handout takes {compact} pages in the compact layout and {list} in the list layout; leave out `layout: compact` (or `--layout compact`) to save paper"
            )));
        }
        return document;
    }
    layout_list(h)
}

/// The list layout: one card per row, at the standard sizes or the tighter ones.
fn layout_list(h: &Handout) -> Document {
    let document = layout_with(h, STANDARD, false);
    if document.pages.len() < 2 {
        return document;
    }
    let tight = layout_with(h, TIGHT, false);
    if tight.pages.len() < document.pages.len() {
        tight
    } else {
        document
    }
}

fn layout_with(h: &Handout, sizes: Sizes, compact: bool) -> Document {
    let (width, height) = h.paper.size_mm();
    let large = h.style.large_print;
    let ts = Typesetter {
        h,
        fonts: &h.brand.fonts,
        sizes,
        theme: if large { LARGE_THEME } else { STANDARD_THEME },
        labels: h.language.labels(),
        primary: h.brand.primary,
        content_w: width - 2.0 * sizes.margin,
        structure: RefCell::default(),
        wrapped: RefCell::default(),
    };

    let mut blocks = vec![header::header(&ts)];
    if let Some(n) = &h.notes {
        blocks.push(boxes::notes(&ts, n));
    }
    let full = (ts.sizes.margin, ts.content_w);
    let pages = if compact {
        compact_pages(&ts, blocks, width, height)
    } else {
        for (i, e) in h.exercises.iter().enumerate() {
            let (content, hgt) = card::card(&ts, i, e, ts.sizes.margin, ts.content_w);
            let mut drawing = card::card_frame(&ts, ts.sizes.margin, ts.content_w, hgt);
            drawing.append(content);
            blocks.push(Block::single(Region_::Card(i), ts.sizes.margin, ts.content_w, hgt, drawing, ts.sizes.gap, Kind::Card));
        }
        blocks.extend(closing_blocks(&ts, full.0, full.1));
        if let Some(days) = h.style.log_days {
            blocks.extend(log::log(&ts, days));
        }
        flow::paginate(&ts, blocks, width, height)
    };
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

/// The compact layout's pages: cards two abreast in the column flow (see `compact`), or, when a
/// card is taller than a page, in rows of two that the row flow can split.
fn compact_pages(ts: &Typesetter, top: Vec<Block>, width: f32, height: f32) -> Vec<page::Page> {
    let h = ts.h;
    let margin = ts.sizes.margin;
    let w = (ts.content_w - compact::COLUMN_GAP) / 2.0;
    let before_cards = ts.structure.borrow().clone();
    let cards: Vec<Block> = h
        .exercises
        .iter()
        .enumerate()
        .map(|(i, e)| {
            let (content, hgt) = card::compact_card(ts, i, e, margin, w);
            let mut drawing = card::card_frame(ts, margin, w, hgt);
            drawing.append(content);
            Block::single(Region_::Card(i), margin, w, hgt, drawing, ts.sizes.gap, Kind::Card)
        })
        .collect();
    // The closing boxes both ways, each from the same place in the structure; the one not used
    // leaves no trace.
    let after_cards = ts.structure.borrow().clone();
    let in_columns = closing_blocks(ts, margin, w);
    let after_columns = std::mem::replace(&mut *ts.structure.borrow_mut(), after_cards);
    let across = closing_blocks(ts, margin, ts.content_w);
    match compact::paginate(ts, top, cards, [in_columns, across], width, height) {
        Ok((mut pages, y, chosen)) => {
            if chosen == 0 {
                *ts.structure.borrow_mut() = after_columns;
            }
            if let Some(days) = h.style.log_days {
                let log = log::log(ts, days);
                flow::continue_first_fit(ts, &mut pages, y, log, flow::capacity(ts, height));
            }
            flow::add_footers(ts, &mut pages);
            pages
        }
        Err(top) => {
            *ts.structure.borrow_mut() = before_cards;
            let mut blocks = top;
            blocks.extend(compact_rows(ts, w));
            if let Some(days) = h.style.log_days {
                blocks.extend(log::log(ts, days));
            }
            flow::paginate(ts, blocks, width, height)
        }
    }
}

/// Compact cards in rows of two, each row one block; an odd last card shares its row with the
/// closing boxes.
fn compact_rows(ts: &Typesetter, w: f32) -> Vec<Block> {
    let h = ts.h;
    let margin = ts.sizes.margin;
    let gap = compact::COLUMN_GAP;
    let right = margin + w + gap;
    let rows = h.exercises.len().div_ceil(2);
    let mut blocks = Vec::new();
    for (row, pair) in h.exercises.chunks(2).enumerate() {
        let cards: Vec<_> = pair
            .iter()
            .enumerate()
            .map(|(k, e)| {
                let i = row * 2 + k;
                let x = margin + k as f32 * (w + gap);
                let (drawing, hgt) = card::compact_card(ts, i, e, x, w);
                (i, x, drawing, hgt)
            })
            .collect();
        let mut closing = column::Drawing::default();
        let mut closing_regions = Vec::new();
        let mut closing_h: f32 = 0.0;
        if pair.len() == 1 && row + 1 == rows {
            let mut y = 0.0;
            for block in closing_blocks(ts, right, w) {
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
            drawing.append(card::card_frame(ts, x, w, row_h));
            drawing.append(content);
            regions.push((Region_::Card(i), Rect { x, y: 0.0, w, h: row_h }));
        }
        drawing.append(closing);
        regions.extend(closing_regions);
        blocks.push(Block { regions, height: row_h, drawing, gap: ts.sizes.gap, kind: Kind::Card });
    }
    if h.exercises.len().is_multiple_of(2) {
        blocks.extend(closing_blocks(ts, margin, ts.content_w));
    }
    blocks
}
