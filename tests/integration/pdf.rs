//! The examples rendered by the real binary and read back: text, pages, fonts, metadata.

use serde_yaml::Value;

use crate::common::*;

/// The built-in library, parsed independently of the program.
fn library() -> Value {
    serde_yaml::from_str(&std::fs::read_to_string(repo().join("exercises.yaml")).expect("read exercises.yaml")).expect("library parses")
}

fn library_exercise<'a>(lib: &'a Value, id: &str) -> &'a Value {
    lib["exercises"]
        .as_sequence()
        .expect("exercises")
        .iter()
        .find(|e| e["id"].as_str() == Some(id))
        .unwrap_or_else(|| panic!("`{id}` is in the library"))
}

fn strings(v: &Value) -> Vec<String> {
    v.as_sequence().map(|s| s.iter().map(|x| x.as_str().expect("a string").to_string()).collect()).unwrap_or_default()
}

/// The ids an example prescribes, in order.
fn prescribed_ids(example: &str) -> Vec<String> {
    let p: Value =
        serde_yaml::from_str(&std::fs::read_to_string(repo().join("examples").join(example)).expect("read example")).expect("parses");
    p["exercises"]
        .as_sequence()
        .expect("exercises")
        .iter()
        .map(|e| match e {
            Value::String(id) => id.clone(),
            other => other["id"].as_str().expect("an id").to_string(),
        })
        .collect()
}

