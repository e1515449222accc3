//! The footer on every page, at the smallest size (10 pt or more): the patient and the title
//! with "Page N of M", then the clinic's name and phone with its own footer text, on at most
//! two lines. The phone number is never dropped; when the clinic's text cannot fit, it is
//! shortened and a warning points at `footer:` in the brand file.

use crate::error::Warning;
use crate::fonts::Weight;
use crate::model::Rgb;

use super::column::Typesetter;
use super::page::{Mark, Page, Rect, Region, RegionKind, Tag};
use super::wording::page_label;
use super::wrap::{wrap, Span};

/// The clinic's lines of the footer, at most two, and whether its text had to be shortened.
pub(crate) fn clinic_lines(ts: &Typesetter) -> (Vec<String>, bool) {
    let b = &ts.h.brand;
    let size = ts.sizes.small;
    let sep = "  \u{00B7}  ";
    // The phone number never breaks across lines.
    let phone = b.phone.as_ref().map(|p| p.replace(' ', "\u{a0}"));
    let contact = [b.name.clone(), phone.clone()].into_iter().flatten().collect::<Vec<_>>().join(sep);
    let lines_of = |text: &str| -> Vec<String> {
        wrap(ts.fonts, size, &[Span { weight: Weight::Regular, text }], ts.content_w)
            .into_iter()
            .map(|line| line.into_iter().map(|(_, t)| t).collect::<String>())
            .collect()
    };
    let joined = |footer: Option<&str>| match footer {
        Some(f) if !contact.is_empty() => format!("{contact}{sep}{f}"),
        Some(f) => f.to_string(),
        None => contact.clone(),
    };
    let footer = b.footer.as_deref().map(str::trim).filter(|f| !f.is_empty());
    if footer.is_none() && b.name.is_none() && b.phone.is_none() {
        return (Vec::new(), false);
    }
    let lines = lines_of(&joined(footer));
    if lines.len() == 2 {
        // Two lines: the clinic's name and phone on one, its own text on the other, when each
        // fits, rather than a line broken anywhere (and a word left alone under it).
        if let Some(f) = footer.filter(|_| !contact.is_empty()) {
            let (a, b) = (lines_of(&contact), lines_of(f));
            if a.len() == 1 && b.len() == 1 {
                return (vec![a[0].clone(), b[0].clone()], false);
            }
        }
    }
    if lines.len() <= 2 {
        return (lines, false);
    }
    // Too long: shorten the clinic's own text, keeping its name and phone whole.
    let mut text: Vec<char> = footer.unwrap_or_default().chars().collect();
    while !text.is_empty() {
        text.pop();
        let shortened = format!("{}\u{2026}", text.iter().collect::<String>().trim_end());
        let lines = lines_of(&joined(Some(&shortened)));
        if lines.len() <= 2 {
            return (lines, true);
        }
    }
    // The name and phone alone do not fit two lines: shorten the name.
    let name = ts.fit_line(Weight::Regular, size, b.name.as_deref().unwrap_or_default(), ts.content_w);
    (vec![name, phone.unwrap_or_default()].into_iter().filter(|s| !s.is_empty()).collect(), true)
}

/// The warning for a clinic footer too long for two lines.
pub(crate) fn footer_warning(ts: &Typesetter) -> Option<Warning> {
    let (_, shortened) = clinic_lines(ts);
    shortened.then(|| {
        Warning::new("the clinic's `footer:` text is too long for the two footer lines and is shortened on the page; keep it to about 100 characters")
            .at(ts.h.brand.footer_at.clone())
    })
}

pub(crate) fn footer_height(ts: &Typesetter) -> f32 {
    let lines = 1 + clinic_lines(ts).0.len();
    lines as f32 * ts.line_height(ts.sizes.small) + 2.0
}

pub(crate) fn footer(page: &mut Page, ts: &Typesetter, n: usize, total: usize) {
    let h = ts.h;
    let small = ts.sizes.small;
    let fh = footer_height(ts);
    let top = page.height - ts.sizes.margin - fh;
    page.push(
        Mark::Line { from: (ts.sizes.margin, top), to: (ts.sizes.margin + ts.content_w, top), color: ts.theme.rule, width: 0.3 },
        Tag::Pagination,
    );
    let lh = ts.line_height(small);
    let mut baseline = top + 2.0 + ts.ascent(Weight::Regular, small);
    let label = page_label(ts.labels, n, total);
    let label_w = ts.width(Weight::Bold, small, &label);
    let who = match &h.patient {
        Some(p) => format!("{p}  \u{00B7}  {}", h.title),
        None => h.title.clone(),
    };
    let who = ts.fit_line(Weight::Regular, small, &who, ts.content_w - label_w - 6.0);
    page.push(Mark::Text(ts.run(ts.sizes.margin, baseline, small, Weight::Regular, Rgb::TEXT, who)), Tag::Pagination);
    page.push(
        Mark::Text(ts.run(ts.sizes.margin + ts.content_w - label_w, baseline, small, Weight::Bold, Rgb::TEXT, label)),
        Tag::Pagination,
    );
    for line in clinic_lines(ts).0 {
        baseline += lh;
        page.push(Mark::Text(ts.run(ts.sizes.margin, baseline, small, Weight::Regular, Rgb::TEXT, line)), Tag::Pagination);
    }
    page.regions.push(Region { kind: RegionKind::Footer, rect: Rect { x: ts.sizes.margin, y: top, w: ts.content_w, h: fh } });
}
