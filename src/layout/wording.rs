//! Words made from values, in the handout's language: the dosage line, dates, "Page N of M",
//! the PDF subject, links in short.

use crate::i18n::Labels;
use crate::model::{Amount, Date, Dosage, Frequency, Limbs, Sides};

/// Fills `{n}` in a label.
pub fn with_n(label: &str, n: impl std::fmt::Display) -> String {
    label.replace("{n}", &n.to_string())
}

/// "21 November 2026", "21 de noviembre de 2026".
pub fn date(l: &Labels, d: Date) -> String {
    let month = l.months.get(usize::from(d.month) - 1).map_or("", String::as_str);
    l.date_format.replace("{day}", &d.day.to_string()).replace("{month}", month).replace("{year}", &d.year.to_string())
}

/// "Page 2 of 4".
pub fn page_label(l: &Labels, n: usize, total: usize) -> String {
    l.page.replace("{n}", &n.to_string()).replace("{total}", &total.to_string())
}

/// The PDF's subject: "Home exercise program for José Núñez".
pub fn subject(l: &Labels, patient: Option<&str>) -> String {
    match patient {
        Some(p) => l.subject.replace("{patient}", p),
        None => l.subject_no_patient.clone(),
    }
}

/// "https://www.example.com/videos/bridge/" → "example.com/videos/bridge"
pub fn short_link(url: &str) -> String {
    let s = url.trim();
    let s = s.strip_prefix("https://").or_else(|| s.strip_prefix("http://")).unwrap_or(s);
    let s = s.strip_prefix("www.").unwrap_or(s);
    s.trim_end_matches('/').to_string()
}
/// One labelled cell of the dose strip: **Hold** 30 seconds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DoseCell {
    pub label: String,
    pub value: String,
}

/// The dose in plain words, in the handout's language: only the cells that apply, in the order
/// Hold, Repeat, Sets, Sides, How often, Rest. `limbs` words "both ... together".
pub fn dose_cells(d: &Dosage, limbs: Option<Limbs>, l: &Labels) -> Vec<DoseCell> {
    let cell = |label: &str, value: String| DoseCell { label: label.to_string(), value };
    let mut cells = Vec::new();
    if let Some(h) = d.hold {
        cells.push(cell(&l.dose_hold, duration(h, l)));
    }
    if let Some(r) = d.reps {
        cells.push(cell(&l.dose_repeat, if r.max == 1 { l.once.clone() } else { with_n(&l.times, r) }));
    }
    if let Some(s) = d.sets {
        cells.push(cell(&l.dose_sets, s.to_string()));
    }
    match d.sides {
        Sides::Each => cells.push(cell(&l.dose_sides, l.each_side.clone())),
        Sides::Both => cells.push(cell(
            &l.dose_sides,
            match limbs {
                Some(Limbs::Legs) => l.both_legs.clone(),
                Some(Limbs::Arms) => l.both_arms.clone(),
                None => l.both_together.clone(),
            },
        )),
        Sides::None => {}
    }
    if let Some(f) = d.frequency {
        cells.push(cell(&l.dose_how_often, frequency(f, l).to_string()));
    }
    if let Some(r) = d.rest {
        let between = if d.sets.is_some_and(|s| s.max > 1) { &l.between_sets } else { &l.between_repeats };
        cells.push(cell(&l.dose_rest, between.replace("{rest}", &duration(r, l))));
    }
    cells
}

/// "Hold 30 seconds · Repeat 3 times · Sides each side · How often every day": the dose cells
/// on one line (for `handout list` and `show`).
pub fn dosage_line(d: &Dosage, limbs: Option<Limbs>, l: &Labels) -> String {
    dose_cells(d, limbs, l).iter().map(|c| format!("{} {}", c.label, c.value)).collect::<Vec<_>>().join(" \u{00B7} ")
}

/// "30 seconds", "8–10 seconds", "1 minute", "2 minutes".
fn duration(a: Amount, l: &Labels) -> String {
    if a.min >= 60 && a.min.is_multiple_of(60) && a.max.is_multiple_of(60) {
        let m = Amount { min: a.min / 60, max: a.max / 60 };
        with_n(if m.max == 1 { &l.minute } else { &l.minutes }, m)
    } else {
        with_n(if a.max == 1 { &l.second } else { &l.seconds }, a)
    }
}

fn frequency(f: Frequency, l: &Labels) -> &str {
    match f {
        Frequency::Daily => &l.daily,
        Frequency::TwiceDaily => &l.twice_daily,
        Frequency::ThreeTimesDaily => &l.three_times_daily,
        Frequency::EveryOtherDay => &l.every_other_day,
        Frequency::TwiceAWeek => &l.twice_a_week,
        Frequency::ThreeTimesAWeek => &l.three_times_a_week,
        Frequency::Weekly => &l.weekly,
    }
}

/// A web address as printed next to its QR code: host and path, no scheme, `www.`, query or
/// fragment; at most `max` characters, elided in the middle: whole path segments first
/// (`host/…/last`), then characters.
pub fn printed_link(url: &str, max: usize) -> String {
    printed_links(url).into_iter().find(|s| s.chars().count() <= max).unwrap_or_else(|| elide_middle(&printed_links(url)[0], max))
}

