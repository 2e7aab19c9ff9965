import CIBGraphCore

/// What one edge of a coordination network rests on, beyond its weight.
///
/// Shares here are actions (rows); two shares coincide when they are of the
/// same object, by the edge's two accounts, at most the window apart. The
/// figures cover every coinciding pair of shares, not only the first of each
/// object that ``CoordinationNetwork/coincidences`` keeps as evidence.
package struct EdgeMeasures: Sendable, Hashable {
  /// Distinct objects the two accounts coincided on (the default definition's weight).
  package var objects: Int
  /// Coinciding pairs of shares (CooRTweet's weight).
  package var sharePairs: Int
  /// Shares of ``CoordinationEdge/a`` that coincide with one of
  /// ``CoordinationEdge/b``'s (CooRTweet's `n_content_id` when each post
  /// shares one object).
  package var sharesA: Int
  /// Shares of ``CoordinationEdge/b`` that coincide with one of ``CoordinationEdge/a``'s.
  package var sharesB: Int
  /// The mean time between the two shares of a coinciding pair, in milliseconds
  /// (CooRTweet's `avg_time_delta`).
  package var meanGap: Double
  /// The shortest time between two coinciding shares, in milliseconds.
  package var minGap: Int64
  /// The weight counting only coincidences within ``CoordinationParameters/fastWindow``
  /// (distinct objects, or CooRTweet's pairs of shares, whichever the
  /// definition weighs); `nil` without a fast window.
  package var fastWeight: Int?
  /// Whether the fast weight passes the thresholds the weight is held to
  /// (``CoordinationParameters/minRepeat`` or CooRTweet's participation in
  /// the fast window, and the percentile cut over the fast weights).
  package var fast: Bool
  /// Whether the edge passes `minRepeat` (under CooRTweet's definition:
  /// either account participates).
  package var repeated: Bool
  /// Whether its weight passes the percentile cut (true without one).
  package var abovePercentile: Bool

  /// Whether the edge passes every threshold: the edges of the candidate networks.
  package var kept: Bool { repeated && abovePercentile }
  /// The shares of both accounts behind the edge: ``sharesA`` + ``sharesB``.
  package var posts: Int { sharesA + sharesB }
  /// CooRTweet's `edge_symmetry_score`: the smaller account's coinciding
  /// shares over the larger's, 1 when both contribute alike, towards 0 as one
  /// dominates.
  package var symmetry: Double {
    let larger = max(sharesA, sharesB)
    return larger == 0 ? 0 : Double(min(sharesA, sharesB)) / Double(larger)
  }
}

/// The coinciding shares of one pair of accounts, summed over its objects.
struct EdgeTally {
  var objects = 0
  var sharePairs = 0
  /// Pairs within the fast window, and objects with one.
  var fastPairs = 0
  var fastObjects = 0
  var gapSum = 0.0
  var minGap = Int64.max
  var sharesLow = 0
  var sharesHigh = 0
  /// Binary-search steps spent, for the budget.
  var steps = 0
  /// The fast weight the definition gives these figures, once decided.
  var fastWeight: Int?
}

