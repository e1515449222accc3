//! Where a value stands in a YAML file: for errors found after parsing (an unknown exercise
//! id, a bad colour), the text is read again, only when an error needs a place.

use super::yaml::Seg;

/// Walks the YAML events and returns the (line, column) where the value at `path` starts.
pub(crate) fn find_mark(text: &str, path: &[Seg]) -> Option<(usize, usize)> {
    use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
    use yaml_rust2::scanner::Marker;

    enum Frame {
        Map { key: Option<String>, expecting_key: bool },
        Seq { index: usize },
    }
    struct Finder<'p> {
        target: &'p [Seg],
        stack: Vec<Frame>,
        found: Option<(usize, usize)>,
        mapping_start: Option<(usize, usize)>,
    }
    impl Finder<'_> {
        /// The path of the node that is about to start, if it is a value (not a key).
        fn at_target(&self) -> bool {
            if self.stack.len() != self.target.len() {
                return false;
            }
            self.stack.iter().zip(self.target).all(|(frame, seg)| match (frame, seg) {
                (Frame::Map { key: Some(k), expecting_key: false }, Seg::Key(want)) => k == want,
                (Frame::Seq { index }, Seg::Index(want)) => index == want,
                _ => false,
            })
        }
        fn value_done(&mut self) {
            match self.stack.last_mut() {
                Some(Frame::Map { key, expecting_key }) => {
                    *expecting_key = true;
                    *key = None;
                }
                Some(Frame::Seq { index }) => *index += 1,
                None => {}
            }
        }
    }
    impl MarkedEventReceiver for Finder<'_> {
        fn on_event(&mut self, ev: Event, mark: Marker) {
            if self.found.is_some() {
                return;
            }
            if let Some(start) = self.mapping_start.take() {
                let first_key = (mark.line(), mark.col() + 1);
                self.found = Some(if matches!(ev, Event::Scalar(..)) { start.min(first_key) } else { start });
                return;
            }
            let is_key = matches!(self.stack.last(), Some(Frame::Map { expecting_key: true, .. }));
            match ev {
                Event::Scalar(value, ..) => {
                    if is_key {
                        if let Some(Frame::Map { key, expecting_key }) = self.stack.last_mut() {
                            *key = Some(value);
                            *expecting_key = false;
                        }
                    } else {
                        if self.at_target() {
                            self.found = Some((mark.line(), mark.col() + 1));
                        }
                        self.value_done();
                    }
                }
                Event::Alias(_) => {
                    if !is_key && self.at_target() {
                        self.found = Some((mark.line(), mark.col() + 1));
                    }
                    self.value_done();
                }
                Event::MappingStart(..) => {
                    if self.at_target() {
                        // A block mapping's start mark is at its first `:`; its first key,
                        // the next event, shows where it begins.
                        self.mapping_start = Some((mark.line(), mark.col() + 1));
                    }
                    self.stack.push(Frame::Map { key: None, expecting_key: true });
                }
                Event::SequenceStart(..) => {
                    if self.at_target() {
                        self.found = Some((mark.line(), mark.col() + 1));
                    }
                    self.stack.push(Frame::Seq { index: 0 });
                }
                Event::MappingEnd | Event::SequenceEnd => {
                    self.stack.pop();
                    self.value_done();
                }
                _ => {}
            }
        }
    }

    let mut finder = Finder { target: path, stack: Vec::new(), found: None, mapping_start: None };
    let mut parser = Parser::new_from_str(text);
    // A parse error here only means we cannot point at the value; the caller falls back to the file.
    let _ = parser.load(&mut finder, false);
    finder.found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locates_nested_values() {
        let text = "title: X\nexercises:\n  - bridge\n  - id: brige\n    reps: 3\n";
        assert_eq!(find_mark(text, &[Seg::Key("title")]), Some((1, 8)));
        assert_eq!(find_mark(text, &[Seg::Key("exercises"), Seg::Index(0)]), Some((3, 5)));
        assert_eq!(find_mark(text, &[Seg::Key("exercises"), Seg::Index(1), Seg::Key("id")]), Some((4, 9)));
        assert_eq!(find_mark(text, &[Seg::Key("exercises"), Seg::Index(1), Seg::Key("reps")]), Some((5, 11)));
        assert_eq!(find_mark(text, &[Seg::Key("nope")]), None);
        // A block mapping starts at its first key, a flow mapping at its brace.
        assert_eq!(find_mark(text, &[Seg::Key("exercises"), Seg::Index(1)]), Some((4, 5)));
        assert_eq!(
            find_mark(
                "a:
  - {id: x}
",
                &[Seg::Key("a"), Seg::Index(0)]
            ),
            Some((2, 5))
        );
    }
}
