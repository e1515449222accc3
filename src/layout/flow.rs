//! Pagination: blocks (the header, the notes, cards or rows of cards, the safety note, the "When
//! to seek help" box, the exercise log), each laid out from y = 0, are placed on pages as whole
//! units. Page breaks are chosen over the whole handout (not first-fit): fewest pages first,
//! then no page but the last with a blank band over 50 mm, and the safety note and "When to
//! seek help" never on a page without a card. The cheaper fixes come first: gaps between
//! blocks shrink (down to `min_gap`) to fit one more block, and a card may be pulled up ahead of
//! the one before it when that fills a page. Only a block taller than a page is ever split.

use super::column::{Drawing, Typesetter};
use super::footer::{footer, footer_height};
use super::page::{Mark, Page, Rect, Region, RegionKind, Tag};

/// The tallest blank band allowed at the foot of a page that is not the last, from its last
/// block to its footer.
pub const MAX_BLANK_BAND: f32 = 50.0;
/// The space always left between the flow and the footer.
pub(crate) const FOOTER_GAP: f32 = 3.0;
/// The least room at the foot of a page to start a block taller than a page in.
const MIN_SPLIT_ROOM: f32 = 60.0;
/// The most room added to one gap between blocks on a page that would otherwise end in a tall
/// blank band.
const MAX_SPREAD: f32 = 14.0;

/// What a block is, for the page-breaking rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// An exercise card or a row of them.
    Card,
    /// The safety note and "When to seek help": they share a page with at least one card.
    Closing,
    Other,
}

/// A self-contained block of the flow, laid out from y = 0 (x absolute), placed as one unit.
pub(crate) struct Block {
    /// The regions it holds, by kind and place (y from the block's top): a compact row holds
    /// two cards, or a card and the closing notes.
    pub regions: Vec<(RegionKind, Rect)>,
    pub height: f32,
    pub drawing: Drawing,
    /// Gap to leave below the block.
    pub gap: f32,
    pub kind: Kind,
}

impl Block {
    pub fn single(region: RegionKind, x: f32, w: f32, height: f32, drawing: Drawing, gap: f32, kind: Kind) -> Block {
        Block { regions: vec![(region, Rect { x, y: 0.0, w, h: height })], height, drawing, gap, kind }
    }
}

/// Places `blocks` on pages of `width` x `height` mm, then adds the footer to every page.
pub(crate) fn paginate(ts: &Typesetter, blocks: Vec<Block>, width: f32, height: f32) -> Vec<Page> {
    let capacity = capacity(ts, height);
    let min_gap = ts.sizes.min_gap;
    let mut pages = if blocks.iter().any(|b| b.height > capacity) {
        first_fit(ts, blocks, width, height, capacity)
    } else {
        let order = best_order(&blocks, capacity, min_gap);
        let mut slots: Vec<Option<Block>> = blocks.into_iter().map(Some).collect();
        let mut pages = Vec::new();
        let page_count = order.len();
        for (n, page_blocks) in order.into_iter().enumerate() {
            let mut page = Page::new(width, height, ts.sizes.margin);
            let chosen: Vec<Block> = page_blocks.iter().filter_map(|&i| slots[i].take()).collect();
            let natural: f32 = chosen.iter().map(|b| b.height).sum::<f32>() + gaps(&chosen, |b| b.gap);
            // Shrink the gaps (never below `min_gap`) when the blocks only fit that way.
            let squeeze = if natural > capacity {
                let slack: f32 = gaps(&chosen, |b| b.gap - min_gap.min(b.gap));
                ((natural - capacity) / slack.max(f32::EPSILON)).min(1.0)
            } else {
                0.0
            };
            // A page that is not the last and still ends in a tall blank band (its next block
            // cannot fit) spreads the room between its blocks, a little: at most
            // `MAX_SPREAD` more per gap.
            let band = capacity - natural + FOOTER_GAP;
            let spread = if n + 1 < page_count && band > MAX_BLANK_BAND && chosen.len() > 1 {
                ((band - MAX_BLANK_BAND + 1.0) / (chosen.len() - 1) as f32).min(MAX_SPREAD)
            } else {
                0.0
            };
            let mut y = ts.sizes.margin;
            for block in chosen {
                let gap = block.gap - squeeze * (block.gap - min_gap.min(block.gap)) + spread;
                let height = block.height;
                place(&mut page, block, y);
                y += height + gap;
            }
            pages.push(page);
        }
        pages
    };
    add_footers(ts, &mut pages);
    pages
}

