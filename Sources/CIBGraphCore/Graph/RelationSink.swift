/// Takes a graph's relations as a reader reads them, in place of the graph
/// keeping them: an analysis that needs each relation once, in any order
/// (components), does its work as the relations come and the reader never
/// writes the array of every relation (12 bytes a relation, all of it
/// memory touched for the first time).
///
/// A reader that takes a sink calls ``begin(nodeCount:)`` once the nodes
/// are known, then ``take(_:)`` from any core at once, and gives a graph
/// without relations. A reader that gives up partway (the fast spreadsheet
/// reader hands its input to the careful one) may have called both; the
/// graph it then gives keeps its relations and the sink's work is to be
/// dropped.
package protocol RelationSink: AnyObject, Sendable {
  /// Called once, before any ``take(_:)``, with the graph's number of nodes:
  /// every relation's ends are below it.
  func begin(nodeCount: Int)
  /// Relations read, in no particular order, from any core at once.
  func take(_ relations: UnsafeBufferPointer<AssetGraph.Edge>)
}
