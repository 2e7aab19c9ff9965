import CIBGraphCore
import CIBGraphSupport
import Foundation

/// The visual language of CIBGraph's drawings: one shape and colour per
/// kind of asset, dashed outlines for reported counts (a number, not an
/// asset), size growing with audience on a log scale, one line style per
/// kind of relation.
///
/// Each platform has a colour (Facebook's kinds share blue, green and
/// orange after the first format; Instagram purple; X black; YouTube red;
/// TikTok teal; Telegram sky blue; Threads grey) and each kind a shape, so
/// two kinds are told apart in grey too. Actors are red: an organisation a
/// house, a person an inverted house, a movement a trapezium. A kind a
/// document declares is a grey "component" shape, its name in the legend.
package enum DrawingStyle {
  /// How one kind of asset is drawn.
  package struct KindStyle: Sendable, Hashable {
    package var shape: String
    package var fill: String
    package var stroke: String
    /// Extra `style` flags besides "filled" ("rounded" for Pages).
    package var extraStyle: String?
  }

  /// Colours after ColorBrewer's "Paired" scheme, told apart by shape too,
  /// so the drawing still reads in grey or to a colour-blind reader.
  package static func style(of kind: AssetKind) -> KindStyle {
    switch kind {
    case .account: KindStyle(shape: "ellipse", fill: "#DCEBF7", stroke: "#1F78B4")
    case .page: KindStyle(shape: "box", fill: "#DFF0D0", stroke: "#33A02C", extraStyle: "rounded")
    case .group: KindStyle(shape: "hexagon", fill: "#FFE6C7", stroke: "#E66100")
    case .event: KindStyle(shape: "tab", fill: "#FFF4C2", stroke: "#B8860B")
    case .instagram: KindStyle(shape: "octagon", fill: "#EADCF2", stroke: "#6A3D9A")
    case .xAccount: KindStyle(shape: "ellipse", fill: "#EDEDED", stroke: "#111111")
    case .youtubeChannel: KindStyle(shape: "cds", fill: "#FDDCDC", stroke: "#CC0000")
    case .tiktokAccount: KindStyle(shape: "diamond", fill: "#D5F5F3", stroke: "#00897B")
    case .telegramChannel: KindStyle(shape: "parallelogram", fill: "#DCEFFA", stroke: "#1E88C7")
    case .threadsAccount: KindStyle(shape: "egg", fill: "#F2F2F2", stroke: "#5F5F5F")
    case .unnamedAccount: KindStyle(shape: "ellipse", fill: "#FFFFFF", stroke: "#757575")
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
    return min(24, 10 + 1.6 * log10(Double(audience) + 1))
  }

  /// Side of an unlabelled node (large drawings), in inches.
  package static func markerSize(audience: CountSum) -> Double {
    0.12 + 0.06 * log10(Double(max(0, audience)) + 1)
  }

  package static let fontName = "Helvetica,Arial,sans-serif"
}

/// Number formatting for drawings: "1.2", "0.25" (fixed decimals, no locale).
enum DrawingNumber {
  static func decimal(_ value: Double, places: Int = 1) -> String {
    var scale = 1
    for _ in 0..<places { scale *= 10 }
    let scaled = Int((value * Double(scale)).rounded())
    let fraction = String(scaled % scale)
    return "\(scaled / scale)." + String(repeating: "0", count: places - fraction.count) + fraction
  }
}
