import CIBGraphSupport

/// One report with the networks it describes and the organisations they are
/// attributed to: the unit a JSON document holds.
///
/// ```swift
/// let document = try NetworkDocument.decode(jsonBytes)
/// for network in document.networks { print(network.name) }
/// ```
public struct NetworkDocument: Sendable, Hashable {
  /// The format version this library writes and reads.
  package static let currentVersion = 1
  /// The value of the `format` key, which marks a file as a CIBGraph document.
  package static let formatName = "cibgraph-network-document"

  /// The report the document transcribes.
  public var report: Report
  /// Organisations, shared by every network of the document that names them.
  public var organizations: [Organization]
  /// The networks the report describes, in its order.
  public var networks: [Network]

  /// A document of `report`, its organisations and its networks.
  public init(report: Report, organizations: [Organization] = [], networks: [Network] = []) {
    self.report = report
    self.organizations = organizations
    self.networks = networks
  }
}

extension NetworkDocument: Codable {
  enum CodingKeys: String, CodingKey { case format, version, report, organizations, networks }

  /// Reads a document, refusing one whose `format` or `version` is not this library's.
  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    let format = try c.decode(String.self, forKey: .format)
    guard format == Self.formatName else {
      throw DecodingError.dataCorruptedError(
        forKey: .format, in: c,
        debugDescription:
          "not a CIBGraph document: format is \"\(format)\", expected \"\(Self.formatName)\"")
    }
    let version = try c.decode(Int.self, forKey: .version)
    guard version == Self.currentVersion else {
      throw DecodingError.dataCorruptedError(
        forKey: .version, in: c,
        debugDescription:
          "document version \(version) is not supported; this build reads version \(Self.currentVersion)"
      )
    }
    report = try c.decode(Report.self, forKey: .report)
    organizations = try c.decodeIfPresent([Organization].self, forKey: .organizations) ?? []
    networks = try c.decodeIfPresent([Network].self, forKey: .networks) ?? []
  }

  /// Writes the document with its `format` and `version`.
  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(Self.formatName, forKey: .format)
    try c.encode(Self.currentVersion, forKey: .version)
    try c.encode(report, forKey: .report)
    try c.encode(organizations, forKey: .organizations)
    try c.encode(networks, forKey: .networks)
  }
}
