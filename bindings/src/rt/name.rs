//! Element names as generated code passes them to the runtime.

/// A namespace-qualified element name known at compile time. `ns` is `None`
/// for unqualified elements (no prefix, and no default namespace in scope:
/// the writer never declares one).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Name {
    pub ns: Option<&'static str>,
    pub local: &'static str,
}

impl Name {
    /// A name in namespace `ns`.
    pub const fn qualified(ns: &'static str, local: &'static str) -> Self {
        Name { ns: Some(ns), local }
    }

    /// An unqualified name.
    pub const fn local(local: &'static str) -> Self {
        Name { ns: None, local }
    }
}

impl std::fmt::Display for Name {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.ns {
            Some(ns) => write!(f, "{{{ns}}}{}", self.local),
            None => f.write_str(self.local),
        }
    }
}
