import CIBGraphCore
@_spi(Internal) import CIBGraphSupport

extension CoordinationNetwork {
  /// The coordination network as a `NetworkDocument`: one network per
  /// component (`candidate-1`, the largest, `candidate-2`, …), its accounts
  /// as assets of kind `accounts` and its edges as
  /// `coordinatedWith` relations weighted by the number of
  /// distinct objects shared (under CooRTweet's definition, of coinciding
  /// pairs of shares). `reach`, `components`, `overlap` and `render`
  /// read it.
  /// - Parameters:
  ///   - table: The table the network was detected in (for account ids).
  ///   - source: The input's name, for the report's title.
  ///   - accounts: The kind of the accounts: the input's platform's
  ///     (`AssetKind.xAccount` for a Twitter/X archive), or
  ///     `AssetKind.unnamedAccount` when the input does not say it. Never
  ///     assume Facebook: `reach` and drawings name the kind.
  ///
  /// This is how a library user reads a detection's measures: with
  /// `measures` (or a fast window, or every pair
  /// kept), each relation, account and network holds them as typed
  /// `Measurements` (`Relation.measures`, `Asset.measures`,
  /// `Network.measures`), which GraphML and GEXF exports declare as
  /// attributes, and each relation's evidence and each network's notes give
  /// them as text, with a network's most shared objects and domains. With
  /// `keepAll`, only the kept edges become relations.
  /// - Complexity: O(accounts + edges).
  public func document(table: ActivityTable, source: String, accounts: AssetKind)
    -> NetworkDocument
  {
    var componentOf: [UInt32: Int] = [:]
    for (index, component) in components.enumerated() {
      for account in component.accounts { componentOf[account] = index }
    }
    // The measured accounts come network by network, in each component's order.
    var measuredAccounts = measures?.accounts[...]
    var networks = components.enumerated().map { index, component in
      var notes = [
        "\(component.edges) links of total weight \(component.weight); coordinated actions from "
          + "\(ActivityTime.iso(component.firstAction)) to \(ActivityTime.iso(component.lastAction))."
      ]
      var networkMeasures = Measurements()
      if let measured = measures?.networks[index] {
        notes.append(Self.note(measured))
        networkMeasures = Self.measurements(component, measured, fast: parameters.fastWindow != nil)
      }
      var assets = component.accounts.map { Asset(id: table.accounts.string($0), kind: accounts) }
      if let measured = measuredAccounts?.prefix(assets.count) {
        for (position, account) in zip(assets.indices, measured) {
          assets[position].measures = Self.measurements(account)
        }
        measuredAccounts?.removeFirst(measured.count)
      }
      return Network(
        id: "candidate-\(index + 1)",
        name: "Candidate network \(index + 1): \(component.accounts.count) coordinated accounts",
        assets: assets, notes: notes, measures: networkMeasures)
    }
    let typed = !table.types.isEmpty
    // With a window per type, a relation's objects may lie under several.
    let within =
      parameters.typeWindows.isEmpty
      ? "within \(Self.seconds(parameters.window)) s" : "within their type's window"
    let apart =
      parameters.typeWindows.isEmpty
      ? "\(within) of each other" : "within the window of the object's type"
    for (position, edge) in edges.enumerated() {
      guard let index = componentOf[edge.a] else { continue }
      let measured = measures?.edges[position]
      if let measured, !measured.kept { continue }
      var evidence =
        coortweet == nil
        ? "\(counted(edge.weight, "distinct object")) shared \(within)"
        : "\(counted(edge.weight, "pair")) of shares \(within), on "
          + counted(edge.evidence.count, "object")
      if typed { evidence += " (objects by type: \(objectsByType(edge, table: table)))" }
      if let measured {
        evidence += "; " + Self.evidence(measured, fastWindow: parameters.fastWindow)
      }
      networks[index].relations.append(
        Relation(
          source: table.accounts.string(edge.a), target: table.accounts.string(edge.b),
          type: .coordinatedWith, evidence: evidence, weight: Double(edge.weight),
          measures: measured.map { Self.measurements($0) } ?? Measurements()))
    }
    var notes: [String]
    if let counts = coortweet {
      notes = [
        "Accounts linked by CooRTweet's definition: shares of the same object \(apart), original posts (object_id equal to content_id) left out "
          + "(\(counts.originalPosts)), accounts with fewer than \(counts.minParticipation) rows dropped, "
          + "a pair kept when either account has \(counts.minParticipation) coinciding shares; relation "
          + "weight is the number of coinciding pairs of shares. Each network is one connected "
          + "component: a candidate, not a finding."
      ]
      if let percentile = parameters.percentile, let percentileWeight {
        notes.append(
          "Only links of weight above the \(percentile)th percentile (\(percentileWeight)) are kept."
        )
      }
    } else {
      notes = [
        "Accounts linked when they acted on the same object \(apart), "
          + "on at least \(counted(parameters.minRepeat, "distinct object")); relation weight is the number of "
          + "distinct objects shared. Each network is one connected component: a candidate, not a finding."
      ]
      if let percentile = parameters.percentile, let percentileWeight {
        notes.append(
          "Only links of weight at or above the \(percentile)th percentile (\(percentileWeight)) are kept."
        )
      }
    }
    if typed {
      notes.append(
        "Object types and their windows: "
          + typeSummaries(table).map { "\($0.name) \(Self.seconds($0.window)) s" }
          .joined(separator: ", ")
          + "; the same identifier under two types is two objects"
          + (coortweet == nil
            ? "."
            : ", and each type is filtered apart, as CooRTweet's "
              + "multimodal analysis does."))
    }
    return NetworkDocument(
      report: Report(
        // The file's name, not its path: a title is shown in figures.
        title:
          "Coordination detected in \(fileName(source))",
        publisher: "cibgraph coordinate",
        kind: .secondary, notes: notes),
      networks: networks)
  }

