//! The accessible, archival PDF (issue 12), read back: the structure tree against the content
//! streams and the prescription, the reading order as poppler gives it to a screen reader,
//! links, and the embedded prescription that `handout extract` writes back.

use std::collections::{BTreeMap, BTreeSet};
use std::process::Command;

use lopdf::{Dictionary, Document, Object, ObjectId};

use crate::common::{self, normalise, pdf_string, Pdf, Sandbox};

/// A structure element as read back from the PDF.
#[derive(Debug)]
struct Elem {
    role: String,
    alt: Option<String>,
    /// `/A /Scope` of a table header cell.
    scope: Option<String>,
    kids: Vec<Kid>,
}

#[derive(Debug)]
enum Kid {
    Elem(Elem),
    Content { page: ObjectId, mcid: i64 },
    Annot(ObjectId),
}

fn deref<'a>(doc: &'a Document, o: &'a Object) -> &'a Object {
    match o {
        Object::Reference(id) => doc.get_object(*id).expect("a reference resolves"),
        other => other,
    }
}

fn dict<'a>(doc: &'a Document, o: &'a Object) -> &'a Dictionary {
    deref(doc, o).as_dict().expect("a dictionary")
}

fn catalog(doc: &Document) -> &Dictionary {
    doc.catalog().expect("a catalog")
}

/// The `Document` element: the structure tree root's only kid.
fn tree(doc: &Document) -> Elem {
    let root = dict(doc, catalog(doc).get(b"StructTreeRoot").expect("the catalog has a StructTreeRoot"));
    assert_eq!(root.get(b"Type").unwrap().as_name().unwrap(), b"StructTreeRoot");
    let kids = root.get(b"K").map(|k| deref(doc, k)).expect("the root has kids");
    let kids = kids.as_array().expect("K is an array");
    assert_eq!(kids.len(), 1, "one Document element");
    let top = read(doc, &kids[0], None);
    assert_eq!(top.role, "Document");
    top
}

fn read(doc: &Document, o: &Object, page: Option<ObjectId>) -> Elem {
    let d = dict(doc, o);
    assert_eq!(d.get(b"Type").unwrap().as_name().unwrap(), b"StructElem");
    let role = String::from_utf8_lossy(d.get(b"S").unwrap().as_name().unwrap()).into_owned();
    let page = d.get(b"Pg").ok().map(|p| p.as_reference().unwrap()).or(page);
    let alt = d.get(b"Alt").ok().map(pdf_string);
    let scope =
        d.get(b"A").ok().and_then(|a| dict(doc, a).get(b"Scope").ok()).map(|s| String::from_utf8_lossy(s.as_name().unwrap()).into_owned());
    let kids = match d.get(b"K").map(|k| deref(doc, k)) {
        Ok(Object::Array(items)) => items.iter().map(|k| kid(doc, k, page)).collect(),
        Ok(other) => vec![kid(doc, other, page)],
        Err(_) => Vec::new(),
    };
    Elem { role, alt, scope, kids }
}

fn kid(doc: &Document, o: &Object, page: Option<ObjectId>) -> Kid {
    match o {
        Object::Integer(mcid) => Kid::Content { page: page.expect("an MCID kid has a page"), mcid: *mcid },
        _ => {
            let d = dict(doc, o);
            match d.get(b"Type").ok().and_then(|t| t.as_name().ok()) {
                Some(b"MCR") => Kid::Content {
                    page: d.get(b"Pg").ok().map(|p| p.as_reference().unwrap()).or(page).expect("an MCR has a page"),
                    mcid: d.get(b"MCID").unwrap().as_i64().unwrap(),
                },
                Some(b"OBJR") => Kid::Annot(d.get(b"Obj").unwrap().as_reference().unwrap()),
                _ => Kid::Elem(read(doc, o, page)),
            }
        }
    }
}

impl Elem {
    fn elems(&self) -> impl Iterator<Item = &Elem> {
        self.kids.iter().filter_map(|k| if let Kid::Elem(e) = k { Some(e) } else { None })
    }

