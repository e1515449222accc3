//! Emailing handouts through the clinic's own mail server (`--email --mail mail.yaml`).
//!
//! The way through: `settings` (mail.yaml, checked) → for each patient a `send::Parcel`
//! (address, subject and body from `template`, the handout on disk, a password if `protect`)
//! → `send::send_all`: the `ledger` says what was already sent, `message` composes the bytes
//! with the time of sending from the caller's `Clock`, the caller's `Transport` sends them
//! (`smtp::Smtp`, or `transport::DryRun` writing `.eml` files), and each accepted message is
//! recorded before the next one goes.
//!
//! Nothing here reads the clock or the environment, or prints: the binary passes in the
//! clock, the password lookup, the transport and a `Watch` for progress.

pub mod ledger;
pub mod message;
pub mod password;
pub mod protect;
pub mod send;
pub mod settings;
pub mod smtp;
pub mod template;
pub mod transport;

pub use ledger::{Ledger, LEDGER_NAME};
pub use send::{send_all, Deliveries, Delivery, MailStatus, Parcel, Watch};
pub use settings::{MailSettings, Rate, Security};
pub use smtp::{Password, Smtp};
pub use transport::{Accepted, Clock, DryRun, Outgoing, Refusal, Transport};
