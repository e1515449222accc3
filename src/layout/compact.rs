//! The compact layout's flow: cards two abreast. Each card goes into whichever column is
//! shorter (the left one when they are level), so they read left to right and top to bottom in
//! order, like rows, and a tall card leaves no hole beside a short one. Where that saves a page
//! or a tall blank band, the cards go down the left column and then down the right instead, as
//! in a newspaper, and the safety note may end the left column of the last page. The header and
//! notes go across the top of page 1. The safety note and "When to seek help" go down the
//! columns after the last card, or across the page below them, whichever costs less. Page
//! breaks are chosen over the whole handout with the rules of `flow`: fewest pages, no page but
//! the last with a blank band over `MAX_BLANK_BAND` (the band is under the taller column), the
//! closing boxes never without a card. Cards are never split: a card taller than a page sends
//! the handout to the row flow, which can split it.

use super::column::Typesetter;
use super::flow::{capacity, place_at, Block, Kind, FOOTER_GAP, MAX_BLANK_BAND};
use super::page::Page;

/// Space between the two columns, mm.
pub const COLUMN_GAP: f32 = 4.0;

/// The most room added to one gap of a page that would otherwise end in a tall blank band. A
/// little more than the row flow's: a page of two columns has fewer gaps to spread it over (page
/// 1 of a long program holds one card in each column, under the header and the notes).
const MAX_SPREAD: f32 = 16.0;