/// The height of the flow on a page `height` mm tall: inside the margins, above the footer.
pub(crate) fn capacity(ts: &Typesetter, height: f32) -> f32 {
    height - 2.0 * ts.sizes.margin - footer_height(ts) - FOOTER_GAP
}

/// The footer ("Page N of M") on every page.
pub(crate) fn add_footers(ts: &Typesetter, pages: &mut [Page]) {
    let total = pages.len();
    for (i, page) in pages.iter_mut().enumerate() {
        footer(page, ts, i + 1, total);
    }
}

/// The gaps between consecutive blocks (not after the last), as `gap` measures them.
fn gaps(blocks: &[Block], gap: impl Fn(&Block) -> f32) -> f32 {
    blocks.iter().take(blocks.len().saturating_sub(1)).map(gap).sum()
}

/// Places `block` on `page` with its top at `y`, moved right by `dx`.
pub(crate) fn place_at(page: &mut Page, block: Block, dx: f32, y: f32) {
    for (kind, r) in block.regions {
        page.regions.push(Region { kind, rect: Rect { x: r.x + dx, y: y + r.y, ..r } });
    }
    let drawing = block.drawing.moved(dx, y);
    page.marks.extend(drawing.marks);
    page.tags.extend(drawing.tags);
    page.links.extend(drawing.links);
}

fn place(page: &mut Page, block: Block, y: f32) {
    place_at(page, block, 0.0, y);
}

/// Block indexes page by page: the order of the blocks (at most a few cards pulled up one
/// place) and where the pages break, at the least cost.
fn best_order(blocks: &[Block], capacity: f32, min_gap: f32) -> Vec<Vec<usize>> {
    let mut order: Vec<usize> = (0..blocks.len()).collect();
    let (mut cost, mut ends) = breaks(blocks, &order, capacity, min_gap);
    // Pulling a card up ahead of the one before it costs something: the clinician's order
    // matters. It is done only where it saves a page or a blank band.
    const PULL_UP: f32 = 600.0;
    // The first exercise always comes first.
    let first_card = blocks.iter().position(|b| b.kind == Kind::Card).unwrap_or(0);
    for _ in 0..3 {
        let mut best: Option<(f32, Vec<usize>, Vec<usize>)> = None;
        for k in 0..order.len().saturating_sub(1) {
            if order[k] == first_card {
                continue;
            }
            // Single cards only: a compact row keeps its place.
            let single_card = |b: &Block| b.kind == Kind::Card && b.regions.len() == 1;
            if !single_card(&blocks[order[k]]) || !single_card(&blocks[order[k + 1]]) {
                continue;
            }
            let mut swapped = order.clone();
            swapped.swap(k, k + 1);
            let (c, b) = breaks(blocks, &swapped, capacity, min_gap);
            if c + PULL_UP < best.as_ref().map_or(cost, |(bc, _, _)| *bc) {
                best = Some((c + PULL_UP, swapped, b));
            }
        }
        match best {
            Some((c, o, b)) => {
                cost = c;
                order = o;
                ends = b;
            }
            None => break,
        }
    }
    let mut pages = Vec::new();
    let mut start = 0;
    for end in ends {
        pages.push(order[start..end].to_vec());
        start = end;
    }
    pages
}