fn capitalised(s: &str) -> String {
    let s = s.trim();
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

/// Checks what both examples must show; returns the PDF for example-specific checks.
fn check_example(example: &str, pages: usize, size: (f32, f32)) -> Pdf {
    let s = Sandbox::with_examples();
    let pdf = s.render(example, "out.pdf");
    let flat = pdf.flat_text();
    let lib = library();

    assert_eq!(pdf.page_count(), pages, "{example}:\n{}", pdf.text());
    for (w, h) in pdf.page_sizes() {
        assert!((w - size.0).abs() < 0.5 && (h - size.1).abs() < 0.5, "page size {w}x{h}, expected {size:?}");
    }
    // Every page says where it stands.
    for (i, text) in pdf.page_texts().iter().enumerate() {
        assert!(text.contains(&format!("Page {} of {pages}", i + 1)), "page {} footer:\n{text}", i + 1);
    }

    // Every step of every prescribed exercise, wrapped or not.
    let ids = prescribed_ids(example);
    assert!(!ids.is_empty());
    for id in &ids {
        let e = library_exercise(&lib, id);
        assert!(flat.contains(e["name"].as_str().expect("name")), "name of {id} missing");
        let steps = strings(&e["steps"]);
        assert!(!steps.is_empty(), "{id} has steps");
        for step in steps {
            assert!(flat.contains(&normalise(&step)), "step of {id} missing: {step}\n---\n{}", pdf.text());
        }
    }

    // The names appear in the prescribed order, and the expected lines in order.
    let expected = std::fs::read_to_string(repo().join("examples").join(example.replace(".yaml", ".expected.txt"))).expect("expected.txt");
    let lines: Vec<String> = pdf.text().lines().map(str::to_string).collect();
    let mut from = 0;
    for want in expected.lines().filter(|l| !l.trim().is_empty()) {
        let at = lines[from..]
            .iter()
            .position(|l| l.contains(want.trim()))
            .unwrap_or_else(|| panic!("`{want}` not found after line {from}:\n{}", lines.join("\n")));
        // Two expected pieces may stand on one line (the patient and the clinician).
        from += at;
    }

    // "When to seek help" with every sign, capitalised as printed.
    assert!(lines.iter().any(|l| l == "When to seek help"), "heading missing");
    let signs = strings(&lib["seek_help"]["signs"]);
    assert!(signs.len() >= 5);
    for sign in signs {
        assert!(flat.contains(&format!("• {}", capitalised(&sign))), "sign missing: {sign}");
    }

    // Metadata and document properties.
    assert_eq!(pdf.lang().as_deref(), Some("en"));
    assert_eq!(pdf.info("Author").as_deref(), Some("Riverside Physiotherapy & Sports Clinic"));
    assert!(!pdf.contains_bytes(b"GTS_PDFXVersion"), "a PDF/X claim is left in the file");
    let fonts = pdf.fonts();
    assert_eq!(fonts.len(), 2, "{fonts:?}");
    for f in fonts {
        let (tag, name) = f.base_font.split_once('+').unwrap_or_else(|| panic!("{} has no subset tag", f.base_font));
        assert!(tag.len() == 6 && tag.chars().all(|c| c.is_ascii_uppercase()), "bad subset tag {tag}");
        assert!(name.starts_with("Lato-"), "{name}");
        assert_eq!(f.subtype, "Type0");
        assert!(f.embedded_truetype, "{} is not embedded", f.base_font);
        assert!(f.to_unicode, "{} has no ToUnicode", f.base_font);
    }
    assert!(pdf.bytes.len() < 150 * 1024, "{example} is {} bytes", pdf.bytes.len());
    pdf
}

#[test]
fn hip_and_lower_back_example() {
    const A4: (f32, f32) = (595.28, 841.89);
    let pdf = check_example("hip-and-lower-back.yaml", 4, A4);
    let lines = pdf.text();
    let flat = pdf.flat_text();
    assert!(flat.contains("José Núñez"), "{lines}");
    assert!(lines.lines().any(|l| l == "Hip and lower back program"));
    // The dose in labelled cells, in plain words (read label above value).
    for dose in [
        "Hold 30 seconds Repeat 3 times Sides each side How often every day",
        "Hold 20 seconds Repeat 2 times Sides each side How often every day",
        "Hold 10 seconds Repeat 3 times Sides each side How often every other day Rest 30 seconds between repeats",
        "Repeat 10 times Sets 2 Sides each side How often 3 times a week Rest 30 seconds between sets",
    ] {
        assert!(flat.contains(dose), "dose `{dose}` missing:\n{lines}");
    }
    for abbreviation in [" reps", " s ", " min "] {
        assert!(!flat.contains(abbreviation), "`{abbreviation}` in:\n{lines}");
    }
    assert!(flat.contains("Your clinician: Keep your upper body tall. Don't let your lower back arch."));
    assert!(flat.contains("Notes from your clinician: Great work today, José."));
    assert!(flat.contains("21 November 2026"));
    assert_eq!(pdf.info("Title").as_deref(), Some("Hip and lower back program"));
    assert_eq!(pdf.info("Subject").as_deref(), Some("Home exercise program for José Núñez"));
    assert_eq!(pdf.info("CreationDate").as_deref(), Some("D:20261121120000+00'00'"));
    // Every page's footer names the patient and the program, and the clinic's phone.
    for text in &pdf.page_texts() {
        let flat = normalise(text).replace('\u{a0}', " ");
        assert!(flat.contains("José Núñez · Hip and lower back program"), "{text}");
        assert!(flat.contains("Riverside Physiotherapy & Sports Clinic · (555) 014-2368"), "{text}");
    }
    // The illustrations are vector art: no raster images.
    assert_eq!(pdf.image_count(), 0);
    assert!(pdf.bytes.len() < 300 * 1024);
}

#[test]
fn back_care_example() {
    const LETTER: (f32, f32) = (612.0, 792.0);
    let pdf = check_example("back-care.yaml", 4, LETTER);
    let lines = pdf.text();
    assert!(pdf.flat_text().contains("Zoë Łukasiewicz"));
    let flat = pdf.flat_text();
    for dose in [
        "Repeat 8 times Sets 2 Sides both legs together How often every day",
        "Hold 10 seconds Repeat 3 times Sides both legs together How often every other day Rest 30 seconds between repeats",
    ] {
        assert!(flat.contains(dose), "dose `{dose}` missing:\n{lines}");
    }
    assert_eq!(pdf.info("Title").as_deref(), Some("Back care program"));
    assert_eq!(pdf.info("Subject").as_deref(), Some("Home exercise program for Zoë Łukasiewicz"));
    assert_eq!(pdf.info("CreationDate").as_deref(), Some("D:20261124120000+00'00'"));
}

#[test]
fn raster_pictures_are_embedded_once() {
    let s = Sandbox::new();
    let img = image::RgbImage::from_fn(120, 80, |x, y| image::Rgb([(x * 2) as u8, (y * 3) as u8, 90]));
    img.save(s.join("band.png")).expect("write a PNG");
    s.write(
        "p.yaml",
        "exercises:\n  - name: Band pull\n    image: band.png\n    steps: [Pull the band apart.]\n  - name: Band push\n    image: band.png\n    steps: [Push the band away.]\n",
    );
    let pdf = s.render("p.yaml", "p.pdf");
    assert_eq!(pdf.image_count(), 1, "the same picture twice is stored once");
    let flat = pdf.flat_text();
    assert!(flat.contains("1 Band pull") && flat.contains("2 Band push"), "{flat}");
    // No brand: no clinic author, the neutral title.
    assert_eq!(pdf.info("Author").as_deref().unwrap_or(""), "");
    assert_eq!(pdf.info("Title").as_deref(), Some("Your home exercise program"));
}

#[test]
fn library_api_gives_the_same_bytes_as_the_cli() {
    let s = Sandbox::with_examples();
    let cli = s.render("hip-and-lower-back.yaml", "out.pdf");
    let (loader, caches) = loader();
    let (h, warnings) =
        loader.load(&caches.resolve, &s.join("hip-and-lower-back.yaml"), &handout::load::Overrides::default()).expect("example loads");
    assert!(warnings.is_empty(), "{warnings:?}");
    let rendered = render_pdf(&h, None);
    assert_eq!(rendered.pages, 4);
    assert!(rendered.bytes == cli.bytes, "library and CLI output differ");
}

#[test]
fn every_laid_out_text_run_is_in_the_pdf_where_layout_put_it() {
    const MM: f32 = 72.0 / 25.4;
    for example in ["hip-and-lower-back.yaml", "back-care.yaml"] {
        let h = crate::common::example(example);
        let pages = handout::layout::layout(&h).pages;
        let rendered = render_pdf(&h, None);
        let pdf = Pdf::parse(&rendered.bytes);
        let pdf_pages = pdf.page_lines();
        assert_eq!(pdf_pages.len(), pages.len());
        for (n, (page, lines)) in pages.iter().zip(&pdf_pages).enumerate() {
            let mut runs = 0;
            for item in &page.marks {
                let handout::layout::Mark::Text(t) = item else { continue };
                if t.text.trim().is_empty() {
                    continue;
                }
                runs += 1;
                let y = (page.height - t.baseline) * MM;
                // A no-break space reads back as a space.
                let want = t.text.trim().replace('\u{a0}', " ");
                let line = lines
                    .iter()
                    .find(|l| (l.y - y).abs() < 0.05 && l.text.replace('\u{a0}', " ").contains(&want))
                    .unwrap_or_else(|| panic!("{example} page {}: `{}` not found at y {y}", n + 1, t.text));
                assert!(line.x <= t.x * MM + 0.05, "`{}` starts left of where its line starts", t.text);
            }
            assert!(runs > 5, "page {} has text", n + 1);
        }
    }
}