    /// This element and every element below it, in reading order.
    fn preorder(&self) -> Vec<&Elem> {
        let mut out = vec![self];
        for e in self.elems() {
            out.extend(e.preorder());
        }
        out
    }

    /// Every piece of marked content below this element, in reading order.
    fn contents(&self) -> Vec<(ObjectId, i64)> {
        let mut out = Vec::new();
        for k in &self.kids {
            match k {
                Kid::Content { page, mcid } => out.push((*page, *mcid)),
                Kid::Elem(e) => out.extend(e.contents()),
                Kid::Annot(_) => {}
            }
        }
        out
    }

    /// The element's text: its content's text, joined in reading order.
    fn text(&self, texts: &BTreeMap<(ObjectId, i64), String>) -> String {
        normalise(&self.contents().iter().map(|c| texts[c].as_str()).collect::<Vec<_>>().join(" "))
    }
}

/// Whether `printed` ends with `text`, the first letter of which the page may capitalise.
fn same(printed: &str, text: &str) -> bool {
    normalise(printed).to_lowercase().ends_with(&normalise(text).to_lowercase())
}

/// Every MCID's text, by (page, MCID).
fn texts(pdf: &Pdf) -> BTreeMap<(ObjectId, i64), String> {
    pdf.marked_content().into_iter().flat_map(|p| p.texts.into_iter().map(move |(m, t)| ((p.page, m), t))).collect()
}

