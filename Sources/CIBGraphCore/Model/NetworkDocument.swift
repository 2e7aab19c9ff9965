import CIBGraphSupport

/// One report with the networks it describes and the organisations they are
/// attributed to: the unit a JSON document holds.
///
/// ```swift
/// let document = try NetworkDocument.decode(jsonBytes)
/// for network in document.networks { print(network.name) }
/// ```
public struct NetworkDocument: Sendable, Hashable {
  /// The format version this library writes; it reads this and every earlier one.
  package static let currentVersion = 2
  /// The versions this library reads.
  package static let readableVersions = 1...currentVersion
  /// The value of the `format` key, which marks a file as a CIBGraph document.
  package static let formatName = "cibgraph-network-document"

  /// The report the document transcribes.
  public var report: Report
  /// Kinds the document adds to the built-in ones, for platforms those do not cover.
  public var kinds: [KindDeclaration]
  /// Organisations, shared by every network of the document that names them.
  public var organizations: [Organization]
  /// The networks the report describes, in its order.
  public var networks: [Network]

  /// A document of `report`, its organisations and its networks.
  public init(
    report: Report, kinds: [KindDeclaration] = [], organizations: [Organization] = [],
    networks: [Network] = []
  ) {
    self.report = report
    self.kinds = kinds
    self.organizations = organizations
    self.networks = networks
  }
}
