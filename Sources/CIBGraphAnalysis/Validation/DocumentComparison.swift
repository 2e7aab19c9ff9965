import CIBGraphCore
import CIBGraphSupport

/// The comparison of ``Validator/compare(_:)``: what documents describing
/// the same network, or defining the same actor, say differently.
///
/// Every claim (a figure, an actor's definition) is compared with the best
/// sources that make it: a secondary document with each primary one that
/// gives the figure, primary documents with one another, and secondary
/// documents with one another only when no primary one gives the figure.
/// A disagreement is reported on the document ranked lower, or on both when
/// they rank alike, so the findings do not depend on the order of the
/// documents.
struct DocumentComparison {
  let documents: [NetworkDocument]

  /// A document and the position of an item in it.
  typealias Position = (document: Int, item: Int)

  /// Every disagreement, ordered by document and then as found.
  func findings() -> [(document: Int, finding: Finding)] {
    var results: [(document: Int, finding: Finding)] = []
    for places in occurrences(of: { $0.networks.map(\.id) }) {
      compareNetworks(at: places, into: &results)
    }
    for places in occurrences(of: { $0.organizations.map(\.id) }) {
      compareActors(at: places, into: &results)
    }
    // Stable: within a document, findings keep the order they were found in.
    return results.enumerated().sorted {
      ($0.element.document, $0.offset) < ($1.element.document, $1.offset)
    }.map(\.element)
  }

  /// For each id that more than one document uses, where each document
  /// first uses it (a second use in one document is a `duplicate-id` of
  /// that document), in the order the ids first appear.
  private func occurrences(of ids: (NetworkDocument) -> [String]) -> [[Position]] {
    var places: [ByteExactID: [Position]] = [:]
    var order: [ByteExactID] = []
    for (d, document) in documents.enumerated() {
      var seen = Set<ByteExactID>()
      for (i, id) in ids(document).enumerated() {
        let key = ByteExactID(id)
        guard seen.insert(key).inserted else { continue }
        if places[key] == nil { order.append(key) }
        places[key, default: []].append((d, i))
      }
    }
    return order.compactMap { places[$0]!.count > 1 ? places[$0] : nil }
  }

  /// Which claims to hold against which: `(subject, reference)`, the
  /// finding going on the subject. Primary claims are compared with one
  /// another both ways; a secondary claim with each primary one; secondary
  /// claims with one another only when there is no primary one.
  private func pairs(_ claimants: [Position]) -> [(subject: Position, reference: Position)] {
    let primaries = claimants.filter { isPrimary($0.document) }
    let secondaries = claimants.filter { !isPrimary($0.document) }
    func everyOtherPair(_ places: [Position]) -> [(subject: Position, reference: Position)] {
      places.flatMap { a in places.filter { $0.document != a.document }.map { (a, $0) } }
    }
    guard !primaries.isEmpty else { return everyOtherPair(secondaries) }
    return everyOtherPair(primaries)
      + secondaries.flatMap { s in primaries.map { (s, $0) } }
  }

  private func isPrimary(_ document: Int) -> Bool {
    documents[document].report.kind == .primary
  }

  // MARK: - Networks

  private func compareNetworks(
    at places: [Position], into results: inout [(document: Int, finding: Finding)]
  ) {
    func network(_ place: Position) -> Network { documents[place.document].networks[place.item] }
    for table in ["counts", "audiences"] {
      func figures(_ place: Position) -> PerKind<ReportedFigure> {
        table == "counts" ? network(place).reported.counts : network(place).reported.audiences
      }
      let kinds = Set(places.flatMap { figures($0).entries.map(\.kind) }).sorted()
      for kind in kinds {
        let claimants = places.filter {
          figures($0)[kind].map { $0.qualifier != .notGiven } ?? false
        }
        for (subject, reference) in pairs(claimants) {
          let mine = figures(subject)[kind]!
          let theirs = figures(reference)[kind]!
          guard Self.disagree(mine, theirs) else { continue }
          let what =
            table == "counts" ? kind.pluralLabel : "as the \(kind.pluralLabel) ≥1 audience"
          let (me, them) = names(subject.document, reference.document)
          let said = "\(me) gives \(mine.text) \(what) of \"\(network(subject).name)\""
          let message =
            switch (isPrimary(subject.document), isPrimary(reference.document)) {
            case (false, true): "\(said); the primary source (\(them)) gives \(theirs.text)"
            case (true, _): "the primary sources disagree: \(said); \(them) gives \(theirs.text)"
            case (false, false):
              "the secondary sources disagree, and no primary source among the inputs gives the figure: \(said); \(them) gives \(theirs.text)"
            }
          let path = ModelPath([.key("networks"), .index(subject.item), .key("reported")])
          results.append(
            (
              subject.document,
              Finding(.warning, "sources-disagree", message, path: path.key(table).key(kind.name))
            ))
        }
      }
    }
  }

