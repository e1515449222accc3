//! QR codes for video links and booking pages, as a grid of modules (pure computation).

/// A QR code: `width` x `width` modules, row by row, `true` = dark.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Qr {
    pub width: usize,
    pub dark: Vec<bool>,
}

/// Modules of white space that scanners need around a code.
pub const QUIET_ZONE: usize = 4;

impl Qr {
    /// Encodes `text` with medium error correction (survives a smudge or a fold).
    pub fn encode(text: &str) -> Option<Qr> {
        // Choosing the mask costs about as much as the rest of a handout, and a batch encodes
        // the same booking and video links again and again: remember the last few.
        static RECENT: std::sync::Mutex<Vec<(String, Option<Qr>)>> = std::sync::Mutex::new(Vec::new());
        if let Some((_, qr)) = RECENT.lock().unwrap_or_else(|p| p.into_inner()).iter().find(|(t, _)| t == text) {
            return qr.clone();
        }
        let qr = Qr::encode_uncached(text);
        let mut recent = RECENT.lock().unwrap_or_else(|p| p.into_inner());
        if recent.len() >= 64 {
            recent.remove(0);
        }
        recent.push((text.to_string(), qr.clone()));
        qr
    }

    fn encode_uncached(text: &str) -> Option<Qr> {
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

/// "https://www.example.com/videos/bridge/" → "example.com/videos/bridge"
pub fn short_link(url: &str) -> String {
    let s = url.trim();
    let s = s.strip_prefix("https://").or_else(|| s.strip_prefix("http://")).unwrap_or(s);
    let s = s.strip_prefix("www.").unwrap_or(s);
    s.trim_end_matches('/').to_string()
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
    fn short_links_drop_the_scheme() {
        assert_eq!(short_link("https://www.example.com/v/bridge/"), "example.com/v/bridge");
    }
}