/// Checks everything issue 12 asks of the structure of one rendered example.
fn check_structure(example: &str) {
    let s = Sandbox::with_examples();
    let pdf = s.render(example, "out.pdf");
    let doc = &pdf.doc;
    let handout = common::example(example);
    let cat = catalog(doc);

    // Marked, in the handout's language, with its title shown.
    assert_eq!(dict(doc, cat.get(b"MarkInfo").expect("MarkInfo")).get(b"Marked").unwrap(), &Object::Boolean(true));
    assert_eq!(pdf.lang().as_deref(), Some(handout.language.code.as_str()), "{example}");
    assert_eq!(dict(doc, cat.get(b"ViewerPreferences").unwrap()).get(b"DisplayDocTitle").unwrap(), &Object::Boolean(true));

    // Every page's content is tagged or an artifact; tagged content is never nested.
    let marks = pdf.marked_content();
    for (i, m) in marks.iter().enumerate() {
        assert!(m.unmarked.is_empty(), "{example} page {}: drawn outside marked content: {:?}", i + 1, m.unmarked);
        assert!(!m.nested_tagged, "{example} page {}: tagged content inside tagged content", i + 1);
        assert!(m.artifact_text.contains(&format!("{}", i + 1)), "{example} page {}: the page number is an artifact", i + 1);
    }
    let drawn: BTreeSet<(ObjectId, i64)> = marks.iter().flat_map(|p| p.texts.keys().map(move |m| (p.page, *m))).collect();

    // Every piece of tagged content belongs to exactly one element, and nothing else is claimed.
    let top = tree(doc);
    let claimed = top.contents();
    let unique: BTreeSet<(ObjectId, i64)> = claimed.iter().copied().collect();
    assert_eq!(unique.len(), claimed.len(), "{example}: some marked content belongs to two elements");
    assert_eq!(unique, drawn, "{example}: the structure tree and the pages disagree about the marked content");

    // The parent tree says, for each page's MCIDs, the element they belong to.
    let parent_tree = dict(doc, dict(doc, cat.get(b"StructTreeRoot").unwrap()).get(b"ParentTree").unwrap());
    let nums = parent_tree.get(b"Nums").unwrap().as_array().unwrap();
    for (page_id, page) in doc.get_pages().into_values().zip(&marks) {
        let key = doc.get_dictionary(page_id).unwrap().get(b"StructParents").expect("each page has /StructParents").as_i64().unwrap();
        let at = nums.chunks(2).position(|kv| kv[0].as_i64().unwrap() == key).expect("the page's key is in the parent tree");
        let parents = deref(doc, &nums[at * 2 + 1]).as_array().unwrap();
        assert_eq!(parents.len(), page.texts.len(), "{example}: one parent per MCID on the page");
        for (mcid, parent) in parents.iter().enumerate() {
            let elem = read(doc, parent, Some(page_id));
            assert!(
                elem.kids.iter().any(|k| matches!(k, Kid::Content { page, mcid: m } if *page == page_id && *m == mcid as i64)),
                "{example}: the parent tree names the wrong element for MCID {mcid}"
            );
        }
    }

    let all = top.preorder();
    let texts = texts(&pdf);
    // Every picture and QR code has a description.
    for fig in all.iter().filter(|e| e.role == "Figure") {
        assert!(fig.alt.as_deref().is_some_and(|a| !a.trim().is_empty()), "{example}: a Figure without /Alt");
    }
    // Headings: one H1, the title, first; then H2s, never skipping a level.
    let headings: Vec<&&Elem> = all.iter().filter(|e| e.role.len() == 2 && e.role.starts_with('H')).collect();
    assert_eq!(headings[0].role, "H1", "{example}");
    assert_eq!(headings[0].text(&texts), normalise(&handout.title));
    assert_eq!(headings.iter().filter(|h| h.role == "H1").count(), 1, "{example}: one H1");
    for pair in headings.windows(2) {
        let level = |e: &Elem| e.role[1..].parse::<u8>().unwrap();
        assert!(level(pair[1]) <= level(pair[0]) + 1, "{example}: {} after {}", pair[1].role, pair[0].role);
    }

    // Each exercise is a section: its name as H2, its picture, its steps as a list in order.
    let sections: Vec<&Elem> = top.elems().filter(|e| e.role == "Sect").collect();
    assert!(sections.len() >= handout.exercises.len(), "{example}: a section per exercise");
    for (sect, ex) in sections.iter().zip(&handout.exercises) {
        let h2 = sect.elems().next().expect("a section starts with its heading");
        assert_eq!(h2.role, "H2");
        assert!(h2.text(&texts).ends_with(&normalise(&ex.name)), "{example}: heading {:?} for {}", h2.text(&texts), ex.name);
        if ex.picture.is_some() {
            let fig = sect.elems().find(|e| e.role == "Figure").unwrap_or_else(|| panic!("{example}: {} has a Figure", ex.name));
            assert_eq!(fig.alt.as_deref(), Some(ex.alt.as_str()), "{example}: the picture of {} is described", ex.name);
        }
        let list = sect.elems().find(|e| e.role == "L").unwrap_or_else(|| panic!("{example}: the steps of {} are a list", ex.name));
        let items: Vec<&Elem> = list.elems().collect();
        assert_eq!(items.len(), ex.steps.len(), "{example}: one LI per step of {}", ex.name);
        for (n, (li, step)) in items.iter().zip(&ex.steps).enumerate() {
            assert_eq!(li.role, "LI");
            let parts: Vec<&Elem> = li.elems().collect();
            assert_eq!(parts.iter().map(|p| p.role.as_str()).collect::<Vec<_>>(), ["Lbl", "LBody"], "{example}");
            assert_eq!(parts[0].text(&texts), format!("{}.", n + 1));
            assert_eq!(parts[1].text(&texts), normalise(step), "{example}: step {} of {}", n + 1, ex.name);
        }
    }

    // The warning signs are a list under their heading.
    let seek_help = handout.seek_help.as_ref().expect("every example has the box");
    let signs = all
        .iter()
        .filter(|e| e.role == "L")
        .find(|l| {
            l.elems().count() == seek_help.signs.len() && l.elems().next().is_some_and(|li| same(&li.text(&texts), &seek_help.signs[0]))
        })
        .unwrap_or_else(|| panic!("{example}: the warning signs are a list"));
    for (li, sign) in signs.elems().zip(&seek_help.signs) {
        let body = li.elems().nth(1).map(|b| b.text(&texts)).unwrap_or_default();
        assert!(same(&body, sign), "{example}: {body:?} for {sign:?}");
    }

    // The log is a table whose first row and first column are header cells.
    if let Some(days) = handout.style.log_days {
        let table = all.iter().find(|e| e.role == "Table").unwrap_or_else(|| panic!("{example}: the log is a Table"));
        let rows: Vec<&Elem> = table.elems().collect();
        assert_eq!(rows.len(), handout.exercises.len() + 1, "{example}: a header row and a row per exercise");
        let head: Vec<&Elem> = rows[0].elems().collect();
        assert_eq!(head.len(), days as usize + 1);
        assert!(head.iter().all(|c| c.role == "TH" && c.scope.as_deref() == Some("Column")), "{example}: {head:?}");
        for (row, ex) in rows[1..].iter().zip(&handout.exercises) {
            let cells: Vec<&Elem> = row.elems().collect();
            assert_eq!((cells[0].role.as_str(), cells[0].scope.as_deref()), ("TH", Some("Row")));
            assert!(cells[0].text(&texts).ends_with(&normalise(&ex.name)));
            assert!(cells[1..].iter().all(|c| c.role == "TD") && cells.len() == days as usize + 1);
        }
    } else {
        assert!(!all.iter().any(|e| e.role == "Table"), "{example}: no log, no table");
    }

    // Every link annotation is tied to a Link element and says where it goes.
    let mut annots_in_tree = BTreeSet::new();
    for link in all.iter().filter(|e| e.role == "Link") {
        let annots: Vec<ObjectId> = link.kids.iter().filter_map(|k| if let Kid::Annot(a) = k { Some(*a) } else { None }).collect();
        assert!(!annots.is_empty(), "{example}: a Link element without its annotation");
        annots_in_tree.extend(annots);
    }
    let mut annots_on_pages = BTreeSet::new();
    for page in doc.get_pages().into_values() {
        let p = doc.get_dictionary(page).unwrap();
        assert_eq!(p.get(b"Tabs").unwrap().as_name().unwrap(), b"S", "{example}: tab order follows the structure");
        for a in p.get(b"Annots").map(|a| deref(doc, a).as_array().unwrap().clone()).unwrap_or_default() {
            let id = a.as_reference().unwrap();
            let annot = doc.get_dictionary(id).unwrap();
            assert_eq!(annot.get(b"Subtype").unwrap().as_name().unwrap(), b"Link");
            assert!(!pdf_string(annot.get(b"Contents").expect("a link describes itself")).trim().is_empty());
            assert!(annot.get(b"StructParent").is_ok());
            annots_on_pages.insert(id);
        }
    }
    assert_eq!(annots_in_tree, annots_on_pages, "{example}: every link annotation is in the structure tree, and only those");
}