  /// Whether two documents' figures for one thing differ. A figure whose
  /// hedge a compilation dropped agrees with any hedge of the same number;
  /// a figure not given is no claim at all.
  static func disagree(_ a: ReportedFigure, _ b: ReportedFigure) -> Bool {
    if a.qualifier == .notGiven || b.qualifier == .notGiven { return false }
    if (a.qualifier == .hedgeUnknown || b.qualifier == .hedgeUnknown)
      && a.qualifier != .range && b.qualifier != .range
    {
      return a.value != b.value
    }
    return a.value != b.value || a.qualifier != b.qualifier || a.upTo != b.upTo
  }

  // MARK: - Actors

  private func compareActors(
    at places: [Position], into results: inout [(document: Int, finding: Finding)]
  ) {
    func actor(_ place: Position) -> Organization {
      documents[place.document].organizations[place.item]
    }
    for (subject, reference) in pairs(places) {
      let mine = actor(subject)
      let theirs = actor(reference)
      let differences = Self.differences(mine, theirs)
      guard !differences.isEmpty else { continue }
      let (me, them) = names(subject.document, reference.document)
      let what = "\(mine.kind.singularLabel) \"\(mine.id)\""
      let opening =
        switch (isPrimary(subject.document), isPrimary(reference.document)) {
        case (false, true):
          "\(me) defines the \(what) differently from the primary source (\(them))"
        case (true, _):
          "the primary sources define the \(what) differently (\(me) here, \(them) there)"
        case (false, false):
          "\(me) and \(them) define the \(what) differently, and no primary source among the inputs defines it"
        }
      results.append(
        (
          subject.document,
          Finding(
            .warning, "actor-definitions-differ",
            "\(opening): \(differences.joined(separator: "; "))",
            path: ModelPath([.key("organizations"), .index(subject.item)]))
        ))
    }
  }

  /// What two definitions of one actor say differently, each as `name
  /// "ISPR" here, "Inter-Services Public Relations" there`. Aliases and
  /// sources are not compared: another document may know fewer names, and
  /// each cites its own sources. Countries compare by name, so a first
  /// version document's `Pakistan` is the later `PK`.
  static func differences(_ a: Organization, _ b: Organization) -> [String] {
    func quoted(_ text: String?) -> String { text.map { "\"\($0)\"" } ?? "none" }
    func country(_ text: String?) -> String? { text.map { Place.display($0).lowercased() } }
    var found: [String] = []
    if !a.name.hasSameBytes(as: b.name) {
      found.append("name \(quoted(a.name)) here, \(quoted(b.name)) there")
    }
    if a.kind != b.kind {
      found.append(
        "\(a.kind.singularWithArticle) here, \(b.kind.singularWithArticle) there")
    }
    if a.partOf.map(ByteExactID.init) != b.partOf.map(ByteExactID.init) {
      found.append("part of \(quoted(a.partOf)) here, of \(quoted(b.partOf)) there")
    }
    if country(a.country) != country(b.country) {
      found.append(
        "country \(a.country.map(Place.display) ?? "none") here, \(b.country.map(Place.display) ?? "none") there"
      )
    }
    return found
  }

  // MARK: - Names

  /// How messages name two documents: by publisher, and when both have one
  /// publisher by title, then by date.
  private func names(_ a: Int, _ b: Int) -> (String, String) {
    let (x, y) = (documents[a].report, documents[b].report)
    guard x.publisher == y.publisher else { return (x.publisher, y.publisher) }
    if x.title != y.title {
      return ("\(x.publisher) (\"\(x.title)\")", "\(y.publisher) (\"\(y.title)\")")
    }
    if x.published != y.published {
      func dated(_ report: Report) -> String {
        "\(report.publisher) (\(report.published.map { "\($0)" } ?? "undated"))"
      }
      return (dated(x), dated(y))
    }
    return (x.publisher, "another document of \(y.publisher)")
  }
}
