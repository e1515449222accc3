//! QR codes for video links and booking pages, as a grid of modules (pure computation).

/// A QR code: `width` x `width` modules, row by row, `true` = dark.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Qr {
    pub width: usize,
    pub dark: Vec<bool>,
}

/// Modules of white space that scanners need around a code.
pub const QUIET_ZONE: usize = 4;

/// The longest text a QR code holds at the error correction used here (version 40, level M,
/// bytes).
pub const MAX_QR_BYTES: usize = 2331;

impl Qr {
    /// Encodes `text` with medium error correction (survives a smudge or a fold); `None` when
    /// it is longer than `MAX_QR_BYTES`.
    pub fn encode(text: &str) -> Option<Qr> {
        let code = qrcode::QrCode::with_error_correction_level(text.as_bytes(), qrcode::EcLevel::M).ok()?;
        let dark = code.to_colors().into_iter().map(|c| c == qrcode::Color::Dark).collect();
        Some(Qr { width: code.width(), dark })
    }

    /// Modules across including the quiet zone on both sides.
    pub fn span(&self) -> usize {
        self.width + 2 * QUIET_ZONE
    }

    /// Dark runs per row as (row, first column, length), so a renderer draws few rectangles.
    pub fn runs(&self) -> Vec<(usize, usize, usize)> {
        let mut runs = Vec::new();
        for row in 0..self.width {
            let mut col = 0;
            while col < self.width {
                if self.dark[row * self.width + col] {
                    let start = col;
                    while col < self.width && self.dark[row * self.width + col] {
                        col += 1;
                    }
                    runs.push((row, start, col - start));
                } else {
                    col += 1;
                }
            }
        }
        runs
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_and_runs_cover_every_dark_module() {
        let qr = Qr::encode("https://riverside-physio.example/book").unwrap();
        assert!(qr.width >= 21);
        let dark = qr.dark.iter().filter(|d| **d).count();
        assert_eq!(qr.runs().iter().map(|r| r.2).sum::<usize>(), dark);
    }

    #[test]
    fn the_limit_is_the_real_one() {
        assert!(Qr::encode(&"a".repeat(MAX_QR_BYTES)).is_some());
        assert!(Qr::encode(&"a".repeat(MAX_QR_BYTES + 1)).is_none());
    }
}
