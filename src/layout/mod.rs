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

pub use page::{Document, Mark, Page, Rect, Region, RegionKind, TextRun};
pub use style::{Sizes, COMPACT, LARGE, MARGIN, STANDARD};

use crate::model::{Handout, LayoutMode};

use column::Typesetter;
use flow::Block;
use page::RegionKind as Kind;
use style::{LARGE_THEME, STANDARD_THEME};

/// Lays out a whole handout.
pub fn layout(h: &Handout) -> Document {
    let (width, height) = h.paper.size_mm();
    let large = h.style.large_print;
    let ts = Typesetter {
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

    let mut blocks = vec![header::header(&ts)];
    if let Some(n) = &h.notes {
        blocks.push(boxes::notes(&ts, n));
    }
    let compact = h.style.layout == LayoutMode::Compact && !large;
    if compact {
        let gap = 4.0;
        let w = (ts.content_w - gap) / 2.0;
        for (pair_index, pair) in h.exercises.chunks(2).enumerate() {
            let cards: Vec<(usize, f32, Vec<Mark>, f32)> = pair
                .iter()
                .enumerate()
                .map(|(k, e)| {
                    let i = pair_index * 2 + k;
                    let x = MARGIN + k as f32 * (w + gap);
                    let (marks, hgt) = card::card(&ts, i, e, x, w, true);
                    (i, x, marks, hgt)
                })
                .collect();
            let row_h = cards.iter().map(|c| c.3).fold(0.0, f32::max);
            let mut marks = Vec::new();
            let mut regions = Vec::new();
            for (i, x, content, _) in cards {
                marks.extend(card::card_frame(&ts, x, w, row_h));
                marks.extend(content);
                regions.push((Kind::Card(i), x, w));
            }
            blocks.push(Block { regions, height: row_h, marks, gap: 4.5 });
        }
    } else {
        for (i, e) in h.exercises.iter().enumerate() {
            let (content, hgt) = card::card(&ts, i, e, MARGIN, ts.content_w, false);
            let mut marks = card::card_frame(&ts, MARGIN, ts.content_w, hgt);
            marks.extend(content);
            blocks.push(Block::single(Kind::Card(i), MARGIN, ts.content_w, hgt, marks, 4.5));
        }
    }
    if let Some(s) = &h.safety {
        blocks.push(boxes::safety(&ts, s));
    }
    if let Some(s) = &h.seek_help {
        blocks.push(boxes::seek_help(&ts, s));
    }
    if let Some(days) = h.style.log_days {
        blocks.extend(log::log(&ts, days));
    }

    let pages = flow::paginate(&ts, blocks, width, height);
    let labels = h.language.labels();
    Document {
        pages,
        title: h.title.clone(),
        author: h.brand.name.clone().or_else(|| h.clinician.clone()).unwrap_or_default(),
        subject: wording::subject(labels, h.patient.as_deref()),
        language: h.language.code.clone(),
        created: h.date.map(|d| d.noon_epoch_seconds()),
        fonts: h.brand.fonts.clone(),
    }
}
