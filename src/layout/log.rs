//! The exercise log: a tick grid, one row per exercise, one column per day.

use crate::fonts::{Weight, PT_TO_MM};
use crate::model::Rgb;

use super::column::Typesetter;
use super::flow::Block;
use super::page::{Mark, Rect, RegionKind};
use super::style::MARGIN;
use super::wording::date;
use super::wrap::Span;

/// The exercise log: a tick grid, one row per exercise, one column per day, in blocks of at
/// most 14 days. The heading goes with the first block; each block is placed whole, so a block
/// is never split mid-row.
pub(crate) fn log(ts: &Typesetter, days: u32) -> Vec<Block> {
    let h = ts.h;
    let l = ts.labels;
    let w = ts.content_w;
    let size = ts.sizes.body;
    let row_h = ts.line_height(size) + 3.0;
    let name_w = (w * 0.36).min(70.0);
    let per_block = 14usize;
    let days = days as usize;
    let mut blocks = Vec::new();
    let mut first = true;
    for block_start in (0..days).step_by(per_block) {
        let n = per_block.min(days - block_start);
        let cell = (w - name_w) / per_block as f32;
        let mut marks = Vec::new();
        let mut col = ts.column(MARGIN, w, 0.0);
        if first {
            col.paragraph(&[Span { weight: Weight::Bold, text: &l.log_heading }], ts.sizes.heading, ts.primary);
            let hint = match h.date {
                Some(d) => {
                    let end = d.plus_days(days as i64 - 1);
                    format!("{} \u{2013} {}. {}", date(l, d), date(l, end), l.log_hint)
                }
                None => l.log_hint.clone(),
            };
            col.paragraph(&[Span { weight: Weight::Regular, text: &hint }], ts.sizes.body, ts.theme.muted);
            col.gap(2.0);
        }
        marks.append(&mut col.marks);
        let mut y = col.y;
        // TextColumn headings: day of the month when the handout is dated, else 1, 2, 3...
        let header_size = (size - 1.5).max(9.0);
        let baseline = y + ts.line_height(header_size) * 0.8;
        let label = ts.fit_line(Weight::Bold, header_size, &l.log_exercise, name_w - 2.0);
        marks.push(Mark::Text(ts.run(MARGIN, baseline, header_size, Weight::Bold, Rgb::TEXT, label)));
        for k in 0..n {
            let day = block_start + k;
            let text = match h.date {
                Some(d) => d.plus_days(day as i64).day.to_string(),
                None => (day + 1).to_string(),
            };
            let tw = ts.fonts.bold.width_mm(&text, header_size);
            marks.push(Mark::Text(ts.run(
                MARGIN + name_w + k as f32 * cell + (cell - tw) / 2.0,
                baseline,
                header_size,
                Weight::Bold,
                Rgb::TEXT,
                text,
            )));
        }
        y += ts.line_height(header_size) + 1.0;
        for (i, e) in h.exercises.iter().enumerate() {
            let name = ts.fit_line(Weight::Regular, size, &format!("{}. {}", i + 1, e.name), name_w - 2.0);
            let baseline = y + (row_h + ts.fonts.regular.ascender * size * PT_TO_MM * 0.75) / 2.0;
            marks.push(Mark::Line { from: (MARGIN, y), to: (MARGIN + name_w + n as f32 * cell, y), color: ts.theme.rule, width: 0.25 });
            marks.push(Mark::Text(ts.run(MARGIN, baseline, size, Weight::Regular, Rgb::TEXT, name)));
            let boxw = (cell - 2.0).min(row_h - 2.5);
            for k in 0..n {
                let bx = MARGIN + name_w + k as f32 * cell + (cell - boxw) / 2.0;
                marks.push(Mark::Box {
                    rect: Rect { x: bx, y: y + (row_h - boxw) / 2.0, w: boxw, h: boxw },
                    fill: None,
                    stroke: Some((ts.theme.muted, 0.3)),
                    radius: 0.6,
                });
            }
            y += row_h;
        }
        marks.push(Mark::Line { from: (MARGIN, y), to: (MARGIN + name_w + n as f32 * cell, y), color: ts.theme.rule, width: 0.25 });
        blocks.push(Block::single(RegionKind::Log, MARGIN, w, y + 0.5, marks, 5.0));
        first = false;
    }
    blocks
}
