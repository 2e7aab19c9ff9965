import CIBGraph
import CIBGraphAnalysis
@_spi(Internal) import CIBGraphSupport

/// An activity file (or a Twitter archive, under each action) read, then
/// searched for coordination as `coordinate` does, and the network checked
/// against what it claims and, for small tables, against a brute-force search.
enum ActivityTarget {
  static let file = "activity.csv"
  /// The brute-force search compares every pair of actions: tables up to this many.
  static let bruteForceLimit = 300

  /// `coordinate`'s defaults but one (every pair kept), and a budget small
  /// enough that hubs in these small inputs are refused, as larger ones are.
  static let parameters = [
    CoordinationParameters(window: 60_000, minRepeat: 1),
    CoordinationParameters(
      window: 60_000, minRepeat: 2, percentile: 50,
      budget: CoordinationBudget(pairsPerObject: 300, pairsTotal: 2_000, meetings: 20_000)),
  ]

  static func run(_ bytes: [UInt8]) throws(OracleFailure) -> FuzzTarget.Outcome {
    var readers: [ActivityReader] = []
    // An activity file is read without an action, a Twitter archive with one.
    for action in [nil] + CoordinationAction.allCases.map(Optional.some) {
      do throws(InputError) {
        readers.append(try ActivityReader(bytes: bytes, file: file, action: action))
      } catch {
        try Oracle.requireLocated(error, .activity, input: bytes)
      }
    }
    for reader in readers { try check(reader) }
    try checkFastReader(bytes)
    if let reader = readers.first { try checkMeasures(reader.table) }
    if let withPosts = try? ActivityReader(bytes: bytes, file: file, posts: true) {
      try checkCooRTweet(withPosts.table)
    }
    var texts: ActivityReader?
    do throws(InputError) {
      texts = try ActivityReader(bytes: bytes, file: file, texts: true)
    } catch {
      try Oracle.requireLocated(error, .activity, input: bytes)
    }
    if let texts { try checkTexts(texts.table) }
    try checkTypesAndNormalization(bytes)
    return readers.isEmpty ? .refused : .accepted
  }

  /// Object types and normalisation: read with every rule (an activity
  /// file, whose `object_type` column gives types, and an archive under all
  /// three actions at once), no two objects have both the same type and the
  /// same bytes (the same string under two types is two objects, and one
  /// type's are distinct), every row's object is typed, and normalising an
  /// object again leaves it as it is.
  static func checkTypesAndNormalization(_ bytes: [UInt8]) throws(OracleFailure) {
    let every: ObjectNormalization = [.urlDomain, .stripTracking, .hashtagCase]
    for actions in [[], CoordinationAction.allCases] {
      for rules in [[], every] as [ObjectNormalization] {
        let reader: ActivityReader
        do throws(InputError) {
          reader = try ActivityReader(
            bytes: bytes, file: file, actions: actions, normalization: rules)
        } catch {
          try Oracle.requireLocated(error, .activity, input: bytes)
          continue
        }
        let table = reader.table
        let types = table.types
        try Oracle.require(
          types.isEmpty || types.ofObject.count == table.objectCount,
          .activity, "a typed table has objects without a type")
        var normalizer = ObjectNormalizer(rules)
        var seen: Set<[UInt8]> = []
        for object in 0..<UInt32(table.objectCount) {
          let value = table.withObjectBytes(of: object) { Array($0) }
          let type = types.isEmpty ? 0 : UInt8(types.type(of: object))
          try Oracle.require(
            seen.insert([type] + value).inserted, .activity,
            "two objects of one type have the same bytes: \(table.objectID(object))")
          guard !rules.isEmpty else { continue }
          let kind = types.isEmpty ? ObjectKind.any : ObjectKind(typeName: types.name(of: object))
          let again = value.withUnsafeBufferPointer {
            normalizer.withNormalized($0, kind: kind) { Array($0) }
          }
          try Oracle.require(
            again == value, .activity,
            "normalising \(table.objectID(object)) again gives \(String(decoding: again, as: UTF8.self))"
          )
        }
      }
    }
  }