/// The cheapest page breaks for blocks in `order`: the total cost and where each page ends.
fn breaks(blocks: &[Block], order: &[usize], capacity: f32, min_gap: f32) -> (f32, Vec<usize>) {
    let n = order.len();
    let has_cards = blocks.iter().any(|b| b.kind == Kind::Card);
    // best[i]: the least cost of laying out order[i..]; next[i]: where its first page ends.
    let mut best = vec![f32::INFINITY; n + 1];
    let mut next = vec![n; n + 1];
    best[n] = 0.0;
    for i in (0..n).rev() {
        let mut used_min = 0.0f32;
        let mut used = 0.0f32;
        let (mut cards, mut closing) = (false, false);
        for j in i..n {
            let b = &blocks[order[j]];
            if j > i {
                let prev = &blocks[order[j - 1]];
                used_min += min_gap.min(prev.gap);
                used += prev.gap;
            }
            used_min += b.height;
            used += b.height;
            if used_min > capacity + 1e-3 {
                break;
            }
            cards |= b.kind == Kind::Card;
            closing |= b.kind == Kind::Closing;
            let last = j + 1 == n;
            let mut cost = 1000.0;
            if !last {
                // Spreading the gaps (see `paginate`) takes up some of the band.
                let raw_band = capacity - used.min(capacity) + FOOTER_GAP;
                let spread = (MAX_SPREAD * (j - i) as f32).min((raw_band - MAX_BLANK_BAND).max(0.0));
                let band = raw_band - spread;
                cost += spread * 2.0;
                // A band over the limit costs much (more than pulling a card up to avoid it),
                // and more the taller it is, with its square, so that two half-empty pages are
                // preferred to one empty one.
                if band > MAX_BLANK_BAND {
                    cost += 2000.0 + ((band - MAX_BLANK_BAND) / 10.0).powi(2) * 5.0;
                }
                // A first page of only the header and notes, when there are cards to show.
                if i == 0 && !cards && has_cards {
                    cost += 3000.0;
                }
                // Shrunk gaps are fine, but full gaps are nicer.
                cost += (used - capacity).max(0.0);
            }
            if closing && !cards && has_cards {
                cost += 100_000.0;
            }
            let total = cost + best[j + 1];
            if total < best[i] {
                best[i] = total;
                next[i] = j + 1;
            }
        }
    }
    let mut ends = Vec::new();
    let mut i = 0;
    while i < n {
        ends.push(next[i]);
        i = next[i];
    }
    (best[0], ends)
}

/// For a handout with a block taller than a page: blocks in order, each on the current page if
/// it fits, the tall ones split between their marks.
fn first_fit(ts: &Typesetter, blocks: Vec<Block>, width: f32, height: f32, capacity: f32) -> Vec<Page> {
    let mut pages = vec![Page::new(width, height, ts.sizes.margin)];
    continue_first_fit(ts, &mut pages, ts.sizes.margin, blocks, capacity);
    pages
}

/// Places `blocks` first-fit from `y` on the last of `pages` (see `first_fit`).
pub(crate) fn continue_first_fit(ts: &Typesetter, pages: &mut Vec<Page>, mut y: f32, blocks: Vec<Block>, capacity: f32) {
    let (width, height) = (pages[0].width, pages[0].height);
    let flow_bottom = ts.sizes.margin + capacity;
    for block in blocks {
        // A block that fits a page starts a new one when it does not fit here; one taller than
        // a page is cut from here, unless little room is left.
        let tall = block.height > capacity;
        let room = flow_bottom - y;
        if y > ts.sizes.margin + 0.1 && (if tall { room < MIN_SPLIT_ROOM } else { y + block.height > flow_bottom }) {
            pages.push(Page::new(width, height, ts.sizes.margin));
            y = ts.sizes.margin;
        }
        if block.height > capacity {
            y = place_split(pages, block, y, flow_bottom);
            continue;
        }
        let (h, gap) = (block.height, block.gap);
        place(pages.last_mut().expect("a page exists"), block, y);
        y += h + gap;
    }
}

/// A mark and its tag.
type Tagged = (Mark, Tag);

