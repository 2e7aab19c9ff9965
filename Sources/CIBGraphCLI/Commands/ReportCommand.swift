import ArgumentParser
import CIBGraph
import CIBGraphHTML
import CIBGraphSupport
import CIBGraphviz
import Foundation

/// `cibgraph report`: one self-contained HTML page of the inputs.
struct ReportCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "report",
    abstract: "Write one self-contained HTML page of the inputs, to send to an editor.",
    discussion: """
      Per report: each network's figures with their hedges and sources (linked), the bounds on \
      its unique audience in words, and the drawing (SVG through Graphviz, zoomable); with \
      itemized data (--nodes, --edges, --audience), the components and what assets, networks \
      and organisations share; and what `validate` finds. The page runs no script and loads \
      nothing: its Content-Security-Policy forbids both, and every string from the data is \
      escaped. Files are named without their folders. Drawings are laid out in a child \
      process, as `render` does, each within --timeout.
      """)

  @OptionGroup var input: InputOptions
  @OptionGroup var audience: ExactAudienceOptions
  @OptionGroup var badRows: BadRowsOption

  @Option(
    name: .shortAndLong,
    help: ArgumentHelp("The file to write ('-' writes standard output).", valueName: "out.html"))
  var output: String

  @Option(help: "The page's title. Default: the report's title, or how many reports there are.")
  var title: String?

  @Flag(help: "Leave the drawings out (for inputs too large to draw in time).")
  var noDrawings = false

  @Option(
    help: ArgumentHelp(
      "Stop laying out a drawing after this many seconds (0: no limit).", valueName: "seconds"))
  var timeout: Int = RenderCommand.defaultTimeout

  func validate() throws {
    try input.requireGraph()
    guard timeout >= 0 && timeout <= RenderCommand.longestTimeout else {
      throw ValidationError(
        "--timeout must be a whole number of seconds from 0 (no limit) to \(RenderCommand.longestTimeout)"
      )
    }
    try StandardInputUse.validate(input.paths + audience.files)
  }

  func run() throws {
    do {
      let html = try page().html()
      if output == "-" {
        try StandardOutput.write(html)
      } else {
        let outputs = OutputFiles()
        try outputs.add(html, to: output)
        try outputs.commit()
      }
    } catch {
      printToStandardError(error.messages)
      throw ExitCode(error.status.rawValue)
    }
  }

  /// Reads, checks, analyses and draws the inputs.
  func page() throws(CommandFailure) -> ReportPage {
    var checked = try input.loadChecked(badRows: badRows)
    var leftOut = checked.leftOut
    for index in checked.inputs.indices where checked.inputs[index].hasRows {
      checked.inputs[index].loaded.document.report = withoutFolders(
        checked.inputs[index].document.report)
    }
    let itemized = try itemizedTables(checked.documents, leftOut: &leftOut)
    printToStandardError(checked.notes + (leftOut?.notes ?? []))

    var findings = checked.inputs.map { $0.findings() }
    for (index, finding) in Validator.compare(checked.documents) {
      findings[index].append(finding.resolved(by: checked.inputs[index].locations))
    }
    let drawings = try noDrawings ? [] : self.drawings(checked.documents)
    var documents: [ReportPage.Document] = []
    for (index, loaded) in checked.inputs.enumerated() {
      documents.append(
        ReportPage.Document(
          file: fileName(loaded.name), document: loaded.document,
          drawing: drawings.isEmpty ? nil : drawings[index], findings: findings[index],
          isItemizedData: loaded.hasRows))
    }
    var page = ReportPage(title: title, documents: documents, itemized: itemized)
    if let leftOut { page.caveats.append(Self.caveat(leftOut)) }
    return page
  }

  /// A spreadsheet's or exchange file's report, titled by the file's name
  /// without its folders: the reader names it by the path it was given.
  private func withoutFolders(_ report: Report) -> Report {
    var report = report
    let paths = input.paths.compactMap { $0 }.filter { $0.contains("/") }
    func stripped(_ text: String) -> String {
      paths.reduce(text) { $0.replacing($1, with: fileName($1)) }
    }
    report.title = stripped(report.title)
    report.notes = report.notes.map(stripped)
    return report
  }

  /// Components and overlaps, when some network has itemized assets.
  private func itemizedTables(_ documents: [NetworkDocument], leftOut: inout RowsLeftOut?)
    throws(CommandFailure) -> ReportPage.Itemized?
  {
    guard documents.contains(where: { $0.networks.contains { !$0.assets.isEmpty } }) else {
      if !audience.files.isEmpty {
        throw CommandFailure(
          .usage,
          [
            "cibgraph: error: --audience needs itemized assets to attach the lists to; these inputs have none (give --nodes)"
          ])
      }
      return nil
    }
    let graph = AssetGraph(documents: documents)
    let components = ComponentAnalysis(graph)
    let lists = try audience.lists(for: graph)
    var distinct: [Int]?
    var matrix: AudienceOverlapMatrix?
    if let lists {
      try RowsLeftOut.account(for: lists.report, in: &leftOut)
      printToStandardError(AudienceReportOutput.notes(lists.report))
      let counter = DistinctCounter(lists: lists, graph: graph)
      distinct = (0..<min(ReportPage.shownRows, components.count)).map {
        counter.count(components.nodes(at: $0))
      }
      matrix = AudienceOverlapMatrix(
        lists: lists,
        assets: AudienceOverlapMatrix.largest(ReportPage.shownRows, lists: lists, graph: graph))
    }
    let overlap = StructuralOverlap(documents: documents, graph: graph, lists: lists)
    return ReportPage.Itemized(
      graph: graph, components: components, distinctAudience: distinct, audienceOverlap: matrix,
      networks: overlap.networks(), reports: overlap.reports(),
      organizations: overlap.organizations())
  }

  /// One drawing per document, each laid out in a child process.
  private func drawings(_ documents: [NetworkDocument]) throws(CommandFailure) -> [InlineSVG] {
    let limit: Duration? = timeout == 0 ? nil : .seconds(timeout)
    var drawings: [InlineSVG] = []
    for (index, document) in documents.enumerated() {
      drawings.append(try Self.drawing(document, number: index + 1, timeLimit: limit))
    }
    return drawings
  }

  private static func drawing(_ document: NetworkDocument, number: Int, timeLimit: Duration?)
    throws(CommandFailure) -> InlineSVG
  {
    let drawing = NetworkDrawing(documents: [document])
    let bytes: [UInt8]
    do {
      bytes = try RenderWorker.renderInChild(
        drawing.dot, layout: drawing.layout, format: .svg, timeLimit: timeLimit)
    } catch {
      throw CommandFailure(
        error.status,
        error.messages + [
          "cibgraph: the page was not written; --no-drawings writes it without its drawings"
        ])
    }
    guard let svg = InlineSVG(graphviz: bytes, idPrefix: "d\(number)-") else {
      throw CommandFailure(
        .software,
        [
          "cibgraph: error: Graphviz's SVG of \"\(TerminalText.safe(document.report.title, limit: 80))\" holds something a drawing should not; it was not put in the page"
        ])
    }
    return svg
  }

  /// "Computed without 3 bad rows (--skip-bad-rows): nodes.csv: 2 bad-row; …", files
  /// named without their folders.
  static func caveat(_ leftOut: RowsLeftOut) -> String {
    guard leftOut.total > 0 else { return "All rows were read (--skip-bad-rows left none out)." }
    var files: [String] = []
    for count in leftOut.counts where !files.contains(count.file) { files.append(count.file) }
    let byFile = files.map { file in
      fileName(file) + ": "
        + leftOut.counts.filter { $0.file == file }.map { "\(groupedDigits($0.rows)) \($0.reason)" }
        .joined(separator: ", ")
    }
    return "Computed without \(counted(leftOut.total, "bad row")) (--skip-bad-rows): "
      + byFile.joined(separator: "; ")
  }
}
