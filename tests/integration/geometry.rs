//! Layout geometry through the library API: nothing leaves the printable area, nothing
//! overlaps, cards are not split, pages end without tall blank bands, the footer with the
//! phone is on every page, the type is large enough, and the examples meet their page counts.

use std::fmt::Write as _;

use handout::fonts::Weight;
use handout::layout::{self, Mark, Page, Rect, RegionKind, Tag, TextRun, COMPACT, MARGIN};
use handout::model::{Handout, LayoutMode, Rgb};

use crate::common::{example, resolve_text as resolve};

/// The tallest blank band allowed at the foot of a page that is not the last.
const MAX_BAND: f32 = 50.0;

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

fn pages_with(pages: &[Page], kind: RegionKind) -> Vec<usize> {
    pages.iter().enumerate().filter(|(_, p)| p.regions.iter().any(|r| r.kind == kind)).map(|(i, _)| i).collect()
}

/// The blank band at the foot of each page: from the lowest block to the top of the footer.
fn bands(pages: &[Page]) -> Vec<f32> {
    pages
        .iter()
        .map(|p| {
            let footer = p.regions.iter().find(|r| r.kind == RegionKind::Footer).expect("a footer").rect.y;
            footer - p.content_bottom()
        })
        .collect()
}

/// Everything the layout promises, for any handout. Returns the pages for further checks.
#[track_caller]
fn check(h: &Handout) -> Vec<Page> {
    let document = layout::layout(h);
    let pages = document.pages;
    assert!(!pages.is_empty());
    let (pw, ph) = h.paper.size_mm();
    let total = pages.len();
    let smallest = if h.style.large_print { 12.0 } else { 10.0 };
    // Compact pages have 12 mm margins, the others 15 mm.
    let margin = if h.style.layout == LayoutMode::Compact && !h.style.large_print { COMPACT.margin } else { MARGIN };
    for (n, page) in pages.iter().enumerate() {
        let at = format!("page {} of {total}", n + 1);
        assert_eq!((page.width, page.height), (pw, ph), "{at}");
        assert_eq!(page.marks.len(), page.tags.len(), "{at}: every mark is tagged");
        let printable = page.printable();
        assert_eq!(printable, Rect { x: margin, y: margin, w: pw - 2.0 * margin, h: ph - 2.0 * margin });

        // Inside the margins; links too.
        for item in &page.marks {
            let b = item.bounds();
            assert!(printable.contains(&b), "{at}: item outside the printable area {printable:?}: {b:?}\n{item:?}");
        }
        for link in &page.links {
            assert!(printable.contains(&link.rect), "{at}: link outside the printable area: {link:?}");
        }
        // Regions do not overlap each other.
        for (i, a) in page.regions.iter().enumerate() {
            assert!(printable.contains(&a.rect), "{at}: region {:?} outside the printable area: {:?}", a.kind, a.rect);
            for b in &page.regions[i + 1..] {
                assert!(!a.rect.overlaps(&b.rect), "{at}: {:?} {:?} overlaps {:?} {:?}", a.kind, a.rect, b.kind, b.rect);
            }
        }
        // Text runs do not overlap each other, and none is too small or grey where it matters.
        let runs: Vec<&TextRun> = texts(page).collect();
        for (i, a) in runs.iter().enumerate() {
            assert!(a.width > 0.0 || a.text.trim().is_empty(), "{at}: a run without width: {a:?}");
            assert!(a.size >= smallest - 1e-3, "{at}: `{}` is {} pt; nothing may be under {smallest} pt", a.text, a.size);
            for b in &runs[i + 1..] {
                assert!(!a.bounds().overlaps(&b.bounds()), "{at}: text `{}` overlaps `{}`", a.text, b.text);
            }
        }
        // A text run that starts in a region stays inside it.
        for block in page.regions.iter().filter(|b| !matches!(b.kind, RegionKind::Footer | RegionKind::Header)) {
            for t in &runs {
                let b = t.bounds();
                let starts_inside =
                    b.x >= block.rect.x && b.x < block.rect.right() && t.baseline > block.rect.y && t.baseline < block.rect.bottom();
                if starts_inside {
                    assert!(block.rect.contains(&b), "{at}: `{}` {b:?} leaves its region {:?} {:?}", t.text, block.kind, block.rect);
                }
            }
        }
        // The footer on every page: "Page N of M", the patient, the clinic's phone; body colour.
        let label = handout::layout::wording::page_label(h.language.labels(), n + 1, total);
        assert_eq!(runs.iter().filter(|t| t.text == label).count(), 1, "{at}: no `{label}`");
        assert_eq!(page.regions.iter().filter(|b| b.kind == RegionKind::Footer).count(), 1, "{at}: one footer");
        let footer = page.regions.iter().find(|b| b.kind == RegionKind::Footer).expect("footer");
        let footer_text: String = runs.iter().filter(|t| t.baseline > footer.rect.y).map(|t| t.text.as_str()).collect::<Vec<_>>().join(" ");
        if let Some(p) = &h.patient {
            let start: String = p.chars().take(20).collect();
            assert!(footer_text.contains(&start), "{at}: the patient is not in the footer: {footer_text}");
        }
        if let Some(phone) = &h.brand.phone {
            assert!(footer_text.replace('\u{a0}', " ").contains(phone.as_str()), "{at}: the phone is not in the footer: {footer_text}");
        }
        for t in runs.iter().filter(|t| t.baseline > footer.rect.y) {
            assert_eq!(t.color, Rgb::TEXT, "{at}: footer text `{}` is not in the body colour", t.text);
        }
        for (mark, tag) in page.marks.iter().zip(&page.tags) {
            if mark.bounds().y >= footer.rect.y - 0.01 {
                assert_eq!(*tag, Tag::Pagination, "{at}: the footer is pagination, not content: {mark:?}");
            }
        }
        for b in page.regions.iter().filter(|b| b.kind != RegionKind::Footer) {
            assert!(b.rect.bottom() <= footer.rect.y + 0.01, "{at}: {:?} runs into the footer", b.kind);
        }
    }

    // Every card is whole on one page unless it alone is taller than a page, and at most one
    // place out of its order (a card pulled up to fill a page).
    let first_page_of: Vec<usize> = (0..h.exercises.len())
        .map(|i| {
            let parts = card_regions(&pages, i);
            assert!(!parts.is_empty(), "card {i} is missing");
            if parts.len() > 1 {
                let height: f32 = parts.iter().map(|(_, r)| r.h).sum();
                let footer_top = pages[0].regions.iter().find(|b| b.kind == RegionKind::Footer).expect("footer").rect.y;
                assert!(height > footer_top - margin - 15.0, "card {i} ({height} mm) is split across pages {parts:?} but would fit on one");
                let pages_of: Vec<usize> = parts.iter().map(|(p, _)| *p).collect();
                assert!(pages_of.windows(2).all(|w| w[1] == w[0] + 1), "card {i} parts are not on consecutive pages: {pages_of:?}");
            }
            parts[0].0
        })
        .collect();
    for (i, w) in first_page_of.windows(3).enumerate() {
        assert!(w[2] >= w[0], "cards {i}..{} are out of order by more than one place: {first_page_of:?}", i + 2);
    }
    // The seek-help box is whole on one page, and shares it with the last card (or, when that
    // is split, with its last part); so does the safety note.
    let last_card_page = first_page_of.iter().copied().max().unwrap_or(0);
    let last_card_pages: Vec<usize> = (0..h.exercises.len())
        .filter(|&i| first_page_of[i] == last_card_page)
        .flat_map(|i| card_regions(&pages, i).into_iter().map(|(p, _)| p))
        .collect();
    for (kind, present) in [(RegionKind::SeekHelp, h.seek_help.is_some()), (RegionKind::Safety, h.safety.is_some())] {
        let on = pages_with(&pages, kind.clone());
        if present {
            assert_eq!(on.len(), 1, "{kind:?} on pages {on:?}");
            assert!(last_card_pages.contains(&on[0]), "{kind:?} is on page {}, not with the last card {last_card_pages:?}", on[0] + 1);
        } else {
            assert!(on.is_empty());
        }
    }
    if h.seek_help.is_some() {
        let page = &pages[pages_with(&pages, RegionKind::SeekHelp)[0]];
        assert!(texts(page).any(|t| t.text == h.language.labels().seek_help_heading), "no heading with the box");
    }
    pages
}

