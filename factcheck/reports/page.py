"""One self-contained HTML page for a report: inline styles for screen and print, nothing loaded from outside."""

from __future__ import annotations

from html import escape

#: Forbids every load (scripts, images, fonts, frames, styles from files): only the inline stylesheet applies.
CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'"

STYLE = """
:root { color-scheme: light; }
body { margin: 0; background: #fff; color: #1f2328;
  font: 16px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "DejaVu Sans", Arial, sans-serif; }
main { max-width: 46rem; margin: 2.5rem auto 4rem; padding: 0 1.25rem; }
h1 { font-size: 1.75rem; line-height: 1.25; margin: 0 0 .75rem; }
h1 + p { color: #57606a; }
h2 { font-size: 1.1rem; color: #57606a; border-bottom: 1px solid #d0d7de; padding-bottom: .3rem;
  margin: 2.5rem 0 0; letter-spacing: .02em; }
h3 { font-size: 1.05rem; margin: 1.6rem 0 .4rem; }
h3.claim::before { content: "\\25CF\\00A0"; color: #0072B2; }
h3.counterclaim::before { content: "\\25C6\\00A0"; color: #D55E00; }
h3.other::before { content: "\\25A0\\00A0"; color: #6e7781; }
blockquote { margin: .4rem 0 .6rem; padding: .35rem 1rem; border-left: 4px solid #8c959f; background: #f6f8fa;
  font-family: Georgia, "Noto Serif", "DejaVu Serif", serif; font-size: 1.05rem; }
blockquote.claim { border-left-color: #0072B2; }
blockquote.counterclaim { border-left-color: #D55E00; }
blockquote p { margin: .3rem 0; }
ul { padding-left: 1.3rem; margin: .3rem 0; }
li { margin: .15rem 0; }
li > p { margin: .15rem 0; }
li.note { margin-top: .35rem; }
li.note h1, li.note h2, li.note h3, li.note h4 { font-size: 1rem; margin: .5rem 0 .2rem; color: inherit; border: 0; }
a { color: #0550ae; overflow-wrap: anywhere; }
code, pre { font-family: "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: .9em; }
pre { background: #f6f8fa; padding: .5rem .75rem; overflow-x: auto; white-space: pre-wrap; }
table { border-collapse: collapse; } td, th { border: 1px solid #d0d7de; padding: .2rem .5rem; }
@media print {
  body { font-size: 10.5pt; }
  main { max-width: none; margin: 0; padding: 0; }
  h2, h3 { break-after: avoid; page-break-after: avoid; }
  blockquote, li { break-inside: avoid; page-break-inside: avoid; }
  blockquote { background: none; }
  a { color: inherit; }
  a[href^="http"]::after { content: " <" attr(href) ">"; font-size: 85%; color: #57606a; }
}
"""


def html_page(title: str, body: str, *, lang: str = "en") -> str:
    """``body`` (HTML that is already safe) in a complete page titled ``title`` (plain text)."""
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{escape(lang)}">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{CONTENT_SECURITY_POLICY}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="generator" content="factcheck">\n'
        f"<title>{escape(title, quote=False)}</title>\n<style>{STYLE}</style>\n</head>\n"
        f"<body>\n<main>\n{body}\n</main>\n</body>\n</html>\n"
    )
