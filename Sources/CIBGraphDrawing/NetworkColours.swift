/// A colour per network, for drawings whose layout cannot box networks in
/// clusters: members are outlined in their network's colour, and the
/// network's note is framed in it.
///
/// ColorBrewer's "Dark2", eight colours that stay apart from the kinds'
/// pale fills; a ninth network takes the first colour again, and its note
/// (drawn with its name) tells the two apart.
package enum NetworkColours {
  package static let palette = [
    "#1B9E77", "#D95F02", "#7570B3", "#E7298A", "#66A61E", "#E6AB02", "#A6761D", "#666666",
  ]

  /// The colour of the network at `index` in drawing order.
  package static func colour(_ index: Int) -> String { palette[index % palette.count] }
}