/// The compact flow's pages and where the flow ends on the last one (the log continues there),
/// or `top` back when a block is too tall for a column and the row flow must take the handout.
///
/// `top` goes across page 1; `cards` are laid out at the left column's x, a column wide;
/// `closing` holds the safety note and "When to seek help" twice: laid out for a column (first)
/// and across the page (second). Returns which of the two was used (0 or 1).
pub(crate) fn paginate(
    ts: &Typesetter,
    top: Vec<Block>,
    cards: Vec<Block>,
    closing: [Vec<Block>; 2],
    width: f32,
    height: f32,
) -> Result<(Vec<Page>, f32, usize), Vec<Block>> {
    let cap = capacity(ts, height);
    let top_h: f32 = top.iter().map(|b| b.height + b.gap).sum();
    let dx = (ts.content_w - COLUMN_GAP) / 2.0 + COLUMN_GAP;
    let params = Params { cap, first: cap - top_h, top: top.len(), gap: ts.sizes.gap, min_gap: ts.sizes.min_gap };
    if cards.is_empty() || params.first < 0.0 {
        return Err(top);
    }
    // The closing boxes down the columns, or across the page under them.
    let [in_columns, across] = closing;
    let across_h: f32 = across.iter().map(|b| b.height + b.gap).sum();
    let with_closing: Vec<(f32, Kind)> = cards.iter().chain(&in_columns).map(|b| (b.height, b.kind)).collect();
    if with_closing.iter().any(|(h, _)| *h > cap) {
        return Err(top);
    }
    let cards_only = &with_closing[..cards.len()];
    // Across the page reads better (and shows the warning list in two columns): it wins a tie.
    // So does each card into the shorter column, which reads like rows.
    let mut best: Option<(f32, usize, Pages)> = None;
    for (order, extra) in [(Order::Shorter, 0.0), (Order::Columns, COLUMNS_COST)] {
        for (chosen, (cost, pages)) in [(1, plan(cards_only, &params, across_h, order)), (0, plan(&with_closing, &params, 0.0, order))] {
            if cost.is_finite() && best.as_ref().is_none_or(|b| cost + extra < b.0) {
                best = Some((cost + extra, chosen, pages));
            }
        }
    }
    let Some((_, chosen, pages_plan)) = best else { return Err(top) };
    let (items, below): (Vec<Block>, Vec<Block>) = match chosen {
        0 => (cards.into_iter().chain(in_columns).collect(), Vec::new()),
        _ => (cards, across),
    };

    let below_h: f32 = below.iter().map(|b| b.height + b.gap).sum();
    let mut slots: Vec<Option<Block>> = items.into_iter().map(Some).collect();
    let mut top = top.into_iter();
    let mut pages = Vec::new();
    let count = pages_plan.len();
    let mut end_y = ts.sizes.margin;
    for (n, page_plan) in pages_plan.into_iter().enumerate() {
        let mut page = Page::new(width, height, ts.sizes.margin);
        let last = n + 1 == count;
        let avail = if n == 0 { params.first } else { cap };
        let heights: Vec<f32> = page_plan.iter().map(|&(i, _)| slots[i].as_ref().map_or(0.0, |b| b.height)).collect();
        let (_, cols) = stack(&page_plan, &heights, [params.gap; 2]);
        let counts = column_counts(&page_plan);
        // A page that is not the last and still ends in a tall blank band spreads the room
        // between its blocks a little, as `flow` does.
        let band = avail - cols[0].max(cols[1]) + FOOTER_GAP;
        let chain = if n == 0 { params.top } else { 0 } + counts[0].max(counts[1]).saturating_sub(1);
        let spread =
            if !last && band > MAX_BLANK_BAND && chain > 0 { ((band - MAX_BLANK_BAND + 1.0) / chain as f32).min(MAX_SPREAD) } else { 0.0 };
        let mut y = ts.sizes.margin;
        if n == 0 {
            for block in top.by_ref() {
                let (h, gap) = (block.height, block.gap);
                place_at(&mut page, block, 0.0, y);
                y += h + gap + spread;
            }
        }
        let room = avail - if last { below_h } else { 0.0 };
        // The gaps of a column shrink (never below `min_gap`) when it only fits that way.
        let squeeze = [0, 1].map(|c| {
            let gaps = counts[c].saturating_sub(1).max(1) as f32;
            ((cols[c] - room) / gaps).clamp(0.0, params.gap - params.min_gap)
        });
        // Where each block goes, from the top of the columns.
        let (mut tops, bottoms) = stack(&page_plan, &heights, squeeze.map(|s| params.gap - s));
        // The spread inside the columns stretches every block's top by one factor, so no block
        // moves above one that came before it: the lowest foot goes down by `extra` at most.
        let extra = spread * counts[0].max(counts[1]).saturating_sub(1) as f32;
        if extra > 0.0 {
            let target = bottoms[0].max(bottoms[1]) + extra;
            let stretch =
                tops.iter().zip(&heights).filter(|(&t, _)| t > 0.0).map(|(&t, &h)| (target - h) / t).fold(f32::INFINITY, f32::min);
            if stretch.is_finite() && stretch > 1.0 {
                tops.iter_mut().for_each(|t| *t *= stretch);
            }
        }
        // Placed in reading order, so the page's content is in that order too.
        let mut bottoms = [y; 2];
        for (&(i, c), t) in page_plan.iter().zip(tops) {
            let block = slots[i].take().expect("each block is placed once");
            let h = block.height;
            place_at(&mut page, block, if c == 1 { dx } else { 0.0 }, y + t);
            bottoms[c] = bottoms[c].max(y + t + h);
        }
        end_y = bottoms[0].max(bottoms[1]) + params.gap;
        pages.push(page);
    }
    let last = pages.last_mut().expect("a page");
    for block in below {
        let (h, gap) = (block.height, block.gap);
        place_at(last, block, 0.0, end_y);
        end_y += h + gap;
    }
    Ok((pages, end_y, chosen))
}

/// What the page-breaking needs to know.
struct Params {
    /// The flow's height on a page, and on page 1 below the blocks across its top.
    cap: f32,
    first: f32,
    /// How many blocks go across the top of page 1.
    top: usize,
    gap: f32,
    min_gap: f32,
}

/// The blocks of a page whose blocks (index, column) are `plan`, `heights` tall, stacked in
/// their columns with `gaps` (per column) between them: each block's top and the columns'
/// heights.
fn stack(plan: &[(usize, usize)], heights: &[f32], gaps: [f32; 2]) -> (Vec<f32>, [f32; 2]) {
    let mut cols = [0.0f32; 2];
    let mut started = [false; 2];
    let mut tops = Vec::with_capacity(plan.len());
    for (&(_, c), h) in plan.iter().zip(heights) {
        if started[c] {
            cols[c] += gaps[c];
        }
        tops.push(cols[c]);
        cols[c] += h;
        started[c] = true;
    }
    (tops, cols)
}

