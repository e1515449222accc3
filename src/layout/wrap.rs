//! Line breaking with real font metrics. Long words and URLs are broken rather than allowed
//! to run off the page.

use crate::fonts::{Face, FontSet, Weight};

/// A run of text in one weight, part of a paragraph.
#[derive(Debug, Clone)]
pub struct Span<'a> {
    pub weight: Weight,
    pub text: &'a str,
}

/// Wraps spans to lines no wider than `width` mm. Each line is a list of (weight, text) runs.
/// Words too long for a line are broken (URLs after `/`, `.` or `-` where possible).
pub fn wrap(fonts: &FontSet, size: f32, spans: &[Span], width: f32) -> Vec<Vec<(Weight, String)>> {
    let mut lines: Vec<Vec<(Weight, String)>> = vec![Vec::new()];
    let mut line_w = 0.0f32;
    let space_w = |w: Weight| fonts.face(w).width_mm(" ", size);
    for span in spans {
        let face = fonts.face(span.weight);
        for (pi, paragraph) in span.text.split('\n').enumerate() {
            if pi > 0 {
                lines.push(Vec::new());
                line_w = 0.0;
            }
            // A no-break space (U+00A0) keeps a phone number on one line.
            for word in paragraph.split_ascii_whitespace() {
                // Borrowed until a word too long for a line is broken.
                let mut word = std::borrow::Cow::Borrowed(word);
                loop {
                    let ww = face.width_mm(&word, size);
                    let lead = if line_w > 0.0 { space_w(span.weight) } else { 0.0 };
                    if line_w + lead + ww <= width + 1e-3 {
                        push_word(lines.last_mut().expect("at least one line"), span.weight, &word, line_w > 0.0);
                        line_w += lead + ww;
                        break;
                    }
                    if line_w > 0.0 && ww <= width {
                        lines.push(Vec::new());
                        line_w = 0.0;
                        continue;
                    }
                    // The word alone is wider than the line (or than what is left): break it.
                    let room = if line_w > 0.0 { width - line_w - lead } else { width };
                    // On an empty line at least one character goes, however narrow the line.
                    let cut = break_point(face, size, &word, room).max(usize::from(line_w == 0.0));
                    if cut == 0 {
                        lines.push(Vec::new());
                        line_w = 0.0;
                        continue;
                    }
                    let head: String = word.chars().take(cut).collect();
                    let tail: String = word.chars().skip(cut).collect();
                    push_word(lines.last_mut().expect("at least one line"), span.weight, &head, line_w > 0.0);
                    lines.push(Vec::new());
                    line_w = 0.0;
                    word = std::borrow::Cow::Owned(tail);
                    if word.is_empty() {
                        break;
                    }
                }
            }
        }
    }
    if lines.last().is_some_and(|l| l.is_empty()) && lines.len() > 1 {
        lines.pop();
    }
    lines
}

fn push_word(line: &mut Vec<(Weight, String)>, weight: Weight, word: &str, space: bool) {
    match line.last_mut() {
        Some((w, text)) if *w == weight => {
            if space {
                text.push(' ');
            }
            text.push_str(word);
        }
        _ => {
            let mut text = String::new();
            if space {
                text.push(' ');
            }
            text.push_str(word);
            line.push((weight, text));
        }
    }
}

/// How many chars of `word` fit in `room` mm, preferring a cut after `/`, `.`, `-`, `?`, `&`.
fn break_point(face: &Face, size: f32, word: &str, room: f32) -> usize {
    let chars: Vec<char> = word.chars().collect();
    let mut w = 0.0;
    let mut fit = 0;
    for (i, c) in chars.iter().enumerate() {
        w += face.width_mm(&c.to_string(), size);
        if w > room {
            break;
        }
        fit = i + 1;
    }
    if fit == 0 {
        return 0;
    }
    let nice = (1..fit).rev().find(|&i| matches!(chars[i - 1], '/' | '.' | '-' | '?' | '&' | '_')).filter(|&i| i * 2 >= fit);
    nice.unwrap_or(fit).min(chars.len().saturating_sub(0))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fonts() -> std::sync::Arc<FontSet> {
        FontSet::builtin()
    }

    #[test]
    fn wrap_respects_width_and_keeps_words() {
        let f = fonts();
        let text = "Lie on your back with your knees bent and your feet flat on the floor, hip-width apart.";
        let lines = wrap(&f, 11.5, &[Span { weight: Weight::Regular, text }], 60.0);
        assert!(lines.len() > 1);
        let joined: Vec<String> = lines.iter().map(|l| l.iter().map(|(_, t)| t.as_str()).collect::<String>()).collect();
        assert_eq!(joined.join(" "), text);
        for l in &joined {
            assert!(f.regular.width_mm(l, 11.5) <= 60.0 + 1e-3, "{l}");
        }
    }

    #[test]
    fn a_line_too_narrow_for_one_letter_still_ends() {
        let lines = wrap(&fonts(), 11.5, &[Span { weight: Weight::Regular, text: "abc de" }], 0.0);
        let joined: Vec<String> = lines.iter().map(|l| l.iter().map(|(_, t)| t.as_str()).collect()).collect();
        assert_eq!(joined, ["a", "b", "c", "d", "e"]);
    }

    #[test]
    fn wrap_breaks_words_longer_than_the_line() {
        let f = fonts();
        let url = "https://riverside-physio.example/patients/exercises/very/long/path/that/never/ends/at/all";
        let word = "Pneumonoultramicroscopicsilicovolcanoconiosis".repeat(3);
        for text in [url, word.as_str()] {
            let lines = wrap(&f, 11.5, &[Span { weight: Weight::Regular, text }], 40.0);
            assert!(lines.len() > 2);
            let joined: String = lines.iter().flat_map(|l| l.iter().map(|(_, t)| t.clone())).collect();
            assert_eq!(joined, text);
            for l in &lines {
                let s: String = l.iter().map(|(_, t)| t.as_str()).collect();
                assert!(f.regular.width_mm(&s, 11.5) <= 40.0 + 1e-3, "{s}");
            }
        }
    }
}
