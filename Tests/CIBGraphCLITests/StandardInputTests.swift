import CIBGraphTestSupport
import Foundation
import Testing

/// Inputs that are not regular files: standard input (`-`), `/dev/stdin`
/// fed by a pipe, FIFOs, endless devices. They give the answers files give,
/// and an endless one stops at the input limit with a message.
@Suite struct StandardInputTests {
  static let document = "Graphs/meta-2019-04-india-pakistan.json"
  static let nodes =
    "Id,Label,Kind,Followers,Members\np1,\"Page <one>\",page,3,\np2,Page two,page,2,\ng1,Group,group,,2\na1,Admin,account,,\n"
  static let edges = "Source,Target,Type\na1,p1,administers\na1,g1,administers\n"
  static let audience = "Asset,Account\r\np1,u1\r\np1,u2\r\np2,u1\r\ng1,u4\r\n"
  /// `audience` and a row of an asset the nodes do not hold.
  static let audienceWithAGhost = audience + "ghost,u9\r\n"

  /// A FIFO in a fresh folder, with a thread writing `contents` into it
  /// (the write waits until the tool opens it, as `<(…)` and `mkfifo` do).
  func fifo(_ contents: String) throws -> String {
    let path = try temporaryPath("fifo")
    try #require(mkfifo(path, 0o600) == 0)
    let bytes = Data(contents.utf8)
    Thread.detachNewThread {
      guard let handle = FileHandle(forWritingAtPath: path) else { return }
      try? handle.write(contentsOf: bytes)
      try? handle.close()
    }
    return path
  }

