//! `Debug` of secret fields in generated types (passwords, PINs): the
//! generated `Debug` impl shows such a field as `Redacted(&self.field)`,
//! which keeps the field's shape (`None`, `""`, how many items) but never
//! its value, so debugging output stays useful and carries no credentials.

use std::fmt;

/// What a secret value shows in place of its text.
pub const REDACTED: &str = "<redacted>";

/// A secret value seen through `Debug`: a non-empty string prints as
/// `"<redacted>"`, an empty one as `""`, `None` as `None`, `Some(s)` as
/// `Some("<redacted>")`, a list as a list of redacted items.
pub struct Redacted<'a, T: ?Sized>(pub &'a T);

impl<T: Redact + ?Sized> fmt::Debug for Redacted<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt_redacted(f)
    }
}

/// The shapes a secret field's value takes: a string, optional or
/// repeated, possibly boxed.
pub trait Redact {
    fn fmt_redacted(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result;
}

impl Redact for str {
    fn fmt_redacted(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if shown_in_clear() {
            return fmt::Debug::fmt(self, f);
        }
        // An empty secret is shown as such: nothing to hide, and "the
        // password is empty" is often what one is debugging.
        let shown = if self.is_empty() { "" } else { REDACTED };
        fmt::Debug::fmt(shown, f)
    }
}

#[cfg(feature = "sample")]
std::thread_local! {
    static IN_CLEAR: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

#[cfg(feature = "sample")]
fn shown_in_clear() -> bool {
    IN_CLEAR.with(std::cell::Cell::get)
}

#[cfg(not(feature = "sample"))]
fn shown_in_clear() -> bool {
    false
}

/// Runs `f` with secrets shown in clear by `Debug` on this thread, for
/// property tests that compare values through their `Debug` text (feature
/// `sample` only: never in code that logs).
#[cfg(feature = "sample")]
pub fn with_secrets_in_clear<R>(f: impl FnOnce() -> R) -> R {
    /// Restores the thread's setting also when `f` panics.
    struct Restore(bool);
    impl Drop for Restore {
        fn drop(&mut self) {
            IN_CLEAR.with(|c| c.set(self.0));
        }
    }
    let _restore = Restore(IN_CLEAR.with(|c| c.replace(true)));
    f()
}

impl Redact for String {
    fn fmt_redacted(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.as_str().fmt_redacted(f)
    }
}

impl<T: Redact + ?Sized> Redact for Box<T> {
    fn fmt_redacted(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        (**self).fmt_redacted(f)
    }
}

impl<T: Redact> Redact for Option<T> {
    fn fmt_redacted(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            None => f.write_str("None"),
            Some(value) => f.debug_tuple("Some").field(&Redacted(value)).finish(),
        }
    }
}

impl<T: Redact> Redact for Vec<T> {
    fn fmt_redacted(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter().map(Redacted)).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown<T: Redact + ?Sized>(value: &T) -> String {
        format!("{:?}", Redacted(value))
    }

    #[cfg(feature = "sample")]
    #[test]
    fn property_tests_can_see_secrets_on_their_thread_only_while_asked() {
        assert_eq!(with_secrets_in_clear(|| shown(&String::from("pw"))), "\"pw\"");
        assert_eq!(shown(&String::from("pw")), "\"<redacted>\"");
    }

    #[test]
    fn values_are_hidden_but_shapes_kept() {
        assert_eq!(shown(&String::from("hunter2")), "\"<redacted>\"");
        assert_eq!(shown(&String::new()), "\"\"");
        assert_eq!(shown(&None::<String>), "None");
        assert_eq!(shown(&Some(String::from("1234"))), "Some(\"<redacted>\")");
        assert_eq!(shown(&vec![String::from("a"), String::new()]), "[\"<redacted>\", \"\"]");
        assert_eq!(shown(&Some(Box::new(String::from("x")))), "Some(\"<redacted>\")");
    }

    #[test]
    fn pretty_format_hides_too() {
        let text = format!("{:#?}", Redacted(&Some(String::from("hunter2"))));
        assert!(!text.contains("hunter2"), "{text}");
        assert!(text.contains(REDACTED), "{text}");
    }
}
