//! Documentation text from WSDL/XSD made safe for rustdoc: no accidental
//! code blocks (and so no doctests), no intra-doc links or HTML tags.

/// Splits `text` into doc lines (each with a leading space, as `///`
/// produces), trimmed and with Markdown/HTML syntax escaped.
pub(crate) fn lines(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for raw in text.lines() {
        // Trimming removes the indentation that would make a code block.
        let line = raw.trim();
        if line.is_empty() {
            if out.last().is_some_and(|l| !l.is_empty()) {
                out.push(String::new());
            }
            continue;
        }
        out.push(format!(" {}", escape(line)));
    }
    while out.last().is_some_and(String::is_empty) {
        out.pop();
    }
    out
}

fn escape(line: &str) -> String {
    let mut s = String::with_capacity(line.len());
    for (i, c) in line.chars().enumerate() {
        match c {
            '\\' | '[' | ']' | '<' | '>' | '`' | '*' | '_' | '|' => {
                s.push('\\');
                s.push(c);
            }
            // Only a leading `#`, `-`, `+` or `=` starts a Markdown block.
            '#' | '-' | '+' | '=' if i == 0 => {
                s.push('\\');
                s.push(c);
            }
            _ => s.push(c),
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indented_text_cannot_become_a_doctest() {
        let l = lines("Example:\n\n    let x = 1;\n```\ncode\n```");
        assert_eq!(l, vec![" Example:", "", " let x = 1;", " \\`\\`\\`", " code", " \\`\\`\\`"]);
    }

    #[test]
    fn links_and_tags_are_escaped() {
        assert_eq!(lines("see [Foo] and <b>x</b>"), vec![" see \\[Foo\\] and \\<b\\>x\\</b\\>"]);
        assert_eq!(lines("# title"), vec![" \\# title"]);
    }

    #[test]
    fn blank_runs_collapse() {
        assert_eq!(lines("\n\na\n\n\n\nb\n\n"), vec![" a", "", " b"]);
    }
}
