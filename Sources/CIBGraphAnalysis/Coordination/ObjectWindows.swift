import CIBGraphCore

/// The window of each object of a table: its type's when the detection
/// gives types windows of their own (`CoordinationParameters.typeWindows`),
/// the detection's window otherwise.
struct ObjectWindows {
  /// The window of objects whose type has none of its own (every object of
  /// an untyped table).
  let standard: Int64
  /// Window by type number; empty when every object has ``standard``.
  private let byType: [Int64]
  /// Type number by object number, when ``byType`` is not empty.
  private let typeOf: [UInt8]

  /// The windows of `table`'s objects under `parameters`.
  /// - Precondition: `parameters.typeWindows` is empty or has one window
  ///   per type of `table`.
  init(_ table: ActivityTable, _ parameters: CoordinationParameters) {
    standard = parameters.window
    if parameters.typeWindows.isEmpty || table.types.isEmpty {
      byType = []
      typeOf = []
    } else {
      precondition(
        parameters.typeWindows.count == table.types.count, "one window per object type")
      byType = parameters.typeWindows
      typeOf = table.types.ofObject
    }
  }

  /// One window for every object.
  init(all window: Int64) {
    standard = window
    byType = []
    typeOf = []
  }

  /// These windows, each at most `limit` (a fast window, one for every type).
  func narrowed(to limit: Int64) -> ObjectWindows {
    ObjectWindows(
      standard: min(standard, limit), byType: byType.map { min($0, limit) }, typeOf: typeOf)
  }

  private init(standard: Int64, byType: [Int64], typeOf: [UInt8]) {
    self.standard = standard
    self.byType = byType
    self.typeOf = typeOf
  }

  /// The window of object `object`.
  /// - Complexity: O(1).
  subscript(object: Int) -> Int64 {
    byType.isEmpty ? standard : byType[Int(typeOf[object])]
  }
}