/// No page but the last ends in a blank band taller than 50 mm, except the page before the
/// closing section when what would fill it is the last card, which stays with the safety note
/// and "When to seek help".
#[track_caller]
fn no_tall_bands(pages: &[Page], what: &str) {
    let b = bands(pages);
    let last_card =
        pages.iter().flat_map(|p| p.regions.iter()).filter_map(|r| if let RegionKind::Card(i) = r.kind { Some(i) } else { None }).max();
    for (i, band) in b.iter().enumerate().take(b.len().saturating_sub(1)) {
        let next = &pages[i + 1];
        let kept_with_closing = next.regions.iter().any(|r| r.kind == RegionKind::SeekHelp)
            && next.regions.iter().find(|r| r.kind != RegionKind::Footer).map(|r| r.kind.clone()) == last_card.map(RegionKind::Card);
        if !kept_with_closing {
            assert!(*band <= MAX_BAND + 0.01, "{what}: page {} ends in a blank band of {band:.0} mm (bands {b:?})", i + 1);
        }
    }
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
fn the_examples_meet_their_page_counts() {
    // (example, most pages, cards at least on page 1)
    for (name, most, on_first) in [
        ("hip-and-lower-back.yaml", 4, 2),
        ("back-care.yaml", 4, 1),
        ("video-and-log.yaml", 2, 1),
        ("large-print.yaml", 4, 1),
        ("espanol.yaml", 4, 1),
        ("compact.yaml", 2, 4),
    ] {
        let h = example(name);
        let pages = check(&h);
        assert!(pages.len() <= most, "{name}: {} pages, at most {most}", pages.len());
        let first: usize = pages[0].regions.iter().filter(|r| matches!(r.kind, RegionKind::Card(_))).count();
        assert!(first >= on_first, "{name}: {first} cards on page 1");
        assert_eq!(card_regions(&pages, 0)[0].0, 0, "{name}: exercise 1 starts on page 1");
        no_tall_bands(&pages, name);
    }
}

#[test]
fn the_nine_exercise_program_in_the_compact_layout() {
    let mut h = example("hip-and-lower-back.yaml");
    h.style.layout = LayoutMode::Compact;
    let pages = check(&h);
    // Three pages: the cards go down the left column, then the right, where that saves a page,
    // and the safety note ends the left column of the last page.
    assert!(pages.len() <= 3, "{} pages", pages.len());
    no_tall_bands(&pages, "hip-and-lower-back, compact");
    for page in &pages {
        for m in &page.marks {
            if let Mark::Picture { rect, .. } = m {
                if rect.y > 60.0 || !std::ptr::eq(page, &pages[0]) {
                    assert!(rect.w >= 45.0 - 0.01 || rect.h >= 30.0 - 0.01, "a picture {rect:?} is under 45 mm");
                }
            }
        }
    }
    two_columns(&pages, 9);
}

/// The cards of a compact handout: `count` of them, in two columns of one width, card 1 at the
/// top left of page 1, and in order on every page: either each from the top down (each card
/// in the shorter column, reading like rows) or down the left column, then down the right.
#[track_caller]
fn two_columns(pages: &[Page], count: usize) {
    let cards: Vec<(usize, usize, Rect)> = pages
        .iter()
        .enumerate()
        .flat_map(|(p, page)| {
            page.regions.iter().filter_map(move |r| if let RegionKind::Card(i) = r.kind { Some((p, i, r.rect)) } else { None })
        })
        .collect();
    assert_eq!(cards.len(), count, "one whole card each");
    let left = cards.iter().map(|c| c.2).min_by(|a, b| a.x.total_cmp(&b.x)).expect("cards");
    let right = cards.iter().map(|c| c.2).max_by(|a, b| a.x.total_cmp(&b.x)).expect("cards");
    if right.x != left.x {
        assert!(left.right() < right.x && (left.w - right.w).abs() < 0.01, "two columns of one width: {left:?} {right:?}");
    }
    assert!(left.w < 100.0, "a column, not the page: {left:?}");
    assert_eq!((cards[0].0, cards[0].2.x), (0, left.x), "card 1 starts the left column of page 1");
    for (i, c) in cards.iter().enumerate() {
        assert_eq!(c.1, i, "cards in order");
        assert!(c.2.x == left.x || c.2.x == right.x, "card {i} is in neither column: {:?}", c.2);
    }
    for p in 0..pages.len() {
        let on: Vec<Rect> = cards.iter().filter(|c| c.0 == p).map(|c| c.2).collect();
        // (Gaps squeezed to fit a column may lift a card a hair above the one before it.)
        let top_down = on.windows(2).all(|w| w[1].y >= w[0].y - 1.0);
        let by_columns = on.windows(2).all(|w| w[0].x <= w[1].x && (w[0].x < w[1].x || w[1].y > w[0].y));
        assert!(top_down || by_columns, "page {}: the cards are in neither order: {on:?}", p + 1);
        if let (Some(a), Some(b)) = (on.iter().find(|r| r.x == left.x), on.iter().find(|r| r.x == right.x)) {
            assert_eq!(a.y, b.y, "page {}: both columns start level", p + 1);
        }
    }
}

#[test]
fn a_compact_card_taller_than_a_page_is_split_in_the_row_flow() {
    let long = [STEP, STEP, STEP].join(" ");
    let steps: Vec<&str> = std::iter::repeat_n(long.as_str(), 12).collect();
    let yaml = format!("layout: compact\nexercises:\n{}{}", custom("Long one", &steps), custom("Short one", &[STEP]));
    let h = resolve(&yaml);
    let pages = check(&h);
    assert!(card_regions(&pages, 0).len() > 1, "the long card is split");
    assert!(pages.len() >= 2);
}

#[test]
fn large_print_body_is_14_pt_and_the_first_exercise_is_on_page_one() {
    let h = example("large-print.yaml");
    let pages = check(&h);
    let (p, card) = card_regions(&pages, 0)[0];
    assert_eq!(p, 0);
    for t in texts(&pages[p]).filter(|t| card.contains(&t.bounds()) && t.weight == Weight::Regular) {
        assert!(t.size >= 14.0, "`{}` is {} pt", t.text, t.size);
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
    no_tall_bands(&pages, "thirty exercises");
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
        assert!(pages.len() >= 3, "{style}: {} pages", pages.len());
        no_tall_bands(&pages, style);
        if h.style.layout == LayoutMode::Compact {
            two_columns(&pages, 30);
        }
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
fn a_600_character_video_link_stays_in_its_card() {
    let url = format!("https://videos.example.com/clinic/{}/watch", "a1b2c3d4e5".repeat(56));
    let h = resolve(&format!("exercises:\n  - id: bridge\n    video: {url}\n  - wall-sit\n"));
    let pages = check(&h);
    let (p, card) = card_regions(&pages, 0)[0];
    let page = &pages[p];
    let qr = page.marks.iter().find_map(|m| if let Mark::Qr { rect, .. } = m { Some(*rect) } else { None }).expect("a QR code");
    assert!(card.contains(&qr), "the QR code {qr:?} leaves its card {card:?}");
    let printed: Vec<&TextRun> = texts(page).filter(|t| t.text.contains("videos.example.com") || t.text.contains("watch")).collect();
    assert!(!printed.is_empty(), "the link is printed");
    for t in printed {
        assert!(card.contains(&t.bounds()), "`{}` leaves the card", t.text);
    }
    // Both the QR code and the printed link are clickable.
    assert_eq!(page.links.iter().filter(|l| l.url == url).count(), 2);
}

#[test]
fn a_300_character_clinic_footer_keeps_the_phone_and_warns() {
    let footer = "Questions about your exercises? Call us any weekday. ".repeat(6);
    assert!(footer.len() >= 300);
    let h = resolve(&format!(
        "patient: Zoë Łukasiewicz\nbrand:\n  name: Riverside Physiotherapy & Sports Clinic\n  phone: (555) 014-2368\n  footer: {footer}\nexercises: [bridge, wall-sit, pelvic-tilt, hamstring-stretch]\n"
    ));
    let document = layout::layout(&h);
    let pages = check(&h);
    for page in &pages {
        let footer = page.regions.iter().find(|r| r.kind == RegionKind::Footer).expect("a footer").rect;
        let mut baselines: Vec<i32> = texts(page).filter(|t| t.baseline > footer.y).map(|t| (t.baseline * 10.0) as i32).collect();
        baselines.dedup();
        assert!(baselines.len() <= 3, "the footer has {} lines", baselines.len());
    }
    assert_eq!(document.warnings.len(), 1, "{:?}", document.warnings);
    let w = document.warnings[0].to_string();
    assert!(w.contains("`footer:`") && w.contains("generated.yaml:5:11"), "{w}");
}

#[test]
fn the_patient_strip_holds_its_text_in_every_example() {
    for name in ["hip-and-lower-back.yaml", "back-care.yaml", "video-and-log.yaml", "large-print.yaml", "espanol.yaml", "compact.yaml"] {
        let h = example(name);
        let pages = check(&h);
        let patient = h.patient.clone().expect("a patient");
        let run = texts(&pages[0]).find(|t| patient.starts_with(t.text.trim())).unwrap_or_else(|| panic!("{name}: no patient"));
        let strip = pages[0].marks.iter().find_map(|m| match m {
            Mark::Box { rect, fill: Some(_), .. } if rect.contains(&Rect { x: run.x, y: run.baseline - 1.0, w: 1.0, h: 1.0 }) => {
                Some(*rect)
            }
            _ => None,
        });
        let strip = strip.unwrap_or_else(|| panic!("{name}: the patient's name is on no strip"));
        assert!(strip.contains(&run.bounds()), "{name}: `{}` {:?} is not inside its strip {strip:?}", run.text, run.bounds());
    }
}

#[test]
fn a_two_line_clinic_footer_breaks_between_the_contact_and_the_clinic_text() {
    let h = example("hip-and-lower-back.yaml");
    let pages = check(&h);
    for page in &pages {
        let footer = page.regions.iter().find(|r| r.kind == RegionKind::Footer).expect("a footer").rect;
        let mut lines: Vec<(i32, String)> = Vec::new();
        for t in texts(page).filter(|t| t.baseline > footer.y) {
            let key = (t.baseline * 10.0) as i32;
            match lines.last_mut() {
                Some((k, text)) if *k == key => text.push_str(&t.text),
                _ => lines.push((key, t.text.clone())),
            }
        }
        let lines: Vec<String> = lines.into_iter().map(|(_, t)| t.replace('\u{a0}', " ")).collect();
        assert_eq!(lines.len(), 3, "{lines:?}");
        assert_eq!(lines[1].split_whitespace().collect::<Vec<_>>().join(" "), "Riverside Physiotherapy & Sports Clinic · (555) 014-2368");
        assert_eq!(lines[2], "Questions about your exercises? Call us. We're happy to help.");
    }
}

#[test]
fn when_to_seek_help_gives_the_numbers_to_call() {
    let flat = |h: &Handout| {
        let pages = check(h);
        let page = &pages[pages_with(&pages, RegionKind::SeekHelp)[0]];
        texts(page).map(|t| t.text.as_str()).collect::<Vec<_>>().join(" ")
    };
    let with = resolve("brand:\n  name: Clinic\n  phone: (555) 014-2368\n  emergency: \"911\"\nexercises: [bridge]\n");
    let text = flat(&with);
    assert!(text.contains("Call the clinic:") && text.contains("(555)\u{a0}014-2368") && text.contains("911."), "{text}");
    let without = resolve("exercises: [bridge]\n");
    let text = flat(&without);
    assert!(text.contains("In an emergency, call") && text.contains("your local emergency number."), "{text}");
    assert!(!text.contains("Call the clinic"), "{text}");
    let spanish = resolve("language: es\nexercises: [bridge]\n");
    assert!(flat(&spanish).contains("número de emergencias de su zona"));
}

#[test]
fn start_and_cautions_are_in_the_body_colour_with_bold_labels() {
    let h = example("hip-and-lower-back.yaml");
    let pages = check(&h);
    for label in ["Start:", "Take care:", "Your clinician:"] {
        let run = pages.iter().flat_map(texts).find(|t| t.text.trim() == label).unwrap_or_else(|| panic!("no `{label}`"));
        assert_eq!((run.weight, run.color), (Weight::Bold, Rgb::TEXT), "{label}");
    }
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

/// The ids of the built-in exercises.
fn library_ids() -> Vec<String> {
    handout::resolve::library::builtin().expect("library").exercises.iter().map(|e| e.id.clone()).collect()
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig { cases: 48, ..Default::default() })]

    /// Any compact program keeps the page rules: everything inside the margins, nothing
    /// overlapping, every card whole and in order in two columns, the closing boxes with a card.
    #[test]
    fn any_compact_program_keeps_the_page_rules(
        picks in proptest::sample::subsequence(library_ids(), 0..=17),
        customs in proptest::collection::vec((1usize..7, 1usize..4), 0..6),
        notes in 0usize..500,
        letter in proptest::bool::ANY,
    ) {
        let mut yaml = format!("layout: compact\n{}", if letter { "paper: letter\n" } else { "" });
        if notes > 0 {
            writeln!(yaml, "notes: {}", "Go gently. ".repeat(notes / 11 + 1).trim()).expect("write to String");
        }
        yaml.push_str("exercises:\n");
        for id in &picks {
            writeln!(yaml, "  - {id}").expect("write to String");
        }
        for (i, (steps, repeat)) in customs.iter().enumerate() {
            let step = [STEP].repeat(*repeat).join(" ");
            let steps: Vec<&str> = std::iter::repeat_n(step.as_str(), *steps).collect();
            yaml.push_str(&custom(&format!("Custom {}", i + 1), &steps));
        }
        if picks.is_empty() && customs.is_empty() {
            yaml.push_str("  - bridge\n");
        }
        let h = resolve(&yaml);
        let pages = check(&h);
        let whole = (0..h.exercises.len()).all(|i| card_regions(&pages, i).len() == 1);
        if whole && h.exercises.len() > 1 {
            two_columns(&pages, h.exercises.len());
        }
    }
}