  /// The fast reader, split as if the input were large, against the careful
  /// loop alone: the same table, identifier numbers and posts included, the
  /// same report, or the same error.
  static func checkFastReader(_ bytes: [UInt8]) throws(OracleFailure) {
    func read(_ fast: WorkSplit?) -> Result<ActivityReader, InputError> {
      Result { () throws(InputError) in
        try ActivityReader(bytes: bytes, file: file, posts: true, fast: fast)
      }
    }
    switch (read(.tiny), read(nil)) {
    case (.success(let fast), .success(let careful)):
      let (a, b) = (fast.table, careful.table)
      try Oracle.require(
        a.object == b.object && a.account == b.account && a.time == b.time
          && a.recordOffset == b.recordOffset && a.content == b.content
          && fast.report == careful.report
          && (0..<a.accountCount).map { a.accountID(UInt32($0)) }
            == (0..<b.accountCount).map { b.accountID(UInt32($0)) }
          && (0..<a.objectCount).map { a.objectID(UInt32($0)) }
            == (0..<b.objectCount).map { b.objectID(UInt32($0)) }
          && (0..<a.contents.count).map { a.contents.string(UInt32($0)) }
            == (0..<b.contents.count).map { b.contents.string(UInt32($0)) },
        .activity, "the fast reader's table differs from the careful loop's")
    case (.failure(let fast), .failure(let careful)):
      try Oracle.require(
        fast == careful, .activity, "the fast reader fails otherwise: \(fast) against \(careful)")
    case (let fast, let careful):
      throw OracleFailure(
        .activity, "the fast reader gives \(fast), the careful loop \(careful)")
    }
  }

  /// The measures with a fast window and every pair kept: the kept edges are
  /// the network without them, and on small tables each edge's figures are
  /// those of its pairs of shares listed one by one.
  static func checkMeasures(_ table: ActivityTable) throws(OracleFailure) {
    let (window, fastWindow): (Int64, Int64) = (60_000, 10_000)
    let budget = CoordinationBudget(pairsPerObject: 300, pairsTotal: 2_000, meetings: 20_000)
    let plain: CoordinationNetwork
    let measured: CoordinationNetwork
    do throws(BudgetExceeded) {
      plain = try CoordinationNetwork(
        table, parameters: CoordinationParameters(window: window, minRepeat: 2, budget: budget))
      measured = try CoordinationNetwork(
        table,
        parameters: CoordinationParameters(
          window: window, minRepeat: 2, budget: budget, fastWindow: fastWindow, keepAll: true))
    } catch {
      return
    }
    guard let measures = measured.measures else {
      throw OracleFailure(.activity, "a fast window gave no measures")
    }
    // Evidence ranges differ when more edges are listed: compared by pair and weight.
    func key(_ edge: CoordinationEdge) -> [Int] { [Int(edge.a), Int(edge.b), edge.weight] }
    let kept = zip(measured.edges, measures.edges).filter { $0.1.kept }.map(\.0)
    try Oracle.require(
      Set(kept.map(key)) == Set(plain.edges.map(key)) && measured.components == plain.components,
      .activity,
      "every pair kept and marked gives \(kept.count) kept edges; without it, \(plain.edges.count)")
    try Oracle.require(
      measures.accounts.reduce(0) { $0 + $1.degree } == 2 * kept.count
        && measures.accounts.allSatisfy { $0.coordinatedActions <= $0.actions },
      .activity, "the accounts' degrees or coordinated actions disagree with the kept edges")
    guard table.count <= bruteForceLimit else { return }
    for (edge, measure) in zip(measured.edges, measures.edges) {
      var pairs = 0
      var gaps: Int64 = 0
      var minGap = Int64.max
      var sharesA = Set<Int>()
      var sharesB = Set<Int>()
      var fastObjects = Set<UInt32>()
      for a in 0..<table.count where table.account[a] == edge.a {
        for b in 0..<table.count
        where table.account[b] == edge.b && table.object[a] == table.object[b]
          && abs(table.time[a] - table.time[b]) <= window
        {
          let gap = abs(table.time[a] - table.time[b])
          pairs += 1
          gaps += gap
          minGap = min(minGap, gap)
          sharesA.insert(a)
          sharesB.insert(b)
          if gap <= fastWindow { fastObjects.insert(table.object[a]) }
        }
      }
      try Oracle.require(
        measure.sharePairs == pairs && measure.sharesA == sharesA.count
          && measure.sharesB == sharesB.count && measure.minGap == minGap
          && abs(measure.meanGap - Double(gaps) / Double(max(pairs, 1))) < 1e-6
          && measure.fastWeight == fastObjects.count,
        .activity,
        "an edge's measures (\(measure.sharePairs) share pairs, \(measure.sharesA)/\(measure.sharesB) shares, shortest gap \(measure.minGap)) differ from its \(pairs) pairs listed one by one"
      )
    }
  }

