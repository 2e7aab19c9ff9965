/// Resolves paths into a JSON document to lines and columns of its text.
public struct JSONLocations: LocationResolver {
  public let file: String
  private let text: [UInt8]

  public init(file: String, text: [UInt8]) {
    self.file = file
    self.text = text
  }

  /// Scans the text up to the value at `path`.
  /// - Complexity: O(n) in the text per call.
  public func location(of path: ModelPath) -> SourceLocation {
    let position = text.withUnsafeBufferPointer { JSONScanner.position(of: path, in: $0) }
    return SourceLocation(file: file, line: position?.line, column: position?.column, path: path)
  }
}
