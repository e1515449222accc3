//! Layout geometry through the library API: nothing leaves the printable area, nothing
//! overlaps, cards are not split, pages are numbered.

use std::fmt::Write as _;

use handout::layout::{self, Mark, Page, Rect, RegionKind, TextRun, MARGIN};
use handout::model::Handout;

use crate::common::{example, resolve_text as resolve};

fn texts(page: &Page) -> impl Iterator<Item = &TextRun> {
    page.marks.iter().filter_map(|i| match i {
        Mark::Text(t) => Some(t),
        _ => None,
    })
}

fn card_regions(pages: &[Page], index: usize) -> Vec<(usize, Rect)> {
    pages
        .iter()
        .enumerate()
        .flat_map(|(p, page)| page.regions.iter().filter(move |b| b.kind == RegionKind::Card(index)).map(move |b| (p, b.rect)))
        .collect()
}

/// Everything the layout promises, for any handout. Returns the pages for further checks.
#[track_caller]
fn check(h: &Handout) -> Vec<Page> {
    let pages = layout::layout(h).pages;
    assert!(!pages.is_empty());
    let (pw, ph) = h.paper.size_mm();
    let total = pages.len();
    for (n, page) in pages.iter().enumerate() {
        let at = format!("page {} of {total}", n + 1);
        assert_eq!((page.width, page.height), (pw, ph), "{at}");
        let printable = page.printable();
        assert_eq!(printable, Rect { x: MARGIN, y: MARGIN, w: pw - 2.0 * MARGIN, h: ph - 2.0 * MARGIN });
        assert!((MARGIN - 15.0).abs() < f32::EPSILON);

        // Inside the margins.
        for item in &page.marks {
            let b = item.bounds();
            assert!(printable.contains(&b), "{at}: item outside the printable area {printable:?}: {b:?}\n{item:?}");
        }
        // Blocks do not overlap each other.
        for (i, a) in page.regions.iter().enumerate() {
            assert!(printable.contains(&a.rect), "{at}: block {:?} outside the printable area: {:?}", a.kind, a.rect);
            for b in &page.regions[i + 1..] {
                assert!(!a.rect.overlaps(&b.rect), "{at}: {:?} {:?} overlaps {:?} {:?}", a.kind, a.rect, b.kind, b.rect);
            }
        }
        // Text runs do not overlap each other.
        let runs: Vec<&TextRun> = texts(page).collect();
        for (i, a) in runs.iter().enumerate() {
            assert!(a.width > 0.0 || a.text.trim().is_empty(), "{at}: a run without width: {a:?}");
            for b in &runs[i + 1..] {
                assert!(!a.bounds().overlaps(&b.bounds()), "{at}: text `{}` overlaps `{}`", a.text, b.text);
            }
        }
        // A text run that starts in a card, the notes or the seek-help box stays inside it.
        for block in page.regions.iter().filter(|b| !matches!(b.kind, RegionKind::Footer | RegionKind::Header)) {
            for t in &runs {
                let b = t.bounds();
                let starts_inside =
                    b.x >= block.rect.x && b.x < block.rect.right() && t.baseline > block.rect.y && t.baseline < block.rect.bottom();
                if starts_inside {
                    assert!(block.rect.contains(&b), "{at}: `{}` {b:?} leaves its block {:?} {:?}", t.text, block.kind, block.rect);
                }
            }
        }
        // Page N of M.
        let label = format!("Page {} of {total}", n + 1);
        assert_eq!(runs.iter().filter(|t| t.text == label).count(), 1, "{at}: no `{label}`");
        assert_eq!(page.regions.iter().filter(|b| b.kind == RegionKind::Footer).count(), 1, "{at}: one footer");
        let footer = page.regions.iter().find(|b| b.kind == RegionKind::Footer).expect("footer");
        for b in page.regions.iter().filter(|b| b.kind != RegionKind::Footer) {
            assert!(b.rect.bottom() <= footer.rect.y + 0.01, "{at}: {:?} runs into the footer", b.kind);
        }
    }

    // Every card is on exactly one page, in order, unless it alone is taller than a page.
    let mut last_page = 0;
    for i in 0..h.exercises.len() {
        let parts = card_regions(&pages, i);
        assert!(!parts.is_empty(), "card {i} is missing");
        assert!(parts[0].0 >= last_page, "card {i} is out of order");
        last_page = parts[0].0;
        if parts.len() > 1 {
            let height: f32 = parts.iter().map(|(_, r)| r.h).sum();
            let footer_top = pages[0].regions.iter().find(|b| b.kind == RegionKind::Footer).expect("footer").rect.y;
            assert!(height > footer_top - MARGIN - 15.0, "card {i} ({height} mm) is split across pages {parts:?} but would fit on one");
            let pages_of: Vec<usize> = parts.iter().map(|(p, _)| *p).collect();
            assert!(pages_of.windows(2).all(|w| w[1] == w[0] + 1), "card {i} parts are not on consecutive pages: {pages_of:?}");
        }
    }
    // The seek-help box, when there is one, is whole on one page and comes after the cards.
    let seek: Vec<usize> = pages
        .iter()
        .enumerate()
        .flat_map(|(p, page)| page.regions.iter().filter(|b| b.kind == RegionKind::SeekHelp).map(move |_| p))
        .collect();
    match &h.seek_help {
        Some(_) => {
            assert_eq!(seek.len(), 1, "seek-help box on pages {seek:?}");
            assert!(seek[0] >= last_page);
            let page = &pages[seek[0]];
            assert!(texts(page).any(|t| t.text == "When to seek help"), "no heading with the box");
        }
        None => assert!(seek.is_empty()),
    }
    pages
}