  /// An edge's measures, for its relation's evidence: `fast weight 2 within
  /// 10 s (fast); 3 pairs of shares, 3 and 2 coinciding shares (symmetry
  /// 0.6667), mean gap 3.667 s, shortest 2 s`.
  private static func evidence(_ measured: EdgeMeasures, fastWindow: Int64?) -> String {
    var text = ""
    if let fastWindow, let fastWeight = measured.fastWeight {
      text +=
        "fast weight \(fastWeight) within \(seconds(fastWindow)) s (\(measured.fast ? "fast" : "not fast")); "
    }
    return text
      + "\(counted(measured.sharePairs, "pair")) of shares, \(measured.sharesA) and "
      + "\(measured.sharesB) coinciding shares (symmetry \(DecimalText.fourPlaces(measured.symmetry))), "
      + "mean gap \(seconds(Int64(measured.meanGap.rounded()))) s, shortest \(seconds(measured.minGap)) s"
  }

  /// An edge's measures as typed values: the fast weight and flag only with a fast window.
  private static func measurements(_ measured: EdgeMeasures) -> Measurements {
    var values = Measurements()
    values[.distinctObjects] = .count(measured.objects)
    values[.sharePairs] = .count(measured.sharePairs)
    values[.sourceShares] = .count(measured.sharesA)
    values[.targetShares] = .count(measured.sharesB)
    values[.posts] = .count(measured.posts)
    values[.symmetry] = .number(measured.symmetry)
    values[.meanGapSeconds] = .number(measured.meanGap / 1000)
    values[.minGapSeconds] = .number(Double(measured.minGap) / 1000)
    if let fastWeight = measured.fastWeight {
      values[.fastWeight] = .count(fastWeight)
      values[.fast] = .flag(measured.fast)
    }
    return values
  }

  /// An account's measures as typed values.
  private static func measurements(_ measured: AccountMeasures) -> Measurements {
    var values = Measurements()
    values[.actions] = .count(measured.actions)
    values[.objects] = .count(measured.objects)
    values[.coordinatedActions] = .count(measured.coordinatedActions)
    values[.degree] = .count(measured.degree)
    values[.strength] = .count(measured.strength)
    values[.firstAction] = .time(measured.firstAction)
    values[.lastAction] = .time(measured.lastAction)
    return values
  }

  /// A candidate network's measures as typed values; its fast edges only with a fast window.
  private static func measurements(
    _ component: CoordinationComponent, _ measured: NetworkMeasures, fast: Bool
  ) -> Measurements {
    var values = Measurements()
    values[.accounts] = .count(component.accounts.count)
    values[.edges] = .count(component.edges)
    values[.totalWeight] = .count(component.weight)
    values[.density] = .number(measured.density)
    values[.objects] = .count(measured.objects)
    if fast { values[.fastEdges] = .count(measured.fastEdges) }
    values[.firstCoordinatedAction] = .time(component.firstAction)
    values[.lastCoordinatedAction] = .time(component.lastAction)
    values[.timeSpanSeconds] = .number(Double(component.lastAction - component.firstAction) / 1000)
    return values
  }

  /// A network's measures, for its notes: density, objects, top objects and domains.
  private static func note(_ measured: NetworkMeasures) -> String {
    func ranked(_ items: [RankedObject]) -> String {
      items.map { "\($0.id) (\(counted($0.accounts, "account")))" }.joined(separator: ", ")
    }
    var text =
      "Density \(DecimalText.fourPlaces(measured.density)); \(counted(measured.objects, "object")) "
      + "shared in coordination; top objects: \(ranked(measured.topObjects))"
    if !measured.topDomains.isEmpty { text += "; top domains: \(ranked(measured.topDomains))" }
    return text + "."
  }

  /// Milliseconds as seconds: `60`, `1.5`, `0.001`.
  package static func seconds(_ milliseconds: Int64) -> String {
    let (whole, fraction) = milliseconds.quotientAndRemainder(dividingBy: 1000)
    guard fraction != 0 else { return String(whole) }
    var digits = String(abs(fraction))
    digits = String(repeating: "0", count: 3 - digits.count) + digits
    while digits.hasSuffix("0") { digits.removeLast() }
    return (milliseconds < 0 && whole == 0 ? "-" : "") + String(whole) + "." + digits
  }
}
