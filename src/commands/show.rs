//! `handout show ID`: one library exercise in full.

use std::fmt::Write as _;

use crate::error::Result;
use crate::i18n::Labels;
use crate::layout::wording::dosage_line;
use crate::model::{Library, PictureRef};

pub fn show(library: &Library, id: &str, labels: &Labels) -> Result<String> {
    let e = library.get(id).ok_or_else(|| library.unknown(id))?;
    let mut out = format!("{} ({})\n", e.name, e.id);
    // Writing to a String cannot fail.
    let _ = writeln!(out, "kind: {}   areas: {}   equipment: {}", e.kind, e.areas.join(", "), e.equipment.join(", "));
    if let Some(p) = &e.position {
        let _ = writeln!(out, "start: {p}");
    }
    out.push('\n');
    for (i, s) in e.steps.iter().enumerate() {
        let _ = writeln!(out, "  {}. {s}", i + 1);
    }
    let dose = dosage_line(&e.dosage, e.limbs, labels);
    let _ = writeln!(out, "\ndosage: {}", if dose.is_empty() { "(none set)" } else { &dose });
    for c in &e.cautions {
        let _ = writeln!(out, "take care: {c}");
    }
    match &e.image {
        Some(PictureRef::Builtin(p)) => {
            let _ = writeln!(out, "picture: {p} (built in)");
        }
        Some(PictureRef::File(p)) => {
            let _ = writeln!(out, "picture: {}", p.display());
        }
        None => {}
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Language;

    #[test]
    fn show_prints_steps_and_dosage() {
        let lib = crate::resolve::library::builtin().unwrap();
        let en = Language::parse("en").unwrap();
        let text = show(&lib, "bridge", en.labels()).unwrap();
        assert!(text.starts_with("Bridge (bridge)\nkind: strength"), "{text}");
        assert!(text.contains("  1. ") && text.contains("\ndosage: ") && text.contains("picture: images/bridge.svg (built in)"), "{text}");
        assert_eq!(show(&lib, "brige", en.labels()).unwrap_err().message, "unknown exercise `brige`");
    }
}