fn column_counts(plan: &[(usize, usize)]) -> [usize; 2] {
    let mut counts = [0; 2];
    for &(_, c) in plan {
        counts[c] += 1;
    }
    counts
}

/// Page by page, each block's index and column (0 left, 1 right), in reading order.
type Pages = Vec<Vec<(usize, usize)>>;

/// How the cards of a page are shared between its columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Order {
    /// Each card into the shorter column: they read left to right, top to bottom, like rows.
    Shorter,
    /// Down the left column, then down the right, as in a newspaper; the closing boxes may end
    /// either column of the last page. Used only where it saves a page or a blank band.
    Columns,
}

/// What `Order::Columns` costs over `Order::Shorter`: less than a page or a tall band.
const COLUMNS_COST: f32 = 300.0;

/// The cheapest pages for blocks of `heights` (in order): the cost (infinite when they cannot
/// be placed) and, page by page, each block's index and column. `reserve` is kept free under
/// the columns of the last page.
fn plan(heights: &[(f32, Kind)], p: &Params, reserve: f32, order: Order) -> (f32, Pages) {
    let n = heights.len();
    let pages_from = |i, avail, chain| match order {
        Order::Shorter => pages_from(heights, i, avail, chain, p, reserve),
        Order::Columns => pages_by_columns(heights, i, avail, chain, p, reserve),
    };
    // best[i]: the least cost of the blocks from i on, from the top of a page after page 1;
    // next[i]: that page's end and columns.
    let mut best = vec![f32::INFINITY; n + 1];
    let mut next: Vec<(usize, Vec<usize>)> = vec![(n, Vec::new()); n + 1];
    best[n] = 0.0;
    for i in (0..n).rev() {
        for (j, cols, cost) in pages_from(i, p.cap, 0) {
            if cost + best[j] < best[i] {
                best[i] = cost + best[j];
                next[i] = (j, cols);
            }
        }
    }
    // Page 1, under the blocks across its top: some cards, or none at a cost.
    let mut first = (1000.0 + 3000.0 + band_cost(p.first, 0.0, p.top) + best[0], 0, Vec::new());
    for (j, cols, cost) in pages_from(0, p.first, p.top) {
        if cost + best[j] < first.0 {
            first = (cost + best[j], j, cols);
        }
    }
    let (total, mut i, cols) = first;
    if !total.is_finite() {
        return (total, Vec::new());
    }
    let mut pages = vec![(0..i).zip(cols).collect::<Vec<_>>()];
    while i < n {
        let (end, cols) = &next[i];
        pages.push((i..*end).zip(cols.iter().copied()).collect());
        i = *end;
    }
    (total, pages)
}

/// The pages that can start with block `i` with `avail` mm for the columns (`chain`: the gaps
/// above them that may spread): for each, where it ends, each block's column, and its cost.
/// The columns fill greedily (each block into the shorter one); every prefix is a candidate.
fn pages_from(heights: &[(f32, Kind)], i: usize, avail: f32, chain: usize, p: &Params, reserve: f32) -> Vec<(usize, Vec<usize>, f32)> {
    let n = heights.len();
    let mut out = Vec::new();
    // Whether the blocks fit is judged with the smallest gaps; the cost, with the natural ones.
    let mut tight = [0.0f32; 2];
    let mut natural = [0.0f32; 2];
    let mut count = [0usize; 2];
    let mut cols = Vec::new();
    let (mut cards, mut closing) = (false, false);
    for (j, &(h, kind)) in heights.iter().enumerate().skip(i) {
        // The closing boxes stay together in one column.
        let follows_closing = kind == Kind::Closing && j > i && heights[j - 1].1 == Kind::Closing;
        let c = match cols.last() {
            Some(&c) if follows_closing => c,
            _ if tight[0] <= tight[1] => 0,
            _ => 1,
        };
        let (gap_min, gap) = if count[c] > 0 { (p.min_gap, p.gap) } else { (0.0, 0.0) };
        if tight[c] + gap_min + h > avail + 1e-3 {
            break;
        }
        tight[c] += gap_min + h;
        natural[c] += gap + h;
        count[c] += 1;
        cols.push(c);
        cards |= kind == Kind::Card;
        closing |= kind == Kind::Closing;
        let last = j + 1 == n;
        if last && tight[0].max(tight[1]) + reserve > avail + 1e-3 {
            continue;
        }
        out.push((j + 1, cols.clone(), page_cost(natural, count, avail, chain, last, cards, closing)));
    }
    out
}

