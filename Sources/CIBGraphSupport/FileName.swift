/// A path's file name, without its folders: what a figure, a page or a
/// report title shows of a local file, where the path itself has no place.
/// - Complexity: O(n) in the path's length.
package func fileName(_ path: String) -> String {
  path.split(separator: "/").last.map(String.init) ?? path
}
