import CIBGraphCore
import CIBGraphSupport
import Foundation

/// The visual language of CIBGraph's drawings: one shape and colour per
/// kind of asset, dashed outlines for reported counts (a number, not an
/// asset), size growing with audience on a log scale, one line style per
/// kind of relation.
///
/// Each kind has a shape of its own, so that two kinds are told apart in
/// grey too, and a colour (the actors share red):
///
/// | Kind | Shape | Colour |
/// |---|---|---|
/// | Facebook account | ellipse | blue |
/// | Facebook Page | rounded box | green |
/// | Facebook Group | hexagon | orange |
/// | Facebook Event | tab (a folder's tab) | gold |
/// | Instagram account | octagon | purple |
/// | X account | double ellipse | black on grey |
/// | YouTube channel | cds (a box with a pointed end) | red |
/// | TikTok account | diamond | teal |
/// | Telegram channel | parallelogram | sky blue |
/// | Threads account | double octagon | dark grey on white |
/// | account of an unnamed platform | septagon | grey on white |
/// | a kind a document declares | component | grey |
/// | organisation | house | red |
/// | person | inverted house | red |
/// | movement | trapezium | red |
package enum DrawingStyle {
  /// How one kind of asset is drawn.
  package struct KindStyle: Sendable, Hashable {
    package var shape: String
    package var fill: String
    package var stroke: String
    /// Extra `style` flags besides "filled" ("rounded" for Pages).
    package var extraStyle: String?
    /// Outlines drawn: 2 doubles the shape's outline (X accounts).
    package var peripheries = 1

    /// The shape in plain words, for a legend that cannot draw it: "oval",
    /// "rounded box", "upside-down house" (not Graphviz's names).
    package var shapeWords: String {
      let words =
        switch shape {
        case "ellipse": "oval"
        case "box": extraStyle == "rounded" ? "rounded box" : "box"
        case "tab": "folder tab"
        case "cds": "arrow box"
        case "doubleoctagon": "double octagon"
        case "septagon": "heptagon"
        case "component": "box with tabs"
        case "invhouse": "upside-down house"
        default: shape
        }
      return peripheries == 2 ? "double \(words)" : words
    }

    /// The DOT attributes that draw the shape and colours, `style` aside.
    package var shapeAttributes: [(String, String)] {
      [("shape", shape), ("fillcolor", fill), ("color", stroke)]
        + (peripheries == 1 ? [] : [("peripheries", String(peripheries))])
    }
  }

  /// Colours after ColorBrewer's "Paired" scheme and the platforms' own,
  /// told apart by shape too, so the drawing still reads in grey or to a
  /// colour-blind reader.
  package static func style(of kind: AssetKind) -> KindStyle {
    switch kind {
    case .account: KindStyle(shape: "ellipse", fill: "#DCEBF7", stroke: "#1F78B4")
    case .page: KindStyle(shape: "box", fill: "#DFF0D0", stroke: "#33A02C", extraStyle: "rounded")
    case .group: KindStyle(shape: "hexagon", fill: "#FFE6C7", stroke: "#E66100")
    case .event: KindStyle(shape: "tab", fill: "#FFF4C2", stroke: "#B8860B")
    case .instagram: KindStyle(shape: "octagon", fill: "#EADCF2", stroke: "#6A3D9A")
    case .xAccount:
      KindStyle(shape: "ellipse", fill: "#E6E6E6", stroke: "#111111", peripheries: 2)
    case .youtubeChannel: KindStyle(shape: "cds", fill: "#FDDCDC", stroke: "#CC0000")
    case .tiktokAccount: KindStyle(shape: "diamond", fill: "#D5F5F3", stroke: "#00897B")
    case .telegramChannel: KindStyle(shape: "parallelogram", fill: "#DCEFFA", stroke: "#1E88C7")
    case .threadsAccount: KindStyle(shape: "doubleoctagon", fill: "#FAFAFA", stroke: "#424242")
    case .unnamedAccount: KindStyle(shape: "septagon", fill: "#FFFFFF", stroke: "#757575")
    case .organization: KindStyle(shape: "house", fill: "#FBD5D5", stroke: "#B2182B")
    case .person: KindStyle(shape: "invhouse", fill: "#FBD5D5", stroke: "#B2182B")
    case .movement: KindStyle(shape: "trapezium", fill: "#FBD5D5", stroke: "#B2182B")
    default: KindStyle(shape: "component", fill: "#F0F0F0", stroke: "#424242")
    }
  }

  /// DOT attributes for edges of a relation type.
  package static func attributes(of type: RelationType) -> [(String, String)] {
    switch type {
    case .administers: [("color", "#333333"), ("penwidth", "1.4")]
    case .memberOf: [("color", "#E66100"), ("style", "dashed")]
    case .follows: [("color", "#6A3D9A"), ("style", "dotted")]
    case .attributedTo: [("color", "#B2182B"), ("penwidth", "1.6")]
    case .partOf: [("color", "#B2182B"), ("arrowhead", "onormal")]
    case .linkedTo: [("color", "#888888"), ("dir", "none")]
    case .coordinatedWith: [("color", "#1B7837"), ("dir", "none")]
    }
  }

  /// Font size for an audience: 11 pt with none, up to 24 pt for tens of millions.
  package static func fontSize(audience: CountSum?) -> Double {
    guard let audience, audience > 0 else { return 11 }
    return min(24, 10 + 1.6 * log10(Double(countSum: audience) + 1))
  }

  /// Type size of a reported count's number: never under 13 pt, so that a
  /// count with no audience reads as well as the card above it, growing
  /// with the audience as ``fontSize(audience:)`` does.
  package static func cohortFontSize(audience: CountSum?) -> Double {
    max(13, fontSize(audience: audience))
  }

  /// Width of a weighted relation's line: from 1 to 7 points, in proportion
  /// to its share of the heaviest relation of its type drawn, so that
  /// Jaccard indexes of 0.05 and 0.12 draw visibly apart.
  package static func lineWidth(weight: Double, most: Double) -> Double {
    guard most > 0, weight > 0 else { return 1 }
    return 1 + 6 * min(weight, most) / most
  }

  /// A weight as a line's label: a count of shared content items for
  /// coordination ("12"), two decimals otherwise ("0.31").
  package static func weightText(_ weight: Double, type: RelationType) -> String {
    if type == .coordinatedWith || weight >= 10 {
      return groupedDigits(Int(min(weight, 1e15).rounded()))
    }
    return DrawingNumber.decimal(weight, places: 2)
  }

  /// What a weight stands for, in a legend.
  package static func weightMeaning(of type: RelationType) -> String {
    switch type {
    case .coordinatedWith: "content items both accounts acted on within the window"
    case .linkedTo: "link weight (in an audience overlap, the Jaccard index)"
    default: "weight"
    }
  }

  /// A relation type in a legend: "attributed to", "coordinated with".
  package static func lineLabel(of type: RelationType) -> String {
    switch type {
    case .administers: "administers"
    case .memberOf: "member of"
    case .follows: "follows"
    case .attributedTo: "attributed to"
    case .partOf: "part of"
    case .linkedTo: "linked to"
    case .coordinatedWith: "coordinated with"
    }
  }

  /// The colour of a warning on a figure: a total that does not add up.
  package static let warningColor = "#B2182B"

  /// The colour of a caution on a figure, milder than a total that does not
  /// add up: a validation warning (a date its address contradicts, a zero
  /// that is most likely not given). Amber dark enough to read on white.
  package static let cautionColor = "#A15C00"

  /// Side of an unlabelled node (large drawings), in inches.
  package static func markerSize(audience: CountSum) -> Double {
    0.12 + 0.06 * log10(Double(countSum: max(0, audience)) + 1)
  }

  package static let fontName = "Helvetica,Arial,sans-serif"
}

/// Number formatting for drawings: "1.2", "0.25" (fixed decimals, no locale).
enum DrawingNumber {
  static func decimal(_ value: Double, places: Int = 1) -> String {
    decimal(scaled: scaled(value, places: places), places: places)
  }

  /// `value` in units of the last of `places` decimals, rounded: what
  /// ``decimal(_:places:)`` writes depends on nothing else.
  static func scaled(_ value: Double, places: Int) -> Int {
    // Sizes are computed; one that is not a finite number of points is drawn as 0.
    let product = value * Double(scale(places))
    return product.isFinite ? Int(max(-1e15, min(1e15, product)).rounded()) : 0
  }

  /// A number given in units of the last of `places` decimals, written with them.
  static func decimal(scaled: Int, places: Int) -> String {
    let scale = scale(places)
    let fraction = String(scaled % scale)
    return "\(scaled / scale)." + String(repeating: "0", count: places - fraction.count) + fraction
  }

  private static func scale(_ places: Int) -> Int {
    var scale = 1
    for _ in 0..<places { scale *= 10 }
    return scale
  }
}
