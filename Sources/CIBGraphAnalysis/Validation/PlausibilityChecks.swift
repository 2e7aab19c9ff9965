import CIBGraphCore

/// The checks of a careful reader who knows how takedown reports are
/// written: one asset cannot have more followers than the ≥1 audience of
/// its kind, a budget of a few dollars is a lost "less than", a Group always
/// has a member, an announcement comes after what it announces.
extension DocumentCheck {
  /// Each itemized asset's own audience against its kind's reported ≥1
  /// audience: everyone following one Page follows at least one Page, so no
  /// Page has more followers than the Pages' ≥1 audience.
  /// - Complexity: O(n) over the network's assets.
  mutating func checkAssetAudiences(of network: Network, at path: ModelPath) {
    // The few kinds with an upper bound, looked up per asset by kind alone:
    // no figure (and none of its strings) is copied for an asset within it.
    var kinds: [AssetKind] = []
    var limits: [Bound] = []
    for (kind, figure) in network.reported.audiences.entries {
      guard let most = Bound.most(of: figure) else { continue }
      kinds.append(kind)
      limits.append(most)
    }
    guard !kinds.isEmpty else { return }
    for i in network.assets.indices {
      let kind = network.assets[i].kind
      guard let k = kinds.firstIndex(of: kind),
        let own = kind.audienceIsMembers ? network.assets[i].members : network.assets[i].followers,
        let severity = Bound.violation(least: .exactly(own), most: limits[k])
      else { continue }
      let asset = network.assets[i]
      let figure = network.reported.audiences[kind]!
      let noun = kind.audienceWord
      add(
        severity, "asset-exceeds-audience",
        "the \(kind.singularLabel) \"\(asset.id)\" alone has \(groupedDigits(own)) \(noun), but the report gives \(figure.text)\(Bound.allowance(of: figure)) as the ≥1 audience of all the network's \(kind.pluralLabel) (\(noun) of at least one)",
        path.key("assets").index(i).key(kind.audienceIsMembers ? "members" : "followers"))
    }
  }

  /// Notes on figures a reader should know are not plain numbers: each one
  /// not given, and (once per network, as a compilation loses every hedge)
  /// those whose hedge is unknown.
  mutating func noteUnknowns(in figures: [LabelledFigure], of network: Network) {
    for item in figures where item.figure.qualifier == .notGiven {
      let consequence =
        item.isAudience
        ? ": the network's unique audience has no upper bound" : ""
      add(.info, "figure-not-given", "\(item.label) is not given\(consequence)", item.path)
    }
    let unknown = figures.filter { $0.figure.qualifier == .hedgeUnknown }
    guard let first = unknown.first else { return }
    let shown = 4
    var names = unknown.prefix(shown).map(\.label)
    if unknown.count > shown { names.append("\(unknown.count - shown) more") }
    let one = unknown.count == 1
    add(
      .info, "hedge-unknown",
      "the hedge of \(listed(names)) is unknown (a compilation dropped it): \(one ? "it" : "each") may have been \"about\", \"less than\" or \"more than\", and is read as \"about\"",
      first.path)
  }

  /// A kind's summed follower count against its ≥1 audience: everyone who
  /// follows at least one of the assets is in at least one asset's
  /// followers, so the followers summed over the assets are at least the
  /// ≥1 audience (the sum counts some people twice; the audience never
  /// counts one who follows none).
  /// - Complexity: O(k) in the kinds with a summed follower count.
  mutating func checkSummedFollowers(of network: Network, at reported: ModelPath) {
    for (kind, summed) in network.reported.summedFollowers.entries {
      guard let audience = network.reported.audiences[kind],
        let least = Bound.least(of: audience), let most = Bound.most(of: summed),
        let severity = Bound.violation(least: least, most: most)
      else { continue }
      add(
        severity, "summed-followers-below-audience",
        "the \(kind.pluralLabel)' follower counts summed come to \(summed.text)\(Bound.allowance(of: summed)), fewer than their ≥1 audience of \(audience.text): every follower of at least one is counted in the sum at least once",
        reported.key("summedFollowers").key(kind.name))
    }
  }

  /// An ad budget of a few units of money: reports give spends that small as
  /// "less than $5", so the figure is most likely an upper bound whose hedge
  /// was lost.
  mutating func checkBudget(_ ads: AdSpend, at path: ModelPath) {
    let amount = ads.amount
    guard let value = amount.value, (1...9).contains(value),
      [.exactly, .about, .hedgeUnknown].contains(amount.qualifier)
    else { return }
    add(
      .warning, "tiny-ad-budget",
      "an ad budget of \(amount.text) \(ads.currency) is most likely \"less than \(value) \(ads.currency)\" with its hedge lost: an upper bound, not what was spent",
      path)
  }

  /// The network's dates against one another and against the dates of
  /// the documents that announce it: an announcement cannot come before the
  /// activity it describes began, nor before the network's first ad.
  mutating func checkDates(of network: Network, at path: ModelPath) {
    if let from = network.activeFrom, let until = network.activeUntil,
      until.isCertainlyBefore(from)
    {
      add(
        .error, "activity-dates", "the activity ends (\(until)) before it begins (\(from))",
        path.key("activeUntil"))
    }
    var announcements: [(what: String, date: PartialDate)] = []
    if let published = document.report.published {
      announcements.append(("the report is dated \(published)", published))
    }
    var cited = Set<ByteExactID>()
    for id in network.sources where cited.insert(ByteExactID(id)).inserted {
      guard let index = sourceIndex[ByteExactID(id)] else { continue }
      let source = document.report.sources[index]
      guard source.kind == .primary, let published = source.published,
        published != document.report.published
      else { continue }
      announcements.append(("source \"\(id)\" is dated \(published)", published))
    }
    let starts: [(what: String, date: PartialDate?, path: ModelPath)] = [
      ("the network's activity began", network.activeFrom, path.key("activeFrom")),
      ("its first ad", network.adSpend?.firstAd, path.key("adSpend").key("firstAd")),
    ]
    for announcement in announcements {
      for start in starts {
        guard let date = start.date, announcement.date.isCertainlyBefore(date) else { continue }
        add(
          .error, "dated-before-activity",
          "\(announcement.what), before \(start.what) (\(date)): one of the dates is wrong",
          start.path)
      }
    }
  }

  /// The date in each web address (`…/news/2019/12/…`) against the date of
  /// the report or source it belongs to: a compilation's row dated 2019
  /// whose address is from 2018 has a wrong date or a wrong address.
  mutating func checkAddressDates() {
    let report = document.report
    if let url = report.url, let published = report.published {
      checkAddressDate(url, against: published, of: "the report", at: ModelPath([.key("report")]))
    }
    for (i, source) in report.sources.enumerated() {
      guard let url = source.url, let published = source.published else { continue }
      checkAddressDate(
        url, against: published, of: "source \"\(source.id)\"",
        at: ModelPath([.key("report"), .key("sources"), .index(i)]))
    }
  }

  private mutating func checkAddressDate(
    _ url: String, against published: PartialDate, of what: String, at path: ModelPath
  ) {
    guard let dated = URLDate.date(in: url), dated.isMoreThanADayApart(from: published) else {
      return
    }
    add(
      .warning, "url-date-mismatch",
      "\(what) is dated \(published), but its address is from \(dated): one of the two is wrong",
      path.key("url"))
  }
}

/// `a`, `a and b`, `a, b and c`.
func listed(_ items: [String]) -> String {
  guard items.count > 1 else { return items.first ?? "" }
  return items.dropLast().joined(separator: ", ") + " and " + items.last!
}
