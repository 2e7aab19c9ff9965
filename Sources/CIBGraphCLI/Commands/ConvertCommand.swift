import ArgumentParser
import CIBGraph
import Foundation

/// `cibgraph convert`: the inputs in another format.
struct ConvertCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "convert",
    abstract: "Write the inputs as GraphML, GEXF, Gephi spreadsheets or a JSON document.",
    discussion: """
      graphml and gexf (read by Gephi, NetworkX, igraph, yEd) and csv (Gephi's nodes and edges \
      spreadsheets: OUT.nodes.csv and OUT.edges.csv) hold the itemized graph: assets with their \
      kind, counts and audience, relations with their type. json writes one input as a CIBGraph \
      document, reported figures included: use it to turn spreadsheets into a document.
      """)

  enum Target: String, ExpressibleByArgument, CaseIterable { case graphml, gexf, csv, json }

  @OptionGroup var input: InputOptions
  @OptionGroup var audience: ExactAudienceOptions
  @OptionGroup var badRows: BadRowsOption

  @Option(help: "The format to write: graphml, gexf, csv or json.")
  var to: Target

  @Option(
    name: .shortAndLong,
    help: ArgumentHelp(
      "The file to write (for csv: the prefix of OUT.nodes.csv and OUT.edges.csv). Default: stdout.",
      valueName: "out"))
  var output: String?

  func validate() throws {
    try input.requireGraph()
    if to == .csv && output == nil {
      throw ValidationError("--to csv writes two files: give their prefix with -o")
    }
    try StandardInputUse.validate(input.paths + audience.files)
  }

  func run() throws {
    do throws(CommandFailure) {
      let checked = try input.loadChecked(badRows: badRows)
      printToStandardError(checked.notes)
      var leftOut = checked.leftOut
      let inputs = checked.inputs
      let documents = checked.documents
      var files: [(path: String?, text: String)] = []
      switch to {
      case .json:
        guard inputs.count == 1 else {
          throw CommandFailure(
            .usage,
            ["cibgraph: error: --to json converts one input at a time (got \(inputs.count))"])
        }
        files = [(output, String(decoding: documents[0].encoded(), as: UTF8.self))]
      case .graphml, .gexf, .csv:
        let lists = try audience.lists(for: AssetGraph(documents: documents))
        if let lists {
          try RowsLeftOut.account(for: lists.report, in: &leftOut)
          printToStandardError(AudienceReportOutput.notes(lists.report))
        }
        let export = GraphExport(documents: documents, audience: lists)
        switch to {
        case .graphml: files = [(output, export.graphML())]
        case .gexf:
          files = [(output, export.gexf(description: inputs.map(\.name).joined(separator: ", ")))]
        default:
          let sheets = export.spreadsheets()
          files = [(output! + ".nodes.csv", sheets.nodes), (output! + ".edges.csv", sheets.edges)]
        }
      }
      // Files of data have no room for a note: stderr says what they lack.
      printToStandardError(leftOut?.notes ?? [])
      // The spreadsheet pair is written whole or not at all.
      let outputs = OutputFiles()
      for (path, text) in files {
        if let path {
          try outputs.add(text, to: path)
        } else {
          try StandardOutput.write(text)
        }
      }
      try outputs.commit()
    } catch {
      printToStandardError(error.messages)
      throw ExitCode(error.status.rawValue)
    }
  }
}
