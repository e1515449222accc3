//! Colours in 8-bit sRGB.

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    pub const BLACK: Rgb = Rgb(0, 0, 0);
    pub const WHITE: Rgb = Rgb(255, 255, 255);
    pub const TEXT: Rgb = Rgb(0x1A, 0x1A, 0x1A);

    /// Parses `#RRGGBB`, `#RGB` or a handful of colour names.
    pub fn parse(s: &str) -> Option<Self> {
        let s = s.trim();
        if let Some(hex) = s.strip_prefix('#') {
            let digits: Vec<u8> = hex.chars().map(|c| c.to_digit(16).map(|d| d as u8)).collect::<Option<_>>()?;
            return match digits.as_slice() {
                [r, g, b] => Some(Rgb(r * 17, g * 17, b * 17)),
                [r1, r2, g1, g2, b1, b2] => Some(Rgb(r1 * 16 + r2, g1 * 16 + g2, b1 * 16 + b2)),
                _ => None,
            };
        }
        match s.to_lowercase().as_str() {
            "black" => Some(Rgb(0, 0, 0)),
            "navy" => Some(Rgb(0, 0, 128)),
            "blue" => Some(Rgb(0, 0, 255)),
            "teal" => Some(Rgb(0, 128, 128)),
            "green" => Some(Rgb(0, 128, 0)),
            "maroon" => Some(Rgb(128, 0, 0)),
            "purple" => Some(Rgb(128, 0, 128)),
            "gray" | "grey" => Some(Rgb(128, 128, 128)),
            _ => None,
        }
    }

    /// Mixes this colour with white; `amount` 0 is this colour, 1 is white.
    pub fn tint(self, amount: f32) -> Rgb {
        let mix = |c: u8| (f32::from(c) + (255.0 - f32::from(c)) * amount).round() as u8;
        Rgb(mix(self.0), mix(self.1), mix(self.2))
    }

    /// WCAG relative luminance, 0 (black) to 1 (white).
    pub fn luminance(self) -> f32 {
        let lin = |c: u8| {
            let c = f32::from(c) / 255.0;
            if c <= 0.03928 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * lin(self.0) + 0.7152 * lin(self.1) + 0.0722 * lin(self.2)
    }

    /// WCAG contrast ratio against white.
    pub fn contrast_with_white(self) -> f32 {
        1.05 / (self.luminance() + 0.05)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours_parse() {
        assert_eq!(Rgb::parse("#1F5F8B"), Some(Rgb(0x1F, 0x5F, 0x8B)));
        assert_eq!(Rgb::parse("#abc"), Some(Rgb(0xAA, 0xBB, 0xCC)));
        assert_eq!(Rgb::parse("#12345"), None);
        assert_eq!(Rgb::parse("blurple"), None);
        assert!(Rgb::BLACK.contrast_with_white() > 20.0);
    }
}
