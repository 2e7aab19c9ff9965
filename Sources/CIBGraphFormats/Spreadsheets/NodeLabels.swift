@_spi(Internal) import CIBGraphCore
@_spi(Internal) import CIBGraphSupport

/// How a reader treats the nodes' labels.
package enum NameReading: Sendable, Equatable {
  /// Kept in the graph.
  case kept
  /// Checked and dropped: the graph has no names.
  case dropped
  /// Checked and not kept, but placed: where every so many rows start is
  /// kept, so that a label can be read again from the file when it is
  /// shown (``NodeLabels``). A reader that cannot place them keeps them.
  case placed
}

/// Where the fast spreadsheet reader found the nodes' rows: where every
/// ``stride``-th row of each slice starts, enough to read any row's label
/// again by scanning at most ``stride`` rows.
///
/// An output that shows the names of a few nodes (the first asset of each
/// of the 20 largest components) then needs none of the others: on 4 M
/// nodes their copy was 85 MB of memory written for the first time and a
/// seventh of `components`' time.
package struct LabelPlaces: Sendable {
  /// Rows between two kept row starts.
  static let stride = 1024

  /// The label's field, `nil` when the file has no label column.
  let column: Int?
  /// The fields of every row.
  let width: Int
  /// Where the rows start in the file (places below are from there).
  let bodyStart: Int
  /// The first node of each slice, then the number of nodes.
  let firstRows: [Int]
  /// For each slice, where its rows `0, stride, 2·stride, …` start.
  let rowStarts: [[Int]]

  /// Where the row of `node` is: the start of a row at most ``stride``
  /// rows before it, and how many rows to pass from there.
  func place(of node: Int) -> (start: Int, rowsToPass: Int)? {
    guard node >= 0, node < firstRows[firstRows.count - 1] else { return nil }
    // The last slice whose first row is at or before the node.
    var low = 0
    var high = firstRows.count - 1
    while high - low > 1 {
      let middle = (low + high) / 2
      if firstRows[middle] <= node { low = middle } else { high = middle }
    }
    let local = node - firstRows[low]
    return (rowStarts[low][local / Self.stride], local % Self.stride)
  }
}

/// The labels of a graph's nodes, read from the nodes file when asked
/// (``NameReading/placed``); holds the file (mapped or in memory) while it lives.
package final class NodeLabels: Sendable {
  private let file: InPlaceBytes
  private let places: LabelPlaces

  package init(file: InPlaceBytes, places: LabelPlaces) {
    self.file = file
    self.places = places
  }

  /// The label of `node`, as the graph would have kept it: `nil` when the
  /// file has no label column, else the field's text, doubled quotes undone.
  /// - Complexity: O(``LabelPlaces/stride`` rows) of the file.
  package func name(of node: NodeIndex) -> String? {
    guard let column = places.column, let (start, rowsToPass) = places.place(of: Int(node))
    else { return nil }
    return file.withBytes { bytes, _ in
      let body = UnsafeBufferPointer(rebasing: bytes[places.bodyStart...])
      var scanner = RecordScanner(body, from: start, to: body.count)
      let fields = ScratchBuffer<FieldSpan>(capacity: RecordScanner.maxFields)
      for _ in 0..<rowsToPass {
        guard case .record = scanner.next(into: fields.start) else { return nil }
      }
      guard case .record(let count) = scanner.next(into: fields.start), count == places.width
      else { return nil }
      return FastSpreadsheetReader.text(scanner, fields[column])
    }
  }

  /// The labels of `nodes`, in order.
  /// - Complexity: O(``LabelPlaces/stride`` rows) of the file for each.
  package func names(of nodes: [NodeIndex]) -> [String?] {
    nodes.map(name(of:))
  }
}