#[test]
fn every_example_is_a_tagged_pdf_whose_structure_matches_its_pages() {
    for example in ["hip-and-lower-back.yaml", "back-care.yaml", "video-and-log.yaml", "espanol.yaml", "large-print.yaml", "compact.yaml"] {
        check_structure(example);
    }
}

#[test]
fn every_printed_address_can_be_tapped_and_a_qr_code_with_its_short_form() {
    let s = Sandbox::with_examples();
    let pdf = s.render("video-and-log.yaml", "out.pdf");
    let doc = &pdf.doc;
    let mut by_uri: BTreeMap<String, Vec<[f32; 4]>> = BTreeMap::new();
    for page in doc.get_pages().into_values() {
        let p = doc.get_dictionary(page).unwrap();
        for a in p.get(b"Annots").map(|a| deref(doc, a).as_array().unwrap().clone()).unwrap_or_default() {
            let annot = doc.get_dictionary(a.as_reference().unwrap()).unwrap();
            let action = dict(doc, annot.get(b"A").unwrap());
            assert_eq!(action.get(b"S").unwrap().as_name().unwrap(), b"URI");
            let uri = String::from_utf8(action.get(b"URI").unwrap().as_str().unwrap().to_vec()).unwrap();
            let r: Vec<f32> = annot.get(b"Rect").unwrap().as_array().unwrap().iter().map(|v| v.as_float().unwrap()).collect();
            assert!(
                r[0] >= 0.0 && r[1] >= 0.0 && r[2] <= 595.3 && r[3] <= 842.0 && r[2] > r[0] + 10.0 && r[3] > r[1] + 5.0,
                "{uri}: {r:?}"
            );
            by_uri.entry(uri).or_default().push([r[0], r[1], r[2], r[3]]);
        }
    }
    let uris: Vec<&str> = by_uri.keys().map(String::as_str).collect();
    assert_eq!(
        uris,
        [
            "https://riverside-physio.example",
            "https://riverside-physio.example/book",
            "https://riverside-physio.example/videos/fire-hydrant",
            "https://riverside-physio.example/videos/side-lying-leg-raise",
            "mailto:hello@riverside-physio.example",
        ]
    );
    // The booking code and each video code: the code and its printed address, side by side.
    for uri in &uris[1..4] {
        let rects = &by_uri[*uri];
        assert_eq!(rects.len(), 2, "{uri}: the QR code and its printed address");
        let [a, b] = [rects[0], rects[1]];
        let apart = a[2] <= b[0] || b[2] <= a[0] || a[3] <= b[1] || b[3] <= a[1];
        assert!(apart, "{uri}: two separate areas, {a:?} and {b:?}");
    }
}