  @Test func anEndlessStandardInputStopsAtTheLimitWithAMessage() throws {
    let started = Date()
    let result = try cibgraph(
      ["reach", "-"], stdinFile: "/dev/zero", environment: ["CIBGRAPH_MAX_INPUT": "1M"])
    #expect(result.status == 65)
    #expect(result.stdout.isEmpty)
    #expect(
      result.stderr.hasPrefix(
        "<stdin>: error: holds more than the input limit of 1 MiB (1,048,576 bytes)"),
      "\(result.stderr)")
    #expect(result.stderr.contains("set CIBGRAPH_MAX_INPUT to allow more"))
    #expect(Date().timeIntervalSince(started) < 30, "it stops reading at the limit")
  }

  @Test func everyWholeInputHasTheLimitWhateverItIs() throws {
    let limit = ["CIBGRAPH_MAX_INPUT": "64K"]
    for arguments in [
      ["components", "--nodes", "/dev/zero"],
      ["components", "--nodes", "-"],
      ["coordinate", "/dev/zero"],
      ["coordinate", "-"],
      ["dot", "/dev/zero"],
    ] {
      let result = try cibgraph(arguments, stdinFile: "/dev/zero", environment: limit)
      #expect(result.status == 65, "\(arguments)")
      #expect(result.stderr.contains("more than the input limit of 64 KiB"), "\(arguments)")
    }
    // A regular file over the limit is refused from its size, before it is read.
    let small = try cibgraph(
      ["reach", Self.document], environment: ["CIBGRAPH_MAX_INPUT": "1000"])
    #expect(small.status == 65)
    #expect(
      small.stderr.contains(
        "\(Self.document): error: is 7,062 bytes, more than the input limit of 1,000 bytes; not read"
      ), "\(small.stderr)")
    // At the default limit (and at any limit above its size) the same file is read.
    #expect(try cibgraph("reach", Self.document).status == 0)
    #expect(
      try cibgraph(["reach", Self.document], environment: ["CIBGRAPH_MAX_INPUT": "7062"]).status
        == 0)
  }

  @Test func anUnreadableLimitIsAUsageError() throws {
    for value in ["", "lots", "-1", "0", "12X", "99999999999T"] {
      let result = try cibgraph(
        ["reach", Self.document], environment: ["CIBGRAPH_MAX_INPUT": value])
      #expect(result.status == 64, "\(value)")
      #expect(result.stderr.contains("CIBGRAPH_MAX_INPUT=\(value) is not a size"), "\(value)")
    }
  }

  @Test func aDocumentFromAPipeOrAFIFOReadsAsTheFileDoes() throws {
    let text = try String(contentsOfFile: Self.document, encoding: .utf8)
    let file = try cibgraph("reach", Self.document, "--format", "json")
    #expect(file.status == 0)
    let expected = file.stdout.replacingOccurrences(of: Self.document, with: "NAME")
    for (arguments, name) in [
      (["reach", "-", "--format", "json"], "<stdin>"),
      (["reach", "/dev/stdin", "--format", "json"], "/dev/stdin"),
      (["reach", "/proc/self/fd/0", "--format", "json"], "/proc/self/fd/0"),
    ] {
      let piped = try cibgraph(arguments, stdin: Data(text.utf8))
      #expect(piped.status == 0, "\(arguments): \(piped.stderr)")
      #expect(piped.stdout.replacingOccurrences(of: name, with: "NAME") == expected, "\(arguments)")
    }
    let path = try fifo(text)
    let fromFIFO = try cibgraph("reach", path, "--format", "json")
    #expect(fromFIFO.status == 0, "\(fromFIFO.stderr)")
    #expect(fromFIFO.stdout.replacingOccurrences(of: path, with: "NAME") == expected)
    // Standard input redirected from the file itself (mapped, not streamed).
    let redirected = try cibgraph(["reach", "-", "--format", "json"], stdinFile: Self.document)
    #expect(redirected.stdout.replacingOccurrences(of: "<stdin>", with: "NAME") == expected)
  }

  @Test func spreadsheetsAndAudienceFromPipesReadAsFilesDo() throws {
    let nodes = try temporaryFile("nodes.csv", Self.nodes)
    let edges = try temporaryFile("edges.csv", Self.edges)
    let audience = try temporaryFile("audience.csv", Self.audience)
    func run(nodes: String, edges: String, audience: String, stdin: String? = nil) throws
      -> [String: Any]
    {
      let result = try cibgraph(
        [
          "components", "--nodes", nodes, "--edges", edges, "--audience", audience, "--format",
          "json", "--list-assets",
        ], stdin: stdin.map { Data($0.utf8) })
      #expect(result.status == 0, "\(result.stderr)")
      return try jsonObject(result.stdout)
    }
    let expected = try run(nodes: nodes, edges: edges, audience: audience) as NSDictionary
    #expect((expected["components"] as? [Any])?.count == 2)
    for (from, stdin) in [
      ("nodes", Self.nodes), ("edges", Self.edges), ("audience", Self.audience),
    ] {
      for name in ["-", "/dev/stdin"] {
        let root = try run(
          nodes: from == "nodes" ? name : nodes, edges: from == "edges" ? name : edges,
          audience: from == "audience" ? name : audience, stdin: stdin)
        #expect(root as NSDictionary == expected, "\(from) from \(name)")
      }
    }
    let fromFIFOs = try run(
      nodes: try fifo(Self.nodes), edges: try fifo(Self.edges), audience: try fifo(Self.audience))
    #expect(fromFIFOs as NSDictionary == expected)
  }

  @Test func audienceFromStandardInputIsCountedAsTheFileIs() throws {
    let nodes = try temporaryFile("nodes.csv", Self.nodes)
    let audience = try temporaryFile("audience.csv", Self.audienceWithAGhost)
    let file = try cibgraph(
      "reach", "--nodes", nodes, "--audience", audience, "--format", "json", "--skip-bad-rows")
    #expect(file.status == 0, "\(file.stderr)")
    let piped = try cibgraph(
      ["reach", "--nodes", nodes, "--audience", "-", "--format", "json", "--skip-bad-rows"],
      stdin: Data(Self.audienceWithAGhost.utf8))
    #expect(piped.status == 0, "\(piped.stderr)")
    #expect(
      piped.stdout.replacingOccurrences(of: "<stdin>", with: audience) == file.stdout)
    #expect(piped.stderr.contains("<stdin>:6:1: warning: row left out"), "\(piped.stderr)")
    let refused = try cibgraph(
      ["reach", "--nodes", nodes, "--audience", "-"], stdin: Data(Self.audienceWithAGhost.utf8))
    #expect(refused.status == 65)
    #expect(refused.stdout.isEmpty)
    #expect(refused.stderr.hasPrefix("<stdin>:6:1: error: bad row"), "\(refused.stderr)")
    let estimate = try cibgraph(
      ["reach", "--nodes", nodes, "--audience", "-", "--estimate"],
      stdin: Data(Self.audience.utf8))
    #expect(estimate.status == 0, "\(estimate.stderr)")
    #expect(estimate.stdout.contains("Pages                      2"), "\(estimate.stdout)")
  }

  @Test func standardInputCanBeNamedOnce() throws {
    let nodes = try temporaryFile("nodes.csv", Self.nodes)
    for arguments in [
      ["reach", "-", "-"],
      ["reach", "--nodes", "-", "--edges", "-"],
      ["reach", "--nodes", "-", "--audience", "-"],
      ["reach", "--nodes", nodes, "--audience", "-", "--audience", "-"],
      ["overlap", "--nodes", "-", "--audience", "-"],
      ["convert", "--nodes", "-", "--audience", "-", "--to", "gexf"],
      ["components", "-", "--nodes", "-"],
    ] {
      let result = try cibgraph(arguments)
      #expect(result.status == 64, "\(arguments)")
      #expect(
        result.stderr.contains("standard input ('-') can be read once, but 2 inputs name it"),
        "\(arguments): \(result.stderr)")
    }
  }

  @Test func missingAndUnreadableInputsSayWhy() throws {
    let folder = FileManager.default.temporaryDirectory.path
    #expect(
      try cibgraph("reach", "--nodes", "no/such.csv").stderr
        == "no/such.csv: error: no such file\n")
    let missingAudience = try cibgraph(
      "reach", "--nodes", try temporaryFile("nodes.csv", Self.nodes), "--audience", "none.csv")
    #expect(missingAudience.status == 66)
    #expect(missingAudience.stderr == "none.csv: error: no such file\n")
    let directory = try cibgraph("coordinate", folder)
    #expect(directory.status == 66)
    #expect(directory.stderr == "\(folder): error: is a directory, not a file\n")
    let empty = try cibgraph(["coordinate", "-"], stdin: Data())
    #expect(empty.status == 65)
    #expect(empty.stderr == "<stdin>: error: empty file\n")
  }
}