/// The pages that can start with block `i` in `Order::Columns` (arguments as `pages_from`): the
/// cards split between the left and right column at every point, and on the last page the
/// closing boxes under the left column's cards, the right's, or the first under the left and
/// the second under the right.
fn pages_by_columns(
    heights: &[(f32, Kind)],
    i: usize,
    avail: f32,
    chain: usize,
    p: &Params,
    reserve: f32,
) -> Vec<(usize, Vec<usize>, f32)> {
    let n = heights.len();
    let cards_end = heights.iter().position(|(_, k)| *k == Kind::Closing).unwrap_or(n);
    let fits = |blocks: &[(f32, Kind)]| -> Option<(f32, f32)> {
        // The column's height with the smallest gaps (whether it fits) and the natural ones.
        let h: f32 = blocks.iter().map(|b| b.0).sum();
        let gaps = blocks.len().saturating_sub(1) as f32;
        (h + gaps * p.min_gap <= avail + 1e-3).then_some((h + gaps * p.min_gap, h + gaps * p.gap))
    };
    let mut out = Vec::new();
    if i >= cards_end {
        // Only closing boxes are left: one column (this page can only be a costly one).
        for j in i + 1..=n {
            if let Some((t, nat)) = fits(&heights[i..j]) {
                if j < n || t + reserve <= avail + 1e-3 {
                    out.push((j, vec![0; j - i], page_cost([nat, 0.0], [j - i, 0], avail, chain, j == n, false, true)));
                }
            }
        }
        return out;
    }
    for j in i + 1..=cards_end {
        // More than two columns' worth: no later end fits either.
        if heights[i..j].iter().map(|b| b.0).sum::<f32>() > 2.0 * avail {
            break;
        }
        for k in i + 1..=j {
            // A left column that does not fit only grows with k.
            let Some(left) = fits(&heights[i..k]) else { break };
            let Some(right) = fits(&heights[k..j]) else { continue };
            let count = [k - i, j - k];
            let mut cols: Vec<usize> = (i..j).map(|x| usize::from(x >= k)).collect();
            let last = j == n;
            if !last || left.0.max(right.0) + reserve <= avail + 1e-3 {
                out.push((j, cols.clone(), page_cost([left.1, right.1], count, avail, chain, last, true, false)));
            }
            if j < cards_end || cards_end == n {
                continue;
            }
            // The last cards: the closing boxes under them, the first `q` under the left column.
            let closing = &heights[cards_end..];
            for q in 0..=closing.len() {
                let l: Vec<(f32, Kind)> = heights[i..k].iter().chain(&closing[..q]).copied().collect();
                let r: Vec<(f32, Kind)> = heights[k..j].iter().chain(&closing[q..]).copied().collect();
                let (Some(left), Some(right)) = (fits(&l), fits(&r)) else { continue };
                cols.truncate(j - i);
                cols.extend((0..closing.len()).map(|x| usize::from(x >= q)));
                let count = [l.len(), r.len()];
                out.push((n, cols.clone(), page_cost([left.1, right.1], count, avail, chain, true, true, true)));
            }
        }
    }
    out
}

/// The cost of a page: 1,000, and when it is not the last, its blank band (see `band_cost`),
/// the hole under its shorter column and any squeezed gaps; much more for closing boxes
/// without a card. `natural`: the columns' heights with full gaps, `count`: their blocks.
fn page_cost(natural: [f32; 2], count: [usize; 2], avail: f32, chain: usize, last: bool, cards: bool, closing: bool) -> f32 {
    let mut cost = 1000.0;
    if !last {
        let used = natural[0].max(natural[1]).min(avail);
        cost += band_cost(avail, used, chain + count[0].max(count[1]).saturating_sub(1));
        // A column much shorter than the other leaves a hole: a little cost. An empty column
        // before the last page costs as much as a tall band.
        cost += (natural[0] - natural[1]).abs() * 0.5;
        if count.contains(&0) {
            cost += 2500.0;
        }
        // Squeezed gaps are fine, full gaps are nicer.
        cost += (natural[0].max(natural[1]) - avail).max(0.0);
    }
    if closing && !cards {
        cost += 100_000.0;
    }
    cost
}

