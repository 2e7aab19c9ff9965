import CIBGraph
@_spi(Internal) import CIBGraphCore
import CIBGraphTestSupport
import Testing

/// One rule for a column named twice, in every CSV reader: when the reader
/// needs the column, it is an error at the second, naming both positions;
/// a repeated column the reader does not read is no error.
@Suite struct HeaderTests {
  /// The error reading `read` gives, if any.
  func refusal(_ read: () throws -> Void) -> InputError? {
    do {
      try read()
      return nil
    } catch {
      return error as? InputError
    }
  }

  @Test func aRepeatedSpreadsheetColumnIsRefusedByTheDocumentAndTheGraphPaths() throws {
    let nodes = (Array("Id,Label,Kind,id\na,A,page,b\n".utf8), "nodes.csv")
    let expected = InputError(
      .badData, SourceLocation(file: "nodes.csv", line: 1, column: 15),
      "column \"id\" appears twice in the header, as fields 1 and 4; rename or remove one")
    #expect(refusal { _ = try GephiSpreadsheet.load(nodes: nodes, edges: nil) } == expected)
    #expect(refusal { _ = try readGraph(nodes: nodes, edges: nil) } == expected)

    let goodNodes = (Array("Id,Kind\na,page\nb,page\n".utf8), "nodes.csv")
    let edges = (
      Array("Source,Target,Type,Evidence,TYPE\na,b,follows,x,linkedTo\n".utf8), "edges.csv"
    )
    let edgeError = refusal { _ = try readGraph(nodes: goodNodes, edges: edges) }
    #expect(edgeError?.message.contains("column \"type\" appears twice") == true)
    #expect(edgeError?.message.contains("fields 3 and 5") == true)
    #expect(edgeError?.location == SourceLocation(file: "edges.csv", line: 1, column: 29))
    #expect(refusal { _ = try GephiSpreadsheet.load(nodes: goodNodes, edges: edges) } == edgeError)
  }

  /// A missing column is reported on the header's own line, which blank
  /// lines may push down, in words that read: "an edges CSV".
  @Test func aMissingColumnIsLocatedOnTheHeadersLine() throws {
    let nodes = (Array("Id,Kind\na,page\n".utf8), "nodes.csv")
    let edges = (Array("\n\nSource,Typo\n".utf8), "edges.csv")
    let error = refusal { _ = try readGraph(nodes: nodes, edges: edges) }
    #expect(error?.location == SourceLocation(file: "edges.csv", line: 3, column: 1))
    #expect(error?.message.hasSuffix("an edges CSV needs Source and Target") == true, "\(error!)")
    #expect(refusal { _ = try GephiSpreadsheet.load(nodes: nodes, edges: edges) } == error)
  }

  @Test func aRepeatedColumnNoReaderReadsIsNoError() throws {
    let nodes = (Array("Id,Note,Kind,Note\na,x,page,y\n".utf8), "nodes.csv")
    #expect(try readGraph(nodes: nodes, edges: nil).graph.nodeCount == 1)
    let audience = "Asset,Account,Source,Source\np0,u1,x,y\n"
    #expect(try readAudience(audience, graph: audienceGraph()).pairCount == 1)
    // An activity file does not read a Twitter archive's `urls`.
    let activity = "object_id,account_id,content_id,timestamp,urls,urls\no,a,c,0,x,y\n"
    #expect(try ActivityReader(bytes: Array(activity.utf8), file: "a.csv").table.count == 1)
  }

  @Test func aRepeatedAudienceColumnIsRefusedHoweverTheFileIsRead() throws {
    let text = Array("Asset,Account,asset\np0,u1,p1\n".utf8)
    let expected = InputError(
      .badData, SourceLocation(file: "audience.csv", line: 1, column: 15),
      "column \"asset\" appears twice in the header, as fields 1 and 3; rename or remove one")
    // The fast reader leaves the header to the careful one, which refuses it.
    #expect(
      refusal {
        _ = try AudienceReader.read([.bytes(text, name: "audience.csv")], graph: audienceGraph())
      } == expected)
    // Streamed a byte at a time, the error is the same.
    var reader = AudienceReader(graph: audienceGraph(), file: "audience.csv")
    let streamed = refusal {
      for byte in text {
        try [byte].withUnsafeBufferPointer { try reader.consume($0) }
      }
      _ = try reader.finish()
    }
    #expect(streamed == expected)
  }

  @Test func aRepeatedActivityColumnIsRefusedWhenTheLayoutReadsIt() throws {
    let activity = "object_id,account_id,content_id,timestamp,Account_ID\no,a,c,0,b\n"
    let error = refusal { _ = try ActivityReader(bytes: Array(activity.utf8), file: "a.csv") }
    #expect(
      error
        == InputError(
          .badData, SourceLocation(file: "a.csv", line: 1, column: 43),
          "column \"account_id\" appears twice in the header, as fields 2 and 5; rename or remove one"
        ))
    let archive =
      "tweetid,userid,tweet_time,hashtags,urls,hashtags\n1,u,2020-01-01T00:00:00Z,[a],[],[b]\n"
    #expect(
      refusal {
        _ = try ActivityReader(bytes: Array(archive.utf8), file: "t.csv", action: .hashtag)
      }?.message.contains("as fields 4 and 6") == true)
    // The link action reads `urls`, which is there once: the repeated hashtags are not read.
    #expect(
      try ActivityReader(bytes: Array(archive.utf8), file: "t.csv", action: .link).report.rows
        == 1)
  }
}