/// Places a block taller than a page, cutting it between marks. Returns the new flow y.
fn place_split(pages: &mut Vec<Page>, block: Block, mut y: f32, flow_bottom: f32) -> f32 {
    let (width, height, margin) = (pages[0].width, pages[0].height, pages[0].margin);
    let mut rest: Vec<(Mark, Tag)> = block.drawing.marks.into_iter().zip(block.drawing.tags).collect();
    let mut links = block.drawing.links;
    let mut offset = 0.0;
    loop {
        let room = flow_bottom - y;
        // A box that starts on this page (a frame) is cut at its foot; one that starts below
        // (a log checkbox) waits for the next page.
        let (fits, later): (Vec<Tagged>, Vec<Tagged>) = rest.into_iter().partition(|(mark, _)| {
            mark.bounds().bottom() - offset <= room || (matches!(mark, Mark::Box { .. }) && mark.bounds().y - offset < room)
        });
        // Frames (boxes) continue on the next page too.
        let later_boxes: Vec<(Mark, Tag)> =
            fits.iter().filter(|(mark, _)| matches!(mark, Mark::Box { .. }) && mark.bounds().bottom() - offset > room).cloned().collect();
        let (links_here, links_later): (Vec<_>, Vec<_>) = links.into_iter().partition(|l| l.rect.bottom() - offset <= room);
        links = links_later;
        let page = pages.last_mut().expect("a page exists");
        for (mark, tag) in fits {
            page.push(clip_box(mark, offset, room).shifted(0.0, y - offset), tag);
        }
        page.links.extend(links_here.into_iter().map(|l| l.shifted(0.0, y - offset)));
        for (kind, r) in &block.regions {
            page.regions.push(Region { kind: kind.clone(), rect: Rect { x: r.x, y, w: r.w, h: room.min(block.height - offset) } });
        }
        if later.is_empty() {
            return y + block.height - offset + block.gap;
        }
        let next_top = later.iter().map(|(m, _)| m.bounds().y).fold(f32::MAX, f32::min) - 2.0;
        offset = next_top.max(offset + 1.0);
        rest = later_boxes.into_iter().chain(later).collect();
        pages.push(Page::new(width, height, margin));
        y = margin;
    }
}

/// For a split block: boxes (card frames) are cut to the part shown on this page.
fn clip_box(mark: Mark, offset: f32, room: f32) -> Mark {
    match mark {
        Mark::Box { rect, fill, stroke, radius } if rect.bottom() - offset > room || rect.y < offset => {
            // The stroke is centred on the path: keep it inside the part shown.
            let half = stroke.map_or(0.0, |(_, w)| w / 2.0);
            let top = rect.y.max(offset + half);
            let bottom = rect.bottom().min(offset + room - half);
            Mark::Box { rect: Rect { x: rect.x, y: top, w: rect.w, h: (bottom - top).max(0.0) }, fill, stroke, radius }
        }
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn block(height: f32, kind: Kind) -> Block {
        Block::single(RegionKind::Notes, 15.0, 100.0, height, Drawing::default(), 5.0, kind)
    }

    fn pages_of(heights: &[(f32, Kind)], capacity: f32) -> Vec<Vec<usize>> {
        let blocks: Vec<Block> = heights.iter().map(|(h, k)| block(*h, *k)).collect();
        best_order(&blocks, capacity, 3.0)
    }

    #[test]
    fn gaps_shrink_to_fit_one_more_block() {
        use Kind::*;
        // 4 x 60 + 3 gaps of 5 = 255 > 250, but with gaps of 3 it is 249.
        assert_eq!(pages_of(&[(60.0, Card), (60.0, Card), (60.0, Card), (60.0, Card)], 250.0).len(), 1);
    }

    #[test]
    fn the_closing_notes_never_stand_alone() {
        use Kind::*;
        // First fit would leave both closing blocks alone on page 2.
        let p = pages_of(&[(100.0, Card), (120.0, Card), (60.0, Closing), (60.0, Closing)], 250.0);
        assert_eq!(p, [vec![0], vec![1, 2, 3]]);
        let closing_page = p.iter().find(|page| page.contains(&3)).expect("placed");
        assert!(closing_page.iter().any(|&i| i < 2), "{p:?}");
    }

    #[test]
    fn a_card_is_pulled_up_only_when_it_helps() {
        use Kind::*;
        // 190 + 120 does not fit, 190 + 45 does: pulling the short card up saves the band.
        let p = pages_of(&[(190.0, Card), (120.0, Card), (45.0, Card), (100.0, Closing)], 250.0);
        assert_eq!(p[0], [0, 2], "{p:?}");
        // Nothing to gain: the order stays.
        let p = pages_of(&[(100.0, Card), (100.0, Card), (40.0, Card)], 250.0);
        assert_eq!(p, [vec![0, 1, 2]]);
    }
}
