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
  /// The version of the document being decoded, for the parts whose form
  /// changed between versions.
  @TaskLocal package static var versionInScope = currentVersion
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

extension NetworkDocument: Codable {
  enum CodingKeys: String, CodingKey {
    case format, version, report, kinds, organizations, networks
  }

  /// Reads a document of any version this library reads (1 or 2), refusing
  /// one whose `format` or `version` is not this library's. Kinds the
  /// document declares are accepted in its own assets and figures only.
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
    guard Self.readableVersions.contains(version) else {
      throw DecodingError.dataCorruptedError(
        forKey: .version, in: c,
        debugDescription:
          "document version \(version) is not supported; this build reads versions 1 to \(Self.currentVersion)"
      )
    }
    report = try c.decode(Report.self, forKey: .report)
    kinds = version == 1 ? [] : try c.decodeIfPresent([KindDeclaration].self, forKey: .kinds) ?? []
    var declared: [String: AssetKind] = [:]
    if !kinds.isEmpty {
      var list = try c.nestedUnkeyedContainer(forKey: .kinds)
      for declaration in kinds {
        do throws(KindDeclaration.Refusal) {
          let kind = try declaration.kind()
          guard declared.updateValue(kind, forKey: declaration.name.lowercased()) == nil else {
            throw KindDeclaration.Refusal("the kind \"\(declaration.name)\" is declared twice")
          }
        } catch {
          throw DecodingError.dataCorruptedError(in: list, debugDescription: error.message)
        }
        _ = try list.decode(KindDeclaration.self)
      }
    }
    (organizations, networks) = try Self.$versionInScope.withValue(version) {
      try KindDeclaration.$inScope.withValue(declared) {
        (
          try c.decodeIfPresent([Organization].self, forKey: .organizations) ?? [],
          try c.decodeIfPresent([Network].self, forKey: .networks) ?? []
        )
      }
    }
  }

  /// Writes the document with its `format` and `version`.
  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(Self.formatName, forKey: .format)
    try c.encode(Self.currentVersion, forKey: .version)
    try c.encode(report, forKey: .report)
    if !kinds.isEmpty { try c.encode(kinds, forKey: .kinds) }
    try c.encode(organizations, forKey: .organizations)
    try c.encode(networks, forKey: .networks)
  }
}
