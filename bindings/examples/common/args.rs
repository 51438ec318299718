//! Command-line options shared by the examples: `--name value` pairs.
//! Without `--url` an example runs against the vendor's mock, started in
//! the same process.

use std::collections::BTreeMap;

/// The options given, by name (without the leading `--`).
#[derive(Debug, Default)]
pub struct Args {
    values: BTreeMap<String, String>,
}

impl Args {
    /// Reads `--name value` pairs; `known` lists the names accepted, for
    /// the error and `--help`.
    pub fn parse(usage: &str, known: &[&str]) -> Result<Args, String> {
        let mut values = BTreeMap::new();
        let mut it = std::env::args().skip(1);
        while let Some(arg) = it.next() {
            if arg == "--help" || arg == "-h" {
                return Err(usage.to_owned());
            }
            let Some(name) = arg.strip_prefix("--").filter(|n| known.contains(n)) else {
                return Err(format!("unknown argument {arg:?}\n{usage}"));
            };
            let Some(value) = it.next() else { return Err(format!("--{name} needs a value\n{usage}")) };
            values.insert(name.to_owned(), value);
        }
        Ok(Args { values })
    }

    pub fn get(&self, name: &str) -> Option<&str> {
        self.values.get(name).map(String::as_str)
    }

    /// The value of `name`, or `default`.
    pub fn or<'a>(&'a self, name: &str, default: &'a str) -> &'a str {
        self.get(name).unwrap_or(default)
    }

    /// Whether the example talks to a real server (`--url` given).
    pub fn remote(&self) -> bool {
        self.values.contains_key("url")
    }
}
