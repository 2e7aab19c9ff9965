/// Where a drawing's DOT text goes when it is not kept whole: each piece in
/// order, as it is written (``NetworkDrawing/write(documents:options:to:)``).
///
/// The DOT of millions of assets is gigabytes: kept whole, it is as much
/// memory again, and written out only once the drawing is done.
public protocol DOTTextSink: AnyObject, Sendable {
  /// Takes the next piece of the text: UTF-8, whole characters.
  func write(_ piece: [UInt8])
}

/// DOT text being written: bytes gathered in a small buffer, moved into the
/// text, or handed to a ``DOTTextSink``, in large pieces.
///
/// A drawing of millions of assets is a gigabyte of text; building a
/// `String` per value and per line and joining them cost more than
/// everything else in `cibgraph dot`. Values go through
/// ``DOTText/write(lines:justification:to:)``, the one implementation of
/// quoting.
struct DOTOutput {
  /// Where the pieces go.
  private enum Destination {
    /// Into `text`, kept whole.
    case whole
    /// Into `pieces`, for a part of a streamed drawing written on another
    /// core and passed on in order later.
    case pieces
    /// Straight to a sink.
    case sink(any DOTTextSink)
  }

  private let destination: Destination
  private var text = ""
  private var pieces: [[UInt8]] = []
  private var buffer: [UInt8] = []

  /// Bytes gathered before they are moved on.
  private static let pieceSize = 1 << 16

  /// Text kept whole.
  init() { self.init(.whole) }

  /// Text handed to `sink` as it is written.
  init(sink: any DOTTextSink) { self.init(.sink(sink)) }

  private init(_ destination: Destination) {
    self.destination = destination
    buffer.reserveCapacity(Self.pieceSize + 4096)
  }

  /// An empty output for a part of this one's text written elsewhere and
  /// ``append(_:)``ed to it later: its pieces kept apart when this one's go
  /// to a sink, so that none is copied into a text only to be handed on.
  func part() -> DOTOutput {
    switch destination {
    case .whole: DOTOutput(.whole)
    case .pieces, .sink: DOTOutput(.pieces)
    }
  }

  /// Makes room for `bytes` of text, up to ``largestReservation``: a text
  /// grown piece by piece is copied whole each time it outgrows its room,
  /// which for a gigabyte of DOT was a second gigabyte of pages to clear
  /// and copy.
  /// - Complexity: O(1): pages are cleared when first written.
  mutating func reserveCapacity(_ bytes: Int) {
    guard case .whole = destination else { return }
    text.reserveCapacity(min(bytes, Self.largestReservation))
  }

  /// The most room ``reserveCapacity(_:)`` asks for ahead: 4 GiB.
  static let largestReservation = 1 << 32

  /// Appends `piece` as it is: DOT syntax, or text already quoted or escaped.
  /// - Complexity: O(n).
  mutating func write(_ piece: String) {
    var piece = piece
    // Copied as one block: appending a `String`'s UTF-8 view went through
    // the view's generic iteration for every piece.
    piece.withUTF8 { buffer.append(contentsOf: $0) }
    flushIfFull()
  }

  /// Appends `piece` as it is (DOT syntax written as a literal).
  /// - Complexity: O(n).
  mutating func write(syntax piece: StaticString) {
    buffer.append(
      contentsOf: UnsafeBufferPointer(start: piece.utf8Start, count: piece.utf8CodeUnitCount))
    flushIfFull()
  }

  /// Appends `bytes` as they are: text already quoted or escaped, kept as
  /// bytes because it is written again and again.
  /// - Complexity: O(n).
  mutating func write(bytes: [UInt8]) {
    buffer.append(contentsOf: bytes)
    flushIfFull()
  }

  /// Appends `text` as a quoted DOT string (``DOTText/quoted(_:)``).
  /// - Complexity: O(n).
  mutating func writeQuoted(_ text: String) {
    DOTText.write(lines: CollectionOfOne(text), to: &buffer)
    flushIfFull()
  }