fn custom(name: &str, steps: &[&str]) -> String {
    let mut s = format!("  - name: {name}\n    steps:\n");
    for step in steps {
        writeln!(s, "      - {step}").expect("write to String");
    }
    s
}

const STEP: &str = "Lie on your back with your knees bent and your feet flat on the floor, then breathe out slowly.";

#[test]
fn examples_keep_to_the_geometry() {
    for name in ["hip-and-lower-back.yaml", "back-care.yaml"] {
        let h = example(name);
        let pages = check(&h);
        assert!(pages.len() >= 3, "{name}");
    }
}

#[test]
fn thirty_exercises_paginate() {
    let lib = handout::resolve::library::builtin().expect("library");
    let mut yaml = String::from("title: Thirty\npatient: Zoë Łukasiewicz\nexercises:\n");
    for e in &lib.exercises {
        writeln!(yaml, "  - {}", e.id).expect("write to String");
    }
    for i in 0..13 {
        yaml.push_str(&custom(&format!("Custom move {}", i + 1), &[STEP, "Hold, then relax.", STEP]));
    }
    let h = resolve(&yaml);
    assert_eq!(h.exercises.len(), 30);
    let pages = check(&h);
    assert!(pages.len() >= 8, "{} pages", pages.len());
    // Every page after the first repeats title and patient.
    for page in &pages[1..] {
        assert!(texts(page).any(|t| t.text == "Thirty \u{2014} Zoë Łukasiewicz"), "no running header");
    }
}

#[test]
fn thirty_custom_exercises_in_every_style() {
    let mut cards = String::new();
    for i in 0..30 {
        let steps: Vec<&str> = std::iter::repeat_n(STEP, 1 + i % 4).collect();
        cards.push_str(&custom(&format!("Move {}", i + 1), &steps));
    }
    for style in ["", "paper: letter\n", "large_print: true\n", "layout: compact\n", "layout: compact\npaper: letter\n", "log: 14\n"] {
        let h = resolve(&format!("{style}notes: Take it slowly.\nexercises:\n{cards}"));
        let pages = check(&h);
        assert!(pages.len() >= 4, "{style}: {} pages", pages.len());
        if let Some(days) = h.style.log_days {
            // Each exercise gets one checkbox a day, each drawn once, even when the log is split.
            let boxes: usize = pages
                .iter()
                .map(|p| {
                    let logs: Vec<Rect> = p.regions.iter().filter(|b| b.kind == RegionKind::Log).map(|b| b.rect).collect();
                    p.marks
                        .iter()
                        .filter(|i| matches!(i, Mark::Box { fill: None, .. }) && logs.iter().any(|r| r.contains(&i.bounds())))
                        .count()
                })
                .sum();
            assert_eq!(boxes, 30 * days as usize, "log checkboxes");
        }
    }
}