  /// CooRTweet's definition, against CooRTweet's own steps done literally on
  /// small tables: every pair of an object's rows within the window, loops and
  /// original posts removed, the participation filter by post, weights as pairs
  /// of rows, the percentile cut strictly above.
  static func checkCooRTweet(_ table: ActivityTable) throws(OracleFailure) {
    guard CoordinationNetwork.postSharedByTwoAccounts(table) == nil else { return }
    for (minParticipation, percentile) in [(1, nil), (2, 50.0)] as [(Int, Double?)] {
      let parameters = CoordinationParameters(
        window: 60_000, minRepeat: 1, percentile: percentile,
        budget: CoordinationBudget(pairsPerObject: 300, pairsTotal: 2_000, meetings: 20_000),
        definition: .coortweet(minParticipation: minParticipation))
      let network: CoordinationNetwork
      do throws(BudgetExceeded) {
        network = try CoordinationNetwork(table, parameters: parameters)
      } catch {
        continue
      }
      guard table.count <= bruteForceLimit else { continue }
      var expected = cooRTweetSteps(table, minParticipation: minParticipation, window: 60_000)
      if let percentile, !expected.isEmpty {
        let cut = CoordinationNetwork.quantile(
          sortedValues: expected.values.map(Double.init).sorted(), percentile / 100)
        expected = expected.filter { Double($0.value) > cut }
      }
      var found: [UInt64: Int] = [:]
      for edge in network.edges { found[UInt64(edge.a) << 32 | UInt64(edge.b)] = edge.weight }
      try Oracle.require(
        found == expected, .activity,
        "CooRTweet's definition (min participation \(minParticipation)) gives \(found.count) edges; its steps done literally give \(expected.count), weights \(found == expected ? "equal" : "differ")"
      )
    }
  }

  /// Near-duplicate texts: every post kept or counted as empty, identical
  /// normal forms in one group, and no group joining texts that no chain of
  /// pairs at or above the threshold joins (compared pair by pair on small
  /// tables); then the sweep over the groups, which must not trap.
  static func checkTexts(_ table: ActivityTable) throws(OracleFailure) {
    let similarity = TextSimilarity(threshold: 0.8, maxComparisons: 20_000)
    let grouped: NearDuplicateTexts
    do throws(BudgetExceeded) {
      grouped = try NearDuplicateTexts(table, similarity: similarity)
    } catch {
      return
    }
    try Oracle.require(
      grouped.table.count + grouped.postsWithoutText == table.count, .activity,
      "\(grouped.table.count) posts grouped and \(grouped.postsWithoutText) empty of \(table.count)"
    )
    if grouped.table.count <= bruteForceLimit {
      let texts = grouped.table.objects
      var scalars: [UInt32] = []
      let sets = (0..<texts.count).map { text in
        var set: [UInt64] = []
        texts.withBytes(of: UInt32(text)) { Shingles.set($0, into: &set, scalars: &scalars) }
        return set
      }
      var parent = Array(0..<texts.count)
      func find(_ x: Int) -> Int { parent[x] == x ? x : find(parent[x]) }
      for i in sets.indices {
        for j in 0..<i where Shingles.similar(sets[i], sets[j], threshold: 0.8) {
          parent[find(i)] = find(j)
        }
      }
      var componentOfGroup: [UInt32: Int] = [:]
      for row in 0..<grouped.table.count {
        let group = grouped.table.object[row]
        let component = find(Int(group))
        try Oracle.require(
          componentOfGroup[group, default: component] == component, .activity,
          "a group joins texts that no chain of near-duplicate pairs joins")
        componentOfGroup[group] = component
      }
    }
    _ = try? CoordinationNetwork(grouped.table, parameters: parameters[1])
  }

