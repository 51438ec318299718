//! The corpus cases: one folder each under `../shared/wsdl-corpus/`, listed
//! with their entry WSDL in the corpus's `SOURCES.md` table. Shared by the
//! build script and the tests, so both see the same list.

use std::path::{Path, PathBuf};

/// One corpus case.
#[derive(Debug, Clone)]
pub struct Case {
    /// The folder name, e.g. `cisco-axl-6.0.1`.
    pub name: String,
    /// The entry WSDL, relative to the corpus folder.
    pub entry: String,
    /// A Rust module name for the case's generated code.
    pub module: String,
}

/// Cases generated with the lenient setting (each with the vendor defect
/// it accepts, which its warnings name).
pub const LENIENT: &[&str] = &[
    // `binding type="portje"`: unprefixed, resolves only in the target namespace.
    "zeep-recursive-schema",
];

/// A case generated again for some of its operations only
/// (`Settings::operations`), beside its whole module: each compiles with
/// warnings denied, and `tests/subsets.rs` holds them against the whole
/// modules. Each list reaches polymorphic types (derived types sent with
/// `xsi:type`, substitution groups) and header blocks.
#[derive(Debug, Clone, Copy)]
pub struct Subset {
    /// The case folder, as in [`Case::name`].
    pub case: &'static str,
    /// The Rust module of the subset's generated code.
    pub module: &'static str,
    pub operations: &'static [&'static str],
}

/// The subsets generated.
pub const SUBSETS: &[Subset] = &[
    // Ten of 276, as a phone provisioning tool would use: XIPPhone and
    // XNPDirectoryNumber have derived types.
    Subset {
        case: "cisco-axl-6.0.1",
        module: "s_cisco_axl_6_0_1",
        operations: &[
            "getPhone",
            "listPhoneByName",
            "addPhone",
            "updatePhone",
            "removePhone",
            "addLine",
            "getLine",
            "updateLine",
            "getUser",
            "executeSQLQuery",
        ],
    },
    // Item ids (`Any_ItemIdType`), folder ids, the `Path` substitution
    // group of UpdateItem, client-level and output header blocks.
    Subset {
        case: "ms-ews",
        module: "s_ms_ews",
        operations: &["GetUserOofSettings", "GetItem", "FindItem", "CreateItem", "UpdateItem"],
    },
    // SOAP 1.2 only, no `wsdl:service`.
    Subset {
        case: "onvif-devicemgmt",
        module: "s_onvif_devicemgmt",
        operations: &["GetDeviceInformation", "GetNetworkInterfaces", "SetSystemDateAndTime", "GetUsers"],
    },
];

/// How a subset appears in reports: `<case> [N operations]`.
pub fn subset_label(subset: &Subset) -> String {
    format!("{} [{} operations]", subset.case, subset.operations.len())
}

/// `<workspace>/../shared/wsdl-corpus`.
pub fn corpus_dir(workspace: &Path) -> PathBuf {
    workspace.join("../shared/wsdl-corpus")
}

/// The cases `SOURCES.md` lists, in its order. Errors name what is wrong
/// with the table (a corpus without one is an error, not an empty list).
pub fn read(corpus: &Path) -> Result<Vec<Case>, String> {
    let sources = corpus.join("SOURCES.md");
    let text = std::fs::read_to_string(&sources)
        .map_err(|e| format!("{}: {e} (CI keeps shared/ beside the checkout)", sources.display()))?;
    let mut columns: Option<(usize, usize)> = None;
    let mut cases = Vec::new();
    for line in text.lines().filter(|l| l.trim_start().starts_with('|')) {
        let cells: Vec<&str> = line.trim().trim_matches('|').split('|').map(str::trim).collect();
        let Some((case_col, entry_col)) = columns else {
            let find = |name: &str| cells.iter().position(|c| *c == name);
            if let (Some(c), Some(e)) = (find("case"), find("entry")) {
                columns = Some((c, e));
            }
            continue;
        };
        if cells.iter().all(|c| c.chars().all(|ch| ch == '-' || ch == ':')) {
            continue;
        }
        let (Some(name), Some(entry)) = (cells.get(case_col), cells.get(entry_col)) else {
            return Err(format!("{}: short row `{line}`", sources.display()));
        };
        let entry = entry.strip_prefix(&format!("{name}/")).map(|e| format!("{name}/{e}"));
        let entry =
            entry.ok_or_else(|| format!("{}: entry of {name} is outside its folder", sources.display()))?;
        let module = name.replace(|c: char| !c.is_ascii_alphanumeric(), "_").to_ascii_lowercase();
        cases.push(Case { name: (*name).to_owned(), entry, module: format!("c_{module}") });
    }
    if cases.is_empty() {
        return Err(format!("{}: no table with `case` and `entry` columns", sources.display()));
    }
    Ok(cases)
}
