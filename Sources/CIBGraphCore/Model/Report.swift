import CIBGraphSupport

/// The publication a document transcribes: a platform's takedown report, or a
/// news article about one.
public struct Report: Sendable, Hashable {
  /// The report's title, as published.
  public var title: String
  /// Who published it: "Facebook", "Digital Rights Monitor".
  public var publisher: String
  /// When it was published.
  public var published: PartialDate?
  /// Where it can be read.
  public var url: String?
  /// Whether this is the platform's own account or a secondary one.
  public var kind: ReportKind
  /// Every document a figure in this report cites, by ``Source/id``.
  public var sources: [Source]
  /// Anything else worth keeping.
  public var notes: [String]

  /// A report with its title and publisher; everything else may be added later.
  public init(
    title: String, publisher: String, published: PartialDate? = nil, url: String? = nil,
    kind: ReportKind = .primary, sources: [Source] = [], notes: [String] = []
  ) {
    self.title = title
    self.publisher = publisher
    self.published = published
    self.url = url
    self.kind = kind
    self.sources = sources
    self.notes = notes
  }
}

/// Whether a report is the platform's own or someone's account of it.
public enum ReportKind: String, Sendable, Hashable, CaseIterable {
  /// The platform's own announcement or report.
  case primary
  /// A news article or other retelling, which may get figures wrong.
  case secondary
}

/// A document that figures are taken from.
public struct Source: Sendable, Hashable {
  /// Short identifier figures refer to: "meta-2019-04".
  public var id: String
  /// Who published it.
  public var publisher: String
  /// Its title, when it has one.
  public var title: String?
  /// When it was published: for a compilation of many announcements, the
  /// date of the announcement this source is.
  public var published: PartialDate?
  /// Where it can be read.
  public var url: String?
  /// Whether the source is the platform's own (the default) or a retelling.
  public var kind: ReportKind

  /// A source known as `id`, published by `publisher`.
  public init(
    id: String, publisher: String, title: String? = nil, published: PartialDate? = nil,
    url: String? = nil, kind: ReportKind = .primary
  ) {
    self.id = id
    self.publisher = publisher
    self.title = title
    self.published = published
    self.url = url
    self.kind = kind
  }
}