/// The cost of a page (not the last) whose taller column is `used` mm of `avail`, with `chain`
/// gaps that may be spread: as in `flow`, a band over the limit costs much, and more the taller
/// it is.
fn band_cost(avail: f32, used: f32, chain: usize) -> f32 {
    let raw = avail - used + FOOTER_GAP;
    let spread = (MAX_SPREAD * chain as f32).min((raw - MAX_BLANK_BAND).max(0.0));
    let band = raw - spread;
    let mut cost = spread * 2.0;
    if band > MAX_BLANK_BAND {
        cost += 2000.0 + ((band - MAX_BLANK_BAND) / 10.0).powi(2) * 5.0;
    }
    cost
}

#[cfg(test)]
mod tests {
    use super::*;

    const P: Params = Params { cap: 250.0, first: 190.0, top: 2, gap: 4.0, min_gap: 2.5 };

    fn cards(heights: &[f32]) -> Vec<(f32, Kind)> {
        heights.iter().map(|&h| (h, Kind::Card)).collect()
    }

    #[test]
    fn each_card_goes_into_the_shorter_column() {
        // 1 left, 2 right, 3 under the shorter (2), 4 under 1.
        let (_, pages) = plan(&cards(&[100.0, 60.0, 80.0, 70.0]), &P, 0.0, Order::Shorter);
        assert_eq!(pages, [vec![(0, 0), (1, 1), (2, 1), (3, 0)]]);
    }

    #[test]
    fn the_closing_boxes_stay_in_one_column_and_never_alone() {
        let mut items = cards(&[120.0, 120.0, 120.0, 120.0]);
        items.extend([(40.0, Kind::Closing), (110.0, Kind::Closing)]);
        let (cost, pages) = plan(&items, &P, 0.0, Order::Shorter);
        assert!(cost.is_finite());
        let last = pages.last().expect("pages");
        assert!(last.iter().any(|&(i, _)| i < 4), "a card shares the page with the closing boxes: {pages:?}");
        let cols: Vec<usize> = last.iter().filter(|&&(i, _)| i >= 4).map(|&(_, c)| c).collect();
        assert_eq!(cols.len(), 2);
        assert_eq!(cols[0], cols[1], "{pages:?}");
    }

    #[test]
    fn room_is_kept_under_the_last_cards_for_what_goes_across() {
        // Two 100 mm cards fit page 1 (190 mm) side by side, but not with 120 mm under them.
        let items = cards(&[100.0, 100.0]);
        assert_eq!(plan(&items, &P, 0.0, Order::Shorter).1.len(), 1);
        let (_, pages) = plan(&items, &P, 120.0, Order::Shorter);
        assert_eq!(pages.len(), 2, "{pages:?}");
        assert!(pages[1].iter().any(|&(i, _)| i == 1));
    }

    #[test]
    fn by_columns_the_closing_boxes_may_end_both_columns() {
        // Card by card into the shorter column, three cards and the closing boxes do not fit one
        // page; down the columns, with the safety note under card 2 and "When to seek help"
        // under card 3, they do.
        let p = Params { first: 250.0, ..P };
        let mut items = cards(&[100.0, 100.0, 100.0]);
        items.extend([(40.0, Kind::Closing), (120.0, Kind::Closing)]);
        let (_, shorter) = plan(&items, &p, 0.0, Order::Shorter);
        assert_eq!(shorter.len(), 2, "{shorter:?}");
        let (_, columns) = plan(&items, &p, 0.0, Order::Columns);
        assert_eq!(columns, [vec![(0, 0), (1, 0), (2, 1), (3, 0), (4, 1)]]);
    }
}
