//! Words made from values, in the handout's language: the dosage line, dates, "Page N of M",
//! the PDF subject, links in short.

use crate::i18n::Labels;
use crate::model::{Amount, Date, Dosage, Frequency, Sides};

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

pub fn dosage_line(d: &Dosage, l: &Labels) -> String {
    let mut parts = Vec::new();
    if let Some(h) = d.hold {
        parts.push(if h.min >= 60 && h.min % 60 == 0 && h.max % 60 == 0 {
            with_n(&l.hold_minutes, Amount { min: h.min / 60, max: h.max / 60 })
        } else {
            with_n(&l.hold_seconds, h)
        });
    }
    if let Some(r) = d.reps {
        parts.push(with_n(if r.max == 1 { &l.rep } else { &l.reps }, r));
    }
    if let Some(s) = d.sets {
        parts.push(with_n(if s.max == 1 { &l.set } else { &l.sets }, s));
    }
    match d.sides {
        Sides::Each => parts.push(l.each_side.clone()),
        Sides::Both => parts.push(l.both_sides.clone()),
        Sides::None => {}
    }
    if let Some(r) = d.rest {
        let between_sets = d.sets.is_some_and(|s| s.max > 1);
        parts.push(with_n(if between_sets { &l.rest } else { &l.rest_reps }, r));
    }
    if let Some(f) = d.frequency {
        parts.push(
            match f {
                Frequency::Daily => &l.daily,
                Frequency::TwiceDaily => &l.twice_daily,
                Frequency::ThreeTimesDaily => &l.three_times_daily,
                Frequency::EveryOtherDay => &l.every_other_day,
                Frequency::TwiceAWeek => &l.twice_a_week,
                Frequency::ThreeTimesAWeek => &l.three_times_a_week,
                Frequency::Weekly => &l.weekly,
            }
            .clone(),
        );
    }
    parts.join(" \u{00B7} ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Language;
    use crate::model::Date;

    #[test]
    fn dosage_line_reads_naturally() {
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
        assert_eq!(dosage_line(&d, l), "Hold 30 s \u{b7} 3 reps \u{b7} each side \u{b7} daily");
        let d = Dosage {
            hold: Some(Amount { min: 8, max: 10 }),
            reps: Some(Amount { min: 8, max: 12 }),
            sets: Some(Amount::exactly(1)),
            sides: Sides::Both,
            frequency: None,
            rest: Some(Amount::exactly(30)),
        };
        assert_eq!(
            dosage_line(&d, l),
            "Hold 8\u{2013}10 s \u{b7} 8\u{2013}12 reps \u{b7} 1 set \u{b7} both legs together \u{b7} rest 30 s between repeats"
        );
        let d = Dosage { hold: Some(Amount::exactly(120)), ..Dosage::default() };
        assert_eq!(dosage_line(&d, l), "Hold 2 min");
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
