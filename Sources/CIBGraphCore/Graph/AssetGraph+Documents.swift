import CIBGraphSupport

extension AssetGraph {
  /// The itemized graph of some documents: every organisation and itemized
  /// asset as a node (one node per identifier across all of them), every
  /// relation and every organisation's `partOf` as an edge.
  ///
  /// Relations naming an identifier that no document defines are left out;
  /// `Validator` reports them.
  /// - Complexity: O(n + m) hash lookups and appends.
  public init(documents: [NetworkDocument]) {
    var builder = AssetGraphBuilder()
    for document in documents {
      for organization in document.organizations {
        builder.addAsset(Asset(id: organization.id, kind: .organization, name: organization.name))
      }
      for network in document.networks {
        for asset in network.assets { builder.addAsset(asset) }
      }
    }
    for document in documents {
      for organization in document.organizations {
        if let parent = organization.partOf, let from = builder.node(for: organization.id),
          let to = builder.node(for: parent)
        {
          builder.addRelation(from: from, to: to, type: .partOf)
        }
      }
      for network in document.networks {
        for relation in network.relations {
          if let from = builder.node(for: relation.source),
            let to = builder.node(for: relation.target)
          {
            builder.addRelation(from: from, to: to, type: relation.type)
          }
        }
      }
    }
    self = builder.build()
  }
}
