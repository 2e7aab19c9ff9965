import CIBGraphCore

extension LoadedDocument {
  /// Itemized data attached to the networks of a document: each network of
  /// `itemized` whose id is that of a network here adds its assets and
  /// relations to it, after the document's own.
  ///
  /// This is how a spreadsheet of a reported network's assets is read
  /// together with the report: `Validator` then compares the itemized
  /// assets with the reported counts, and reach shows both, instead of
  /// treating the spreadsheet as one more network. Read the spreadsheet with
  /// `network:` (``GephiSpreadsheet/readDocument(nodes:edges:kinds:limit:network:)``)
  /// or a `Network` column to give its rows the ids to attach to.
  ///
  /// Findings on an attached asset or relation are located in the file it
  /// came from; the reading findings of `itemized` come with the first
  /// network attached. Nothing is checked
  /// here: an id defined both here and in `itemized` is for `Validator` to
  /// report.
  /// - Parameter itemized: Itemized data, typically read from spreadsheets.
  /// - Returns: This document with the networks attached, and the networks
  ///   of `itemized` that matched none here (with their findings and
  ///   locations), or `nil` when every one was attached.
  /// - Complexity: O(networks + attached assets and relations).
  public func attaching(_ itemized: LoadedDocument) -> (
    document: LoadedDocument, unattached: LoadedDocument?
  ) {
    var indexOfNetwork: [ByteExactID: Int] = [:]
    for (n, network) in document.networks.enumerated()
    where indexOfNetwork[ByteExactID(network.id)] == nil {
      indexOfNetwork[ByteExactID(network.id)] = n
    }
    var attached = self
    var parts: [Int: [AttachedLocations.Part]] = [:]
    var rest = itemized.document
    rest.networks = []
    var restParts: [Int: [AttachedLocations.Part]] = [:]
    for (i, network) in itemized.document.networks.enumerated() {
      guard let n = indexOfNetwork[ByteExactID(network.id)] else {
        restParts[rest.networks.count] = [
          AttachedLocations.Part(
            resolver: itemized.locations, network: i, firstAsset: 0, firstRelation: 0)
        ]
        rest.networks.append(network)
        continue
      }
      parts[n, default: []].append(
        AttachedLocations.Part(
          resolver: itemized.locations, network: i,
          firstAsset: attached.document.networks[n].assets.count,
          firstRelation: attached.document.networks[n].relations.count))
      attached.document.networks[n].assets += network.assets
      attached.document.networks[n].relations += network.relations
    }
    // Nothing attached: the itemized data stays as it is, findings and all.
    guard !parts.isEmpty else { return (self, itemized) }
    attached.findings += itemized.findings
    attached.locations = DocumentLocations(AttachedLocations(base: locations, parts: parts))
    guard !rest.networks.isEmpty else { return (attached, nil) }
    let unattached = LoadedDocument(
      document: rest, findings: [],
      locations: DocumentLocations(AttachedLocations(base: itemized.locations, parts: restParts)))
    return (attached, unattached)
  }
}

/// Locations in a document some of whose networks' assets and relations
/// came from other files: a path into one of those goes to the file it
/// came from, any other path to the document's own.
struct AttachedLocations: LocationResolver {
  /// Assets and relations of a network that came from another file, from
  /// the positions they start at.
  struct Part: Sendable {
    var resolver: any LocationResolver
    /// The network's index in the document they came from.
    var network: Int
    var firstAsset: Int
    var firstRelation: Int
  }

  let base: any LocationResolver
  /// By network index here, in the order they were added.
  let parts: [Int: [Part]]

  func location(of path: ModelPath) -> SourceLocation {
    var steps = path.components
    guard steps.count >= 4, case .index(let network) = steps[1], let parts = parts[network],
      case .key(let list) = steps[2], case .index(let row) = steps[3]
    else { return base.location(of: path) }
    for part in parts.reversed() {
      let first: Int
      switch list {
      case "assets": first = part.firstAsset
      case "relations": first = part.firstRelation
      default: return base.location(of: path)
      }
      guard row >= first else { continue }
      steps[1] = .index(part.network)
      steps[3] = .index(row - first)
      return part.resolver.location(of: ModelPath(steps))
    }
    return base.location(of: path)
  }
}
