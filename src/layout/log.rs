//! The exercise log: a tick grid, one row per exercise, one column per day.

use crate::fonts::{Weight, PT_TO_MM};
use crate::model::Rgb;

use super::column::{Drawing, Typesetter};
use super::flow::{Block, Kind};
use super::page::{Mark, Rect, RegionKind, Role, Structure, Tag};
use super::wording::date;
use super::wrap::Span;

/// The exercise log, in blocks of at most 14 days. The heading goes with the first block; each
/// block is placed whole, so a block is never split mid-row. For the tagged PDF each block is a
/// table: a header row of day columns, then one row per exercise headed by its name.
pub(crate) fn log(ts: &Typesetter, days: u32) -> Vec<Block> {
    let h = ts.h;
    let l = ts.labels;
    let w = ts.content_w;
    let size = ts.sizes.body;
    let row_h = ts.line_height(size) + 3.0;
    let name_w = (w * 0.36).min(70.0);
    let per_block = 14usize;
    let days = days as usize;
    let sect = ts.node(Structure::ROOT, Role::Sect);
    let mut blocks = Vec::new();
    let mut first = true;
    for block_start in (0..days).step_by(per_block) {
        let n = per_block.min(days - block_start);
        let cell = (w - name_w) / per_block as f32;
        let mut d = Drawing::default();
        let mut y = 0.0;
        if first {
            let heading = ts.node(sect, Role::H2);
            let mut col = ts.column(ts.sizes.margin, w, 0.0, Tag::Node(heading));
            col.paragraph(&[Span { weight: Weight::Bold, text: &l.log_heading }], ts.sizes.heading, ts.primary);
            let hint = match h.date {
                Some(d) => {
                    let end = d.plus_days(days as i64 - 1);
                    format!("{} \u{2013} {}. {}", date(l, d), date(l, end), l.log_hint)
                }
                None => l.log_hint.clone(),
            };
            col.tag = Tag::Node(ts.node(sect, Role::P));
            col.paragraph(&[Span { weight: Weight::Regular, text: &hint }], ts.sizes.body, ts.theme.muted);
            col.gap(2.0);
            y = col.y;
            d.append(col.into_drawing());
        }
        let table = ts.node(sect, Role::Table);
        // Column headings: day of the month when the handout is dated, else 1, 2, 3...
        let header_row = ts.node(table, Role::TR);
        let header_size = (size - 1.5).max(ts.sizes.small);
        let baseline = y + ts.line_height(header_size) * 0.8;
        let label = ts.fit_line(Weight::Bold, header_size, &l.log_exercise, name_w - 2.0);
        let corner = ts.node(header_row, Role::TH { column: true });
        d.push(Mark::Text(ts.run(ts.sizes.margin, baseline, header_size, Weight::Bold, Rgb::TEXT, label)), Tag::Node(corner));
        for k in 0..n {
            let day = block_start + k;
            let text = match h.date {
                Some(d) => d.plus_days(day as i64).day.to_string(),
                None => (day + 1).to_string(),
            };
            let tw = ts.width(Weight::Bold, header_size, &text);
            let th = ts.node(header_row, Role::TH { column: true });
            let run = ts.run(
                ts.sizes.margin + name_w + k as f32 * cell + (cell - tw) / 2.0,
                baseline,
                header_size,
                Weight::Bold,
                Rgb::TEXT,
                text,
            );
            d.push(Mark::Text(run), Tag::Node(th));
        }
        y += ts.line_height(header_size) + 1.0;
        for (i, e) in h.exercises.iter().enumerate() {
            let row = ts.node(table, Role::TR);
            let name_cell = ts.node(row, Role::TH { column: false });
            let name = ts.fit_line(Weight::Regular, size, &format!("{}. {}", i + 1, e.name), name_w - 2.0);
            let baseline = y + (row_h + ts.fonts.regular.ascender * size * PT_TO_MM * 0.75) / 2.0;
            d.push(
                Mark::Line {
                    from: (ts.sizes.margin, y),
                    to: (ts.sizes.margin + name_w + n as f32 * cell, y),
                    color: ts.theme.rule,
                    width: 0.25,
                },
                Tag::Artifact,
            );
            d.push(Mark::Text(ts.run(ts.sizes.margin, baseline, size, Weight::Regular, Rgb::TEXT, name)), Tag::Node(name_cell));
            let boxw = (cell - 2.0).min(row_h - 2.5);
            for k in 0..n {
                // Each day is an empty cell to tick; its box is decoration.
                ts.node(row, Role::TD);
                let bx = ts.sizes.margin + name_w + k as f32 * cell + (cell - boxw) / 2.0;
                d.push(
                    Mark::Box {
                        rect: Rect { x: bx, y: y + (row_h - boxw) / 2.0, w: boxw, h: boxw },
                        fill: None,
                        stroke: Some((ts.theme.muted, 0.3)),
                        radius: 0.6,
                    },
                    Tag::Artifact,
                );
            }
            y += row_h;
        }
        d.push(
            Mark::Line {
                from: (ts.sizes.margin, y),
                to: (ts.sizes.margin + name_w + n as f32 * cell, y),
                color: ts.theme.rule,
                width: 0.25,
            },
            Tag::Artifact,
        );
        blocks.push(Block::single(RegionKind::Log, ts.sizes.margin, w, y + 0.5, d, ts.sizes.gap, Kind::Other));
        first = false;
    }
    blocks
}
