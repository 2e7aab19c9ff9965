import CIBGraph
import CIBGraphviz
import Foundation

// A small network built in Swift: two operator accounts running a Page and a
// Group, attributed to one firm, with the figures its report gave.
var network = Network(id: "example", name: "Example network", origins: ["Nowhere"])
network.reported.counts[.account] = ReportedFigure(12, source: "report")
network.reported.audiences[.page] = ReportedFigure(2_600_000, .about, source: "report")
network.reported.audiences[.group] = ReportedFigure(15_000, .about, source: "report")
network.assets = [
  Asset(id: "a1", kind: .account, name: "Operator one"),
  Asset(id: "a2", kind: .account, name: "Operator two"),
  Asset(id: "p1", kind: .page, name: "News Page", followers: 120_000),
  Asset(id: "g1", kind: .group, name: "Fan Group", members: 8_000),
  Asset(id: "a3", kind: .account, name: "Lone account"),
]
network.relations = [
  Relation(source: "a1", target: "p1", type: .administers),
  Relation(source: "a2", target: "g1", type: .administers),
  Relation(source: "a1", target: "firm", type: .attributedTo),
  Relation(source: "a2", target: "firm", type: .attributedTo),
]
let document = NetworkDocument(
  report: Report(
    title: "Example", publisher: "Example platform",
    sources: [Source(id: "report", publisher: "Example platform")]),
  organizations: [Organization(id: "firm", name: "Example Firm")],
  networks: [network])

// Reach: the ≥1 audiences overlap across kinds, so the unique audience is bounded.
let reach = NetworkReach(network)
if let bounds = reach.uniqueAudience {
  print("unique audience \(bounds)")  // between about 2,600,000 and about 2,615,000
}
print("itemized audience summed (double-counts): \(reach.itemized.summedOverall)")

// Components of the itemized graph.
let components = ComponentAnalysis(AssetGraph(documents: [document]))
print("\(components.count) components, the largest with \(components.largest) assets")

// Two operators itemized out of twelve reported: a note, not an error.
for finding in Validator.validate(document) {
  print(finding)  // note: networks[0].reported.counts.account: 3 of 12 … [partial-itemization]
}

// A drawing, rendered through Graphviz's libraries.
let drawing = NetworkDrawing(documents: [document])
do {
  let svg = try Graphviz.render(drawing, format: .svg)
  try Data(svg).write(to: URL(fileURLWithPath: "example-network.svg"))
  print("drew example-network.svg with \(drawing.layout.rawValue): \(drawing.nodeCount) nodes")
} catch {
  print("could not draw: \(error)")
}
