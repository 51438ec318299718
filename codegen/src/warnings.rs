//! What a generator warning is about, so tools and tests can tell the
//! kinds apart (`cargo xtask corpus` counts them by class; the corpus test
//! allows no [`WarningClass::SchemaDropped`]).
//!
//! Warnings stay plain text (`Ir::warnings`); the class is read from it.
//! Schema parsing words every warning about content it leaves out with
//! [`SCHEMA_DROPPED`], so that class cannot be missed.

/// The words every warning about schema content left out ends with.
pub const SCHEMA_DROPPED: &str = "is not modelled and was dropped";

/// The kinds of generator warnings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum WarningClass {
    /// Something a schema declares is not in the generated code: data the
    /// server sends could not be represented. A defect to remove.
    SchemaDropped,
    /// Two definitions of one schema name differ; both are generated, each
    /// used where its own document refers to it. Nothing is lost.
    Conflict,
    /// A part of the WSDL outside the schemas was skipped or corrected (a
    /// port whose binding is not SOAP, a notification operation, an
    /// extension element, a header block or fault detail kept raw, a
    /// defect the lenient setting accepted).
    Wsdl,
}

impl WarningClass {
    /// Every class, in a fixed order (for tables).
    pub const ALL: [WarningClass; 3] =
        [WarningClass::SchemaDropped, WarningClass::Conflict, WarningClass::Wsdl];

    /// A short label for tables.
    pub fn label(self) -> &'static str {
        match self {
            WarningClass::SchemaDropped => "schema dropped",
            WarningClass::Conflict => "conflict",
            WarningClass::Wsdl => "wsdl",
        }
    }
}

/// The class of the warning `message` (as in `Ir::warnings`).
pub fn classify(message: &str) -> WarningClass {
    if message.contains(SCHEMA_DROPPED) {
        WarningClass::SchemaDropped
    } else if message.contains("is defined differently in") {
        WarningClass::Conflict
    } else {
        WarningClass::Wsdl
    }
}

/// How many warnings of each class `warnings` holds, in [`WarningClass::ALL`]
/// order.
pub fn count_by_class<'w>(warnings: impl IntoIterator<Item = &'w str>) -> [(WarningClass, usize); 3] {
    let mut counts = WarningClass::ALL.map(|c| (c, 0));
    for w in warnings {
        let class = classify(w);
        if let Some(entry) = counts.iter_mut().find(|(c, _)| *c == class) {
            entry.1 += 1;
        }
    }
    counts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes_by_wording() {
        let dropped =
            format!("a.wsdl: schema urn:a / complexType T: `assert` in complexType {SCHEMA_DROPPED}");
        assert_eq!(classify(&dropped), WarningClass::SchemaDropped);
        let conflict = "type {urn:a}P is defined differently in a.wsdl and b.wsdl; each definition is kept as its own type";
        assert_eq!(classify(conflict), WarningClass::Conflict);
        assert_eq!(
            classify("a.wsdl: binding B / operation x / input: soap:header is not supported yet; ignored"),
            WarningClass::Wsdl
        );
        let counts = count_by_class([dropped.as_str(), conflict, conflict]);
        assert_eq!(
            counts,
            [(WarningClass::SchemaDropped, 1), (WarningClass::Conflict, 2), (WarningClass::Wsdl, 0)]
        );
    }
}