  /// Appends `lines` as a quoted DOT string (``DOTText/quoted(lines:justification:)``).
  /// - Complexity: O(n).
  mutating func writeQuoted(lines: [String], justification: DOTText.Justification = .center) {
    DOTText.write(lines: lines, justification: justification, to: &buffer)
    flushIfFull()
  }

  /// Appends `"a12"`, the node id of the asset numbered 12: what
  /// `writeQuoted("a\(number)")` writes (a letter and digits need no
  /// escaping), without making a `String` for each end of every relation.
  /// - Complexity: O(digits).
  mutating func writeQuotedAssetNode(_ number: Int) {
    // The digits are made from the right in a fixed room and appended as
    // one block, with the quotes around them.
    var room: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)  // 32 bytes: "a", 20 digits, 2 quotes
    withUnsafeMutableBytes(of: &room) { room in
      var value = number.magnitude
      var start = room.count - 1
      room[start] = UInt8(ascii: "\"")
      repeat {
        start -= 1
        room[start] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: value % 10)
        value /= 10
      } while value > 0
      start -= 2
      room[start] = UInt8(ascii: "\"")
      room[start + 1] = UInt8(ascii: "a")
      buffer.append(contentsOf: UnsafeRawBufferPointer(rebasing: room[start...]))
    }
    flushIfFull()
  }

  /// Appends `[key="value", …]`.
  /// - Complexity: O(n) in the attributes' length.
  mutating func writeAttributes(_ pairs: [(String, String)]) {
    buffer.append(UInt8(ascii: "["))
    writePairs(pairs, first: true)
    buffer.append(UInt8(ascii: "]"))
  }

  /// Appends `key="value"` for each pair, separated by ", ", with a leading
  /// ", " unless `first`.
  mutating func writePairs(_ pairs: [(String, String)], first: Bool) {
    for (index, (key, value)) in pairs.enumerated() {
      if index > 0 || !first { buffer.append(contentsOf: ", ".utf8) }
      buffer.append(contentsOf: key.utf8)
      buffer.append(UInt8(ascii: "="))
      DOTText.write(lines: CollectionOfOne(value), to: &buffer)
    }
    flushIfFull()
  }

  /// Appends the indentation of a statement `indent` levels deep.
  mutating func writeIndent(_ indent: Int) {
    for _ in 0..<indent {
      buffer.append(UInt8(ascii: " "))
      buffer.append(UInt8(ascii: " "))
    }
  }

  private mutating func flushIfFull() {
    if buffer.count >= Self.pieceSize { flush() }
  }

  private mutating func flush() {
    guard !buffer.isEmpty else { return }
    switch destination {
    case .whole:
      // Every byte came from a `String` (whole scalars), so the text decodes unchanged.
      text += String(decoding: buffer, as: UTF8.self)
      buffer.removeAll(keepingCapacity: true)
    case .pieces, .sink:
      var piece: [UInt8] = []
      piece.reserveCapacity(Self.pieceSize + 4096)
      swap(&piece, &buffer)
      hand(piece)
    }
  }

  /// Moves a finished piece on to the destination.
  private mutating func hand(_ piece: [UInt8]) {
    switch destination {
    case .whole: text += String(decoding: piece, as: UTF8.self)
    case .pieces: pieces.append(piece)
    case .sink(let sink): sink.write(piece)
    }
  }

  /// Appends the whole text of `other` (written on another core, say, by
  /// ``part()``).
  /// - Complexity: O(n) in `other`'s bytes when this text is kept whole;
  ///   O(pieces) otherwise.
  mutating func append(_ other: consuming DOTOutput) {
    flush()
    other.flush()
    switch (destination, other.destination) {
    case (.whole, .whole): text += other.text
    case (_, .whole): if !other.text.isEmpty { hand(Array(other.text.utf8)) }
    case (_, .pieces), (_, .sink): for piece in other.pieces { hand(piece) }
    }
  }

  /// The whole text written: empty when it went to a sink.
  /// - Complexity: O(n) in the bytes not yet moved into the text.
  var finished: String {
    mutating get {
      flush()
      return text
    }
  }
}
