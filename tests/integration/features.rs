//! The clinic features: languages, large print, compact layout, QR codes, the exercise log,
//! and the helper commands (`check`, `show`, `init`, completions, man page).

use crate::common::*;

#[test]
fn spanish_handout_has_no_english_labels_or_library_text() {
    let s = Sandbox::with_examples();
    s.run(&["render", "espanol.yaml", "-o", "es.pdf"]).ok();
    let pdf = Pdf::parse(&s.read("es.pdf"));
    let text = pdf.flat_text();
    for spanish in ["Paciente", "Fecha", "21 de noviembre de 2026", "Cuándo pedir ayuda", "Página 1 de", "Puente", "Posición inicial:"] {
        assert!(text.contains(spanish), "`{spanish}` missing:\n{text}");
    }
    for english in
        ["Patient", "When to seek help", "Page 1 of", "Hold ", " reps", "each side", "Start:", "Take care:", "Exercise log", "Bridge"]
    {
        assert!(!text.contains(english), "English `{english}` in a Spanish handout:\n{text}");
    }
    assert_eq!(pdf.lang().as_deref(), Some("es"));
    assert_eq!(pdf.info("Subject").as_deref(), Some("Programa de ejercicios en casa para Lucía Fernández Muñoz"));
}

#[test]
fn language_flag_overrides_the_prescription() {
    let s = Sandbox::with_examples();
    s.run(&["render", "hip-and-lower-back.yaml", "--language", "es", "-o", "es.pdf"]).ok();
    let text = Pdf::parse(&s.read("es.pdf")).flat_text();
    assert!(text.contains("Cuándo pedir ayuda") && !text.contains("When to seek help"));
    // A language that does not ship is refused as a bad flag (the message is pinned in
    // tests/bad_inputs/flag-language-unknown).
    let run = s.run(&["render", "hip-and-lower-back.yaml", "--language", "fr", "-o", "fr.pdf"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("'--language <CODE>'") && !s.join("fr.pdf").exists(), "{}", run.stderr);
}

#[test]
fn compact_layout_puts_two_cards_side_by_side() {
    let h = example("compact.yaml");
    let pages = handout::layout::layout(&h).pages;
    assert_eq!(pages.len(), 2, "six exercises on two Letter pages");
    let on = |p: &handout::layout::Page| -> Vec<(usize, handout::layout::Rect)> {
        p.regions.iter().filter_map(|r| if let handout::layout::RegionKind::Card(i) = r.kind { Some((i, r.rect)) } else { None }).collect()
    };
    let first = on(&pages[0]);
    assert_eq!(first.iter().map(|c| c.0).collect::<Vec<_>>(), [0, 1, 2, 3], "four cards on page 1");
    // Two by two: 1 beside 2, 3 under 1 and 4 under 2.
    let r = |i: usize| first[i].1;
    assert_eq!(r(0).y, r(1).y, "cards 1 and 2 start together");
    assert!(r(0).right() < r(1).x, "cards 1 and 2 sit side by side");
    assert_eq!((r(2).x, r(3).x), (r(0).x, r(1).x), "cards 3 and 4 are under 1 and 2");
    assert!(r(2).y > r(0).bottom() && r(3).y > r(1).bottom());
    // The safety note and "When to seek help" go across the page under the last two cards.
    let second = on(&pages[1]);
    assert_eq!(second.iter().map(|c| c.0).collect::<Vec<_>>(), [4, 5]);
    let seek = pages[1].regions.iter().find(|r| r.kind == handout::layout::RegionKind::SeekHelp).expect("seek help on page 2");
    assert!(seek.rect.y > second[0].1.bottom().max(second[1].1.bottom()));
    assert!(seek.rect.w > 2.0 * second[0].1.w, "across the page: {:?}", seek.rect);
}

#[test]
fn video_and_log_example_has_qr_forms_and_a_tick_grid() {
    let s = Sandbox::with_examples();
    s.run(&["render", "video-and-log.yaml", "-o", "v.pdf"]).ok();
    let text = Pdf::parse(&s.read("v.pdf")).flat_text();
    for want in [
        "Watch the video",
        "riverside-physio.example/videos/fire-hydrant",
        "Book your next visit",
        "Exercise log",
        "21 November 2026 – 4 December 2026",
    ] {
        // The printed links wrap at their slashes and hyphens.
        assert!(text.replace(' ', "").contains(&want.replace(' ', "")), "`{want}` missing:\n{text}");
    }
}

#[test]
fn helper_commands_work() {
    let s = Sandbox::new();
    let run = s.run(&["init"]).ok().stderr.clone();
    assert_eq!(run, "wrote brand.yaml and prescription.yaml; edit them, then run: handout render prescription.yaml\n");
    let check = s.run(&["check", "prescription.yaml", "brand.yaml"]);
    assert_eq!(check.code, 0, "{}", check.stderr);
    assert_eq!(check.stderr, "prescription.yaml: ok\nbrand.yaml: ok\n");
    s.run(&["render", "prescription.yaml"]).ok();
    assert!(s.join("prescription.pdf").is_file());

    let show = s.run(&["show", "wall-sit"]).ok().stdout_text();
    assert!(show.starts_with("Wall sit (wall-sit)\n"), "{show}");
    let json = s.run(&["list", "--equipment", "towel", "--format", "json"]).ok().stdout_text();
    assert!(json.contains("\"id\": \"hamstring-stretch\""), "{json}");
    for shell in ["bash", "zsh", "fish"] {
        let out = s.run(&["completions", shell]).ok().stdout_text();
        assert!(out.contains("render") && out.contains("batch"), "{shell} completions");
    }
    let man = s.run(&["man"]).ok().stdout_text();
    assert!(man.starts_with(".ie") || man.contains(".TH handout"), "{man}");
    let version = s.run(&["--version"]).ok().stdout_text();
    assert_eq!(version, format!("handout {}\n", env!("CARGO_PKG_VERSION")));
}

#[test]
fn seek_help_can_be_omitted_on_purpose_or_extended() {
    let s = Sandbox::new();
    s.write("p.yaml", "exercises: [bridge]\nseek_help: {omit: true}\n");
    let run = s.run(&["render", "p.yaml", "-o", "out.pdf"]);
    run.ok();
    assert!(run.stderr.starts_with("warning: p.yaml:2:12: "), "{}", run.stderr);
    let pdf = Pdf::parse(&s.read("out.pdf"));
    assert!(!pdf.text().contains("When to seek help"));
    assert!(pdf.flat_text().contains("Bridge"));

    // Extra warning signs are added after the library's.
    s.write("add.yaml", "exercises: [bridge]\nseek_help:\n  add: [chest pain when you exercise]\n");
    let pdf = s.render("add.yaml", "add.pdf");
    let text = pdf.flat_text();
    assert!(
        text.contains("• Pain that is no better after several weeks of doing these exercises • Chest pain when you exercise"),
        "{text}"
    );
}