/// The forms a link may be printed in, longest first: host and path, then the host and the
/// last two or one path segments with `…` for the rest.
pub fn printed_links(url: &str) -> Vec<String> {
    let s = short_link(url);
    let s = s.split(['?', '#']).next().unwrap_or(&s).trim_end_matches('/').to_string();
    let mut forms = vec![s.clone()];
    let parts: Vec<&str> = s.split('/').collect();
    if parts.len() > 3 {
        forms.push(format!("{}/\u{2026}/{}", parts[0], parts[parts.len() - 2..].join("/")));
    }
    if parts.len() > 2 {
        forms.push(format!("{}/\u{2026}/{}", parts[0], parts[parts.len() - 1]));
    }
    forms
}

/// `text` cut to `max` characters with `…` in the middle.
pub fn elide_middle(text: &str, max: usize) -> String {
    let chars: Vec<char> = text.chars().collect();
    if chars.len() <= max || max < 5 {
        return text.to_string();
    }
    let head = (max - 1) / 2;
    let tail = max - 1 - head;
    let mut out: String = chars[..head].iter().collect();
    out.push('\u{2026}');
    out.extend(&chars[chars.len() - tail..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Language;
    use crate::model::Date;

    #[test]
    fn the_dose_in_plain_words() {
        let en = Language::parse("en").unwrap();
        let l = en.labels();
        let d = Dosage {
            hold: Some(Amount::exactly(30)),
            reps: Some(Amount::exactly(3)),
            sets: None,
            sides: Sides::Each,
            frequency: Some(Frequency::Daily),
            rest: None,
        };
        assert_eq!(dosage_line(&d, None, l), "Hold 30 seconds \u{b7} Repeat 3 times \u{b7} Sides each side \u{b7} How often every day");
        let d = Dosage {
            hold: Some(Amount { min: 8, max: 10 }),
            reps: Some(Amount { min: 8, max: 12 }),
            sets: Some(Amount::exactly(1)),
            sides: Sides::Both,
            frequency: None,
            rest: Some(Amount::exactly(30)),
        };
        let cells = dose_cells(&d, Some(Limbs::Legs), l);
        let pairs: Vec<(&str, &str)> = cells.iter().map(|c| (c.label.as_str(), c.value.as_str())).collect();
        assert_eq!(
            pairs,
            [
                ("Hold", "8\u{2013}10 seconds"),
                ("Repeat", "8\u{2013}12 times"),
                ("Sets", "1"),
                ("Sides", "both legs together"),
                ("Rest", "30 seconds between repeats")
            ]
        );
        // An arm exercise never says legs; one that does not say what it moves is neutral.
        let both = Dosage { sides: Sides::Both, ..Dosage::default() };
        assert_eq!(dose_cells(&both, Some(Limbs::Arms), l)[0].value, "both arms together");
        assert_eq!(dose_cells(&both, None, l)[0].value, "both sides together");
        let d = Dosage {
            hold: Some(Amount::exactly(120)),
            reps: Some(Amount::exactly(1)),
            sets: Some(Amount::exactly(2)),
            rest: Some(Amount::exactly(60)),
            ..Dosage::default()
        };
        assert_eq!(dosage_line(&d, None, l), "Hold 2 minutes \u{b7} Repeat once \u{b7} Sets 2 \u{b7} Rest 1 minute between sets");
        assert_eq!(dose_cells(&Dosage { hold: Some(Amount::exactly(1)), ..Dosage::default() }, None, l)[0].value, "1 second");
        // No abbreviations in any language.
        let es = Language::parse("es").unwrap();
        let d = Dosage {
            hold: Some(Amount::exactly(30)),
            reps: Some(Amount::exactly(3)),
            sides: Sides::Each,
            frequency: Some(Frequency::EveryOtherDay),
            ..Dosage::default()
        };
        assert_eq!(
            dosage_line(&d, None, es.labels()),
            "Mantener 30 segundos \u{b7} Repetir 3 veces \u{b7} Lados cada lado \u{b7} Frecuencia un d\u{ed}a s\u{ed} y otro no"
        );
    }

    #[test]
    fn printed_links_are_short_and_elided_in_the_middle() {
        assert_eq!(printed_link("https://www.example.com/v/bridge/?utm=1#t", 60), "example.com/v/bridge");
        let long = format!("https://videos.example.com/{}/end", "x".repeat(500));
        assert_eq!(printed_link(&long, 40), "videos.example.com/\u{2026}/end");
        assert_eq!(printed_link("https://example.com/videos/hips/bridge", 29), "example.com/\u{2026}/hips/bridge");
        // When even the host and last segment are too long, characters go from the middle.
        let host = format!("https://{}.example.com/a", "y".repeat(80));
        let p = printed_link(&host, 40);
        assert_eq!(p.chars().count(), 40);
        assert!(p.starts_with("yyy") && p.ends_with(".example.com/a") && p.contains('\u{2026}'), "{p}");
    }

    #[test]
    fn dates_pages_subjects_and_links() {
        let en = Language::parse("en").unwrap();
        let es = Language::parse("es").unwrap();
        let d = Date { year: 2026, month: 11, day: 21 };
        assert_eq!(date(en.labels(), d), "21 November 2026");
        assert_eq!(date(es.labels(), d), "21 de noviembre de 2026");
        assert_eq!(page_label(en.labels(), 2, 4), "Page 2 of 4");
        assert_eq!(subject(en.labels(), Some("Zoë")), "Home exercise program for Zoë");
        assert_eq!(short_link("https://www.example.com/v/bridge/"), "example.com/v/bridge");
    }
}