extension SharesByAccount {
  /// Adds to `tally` the coinciding shares of accounts `low` and `high` on `object`.
  ///
  /// Each share of the account with fewer shares there finds by binary
  /// search the other's shares in the window around it: their count, the
  /// nearest, and the sum of the gaps from the prefix sums. The other
  /// account's coinciding shares are the union of those windows, which move
  /// forward together. No pair of shares is listed.
  /// - Precondition: built with `gaps: true`.
  /// - Complexity: O(log k + s log ℓ) for s ≤ ℓ the two accounts' shares of `object`.
  func tally(
    _ low: UInt32, _ high: UInt32, object: UInt32, window: Int64, fastWindow: Int64?,
    into tally: inout EdgeTally
  ) {
    let objectRange = Int(offsets[Int(object)])..<Int(offsets[Int(object) + 1])
    let lowRun = run(of: low, in: objectRange)
    let highRun = run(of: high, in: objectRange)
    let lowIsFew = lowRun.count <= highRun.count
    let (few, many) = lowIsFew ? (lowRun, highRun) : (highRun, lowRun)
    var coincidingFew = 0
    var coincidingMany = 0
    var coveredTo = many.lowerBound
    var objectFast = false
    var minGap = Int64.max
    for k in few {
      let t = time[k]
      let first = firstPosition(in: many) { t - time[$0] <= window }
      let past = firstPosition(in: first..<many.upperBound) { time[$0] > t + window }
      guard first < past else { continue }
      coincidingFew += 1
      coincidingMany += past - max(first, coveredTo)
      coveredTo = max(coveredTo, past)
      tally.sharePairs += past - first
      let middle = firstPosition(in: first..<past) { time[$0] >= t }
      if middle > first { minGap = min(minGap, t - time[middle - 1]) }
      if middle < past { minGap = min(minGap, time[middle] - t) }
      // This share's time after the object's first, as gapPrefix sums them.
      let offset = gapPrefix[k + 1] &- gapPrefix[k]
      let gaps = gapSum(around: offset, first: first, middle: middle, past: past, window)
      tally.gapSum += gaps.sum
      tally.steps += gaps.steps
      if let fastWindow {
        let fastFirst = firstPosition(in: first..<middle) { t - time[$0] <= fastWindow }
        let fastPast = firstPosition(in: middle..<past) { time[$0] > t + fastWindow }
        if fastFirst < fastPast {
          tally.fastPairs += fastPast - fastFirst
          objectFast = true
        }
      }
    }
    let searchSteps = Int.bitWidth - many.count.leadingZeroBitCount + 1
    tally.steps += few.count * searchSteps * (fastWindow == nil ? 3 : 5) + 2
    guard coincidingFew > 0 else { return }
    tally.objects += 1
    if objectFast { tally.fastObjects += 1 }
    tally.minGap = min(tally.minGap, minGap)
    tally.sharesLow += lowIsFew ? coincidingFew : coincidingMany
    tally.sharesHigh += lowIsFew ? coincidingMany : coincidingFew
  }

  /// The sum of |t − time[j]| over positions `first..<past` of one run, the
  /// earlier ones before `middle`, for `offset` = t minus the object's first
  /// time. Wrapping arithmetic on the prefix sums is exact when the true sum
  /// fits in 63 bits, which `past − first` gaps of at most `window` do unless
  /// the window is years long and the run millions of shares; then the gaps
  /// are summed one by one, and those steps counted.
  private func gapSum(
    around offset: Int64, first: Int, middle: Int, past: Int, _ window: Int64
  ) -> (sum: Double, steps: Int) {
    let (bound, overflow) = Int64(past - first).multipliedReportingOverflow(by: window)
    guard overflow || bound < 0 else {
      let before = Int64(middle - first) &* offset &- (gapPrefix[middle] &- gapPrefix[first])
      let after = (gapPrefix[past] &- gapPrefix[middle]) &- Int64(past - middle) &* offset
      return (Double(before &+ after), 0)
    }
    var sum = 0.0
    let t = offset
    for j in first..<past {
      let relative = gapPrefix[j + 1] &- gapPrefix[j]
      sum += Double(relative > t ? relative - t : t - relative)
    }
    return (sum, past - first)
  }

  /// Marks in `reach` the shares of `low` and `high` on `object` that
  /// coincide with one of the other's: `reach[p]` is the end of a range of
  /// coinciding positions starting at `p`, so that one pass over the
  /// positions, keeping the furthest end seen, tells each covered one.
  /// - Complexity: O(log k + s log ℓ), as ``tally(_:_:object:window:fastWindow:into:)``.
  func markCoinciding(
    _ low: UInt32, _ high: UInt32, object: UInt32, window: Int64, reach: inout [UInt32]
  ) {
    let objectRange = Int(offsets[Int(object)])..<Int(offsets[Int(object) + 1])
    var few = run(of: low, in: objectRange)
    var many = run(of: high, in: objectRange)
    if few.count > many.count { swap(&few, &many) }
    for k in few {
      let t = time[k]
      let first = firstPosition(in: many) { t - time[$0] <= window }
      let past = firstPosition(in: first..<many.upperBound) { time[$0] > t + window }
      guard first < past else { continue }
      reach[k] = max(reach[k], UInt32(k + 1))
      reach[first] = max(reach[first], UInt32(past))
    }
  }
}
