//! Fuzzing without a nightly toolchain: proptest throws arbitrary bytes and arbitrary
//! well-shaped-but-wrong prescriptions at the loaders, layout and render. Every input must
//! give Ok or a clean error, never a panic. `PROPTEST_CASES=20000 cargo test --release --test integration fuzz`
//! runs it longer.

use std::path::Path;

use handout::load::raw;
use handout::load::yaml::{self, Source};
use handout::load::Overrides;
use proptest::prelude::*;

use crate::common::loader;

/// Parses, resolves, lays out and renders; any error is fine, a panic is not.
fn pipeline(bytes: &[u8]) {
    let Ok(source) = Source::from_bytes(Path::new("/nonexistent/fuzz.yaml"), bytes.to_vec()) else { return };
    let Ok(raw) = yaml::parse::<raw::Prescription>(&source) else { return };
    let (loader, caches) = loader();
    if let Ok((handout, _)) = loader.resolve(&caches.resolve, &source, &raw, &Overrides::default()) {
        let document = handout::layout::layout(&handout);
        assert!(!document.pages.is_empty());
        for page in &document.pages {
            let area = page.printable();
            for mark in &page.marks {
                assert!(area.contains(&mark.bounds()), "mark outside the printable area: {mark:?}");
            }
        }
        let pdf = handout::pdf(&handout, &caches.render, None).expect("a resolved handout renders");
        assert!(pdf.bytes.starts_with(b"%PDF-"));
    }
}

/// Values that are sometimes right and often wrong.
fn scalar() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("3".to_string()),
        Just("0".to_string()),
        Just("-2".to_string()),
        Just("8-12".to_string()),
        Just("30s".to_string()),
        Just("90000s".to_string()),
        Just("three".to_string()),
        Just("~".to_string()),
        Just("[1, 2]".to_string()),
        Just("{a: 1}".to_string()),
        Just("\"\"".to_string()),
        Just("each".to_string()),
        Just("daily".to_string()),
        Just("&a x".to_string()),
        Just("*a".to_string()),
        "[a-zA-Z0-9 ]{0,12}",
        any::<i64>().prop_map(|n| n.to_string()),
        any::<f64>().prop_map(|n| n.to_string()),
        ".{0,40}".prop_map(|s| format!("{s:?}")),
    ]
}

fn exercise() -> impl Strategy<Value = String> {
    let id = prop_oneof![Just("bridge"), Just("wall-sit"), Just("brige"), Just("pelvic-tilt"), Just(""), Just("knee-to-chest")];
    let key = prop_oneof![
        Just("hold"),
        Just("reps"),
        Just("sets"),
        Just("sides"),
        Just("frequency"),
        Just("rest"),
        Just("notes"),
        Just("hodl"),
        Just("steps"),
        Just("name"),
        Just("video"),
        Just("image"),
    ];
    prop_oneof![
        id.clone().prop_map(|i| format!("  - {i}\n")),
        (id, proptest::collection::vec((key, scalar()), 0..4)).prop_map(|(i, kv)| {
            let mut s = format!("  - id: {i}\n");
            for (k, v) in kv {
                s.push_str(&format!("    {k}: {v}\n"));
            }
            s
        }),
        ("[A-Za-zé ]{1,30}", proptest::collection::vec(".{0,60}", 0..4)).prop_map(|(n, steps)| {
            let steps: Vec<String> = steps.iter().map(|s| format!("{s:?}")).collect();
            format!("  - name: {n:?}\n    steps: [{}]\n", steps.join(", "))
        }),
    ]
}