/// The reading order a screen reader gets, as poppler's `pdfinfo -struct-text` prints it, with
/// each `Figure` line followed by its description (poppler does not print /Alt).
fn reading_order(pdf_path: &std::path::Path, pdf: &Pdf) -> Option<String> {
    let out = match Command::new("pdfinfo").arg("-struct-text").arg(pdf_path).output() {
        Ok(out) => out,
        Err(_) if std::env::var_os("HANDOUT_REQUIRE_PDF_READERS").is_some() => panic!("pdfinfo (poppler-utils) is required"),
        Err(_) => {
            eprintln!("skipped: pdfinfo (poppler-utils) is not installed");
            return None;
        }
    };
    assert!(out.status.success(), "pdfinfo: {}", String::from_utf8_lossy(&out.stderr));
    let alts: Vec<String> = tree(&pdf.doc).preorder().iter().filter(|e| e.role == "Figure").map(|e| e.alt.clone().unwrap()).collect();
    let mut alts = alts.into_iter();
    let mut text = String::new();
    for line in String::from_utf8(out.stdout).unwrap().lines() {
        // Annotation object numbers change with any change to the file; they say nothing here.
        if line.trim_start().starts_with("Object ") {
            continue;
        }
        text.push_str(line);
        text.push('\n');
        if line.trim() == "Figure" {
            let indent = line.len() - line.trim_start().len() + 2;
            text.push_str(&format!("{:indent$}[Alt] \"{}\"\n", "", alts.next().expect("as many /Alt as Figures")));
        }
    }
    assert!(alts.next().is_none(), "as many Figures as /Alt");
    Some(text)
}

