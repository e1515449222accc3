//! The footer on every page: the clinic's footer line and contact details, "Page N of M".

use crate::fonts::{Weight, PT_TO_MM};

use super::column::Typesetter;
use super::page::{Mark, Page, Rect, Region, RegionKind};
use super::style::MARGIN;
use super::wording::{page_label, short_link};

pub(crate) fn footer_height(ts: &Typesetter) -> f32 {
    let lines = 1 + usize::from(ts.h.brand.footer.is_some());
    lines as f32 * ts.line_height(ts.sizes.small) + 2.5
}

pub(crate) fn footer(page: &mut Page, ts: &Typesetter, n: usize, total: usize) {
    let b = &ts.h.brand;
    let small = ts.sizes.small;
    let fh = footer_height(ts);
    let top = page.height - MARGIN - fh;
    page.marks.push(Mark::Line { from: (MARGIN, top), to: (MARGIN + ts.content_w, top), color: ts.theme.rule, width: 0.3 });
    let lh = ts.line_height(small);
    let asc = ts.fonts.regular.ascender * small * PT_TO_MM;
    let mut baseline = top + 2.5 + asc;
    let page_label = page_label(ts.labels, n, total);
    let label_w = ts.fonts.bold.width_mm(&page_label, small);
    if let Some(f) = &b.footer {
        let line = ts.fit_line(Weight::Regular, small, f, ts.content_w - label_w - 6.0);
        page.marks.push(Mark::Text(ts.run(MARGIN, baseline, small, Weight::Regular, ts.theme.muted, line)));
        baseline += lh;
    }
    let website = b.website.as_deref().map(short_link);
    let contact: Vec<&str> = [b.name.as_deref(), b.phone.as_deref(), website.as_deref()].into_iter().flatten().collect();
    if !contact.is_empty() {
        let line = ts.fit_line(Weight::Regular, small, &contact.join("  \u{00B7}  "), ts.content_w - label_w - 6.0);
        page.marks.push(Mark::Text(ts.run(MARGIN, baseline, small, Weight::Regular, ts.theme.muted, line)));
    }
    page.marks.push(Mark::Text(ts.run(MARGIN + ts.content_w - label_w, baseline, small, Weight::Bold, ts.theme.muted, page_label)));
    page.regions.push(Region { kind: RegionKind::Footer, rect: Rect { x: MARGIN, y: top, w: ts.content_w, h: fh } });
}