  /// The weight of each pair of accounts (`low << 32 | high`) by CooRTweet's
  /// steps, comparing every two rows.
  static func cooRTweetSteps(_ table: ActivityTable, minParticipation: Int, window: Int64)
    -> [UInt64: Int]
  {
    var rowsOf: [UInt32: Int] = [:]
    for account in table.account { rowsOf[account, default: 0] += 1 }
    let kept = (0..<table.count).filter { rowsOf[table.account[$0]]! >= minParticipation }
    func original(_ row: Int) -> Bool {
      table.objectID(table.object[row]) == table.contents.string(table.content[row])
    }
    var pairs: [(Int, Int)] = []
    for (index, i) in kept.enumerated() {
      for j in kept[(index + 1)...]
      where table.object[i] == table.object[j] && abs(table.time[i] - table.time[j]) <= window
        && !original(i) && !original(j) && table.content[i] != table.content[j]
        && table.account[i] != table.account[j]
      {
        pairs.append((i, j))
      }
    }
    let coinciding = Set(pairs.flatMap { [table.content[$0.0], table.content[$0.1]] })
    var participation: [UInt32: Int] = [:]
    for row in kept where coinciding.contains(table.content[row]) {
      participation[table.account[row], default: 0] += 1
    }
    let qualifying = Set(
      kept.filter {
        coinciding.contains(table.content[$0])
          && participation[table.account[$0], default: 0] >= minParticipation
      }.map { table.content[$0] })
    var weights: [UInt64: Int] = [:]
    for (i, j) in pairs
    where qualifying.contains(table.content[i]) || qualifying.contains(table.content[j]) {
      let (low, high) = (
        min(table.account[i], table.account[j]), max(table.account[i], table.account[j])
      )
      weights[UInt64(low) << 32 | UInt64(high), default: 0] += 1
    }
    return weights
  }

  static func check(_ reader: ActivityReader) throws(OracleFailure) {
    let table = reader.table
    let report = reader.report
    try Oracle.require(
      report.examples.count == min(report.skippedTotal, report.kind.exampleLimit), .activity,
      "\(report.examples.count) rows located of \(report.skippedTotal) left out")
    for example in report.examples {
      try Oracle.require(
        example.location?.line != nil && example.location?.column != nil, .activity,
        "a row left out without a line and column: \(example.message)")
    }
    for time in table.time {
      // Times of years 0 to 9999 are written as ISO 8601 and must read back.
      let iso = ActivityTime.iso(time)
      guard iso.utf8.count >= 5,
        iso.utf8[iso.utf8.index(iso.utf8.startIndex, offsetBy: 4)] == UInt8(ascii: "-")
      else {
        continue
      }
      try Oracle.require(
        ActivityTime.parse(iso) == time, .activity,
        "the time \(time) ms is written \(iso), which reads as \(ActivityTime.parse(iso).map(String.init) ?? "nothing")"
      )
    }
    _ = CoordinationWindowEstimate(table)
    for parameters in parameters {
      let network: CoordinationNetwork
      do throws(BudgetExceeded) {
        network = try CoordinationNetwork(table, parameters: parameters)
      } catch {
        try checkRefusal(error, parameters, table)
        continue
      }
      try checkClaims(network, table)
      if parameters.percentile == nil, table.count <= bruteForceLimit {
        try compareWithBruteForce(network, table)
      }
      let document = network.document(
        table: table, source: file, accounts: reader.accountKind ?? .unnamedAccount)
      let structural = Validator.validate(document).filter {
        $0.severity == .error && $0.isStructural
      }
      try Oracle.require(
        structural.isEmpty, .activity,
        "the network document coordinate writes has structural errors: \(structural.first?.message ?? "")"
      )
      try DOTCheck.require(NetworkDrawing(documents: [document]).dot, .activity)
      for coincidence in network.coincidences.prefix(20) {
        _ = reader.postID(row: Int(coincidence.rowA))
      }
    }
  }