#[test]
fn the_reading_order_of_the_spanish_example_is_pinned() {
    let s = Sandbox::with_examples();
    let pdf = s.render("espanol.yaml", "out.pdf");
    let Some(order) = reading_order(&s.join("out.pdf"), &pdf) else { return };
    let golden = common::repo().join("tests/golden/espanol.reading-order.txt");
    if std::env::var_os("UPDATE_EXPECTED").is_some() {
        std::fs::write(&golden, &order).unwrap();
    }
    // What a listener hears, in this order: the title, the patient, the clinician's notes, each
    // exercise's name, picture description, steps and dose, the safety note, the warning signs
    // and the log.
    let h = common::example("espanol.yaml");
    let flat = normalise(&order).to_lowercase();
    let mut wanted: Vec<String> = vec![h.title.clone(), h.patient.clone().unwrap(), h.notes.clone().unwrap()];
    for ex in &h.exercises {
        wanted.push(ex.name.clone());
        wanted.push(ex.alt.clone());
        wanted.extend(ex.steps.iter().cloned());
    }
    wanted.push(h.safety.clone().unwrap());
    wanted.extend(h.seek_help.clone().unwrap().signs);
    wanted.push(h.language.labels().log_heading.clone());
    let mut at = 0;
    for w in &wanted {
        let w = normalise(w).to_lowercase();
        let found = flat[at..].find(&w).unwrap_or_else(|| panic!("{w:?} is not read after {:?}", &flat[at.saturating_sub(80)..at]));
        at += found + w.len();
    }
    let expected = std::fs::read_to_string(&golden).expect("tests/golden/espanol.reading-order.txt (UPDATE_EXPECTED=1 writes it)");
    assert!(order == expected, "the reading order changed; review it and run with UPDATE_EXPECTED=1\n{order}");
}

/// The embedded prescription: a file specification the catalog lists in /AF and /Names.
fn embedded(pdf: &Pdf) -> Option<String> {
    let doc = &pdf.doc;
    let cat = catalog(doc);
    let names = cat.get(b"Names").ok().map(|n| dict(doc, n))?;
    let list = dict(doc, names.get(b"EmbeddedFiles").unwrap()).get(b"Names").unwrap().as_array().unwrap();
    assert_eq!(list.len(), 2, "one embedded file");
    assert_eq!(pdf_string(&list[0]), "prescription.yaml");
    let spec_id = list[1].as_reference().unwrap();
    let af = cat.get(b"AF").expect("the catalog lists it in /AF").as_array().unwrap();
    assert_eq!(af, &vec![Object::Reference(spec_id)]);
    let spec = doc.get_dictionary(spec_id).unwrap();
    assert_eq!(spec.get(b"AFRelationship").unwrap().as_name().unwrap(), b"Source");
    let ef = dict(doc, spec.get(b"EF").unwrap());
    let stream = deref(doc, ef.get(b"F").unwrap()).as_stream().unwrap();
    assert_eq!(stream.dict.get(b"Subtype").unwrap().as_name().unwrap(), b"application/yaml");
    let content = stream.decompressed_content().unwrap_or_else(|_| stream.content.clone());
    let size = dict(doc, stream.dict.get(b"Params").unwrap()).get(b"Size").unwrap().as_i64().unwrap();
    assert_eq!(size as usize, content.len());
    Some(String::from_utf8(content).unwrap())
}

#[test]
fn a_handout_carries_its_prescription_as_written_and_extract_writes_it_back() {
    let s = Sandbox::with_examples();
    let pdf = s.render("hip-and-lower-back.yaml", "hip.pdf");
    let written = String::from_utf8(s.read("hip-and-lower-back.yaml")).unwrap();
    assert_eq!(embedded(&pdf).as_deref(), Some(written.as_str()));
    // To standard output, to a file, and next to the PDF.
    let out = s.run(&["extract", "hip.pdf", "-o", "-"]);
    assert_eq!(out.ok().stdout_text(), written);
    assert_eq!(out.stderr, "");
    let run = s.run(&["extract", "hip.pdf", "-o", "again.yaml"]);
    assert_eq!(run.ok().stderr, "wrote again.yaml (the prescription hip.pdf was made from)\n");
    assert_eq!(s.read("again.yaml"), written.as_bytes());
    s.run(&["extract", "hip.pdf"]).ok();
    assert_eq!(s.read("hip.yaml"), written.as_bytes());
    // An existing, different file is kept unless --force.
    s.write("other.yaml", "patient: Someone else\n");
    let refused = s.run(&["extract", "hip.pdf", "-o", "other.yaml"]);
    assert_eq!(refused.code, 2, "{}", refused.stderr);
    assert_eq!(s.read("other.yaml"), b"patient: Someone else\n");
    s.run(&["extract", "hip.pdf", "-o", "other.yaml", "--force"]).ok();
    assert_eq!(s.read("other.yaml"), written.as_bytes());
}

