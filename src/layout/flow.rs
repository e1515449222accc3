//! Pagination: blocks (the header, notes, cards or rows of cards, the safety note, the "When
//! to seek help" box, the exercise log), each laid out from y = 0, are placed on pages as whole
//! units. A block moves to the next page when it does not fit; only a block taller than a whole
//! page is ever split.

use super::column::Typesetter;
use super::footer::{footer, footer_height};
use super::header::{running_header, running_header_height};
use super::page::{Mark, Page, Rect, Region, RegionKind};
use super::style::MARGIN;

/// A self-contained block of the flow, laid out from y = 0 (x absolute), placed as one unit.
pub(crate) struct Block {
    /// The regions it holds, by kind, x and width (a compact row holds two cards).
    pub regions: Vec<(RegionKind, f32, f32)>,
    pub height: f32,
    pub marks: Vec<Mark>,
    /// Gap to leave below the block.
    pub gap: f32,
}

impl Block {
    pub fn single(kind: RegionKind, x: f32, w: f32, height: f32, marks: Vec<Mark>, gap: f32) -> Block {
        Block { regions: vec![(kind, x, w)], height, marks, gap }
    }
}

/// Places `blocks` on pages of `width` x `height` mm, then adds the running header to every
/// page after the first and the footer to every page.
pub(crate) fn paginate(ts: &Typesetter, blocks: Vec<Block>, width: f32, height: f32) -> Vec<Page> {
    let footer_h = footer_height(ts);
    let flow_bottom = height - MARGIN - footer_h - 4.0;
    let mut pages: Vec<Page> = vec![Page { width, height, marks: Vec::new(), regions: Vec::new() }];
    let continuation_top = MARGIN + running_header_height(ts);
    let mut y = MARGIN;
    for block in blocks {
        let top = if pages.len() > 1 { continuation_top } else { MARGIN };
        if y + block.height > flow_bottom && y > top + 0.1 {
            pages.push(Page { width, height, marks: Vec::new(), regions: Vec::new() });
            running_header(pages.last_mut().expect("a page exists"), ts);
            y = continuation_top;
        }
        if block.height > flow_bottom - continuation_top {
            y = place_split(&mut pages, block, y, flow_bottom, continuation_top, ts);
            continue;
        }
        let page = pages.last_mut().expect("a page exists");
        for (kind, x, w) in block.regions {
            page.regions.push(Region { kind, rect: Rect { x, y, w, h: block.height } });
        }
        page.marks.extend(block.marks.into_iter().map(|mark| mark.shifted(0.0, y)));
        y += block.height + block.gap;
    }

    let total = pages.len();
    for (i, page) in pages.iter_mut().enumerate() {
        footer(page, ts, i + 1, total);
    }
    pages
}

/// Places a block taller than a page, cutting it between marks. Returns the new flow y.
pub(crate) fn place_split(
    pages: &mut Vec<Page>,
    block: Block,
    mut y: f32,
    flow_bottom: f32,
    continuation_top: f32,
    ts: &Typesetter,
) -> f32 {
    let (width, height) = (pages[0].width, pages[0].height);
    let mut rest = block.marks;
    let mut offset = 0.0;
    loop {
        let room = flow_bottom - y;
        let (fits, later): (Vec<Mark>, Vec<Mark>) =
            // A box that starts on this page (a frame) is cut at its foot; one that starts
            // below (a log checkbox) waits for the next page.
            rest.into_iter().partition(|mark| mark.bounds().bottom() - offset <= room || (matches!(mark, Mark::Box { .. }) && mark.bounds().y - offset < room));
        // Frames (boxes) continue on the next page too.
        let later_boxes: Vec<Mark> =
            fits.iter().filter(|mark| matches!(mark, Mark::Box { .. }) && mark.bounds().bottom() - offset > room).cloned().collect();
        let page = pages.last_mut().expect("a page exists");
        for mark in fits {
            page.marks.push(clip_box(mark, offset, room).shifted(0.0, y - offset));
        }
        for (kind, x, w) in &block.regions {
            page.regions.push(Region { kind: kind.clone(), rect: Rect { x: *x, y, w: *w, h: room.min(block.height - offset) } });
        }
        if later.is_empty() {
            return y + block.height - offset + block.gap;
        }
        let next_top = later.iter().map(|i| i.bounds().y).fold(f32::MAX, f32::min) - 2.0;
        offset = next_top.max(offset + 1.0);
        rest = later_boxes.into_iter().chain(later).collect();
        pages.push(Page { width, height, marks: Vec::new(), regions: Vec::new() });
        running_header(pages.last_mut().expect("a page exists"), ts);
        y = continuation_top;
    }
}

/// For a split block: boxes (card frames) are cut to the part shown on this page.
pub(crate) fn clip_box(mark: Mark, offset: f32, room: f32) -> Mark {
    match mark {
        Mark::Box { rect, fill, stroke, radius } if rect.bottom() - offset > room || rect.y < offset => {
            let top = rect.y.max(offset);
            let bottom = rect.bottom().min(offset + room);
            Mark::Box { rect: Rect { x: rect.x, y: top, w: rect.w, h: (bottom - top).max(0.0) }, fill, stroke, radius }
        }
        other => other,
    }
}
