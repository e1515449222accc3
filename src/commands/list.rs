//! `handout list`: the library's exercises as a table or JSON, with filters.

use crate::error::{Error, Result};
use crate::i18n::Labels;
use crate::layout::wording::dosage_line;
use crate::model::library::KINDS;
use crate::model::{Library, LibraryExercise};

/// Filters for `handout list`.
#[derive(Debug, Clone, Default)]
pub struct ListFilter {
    pub kind: Option<String>,
    pub area: Option<String>,
    pub equipment: Option<String>,
}

impl ListFilter {
    fn keep(&self, e: &LibraryExercise) -> bool {
        self.kind.as_ref().is_none_or(|k| e.kind.eq_ignore_ascii_case(k))
            && self.area.as_ref().is_none_or(|a| e.areas.iter().any(|x| x.eq_ignore_ascii_case(a)))
            && self.equipment.as_ref().is_none_or(|q| e.equipment.iter().any(|x| x.eq_ignore_ascii_case(q)))
    }
}

/// `handout list`, as a table or as JSON; `labels` word the dosage.
pub fn list(library: &Library, filter: &ListFilter, json: bool, labels: &Labels) -> Result<String> {
    let kept: Vec<&LibraryExercise> = library.exercises.iter().filter(|e| filter.keep(e)).collect();
    if kept.is_empty() {
        return Err(Error::input("no exercise matches these filters").hint(format!(
            "kinds: {}; areas: {}; equipment: {}",
            KINDS.join(", "),
            all(library, |e| &e.areas).join(", "),
            all(library, |e| &e.equipment).join(", ")
        )));
    }
    if !json {
        return Ok(table(&kept));
    }
    let exercises: Vec<serde_json::Value> = kept
        .iter()
        .map(|e| {
            serde_json::json!({
                "id": e.id, "name": e.name, "kind": e.kind, "areas": e.areas, "equipment": e.equipment,
                "position": e.position, "steps": e.steps, "cautions": e.cautions,
                "dosage": dosage_line(&e.dosage, e.limbs, labels),
            })
        })
        .collect();
    serde_json::to_string_pretty(&exercises).map(|s| s + "\n").map_err(|e| Error::failure(format!("cannot write JSON: {e}")))
}

fn all(library: &Library, field: impl Fn(&LibraryExercise) -> &Vec<String>) -> Vec<String> {
    let mut v: Vec<String> = library.exercises.iter().flat_map(|e| field(e).iter().cloned()).collect();
    v.sort();
    v.dedup();
    v
}

/// One line per exercise, as an aligned table.
fn table(exercises: &[&LibraryExercise]) -> String {
    let rows: Vec<[String; 4]> = exercises.iter().map(|e| [e.id.clone(), e.name.clone(), e.kind.clone(), e.areas.join(", ")]).collect();
    let header = ["ID", "NAME", "KIND", "AREAS"].map(String::from);
    let mut widths = [0usize; 4];
    for row in std::iter::once(&header).chain(&rows) {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let mut out = String::new();
    for row in std::iter::once(&header).chain(&rows) {
        let line: Vec<String> = row.iter().zip(widths).map(|(c, w)| format!("{c:<w$}")).collect();
        out.push_str(line.join("  ").trim_end());
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Language;

    #[test]
    fn list_filters_and_json() {
        let lib = crate::resolve::library::builtin().unwrap();
        let en = Language::parse("en").unwrap();
        let all = list(&lib, &ListFilter::default(), false, en.labels()).unwrap();
        assert_eq!(all.lines().count(), 18);
        assert!(all.lines().next().unwrap().starts_with("ID"));
        let strength = list(&lib, &ListFilter { kind: Some("strength".into()), ..ListFilter::default() }, false, en.labels()).unwrap();
        assert!(strength.contains("bridge") && !strength.contains("hamstring-stretch"), "{strength}");
        let towel = list(&lib, &ListFilter { equipment: Some("towel".into()), ..ListFilter::default() }, true, en.labels()).unwrap();
        let parsed: serde_json::Value = serde_json::from_str(&towel).unwrap();
        assert!(parsed.as_array().unwrap().iter().any(|e| e["id"] == "hamstring-stretch"));
        let none = list(&lib, &ListFilter { kind: Some("yoga".into()), ..ListFilter::default() }, false, en.labels()).unwrap_err();
        assert_eq!(none.message, "no exercise matches these filters");
    }
}