  /// Each edge is what it says: two accounts, its weight in distinct shared
  /// objects, each coincidence two actions of theirs on that object within
  /// the window; components partition the accounts of the edges.
  static func checkClaims(_ network: CoordinationNetwork, _ table: ActivityTable)
    throws(OracleFailure)
  {
    let window = network.parameters.window
    var componentOf: [UInt32: Int] = [:]
    for (index, component) in network.components.enumerated() {
      try Oracle.require(
        component.firstAction <= component.lastAction, .activity,
        "a component's first action \(component.firstAction) is after its last \(component.lastAction)"
      )
      for account in component.accounts {
        try Oracle.require(
          componentOf.updateValue(index, forKey: account) == nil, .activity,
          "account \(account) is in two components")
      }
    }
    var edgesPerComponent = [Int](repeating: 0, count: network.components.count)
    for edge in network.edges {
      try Oracle.require(edge.a < edge.b, .activity, "an edge \(edge.a)–\(edge.b) out of order")
      try Oracle.require(
        edge.weight == edge.evidence.count && edge.weight >= network.parameters.minRepeat,
        .activity, "an edge of weight \(edge.weight) has \(edge.evidence.count) coincidences")
      var objects = Set<UInt32>()
      for coincidence in network.coincidences[edge.evidence] {
        let (rowA, rowB) = (Int(coincidence.rowA), Int(coincidence.rowB))
        try Oracle.require(
          objects.insert(coincidence.object).inserted, .activity,
          "an edge counts object \(coincidence.object) twice")
        try Oracle.require(
          table.account[rowA] == edge.a && table.account[rowB] == edge.b
            && table.object[rowA] == coincidence.object
            && table.object[rowB] == coincidence.object
            && abs(table.time[rowA] - table.time[rowB]) <= window, .activity,
          "coincidence rows \(rowA) and \(rowB) are not actions of \(edge.a) and \(edge.b) on object \(coincidence.object) within \(window) ms"
        )
      }
      guard let index = componentOf[edge.a], componentOf[edge.b] == index else {
        throw OracleFailure(.activity, "edge \(edge.a)–\(edge.b) is not within one component")
      }
      edgesPerComponent[index] += 1
    }
    try Oracle.require(
      edgesPerComponent == network.components.map(\.edges), .activity,
      "components count \(network.components.map(\.edges)) edges; their edges are \(edgesPerComponent)"
    )
    try Oracle.require(
      network.pairsFound >= network.pairsRepeated && network.pairsRepeated >= network.edges.count,
      .activity,
      "pairs found \(network.pairsFound), repeated \(network.pairsRepeated), kept \(network.edges.count)"
    )
  }

  /// A refusal names a limit the input passes: on small tables, the pairs
  /// counted by comparing every two actions are at least those it claims.
  static func checkRefusal(
    _ exceeded: BudgetExceeded, _ parameters: CoordinationParameters,
    _ table: ActivityTable
  ) throws(OracleFailure) {
    guard let refusal = exceeded.coordination else {
      throw OracleFailure(
        .activity, "coordination refused with another detection's budget: \(exceeded)")
    }
    try Oracle.require(
      refusal.atLeast > refusal.budget && Int(refusal.object) < table.objectCount, .activity,
      "a refusal for \(refusal.kind) claims \(refusal.atLeast) of a budget of \(refusal.budget), object \(refusal.object)"
    )
    guard table.count <= bruteForceLimit, refusal.kind != .meetings,
      refusal.kind != .sharePairSteps
    else { return }
    let objectsOfPair = bruteForce(table, window: parameters.window)
    let counted =
      refusal.kind == .pairsTotal
      ? objectsOfPair.values.reduce(0) { $0 + $1.count }
      : objectsOfPair.values.filter { $0.contains(refusal.object) }.count
    try Oracle.require(
      counted >= refusal.atLeast, .activity,
      "refused for \(refusal.kind) at \(refusal.atLeast); comparing every two actions counts \(counted)"
    )
  }

  /// The distinct objects on which each pair of accounts (`low << 32 | high`)
  /// acted within `window` of each other, by comparing every two actions.
  static func bruteForce(_ table: ActivityTable, window: Int64) -> [UInt64: Set<UInt32>] {
    var objectsOfPair: [UInt64: Set<UInt32>] = [:]
    for i in 0..<table.count {
      for j in (i + 1)..<max(i + 1, table.count)
      where table.object[i] == table.object[j] && table.account[i] != table.account[j]
        && abs(table.time[i] - table.time[j]) <= window
      {
        let (low, high) = (
          min(table.account[i], table.account[j]), max(table.account[i], table.account[j])
        )
        objectsOfPair[UInt64(low) << 32 | UInt64(high), default: []].insert(table.object[i])
      }
    }
    return objectsOfPair
  }

  /// Every pair of actions compared: the weight of each pair of accounts.
  static func compareWithBruteForce(_ network: CoordinationNetwork, _ table: ActivityTable)
    throws(OracleFailure)
  {
    let objectsOfPair = bruteForce(table, window: network.parameters.window)
    try Oracle.require(
      network.pairsFound == objectsOfPair.count, .activity,
      "\(network.pairsFound) pairs found; comparing every two actions finds \(objectsOfPair.count)")
    var expected: [UInt64: Int] = [:]
    for (pair, objects) in objectsOfPair where objects.count >= network.parameters.minRepeat {
      expected[pair] = objects.count
    }
    var found: [UInt64: Int] = [:]
    for edge in network.edges { found[UInt64(edge.a) << 32 | UInt64(edge.b)] = edge.weight }
    try Oracle.require(
      found == expected, .activity,
      "\(found.count) edges found; comparing every two actions gives \(expected.count), weights \(found == expected ? "equal" : "differ")"
    )
  }
}