#[test]
fn the_extracted_prescription_renders_the_same_bytes_with_the_flags_it_was_made_with() {
    let s = Sandbox::with_examples();
    let made = s.run(&["render", "back-care.yaml", "-o", "made.pdf", "--paper", "a4", "--language", "es", "--large-print"]);
    made.ok();
    s.run(&["extract", "made.pdf", "-o", "again.yaml"]).ok();
    let again = String::from_utf8(s.read("again.yaml")).unwrap();
    // The flags' values replace the prescription's own, and nothing else changes.
    assert!(again.contains("\npaper: a4\n") && again.contains("\nlanguage: es\n") && again.contains("\nlarge_print: true\n"), "{again}");
    let original = String::from_utf8(s.read("back-care.yaml")).unwrap();
    let changed: Vec<&str> = again.lines().filter(|l| !original.lines().any(|o| o == *l)).collect();
    // back-care.yaml says `paper: letter`: that line is replaced where it is; the others are added.
    assert!(original.contains("\npaper: letter\n"));
    assert_eq!(changed, ["paper: a4", "language: es", "large_print: true"], "{again}");
    s.run(&["render", "again.yaml", "-o", "remade.pdf"]).ok();
    assert!(s.read("made.pdf") == s.read("remade.pdf"), "the extracted prescription renders the same PDF");
}

#[test]
fn the_extracted_prescription_of_a_batch_row_renders_that_rows_bytes() {
    let s = Sandbox::with_examples();
    s.run(&["batch", "roster.csv", "--out-dir", "handouts", "-j", "2"]).ok();
    let mut checked = 0;
    for entry in std::fs::read_dir(s.join("handouts")).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_str().unwrap().to_string();
        // Beside the roster, where the rows' prescriptions are.
        s.run(&["extract", &format!("handouts/{name}"), "-o", "row.yaml", "--force"]).ok();
        let row = String::from_utf8(s.read("row.yaml")).unwrap();
        assert!(row.contains("patient: "), "{row}");
        s.run(&["render", "row.yaml", "-o", "row.pdf", "--force"]).ok();
        assert!(std::fs::read(&path).unwrap() == s.read("row.pdf"), "{name}: the extracted prescription renders the row's PDF");
        checked += 1;
    }
    assert!(checked >= 10, "the example roster has a dozen rows; checked {checked}");
}

#[test]
fn a_prescription_can_stay_out_of_its_handout() {
    let s = Sandbox::with_examples();
    let flagged = s.run(&["render", "back-care.yaml", "-o", "flag.pdf", "--no-embed-prescription"]);
    flagged.ok();
    assert_eq!(embedded(&Pdf::parse(&s.read("flag.pdf"))), None);
    let yaml = String::from_utf8(s.read("back-care.yaml")).unwrap();
    s.write("private.yaml", format!("embed_prescription: false\n{yaml}"));
    let pdf = s.render("private.yaml", "private.pdf");
    assert_eq!(embedded(&pdf), None);
    assert!(!pdf.contains_bytes(b"prescription.yaml"));
    let run = s.run(&["extract", "private.pdf"]);
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        "error: private.pdf was made without its prescription inside\n  hint: it was made with `embed_prescription: false` or --no-embed-prescription; open the original prescription instead\n"
    );
    // A batch can leave them all out.
    s.run(&["batch", "roster.csv", "--out-dir", "out", "--no-embed-prescription"]).ok();
    for entry in std::fs::read_dir(s.join("out")).unwrap() {
        assert_eq!(embedded(&Pdf::parse(&std::fs::read(entry.unwrap().path()).unwrap())), None);
    }
}
