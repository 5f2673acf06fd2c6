//! GitHub Actions workflow commands: one `::error file=...,line=...,col=...::message` line per
//! diagnostic, so findings appear as annotations on the pull request.

use crate::diagnostic::{Diagnostic, Severity};

/// Render diagnostics as workflow-command annotations, one per line.
pub fn render(diagnostics: &[Diagnostic]) -> String {
    let mut out = String::new();
    for diagnostic in diagnostics {
        let command = match diagnostic.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Advice => "notice",
        };
        let mut properties = Vec::new();
        if let Some(file) = &diagnostic.file {
            properties.push(format!("file={}", escape_property(&file.name)));
            if let Some(span) = diagnostic.span {
                let (line, col) = file.line_col(span.start);
                let (end_line, end_col) = file.line_col(span.end);
                properties.push(format!("line={line}"));
                properties.push(format!("col={col}"));
                properties.push(format!("endLine={end_line}"));
                if end_line == line {
                    properties.push(format!("endColumn={end_col}"));
                }
            }
        }
        properties.push(format!("title={}", escape_property(&diagnostic.code)));
        let mut message = diagnostic.message.clone();
        if let Some(help) = &diagnostic.help {
            message.push_str("\nhelp: ");
            message.push_str(help);
        }
        out.push_str(&format!("::{command} {}::{}\n", properties.join(","), escape_data(&message)));
    }
    out
}

/// Escape the message part of a workflow command.
fn escape_data(text: &str) -> String {
    text.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// Escape a property value of a workflow command.
fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::{SourceFile, Span};

    #[test]
    fn annotation_names_file_line_column_and_escapes() {
        let file = SourceFile::new("a.merit", "scheme \"x\"\nweight 5\n");
        let d = Diagnostic::warning("structure::weight-sum", "sum is 5%, not 100%")
            .at(&file, Span::new(11, 17))
            .with_help("fix it");
        assert_eq!(
            render(&[d]),
            "::warning file=a.merit,line=2,col=1,endLine=2,endColumn=7,\
             title=structure%3A%3Aweight-sum::sum is 5%25, not 100%25%0Ahelp: fix it\n"
        );
    }
}