#[test]
fn letter_paper_is_letter_sized() {
    let h = resolve("paper: letter\nexercises: [bridge, wall-sit]\n");
    let pages = check(&h);
    assert_eq!((pages[0].width, pages[0].height), (215.9, 279.4));
    assert_eq!(pages[0].printable().right(), 215.9 - 15.0);
}

#[test]
fn long_names_and_unbreakable_words_stay_inside_the_card() {
    let name = "Very long exercise name that goes on and on ".repeat(6);
    let word = "x".repeat(300);
    let url = format!("https://example.com/{}", "segment/".repeat(40));
    let yaml = format!(
        "title: {word}\npatient: {word}\nclinician: {word}\nnotes: {word} {url}\nexercises:\n  - id: bridge\n    name: {name}\n    notes: {word}\n    steps:\n      - {word}\n      - {url}\n  - name: {word}\n    position: {word}\n    steps: [{word}]\n    cautions: [{word}]\nseek_help:\n  add: [{word}]\n"
    );
    let h = resolve(&yaml);
    let pages = check(&h);
    // All of the word is printed (broken over lines, nothing dropped) in the first card.
    let (p, card) = card_regions(&pages, 0)[0];
    let in_card: String = texts(&pages[p]).filter(|t| card.contains(&t.bounds())).map(|t| t.text.as_str()).collect::<Vec<_>>().concat();
    assert!(in_card.matches('x').count() >= 600, "the steps and notes lost letters: {in_card}");
    assert!(in_card.contains("Very long exercise name"), "{in_card}");
}

#[test]
fn a_card_taller_than_a_page_is_split_and_stays_in_the_margins() {
    let long_step = STEP.repeat(12);
    let steps: Vec<&str> = std::iter::repeat_n(long_step.as_str(), 12).collect();
    let yaml = format!("exercises:\n  - bridge\n{}  - wall-sit\n", custom("Marathon", &steps));
    let h = resolve(&yaml);
    let pages = check(&h);
    assert!(card_regions(&pages, 1).len() >= 2, "the tall card was not split");
    assert_eq!(card_regions(&pages, 0).len(), 1);
    assert_eq!(card_regions(&pages, 2).len(), 1);
}

#[test]
fn a_custom_exercise_without_picture_uses_the_full_width() {
    let long = "Stand tall next to a sturdy chair and hold its back with one hand while you slowly rise onto your toes and lower again.";
    let h = resolve(&format!("exercises:\n  - bridge\n{}", custom("Heel raise", &[long])));
    assert!(h.exercises[0].picture.is_some() && h.exercises[1].picture.is_none());
    let pages = check(&h);
    let first_step_x = |card: usize| {
        let (p, rect) = card_regions(&pages, card)[0];
        let step = texts(&pages[p]).find(|t| t.text == "1." && rect.contains(&t.bounds())).expect("step 1 marker");
        let widest = texts(&pages[p]).filter(|t| rect.contains(&t.bounds())).map(|t| t.bounds().right()).fold(0.0, f32::max);
        (step.x - rect.x, widest - rect.x, rect.w)
    };
    let (with_picture, _, _) = first_step_x(0);
    let (without, widest, card_w) = first_step_x(1);
    assert!(with_picture > 50.0, "steps beside a picture start right of it: {with_picture}");
    assert!(without < 8.0, "steps of a card without picture start at the inner edge: {without}");
    assert!(widest > card_w * 0.8, "text without picture uses the card's width: {widest} of {card_w}");
}

#[test]
fn omitted_seek_help_has_no_box() {
    let h = resolve("exercises: [bridge]\nseek_help: {omit: true}\n");
    let pages = check(&h);
    assert!(pages.iter().all(|p| p.regions.iter().all(|b| b.kind != RegionKind::SeekHelp)));
}
