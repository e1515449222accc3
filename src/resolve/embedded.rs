//! The prescription a handout carries inside its PDF: the file as written, with the values a
//! roster row or the command line set put in place of the prescription's own, so that the
//! extracted file, put where the original was, makes the same handout again.
//!
//! The text is edited, not re-serialized, so the clinician's comments, order and layout stay:
//! each overridden top-level entry (`patient: ...` and the lines that continue it) becomes one
//! line with the new value, or a line is added at the end. The edit is checked by parsing it
//! back; a prescription the edit cannot handle (a flow mapping, a quoted key) is written out
//! again by serde_yaml instead, which keeps its meaning but not its comments.

use serde_yaml::{Mapping, Value};

use crate::load::Overrides;

/// The text to embed for a prescription written as `text`, with `overrides` applied.
pub(crate) fn text(text: &str, overrides: &Overrides) -> String {
    let set = values(overrides);
    if set.is_empty() {
        return text.to_string();
    }
    let Ok(mut expected) = serde_yaml::from_str::<Value>(text) else { return text.to_string() };
    let Some(map) = expected.as_mapping_mut() else { return text.to_string() };
    for (key, value) in &set {
        map.insert(Value::from(*key), value.clone());
    }
    let edited = edit(text, &set);
    match serde_yaml::from_str::<Value>(&edited) {
        Ok(back) if back == expected => edited,
        _ => serde_yaml::to_string(&expected).unwrap_or_else(|_| text.to_string()),
    }
}

/// The top-level keys the overrides set, with their values, in the prescription's key order.
fn values(o: &Overrides) -> Vec<(&'static str, Value)> {
    let string = |key: &'static str, v: &Option<crate::load::Given<String>>| v.as_ref().map(|g| (key, Value::from(g.value.clone())));
    [
        string("patient", &o.patient),
        string("date", &o.date),
        string("clinician", &o.clinician),
        string("paper", &o.paper),
        string("language", &o.language),
        string("layout", &o.layout),
        o.large_print.as_ref().map(|g| ("large_print", Value::from(g.value))),
        string("notes", &o.notes),
    ]
    .into_iter()
    .flatten()
    .collect()
}

/// `text` with each key's top-level entry replaced by `key: value`, or appended.
fn edit(text: &str, set: &[(&'static str, Value)]) -> String {
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let mut out = String::with_capacity(text.len() + 64);
    let mut added = vec![false; set.len()];
    let mut i = 0;
    while i < lines.len() {
        match set.iter().position(|(key, _)| starts_entry(lines[i], key)) {
            Some(k) if !added[k] => {
                out.push_str(&entry(set[k].0, &set[k].1));
                added[k] = true;
                i += 1;
                // The entry goes on over indented lines, and blank lines between them.
                loop {
                    let mut j = i;
                    while j < lines.len() && lines[j].trim().is_empty() {
                        j += 1;
                    }
                    if j < lines.len() && lines[j].starts_with([' ', '\t']) {
                        i = j + 1;
                    } else {
                        break;
                    }
                }
            }
            _ => {
                out.push_str(lines[i]);
                i += 1;
            }
        }
    }
    for (k, (key, value)) in set.iter().enumerate() {
        if !added[k] {
            if !out.is_empty() && !out.ends_with('\n') {
                out.push('\n');
            }
            out.push_str(&entry(key, value));
        }
    }
    out
}

/// Whether `line` starts the top-level entry `key:`.
fn starts_entry(line: &str, key: &str) -> bool {
    line.strip_prefix(key).is_some_and(|rest| {
        let rest = rest.trim_start_matches([' ', '\t']);
        rest.starts_with(':') && rest[1..].chars().next().is_none_or(|c| c.is_whitespace())
    })
}

/// One `key: value` entry as serde_yaml writes it (quoted where YAML needs it, a block scalar
/// for several lines).
fn entry(key: &str, value: &Value) -> String {
    let mut m = Mapping::new();
    m.insert(Value::from(key), value.clone());
    serde_yaml::to_string(&m).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::{Given, Origin};

    fn set(patient: Option<&str>, notes: Option<&str>) -> Overrides {
        let cell = |v: &str| Given::new(v.to_string(), Origin::Flag("--test"));
        Overrides { patient: patient.map(cell), notes: notes.map(cell), ..Overrides::default() }
    }

    #[test]
    fn without_overrides_the_text_is_kept_byte_for_byte() {
        let t = "# Jo's program\npatient: Jo   # first visit\nexercises: [bridge]\n";
        assert_eq!(text(t, &Overrides::default()), t);
    }

    #[test]
    fn an_overridden_entry_is_replaced_in_place_and_comments_stay() {
        let t =
            "# Program\npatient: Template\ndate: 2026-01-05\nnotes: |\n  line one\n\n  line two\n# the exercises\nexercises:\n  - bridge\n";
        let got = text(t, &set(Some("Zoë Ödegaard"), Some("Walk daily.\nNo running.")));
        assert_eq!(
            got,
            "# Program\npatient: Zoë Ödegaard\ndate: 2026-01-05\nnotes: |-\n  Walk daily.\n  No running.\n# the exercises\nexercises:\n  - bridge\n"
        );
    }

    #[test]
    fn a_key_the_prescription_lacks_is_added_at_the_end() {
        let t = "exercises:\n  - bridge";
        assert_eq!(text(t, &set(Some("Jo"), None)), "exercises:\n  - bridge\npatient: Jo\n");
        // A blank line after a replaced entry stays.
        let t = "patient: A\n\nexercises:\n  - bridge\n";
        assert_eq!(text(t, &set(Some("B"), None)), "patient: B\n\nexercises:\n  - bridge\n");
    }

    #[test]
    fn values_yaml_would_misread_are_quoted() {
        let t = "exercises: [bridge]\n";
        let got = text(t, &set(Some("yes"), Some("- not a list: really")));
        let back: Value = serde_yaml::from_str(&got).unwrap();
        assert_eq!(back["patient"], Value::from("yes"));
        assert_eq!(back["notes"], Value::from("- not a list: really"));
    }

    #[test]
    fn a_flow_mapping_is_written_out_again_with_the_same_meaning() {
        let t = "{patient: Template, exercises: [bridge]}\n";
        let got = text(t, &set(Some("Jo"), None));
        let back: Value = serde_yaml::from_str(&got).unwrap();
        assert_eq!(back["patient"], Value::from("Jo"));
        assert_eq!(back["exercises"][0], Value::from("bridge"));
    }

    #[test]
    fn keys_that_only_start_alike_are_not_touched() {
        let t = "patient_id: 7\npatient: A\nexercises: [bridge]\n";
        assert!(!starts_entry("patient_id: 7\n", "patient"));
        assert!(starts_entry("patient : A\n", "patient"));
        assert!(!starts_entry("patient:x\n", "patient"));
        // `patient_id` is not a prescription field, but the edit must still leave it alone.
        assert_eq!(edit(t, &[("patient", Value::from("B"))]), "patient_id: 7\npatient: B\nexercises: [bridge]\n");
    }
}