fn prescription() -> impl Strategy<Value = String> {
    let top = prop_oneof![
        Just("title"),
        Just("patient"),
        Just("date"),
        Just("clinician"),
        Just("paper"),
        Just("notes"),
        Just("language"),
        Just("layout"),
        Just("log"),
        Just("large_print"),
        Just("titel"),
    ];
    (proptest::collection::vec((top, scalar()), 0..6), proptest::collection::vec(exercise(), 0..6)).prop_map(|(kv, ex)| {
        let mut s = String::new();
        for (k, v) in kv {
            s.push_str(&format!("{k}: {v}\n"));
        }
        s.push_str("exercises:\n");
        for e in ex {
            s.push_str(&e);
        }
        s
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        pipeline(&bytes);
    }

    #[test]
    fn arbitrary_text_never_panics(text in ".{0,400}") {
        pipeline(text.as_bytes());
    }

    #[test]
    fn shaped_prescriptions_never_panic(text in prescription()) {
        pipeline(text.as_bytes());
    }

    #[test]
    fn arbitrary_brands_never_panic(text in "(name|logo|colors|primary|phone|email|website|booking_url|footer|fonts)?: ?.{0,60}\n.{0,60}") {
        if let Ok(source) = Source::from_bytes(Path::new("/nonexistent/brand.yaml"), text.into_bytes()) {
            let _ = yaml::parse::<raw::Brand>(&source);
        }
    }

    #[test]
    fn long_words_and_names_stay_on_the_page(word in "[a-zA-Z/.-]{1,400}", name in ".{1,300}") {
        let yaml = format!("patient: {name:?}\nexercises:\n  - name: {word:?}\n    steps: [{word:?}]\n");
        pipeline(yaml.as_bytes());
    }
}

/// A roster cell as clinics type them: plain words, or text with separators, quotes, line
/// breaks and spaces around it.
fn cell() -> impl Strategy<Value = String> {
    prop_oneof!["[a-zA-Z0-9 .-]{0,10}", "[a-z,;\t\" \n]{0,8}", Just(String::new()), Just("Shah, Priya".to_string())]
}

/// A CSV roster written the way one spreadsheet or another exports it, and what it holds.
fn written_roster(rows: &[Vec<String>], sep: char, crlf: bool, blanks: &[usize]) -> (String, Vec<(usize, Vec<String>)>) {
    let eol = if crlf { "\r\n" } else { "\n" };
    let quote = |c: &str| {
        if c.contains(|ch: char| ",;\t\"\n\r".contains(ch)) || c.trim() != c {
            format!("\"{}\"", c.replace('"', "\"\"").replace('\n', eol))
        } else {
            c.to_string()
        }
    };
    let header = ["patient", "date", "clinician", "prescription"].join(&sep.to_string());
    let mut text = format!("{header}{eol}");
    let mut line = 2;
    let mut expected = Vec::new();
    for (i, row) in rows.iter().enumerate() {
        for _ in 0..blanks.get(i).copied().unwrap_or(0) {
            text.push_str(eol);
            line += 1;
        }
        let cells: Vec<String> = row.iter().map(|c| quote(c)).collect();
        text.push_str(&cells.join(&sep.to_string()));
        text.push_str(eol);
        let trimmed: Vec<String> = row.iter().map(|c| c.trim().to_string()).collect();
        if trimmed.iter().any(|c| !c.is_empty()) {
            expected.push((line, trimmed));
        }
        line += 1 + row.iter().map(|c| c.matches('\n').count()).sum::<usize>();
    }
    (text, expected)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// Every CSV dialect the roster reader accepts gives back the cells written and the line
    /// each record starts on: comma, semicolon or tab; LF or CRLF (also inside quotes); blank
    /// lines; UTF-8 with or without a byte order mark, or UTF-16 with one.
    #[test]
    fn csv_dialects_give_back_every_cell_and_its_line(
        rows in proptest::collection::vec(proptest::collection::vec(cell(), 4), 1..8),
        sep in prop_oneof![Just(','), Just(';'), Just('\t')],
        crlf in any::<bool>(),
        blanks in proptest::collection::vec(0usize..3, 8),
        encoding in 0u8..3,
    ) {
        use handout::batch::Roster;
        let (text, expected) = written_roster(&rows, sep, crlf, &blanks);
        let bytes = match encoding {
            0 => text.clone().into_bytes(),
            1 => [&[0xEF, 0xBB, 0xBF][..], text.as_bytes()].concat(),
            _ => [0xFF, 0xFE].into_iter().chain(text.encode_utf16().flat_map(u16::to_le_bytes)).collect(),
        };
        let roster = Roster::from_csv(Path::new("r.csv"), &bytes).map_err(|e| TestCaseError::fail(format!("{e}\n{text:?}")))?;
        let got: Vec<(usize, Vec<String>)> = roster
            .rows()
            .map(|r| {
                let c = r.cells.expect("every row reads");
                (r.number, vec![c.patient, c.date, c.clinician, c.prescription])
            })
            .collect();
        prop_assert_eq!(got, expected, "{:?}", text);
    }
}

#[test]
fn alias_bomb_is_refused_quickly() {
    let mut y = String::from("a: &a [\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\"]\n");
    let mut prev = 'a';
    for c in 'b'..='j' {
        y.push_str(&format!("{c}: &{c} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]\n"));
        prev = c;
    }
    y.push_str("exercises: [bridge]\n");
    let start = std::time::Instant::now();
    pipeline(y.as_bytes());
    // Not a timing assertion on speed, only a guard against a hang: a billion-laughs document
    // must be refused, not expanded.
    assert!(start.elapsed().as_secs() < 30);
}
