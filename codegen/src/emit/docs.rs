//! Text from WSDL/XSD made safe for rustdoc: no accidental code blocks (and
//! so no doctests: no text from a WSDL may ever run as code), no intra-doc
//! links or HTML tags, and no carriage return (rustc refuses a bare CR in
//! a doc comment).

/// Splits `text` into doc lines (each with a leading space, as `///`
/// produces), trimmed and with Markdown/HTML syntax escaped. Any line end
/// (`\n`, `\r\n` or a lone `\r`) ends a line.
pub(crate) fn lines(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for raw in text.replace("\r\n", "\n").split(['\n', '\r']) {
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

/// A name from the WSDL (a QName, a port or operation name) as inline code
/// on one line: control characters are shown as `\u{..}` escapes, and a
/// backtick in the name gets a longer fence.
pub(crate) fn code(name: &str) -> String {
    let shown = one_line(name);
    if shown.contains('`') { format!("`` {shown} ``") } else { format!("`{shown}`") }
}

/// `text` with control characters (line ends among them) written as
/// `\u{..}` escapes, so it stays on one line of a comment.
pub(crate) fn one_line(text: &str) -> String {
    let mut s = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_control() {
            s.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            s.push(c);
        }
    }
    s
}

fn escape(line: &str) -> String {
    let mut s = String::with_capacity(line.len());
    for (i, c) in line.chars().enumerate() {
        match c {
            // `~` and backticks both open fenced code blocks.
            '\\' | '[' | ']' | '<' | '>' | '`' | '~' | '*' | '_' | '|' => {
                s.push('\\');
                s.push(c);
            }
            // Only a leading `#`, `-`, `+` or `=` starts a Markdown block.
            '#' | '-' | '+' | '=' if i == 0 => {
                s.push('\\');
                s.push(c);
            }
            // Other control characters are harmless to rustdoc but not to
            // readers; tabs became spaces when the line was trimmed.
            c if c.is_control() => s.push(' '),
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
    fn tilde_fences_cannot_become_a_doctest() {
        let l = lines("~~~\nstd::process::exit(1);\n~~~rust\n~~~");
        assert_eq!(l, vec![" \\~\\~\\~", " std::process::exit(1);", " \\~\\~\\~rust", " \\~\\~\\~"]);
    }

    #[test]
    fn carriage_returns_end_lines_and_never_remain() {
        assert_eq!(lines("a\rb\r\nc\n\rd"), vec![" a", " b", " c", "", " d"]);
        assert!(lines("x\r").iter().all(|l| !l.contains('\r')));
    }

    #[test]
    fn names_become_one_line_code_spans() {
        assert_eq!(code("{urn:x}T"), "`{urn:x}T`");
        assert_eq!(code("urn:a\r\nb"), "`urn:a\\u{d}\\u{a}b`");
        assert_eq!(code("a`b"), "`` a`b ``");
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
