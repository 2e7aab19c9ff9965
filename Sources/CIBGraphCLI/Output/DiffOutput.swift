import CIBGraph

/// What `diff` prints: every change between two documents, located in both files.
struct DiffOutput: CommandOutput {
  let diff: DocumentDiff
  /// The two documents' files, as the user named them.
  let fileA: String
  let fileB: String
  private let locationsA: any LocationResolver
  private let locationsB: any LocationResolver
  /// How many networks each document describes.
  private let networksA: Int
  private let networksB: Int

  /// - Parameters:
  ///   - fileA: The first document's name as messages give it (`<stdin>` for `-`).
  init(a: LoadedDocument, fileA: String, b: LoadedDocument, fileB: String) {
    diff = DocumentDiff(from: a.document, to: b.document)
    locationsA = a.locations
    locationsB = b.locations
    // Not from the locations: their first lookup indexes the whole file.
    self.fileA = fileA
    self.fileB = fileB
    networksA = a.document.networks.count
    networksB = b.document.networks.count
  }

  /// Networks one document describes and the other does not.
  private func networksOnly(inA: Bool) -> Int {
    diff.changes.count {
      if case .network = $0.item {
        $0.field.isEmpty && (inA ? $0.b == nil : $0.a == nil)
      } else {
        false
      }
    }
  }

  /// Whether both documents describe networks but none of the same id:
  /// probably two documents about different takedowns, or ids that differ.
  private var shareNoNetwork: Bool { diff.networksInBoth == 0 && networksA > 0 && networksB > 0 }

  /// Where one side of a change is, `nil` when that side has no value.
  private func location(_ change: DocumentDiff.Change, inA: Bool) -> SourceLocation? {
    guard let path = inA ? change.pathInA : change.pathInB else { return nil }
    let locations = inA ? locationsA : locationsB
    let found = locations.location(of: path)
    // A version 1 network has one `origin` where the model has `origins`;
    // without this, the lookup would stop at the network.
    guard path.components.last == .key("origins") else { return found }
    let parent = ModelPath(path.components.dropLast())
    let network = locations.location(of: parent)
    guard (found.line, found.column) == (network.line, network.column) else { return found }
    return locations.location(of: ModelPath(parent.components + [.key("origin")]))
  }

  // MARK: - Text

  func text() -> String {
    guard !diff.changes.isEmpty else { return "" }
    var out =
      TerminalText.safe(
        "\(fileA) → \(fileB): \(counted(diff.changes.count, "change")); networks: "
          + "\(groupedDigits(diff.networksInBoth)) in both, \(groupedDigits(networksOnly(inA: true))) "
          + "only in A, \(groupedDigits(networksOnly(inA: false))) only in B") + "\n"
    if shareNoNetwork {
      out +=
        "The two documents share no network id: networks are matched by id, so these are "
        + "probably documents about different networks, or their ids differ.\n"
    }
    for change in diff.changes {
      func side(_ inA: Bool) -> String {
        guard let text = change.text(ofA: inA) else { return "none" }
        return location(change, inA: inA).map { "\(text) (\($0))" } ?? text
      }
      out += TerminalText.safe("\(change.label): \(side(true)) → \(side(false))") + "\n"
    }
    return out
  }

  // MARK: - JSON

  struct JSON: Encodable {
    var a: String
    var b: String
    var networksInBoth: Int
    var networksOnlyInA: Int
    var networksOnlyInB: Int
    var changes: [ChangeJSON]
  }

  struct ChangeJSON: Encodable {
    var item: String
    var id: String?
    var field: String
    var label: String
    var a: SideJSON?
    var b: SideJSON?
  }

  /// One side of a change: where it is and what it holds.
  struct SideJSON: Encodable {
    var file: String
    var line: Int?
    var column: Int?
    var path: String
    var text: String
    var value: ValueJSON
  }

  /// A value as JSON: a figure as an object, a list as an array of
  /// strings, a count as a number, anything else as a string.
  enum ValueJSON: Encodable {
    case figure(FigureJSON)
    case text(String)
    case list([String])
    case number(Int)

    init(_ value: DocumentDiff.Change.Value) {
      switch value {
      case .figure(let figure): self = .figure(FigureJSON(figure))
      case .text(let text), .word(let text): self = .text(text)
      case .list(let items): self = .list(items)
      case .number(let number): self = .number(number)
      }
    }

    func encode(to encoder: any Encoder) throws {
      var container = encoder.singleValueContainer()
      switch self {
      case .figure(let figure): try container.encode(figure)
      case .text(let text): try container.encode(text)
      case .list(let items): try container.encode(items)
      case .number(let number): try container.encode(number)
      }
    }
  }

  func json() -> JSON {
    JSON(
      a: fileA, b: fileB, networksInBoth: diff.networksInBoth,
      networksOnlyInA: networksOnly(inA: true), networksOnlyInB: networksOnly(inA: false),
      changes: diff.changes.map { change in
        let (item, id) = Self.names(change.item)
        return ChangeJSON(
          item: item, id: id, field: change.field, label: change.label, a: side(change, inA: true),
          b: side(change, inA: false))
      })
  }

  private func side(_ change: DocumentDiff.Change, inA: Bool) -> SideJSON? {
    guard let value = inA ? change.a : change.b, let text = change.text(ofA: inA),
      let location = location(change, inA: inA)
    else { return nil }
    return SideJSON(
      file: location.file, line: location.line, column: location.column,
      path: location.path?.description ?? "", text: text, value: ValueJSON(value))
  }

  /// What an item is (`network`) and its id (`nil` for the report).
  private static func names(_ item: DocumentDiff.Change.Item) -> (String, String?) {
    switch item {
    case .report: ("report", nil)
    case .kind(let name): ("kind", name)
    case .source(let id): ("source", id)
    case .organization(let id): ("organization", id)
    case .network(let id): ("network", id)
    }
  }

  // MARK: - CSV

  func csv() -> String {
    var writer = CSVWriter(header: [
      "item", "id", "field", "a", "a_file", "a_line", "a_column", "b", "b_file", "b_line",
      "b_column",
    ])
    for change in diff.changes {
      let (item, id) = Self.names(change.item)
      var row: [CSVWriter.Cell] = [
        .text(item), id.map(CSVWriter.Cell.text) ?? .empty, .text(change.field),
      ]
      for inA in [true, false] {
        let location = location(change, inA: inA)
        row += [
          change.text(ofA: inA).map(CSVWriter.Cell.text) ?? .empty,
          location.map { .text($0.file) } ?? .empty,
          location?.line.map(CSVWriter.Cell.number) ?? .empty,
          location?.column.map(CSVWriter.Cell.number) ?? .empty,
        ]
      }
      writer.addRow(row)
    }
    return writer.text
  }
}
