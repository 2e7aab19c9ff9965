/// The report page's one style sheet, inline (the page loads nothing).
///
/// Drawings zoom without script: three radio buttons before each drawing's
/// canvas choose its width (the page's, the drawing's own, or twice it),
/// through the `:checked` sibling selectors below. Printed, the controls
/// go, drawings fit the page, and each link's address is written after it.
enum ReportStyle {
  static let css = """

    :root { color-scheme: light; --ink: #1b1b1b; --muted: #5f5f5f; --rule: #d0d0d0; --tint: #f4f4f4; }
    html { font: 16px/1.5 Georgia, "Times New Roman", serif; color: var(--ink); background: #fff; }
    body { max-width: 72rem; margin: 0 auto; padding: 1.5rem; }
    h1, h2, h3, th, .byline, .zoom, figcaption, .lede, nav, footer, table {
      font-family: "Helvetica Neue", Helvetica, Arial, sans-serif; }
    h1 { font-size: 2rem; line-height: 1.2; margin: 0 0 .5rem; }
    h2 { font-size: 1.5rem; margin: 2.5rem 0 .25rem; border-top: 3px solid var(--ink); padding-top: .5rem; }
    h3 { font-size: 1.15rem; margin: 1.75rem 0 .5rem; }
    .id, .file, .path, .code { font-family: Menlo, Consolas, monospace; font-size: .8em; color: var(--muted);
      overflow-wrap: anywhere; }
    .byline, .lede { color: var(--muted); }
    nav.contents ol { columns: 2 22rem; column-gap: 3rem; font-size: .9rem; }
    nav.contents li { break-inside: avoid; }
    nav .date { color: var(--muted); }
    a { color: #0b57a4; }
    q { quotes: "“" "”"; }
    .paraphrase, .named, .source, .note, .why, .footnote, .more { color: var(--muted); font-size: .9em; }
    .note { display: block; font-size: .8em; }
    .audience { font-size: 1.2rem; margin: .75rem 0; }
    .caveat { border-left: 4px solid #b3261e; background: #fdecea; padding: .4rem .7rem; }
    .audience .why { display: block; font-size: .8rem; }
    dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; margin: .5rem 0; }
    dl.facts dt { font-family: "Helvetica Neue", Helvetica, Arial, sans-serif; font-weight: bold; font-size: .9rem; }
    dl.facts dd { margin: 0; overflow-wrap: anywhere; }
    table { border-collapse: collapse; margin: .75rem 0; font-size: .9rem; width: 100%; }
    th, td { text-align: left; vertical-align: top; padding: .3rem .6rem; border-bottom: 1px solid var(--rule);
      overflow-wrap: anywhere; }
    thead th { border-bottom: 2px solid var(--ink); font-size: .8rem; overflow-wrap: normal; }
    table.validation td:first-child { white-space: nowrap; }
    .number { text-align: right; font-variant-numeric: tabular-nums; }
    tr.total th, tr.total td { border-top: 2px solid var(--ink); }
    .mismatch { display: block; color: #b3261e; font-weight: bold; font-family: "Helvetica Neue", Helvetica, Arial, sans-serif; }
    ul.checks { list-style: none; padding: 0; }
    ul.checks li { border-left: 4px solid #c77700; background: #fff7e6; padding: .3rem .6rem; margin: .3rem 0; }
    ul.checks li.error { border-color: #b3261e; background: #fdecea; }
    ul.checks li.info { border-color: var(--rule); background: var(--tint); }
    .severity { font-family: "Helvetica Neue", Helvetica, Arial, sans-serif; font-weight: bold; }
    table.validation tr.error td:first-child { color: #b3261e; font-weight: bold; }
    table.validation tr.warning td:first-child { color: #c77700; font-weight: bold; }
    figure.drawing { margin: 1rem 0; }
    figure.drawing input { position: absolute; opacity: 0; pointer-events: none; }
    .zoom { font-size: .85rem; margin-bottom: .3rem; }
    .zoom label { cursor: pointer; border: 1px solid var(--rule); border-radius: 3px; padding: .1rem .5rem; }
    .zoom-fit:checked ~ .zoom label[for$="-fit"], .zoom-actual:checked ~ .zoom label[for$="-actual"],
    .zoom-double:checked ~ .zoom label[for$="-double"] { background: var(--ink); color: #fff; }
    figure.drawing input:focus-visible ~ .zoom { outline: 2px solid #0b57a4; }
    .canvas { overflow: auto; max-height: 85vh; border: 1px solid var(--rule); background: #fff; }
    .canvas svg { display: block; width: 100%; height: auto; max-height: 85vh; }
    .zoom-actual:checked ~ .canvas svg { width: var(--natural-width); max-width: none; max-height: none; }
    .zoom-double:checked ~ .canvas svg { width: calc(var(--natural-width) * 2); max-width: none; max-height: none; }
    figcaption { font-size: .8rem; color: var(--muted); margin-top: .3rem; }
    section.network { border-top: 1px solid var(--rule); }
    footer { margin-top: 3rem; border-top: 1px solid var(--rule); color: var(--muted); font-size: .8rem; }
    @media print {
      html { font-size: 10.5pt; }
      body { max-width: none; padding: 0; }
      .zoom, figure.drawing input { display: none; }
      .canvas { overflow: visible; max-height: none; border: none; }
      .canvas svg, .zoom-actual:checked ~ .canvas svg, .zoom-double:checked ~ .canvas svg {
        width: 100%; max-height: 24cm; }
      figure.drawing, tr, dl.facts, ul.checks li { break-inside: avoid; }
      h2, h3 { break-after: avoid; }
      section.report + section.report { break-before: page; }
      a { color: inherit; text-decoration: none; }
      a[href^="http"]::after { content: " <" attr(href) ">"; font-size: .8em; color: var(--muted);
        overflow-wrap: anywhere; }
      nav.contents a::after { content: none; }
    }

    """
}
