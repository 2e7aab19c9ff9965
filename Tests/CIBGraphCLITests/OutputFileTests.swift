import CIBGraphTestSupport
import Foundation
import Testing

/// Files the tool writes: never through a planted link, each whole, and a
/// command's several files all or none.
@Suite struct OutputFileTests {
  static let document = "Graphs/meta-2019-04-india-pakistan.json"
  static let activity =
    "object_id,account_id,content_id,timestamp\nu1,a,c1,100\nu1,b,c2,110\nu2,a,c3,200\nu2,b,c4,205\n"

  func names(in folder: URL) throws -> Set<String> {
    Set(try FileManager.default.contentsOfDirectory(atPath: folder.path))
  }

  func contents(_ path: String) throws -> String {
    try String(contentsOfFile: path, encoding: .utf8)
  }

  /// Whether this machine lets the tests make a file immutable (root on ext4
  /// does): the one way to make a rename fail after the tool has checked.
  static let immutableFilesWork: Bool = {
    guard let path = try? temporaryPath("chattr") else { return false }
    _ = FileManager.default.createFile(atPath: path, contents: Data())
    defer {
      _ = try? shell("chattr", "-i", path)
      try? FileManager.default.removeItem(atPath: path)
    }
    return (try? shell("chattr", "+i", path)) == 0
  }()

  @discardableResult
  static func shell(_ arguments: String...) throws -> Int32 {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = arguments
    process.standardError = FileHandle.nullDevice
    try process.run()
    process.waitUntilExit()
    return process.terminationStatus
  }

  @Test func plantedLinksAreNeverWrittenThrough() throws {
    let out = try temporaryFolder()
    let victim = out.appendingPathComponent("victim.txt").path
    try Data("precious".utf8).write(to: URL(fileURLWithPath: victim))
    let output = out.appendingPathComponent("drawing.svg").path
    // Links at the names the tool once used (`.NAME.PID.tmp`: the next
    // process ids are easy to guess) and at the destination itself.
    let lastPID =
      Int(
        (try? contents("/proc/sys/kernel/ns_last_pid"))?.trimmingCharacters(
          in: .whitespacesAndNewlines) ?? "") ?? 0
    var planted = [output]
    for pid in lastPID..<(lastPID + 400) {
      planted.append(out.appendingPathComponent(".drawing.svg.\(pid).tmp").path)
    }
    planted += ["drawing.svg.tmp", ".drawing.svg.tmp", ".drawing.svg.swp"].map {
      out.appendingPathComponent($0).path
    }
    for link in planted {
      try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: victim)
    }
    let result = try cibgraph("render", Self.document, "-o", output)
    #expect(result.status == 0, "\(result.stderr)")
    #expect(try contents(victim) == "precious", "the link's target is untouched")
    // The destination's link was replaced by the drawing; the others are as planted.
    let attributes = try FileManager.default.attributesOfItem(atPath: output)
    #expect(attributes[.type] as? FileAttributeType == .typeRegular)
    #expect(try contents(output).contains("<svg"))
    for link in planted.dropFirst() {
      #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link) == victim)
    }
    #expect(try names(in: out).count == planted.count + 1, "no stray temporary")
  }

  @Test func aSpreadsheetPairIsWrittenWholeOrNotAtAll() throws {
    let out = try temporaryFolder()
    let prefix = out.appendingPathComponent("out").path
    // The edges file cannot be written (a folder stands there): no nodes file either.
    try FileManager.default.createDirectory(
      atPath: prefix + ".edges.csv", withIntermediateDirectories: false)
    let refused = try cibgraph("convert", Self.document, "--to", "csv", "-o", prefix)
    #expect(refused.status == 73)
    #expect(refused.stderr == "\(prefix).edges.csv: error: cannot write: it is a folder\n")
    #expect(try names(in: out) == ["out.edges.csv"], "no out.nodes.csv, no temporaries")

    try FileManager.default.removeItem(atPath: prefix + ".edges.csv")
    let written = try cibgraph("convert", Self.document, "--to", "csv", "-o", prefix)
    #expect(written.status == 0, "\(written.stderr)")
    #expect(try names(in: out) == ["out.nodes.csv", "out.edges.csv"])
    #expect(
      try contents(prefix + ".nodes.csv").hasPrefix("Id,Label,Kind,Followers,Members,Network\r\n"))
  }

  @Test(.enabled(if: immutableFilesWork, "needs chattr +i (root on ext4)"))
  func aRenameThatFailsPutsBackTheFilesBeforeIt() throws {
    let out = try temporaryFolder()
    let prefix = out.appendingPathComponent("out").path
    let nodes = prefix + ".nodes.csv"
    let edges = prefix + ".edges.csv"
    try Data("old nodes".utf8).write(to: URL(fileURLWithPath: nodes))
    try Data("old edges".utf8).write(to: URL(fileURLWithPath: edges))
    // The edges file passes every check, and only its rename fails.
    try #require(try Self.shell("chattr", "+i", edges) == 0)
    defer { _ = try? Self.shell("chattr", "-i", edges) }
    let result = try cibgraph("convert", Self.document, "--to", "csv", "-o", prefix)
    #expect(result.status == 73)
    #expect(result.stderr == "\(edges): error: cannot write: Operation not permitted\n")
    #expect(try contents(nodes) == "old nodes", "the nodes file renamed first is put back")
    #expect(try contents(edges) == "old edges")
    #expect(try names(in: out) == ["out.nodes.csv", "out.edges.csv"], "no temporaries, no copies")

    try FileManager.default.removeItem(atPath: nodes)
    let again = try cibgraph("convert", Self.document, "--to", "csv", "-o", prefix)
    #expect(again.status == 73)
    #expect(try names(in: out) == ["out.edges.csv"], "a new nodes file is removed again")
  }

  @Test func coordinateWritesItsDocumentAndEvidenceTogether() throws {
    let out = try temporaryFolder()
    let input = try temporaryFile("activity.csv", Self.activity)
    let network = out.appendingPathComponent("net.json").path
    let evidence = out.appendingPathComponent("missing/ev.csv").path
    let refused = try cibgraph("coordinate", input, "-o", network, "--evidence", evidence)
    #expect(refused.status == 73)
    #expect(refused.stdout.isEmpty)
    #expect(
      refused.stderr
        == "\(evidence): error: cannot write: no folder \(out.appendingPathComponent("missing").path)\n"
    )
    #expect(try names(in: out).isEmpty, "no net.json, no temporaries")

    // An old document stays as it was.
    try Data("old".utf8).write(to: URL(fileURLWithPath: network))
    #expect(try cibgraph("coordinate", input, "-o", network, "--evidence", evidence).status == 73)
    #expect(try contents(network) == "old")
    #expect(try names(in: out) == ["net.json"])

    let same = try cibgraph("coordinate", input, "-o", network, "--evidence", network)
    #expect(same.status == 64)
    #expect(same.stderr.contains("\(network) is named for two outputs"))
    #expect(try contents(network) == "old")
  }

  @Test func devicesAndPipesAreWrittenIntoNotReplaced() throws {
    let toStandardOutput = try cibgraph(
      "convert", Self.document, "--to", "json", "-o", "/dev/stdout")
    #expect(toStandardOutput.status == 0, "\(toStandardOutput.stderr)")
    #expect(toStandardOutput.stdout.contains("\"format\" : \"cibgraph-network-document\""))
    let toNull = try cibgraph("convert", Self.document, "--to", "json", "-o", "/dev/null")
    #expect(toNull.status == 0, "\(toNull.stderr)")
    let null = try FileManager.default.attributesOfItem(atPath: "/dev/null")
    #expect(
      null[.type] as? FileAttributeType == .typeCharacterSpecial, "/dev/null is still a device")

    let fifo = try temporaryFolder().appendingPathComponent("pipe").path
    try #require(mkfifo(fifo, 0o600) == 0)
    nonisolated(unsafe) var received = Data()
    let done = DispatchSemaphore(value: 0)
    Thread {
      received = FileHandle(forReadingAtPath: fifo)?.readDataToEndOfFile() ?? Data()
      done.signal()
    }.start()
    let toFIFO = try cibgraph("convert", Self.document, "--to", "graphml", "-o", fifo)
    #expect(toFIFO.status == 0, "\(toFIFO.stderr)")
    done.wait()
    #expect(String(decoding: received, as: UTF8.self).contains("<graphml"))
    var status = stat()
    #expect(lstat(fifo, &status) == 0 && status.st_mode & S_IFMT == S_IFIFO, "still a FIFO")
  }

  /// `-o /dev/stdout` with standard output sent to a file (`>> log`): the
  /// bytes go where the shell sent them, after what is there, and the link
  /// stays a link. Renamed over, `/dev/stdout` itself became a file for every
  /// process on the machine. The link here is the test's own, pointing where
  /// `/dev/stdout` points, so that a regression cannot break the machine.
  @Test func ownDescriptorsAreWrittenIntoWhereTheyPoint() throws {
    let folder = try temporaryFolder()
    let link = folder.appendingPathComponent("stdout").path
    try #require(symlink("/proc/self/fd/1", link) == 0)
    let log = folder.appendingPathComponent("log.txt")
    try Data("before\n".utf8).write(to: log)
    let handle = try FileHandle(forWritingTo: log)
    try handle.seekToEnd()
    let process = Process()
    process.executableURL = cibgraphExecutable
    process.arguments = ["convert", Self.document, "--to", "json", "-o", link]
    process.currentDirectoryURL = repositoryRoot
    process.standardOutput = handle
    process.standardError = FileHandle.nullDevice
    try process.run()
    process.waitUntilExit()
    try handle.close()
    #expect(process.terminationStatus == 0)
    let written = try String(contentsOf: log, encoding: .utf8)
    #expect(written.hasPrefix("before\n{"), "appended after what was there")
    #expect(written.contains("\"format\" : \"cibgraph-network-document\""))
    var status = stat()
    #expect(lstat(link, &status) == 0 && status.st_mode & S_IFMT == S_IFLNK, "still a link")
  }

  @Test func permissionsComeFromTheUmaskOrTheFileReplaced() throws {
    let out = try temporaryFolder()
    let fresh = out.appendingPathComponent("fresh.json").path
    let kept = out.appendingPathComponent("private.json").path
    try Data("old".utf8).write(to: URL(fileURLWithPath: kept))
    try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: kept)
    for path in [fresh, kept] {
      let result = try cibgraph("convert", Self.document, "--to", "json", "-o", path)
      #expect(result.status == 0, "\(result.stderr)")
    }
    let mask = umask(0)
    umask(mask)
    func mode(_ path: String) throws -> Int {
      try #require(FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int)
    }
    #expect(try mode(fresh) == 0o666 & ~Int(mask))
    #expect(try mode(kept) == 0o600, "a private file stays private")
    #expect(try contents(kept).contains("\"networks\""))
  }

  @Test func aSignalWhileWritingLeavesNoTemporaryBehind() throws {
    // Large enough that writing the pair takes a while: the signal lands
    // while the temporaries exist, or during the renames (then both are written).
    var nodes = "Id,Label,Kind,Followers,Members\n"
    var edges = "Source,Target,Type\n"
    for i in 0..<60_000 {
      nodes += "p\(i),Page \(i) with a name long enough to make the file larger,page,\(i),\n"
      if i > 0 { edges += "p\(i),p\(i - 1),linkedTo\n" }
    }
    let nodesFile = try temporaryFile("nodes.csv", nodes)
    let edgesFile = try temporaryFile("edges.csv", edges)
    for signal in [SIGTERM, SIGHUP, SIGINT] {
      let out = try temporaryFolder()
      let prefix = out.appendingPathComponent("out").path
      let pid = try Self.spawnAsAShellWould([
        cibgraphExecutable.path, "convert", "--nodes", nodesFile, "--edges", edgesFile, "--to",
        "csv", "-o", prefix,
      ])
      var status: Int32 = 0
      var sawTemporary = false
      while waitpid(pid, &status, WNOHANG) == 0 {
        if try names(in: out).contains(where: { $0.hasSuffix(".tmp") }) {
          sawTemporary = true
          kill(pid, signal)
          waitpid(pid, &status, 0)
          break
        }
        usleep(200)
      }
      let left = try names(in: out)
      #expect(!left.contains { $0.hasPrefix(".") }, "signal \(signal): \(left)")
      #expect(left.isEmpty || left == ["out.nodes.csv", "out.edges.csv"], "\(left)")
      if sawTemporary {
        // Killed while writing (nothing written), or held back until the renames were done.
        let killedBy = status & 0x7f
        #expect(killedBy == signal, "it ends as the signal would have it end")
      }
    }
  }

  /// Starts a process with the signal mask and dispositions a shell gives
  /// (the test runner's threads block signals, and children inherit that).
  static func spawnAsAShellWould(_ arguments: [String]) throws -> pid_t {
    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    var none = sigset_t()
    sigemptyset(&none)
    posix_spawnattr_setsigmask(&attributes, &none)
    var defaults = sigset_t()
    sigemptyset(&defaults)
    for signal in [SIGINT, SIGTERM, SIGHUP] { sigaddset(&defaults, signal) }
    posix_spawnattr_setsigdefault(&attributes, &defaults)
    posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
    var argv = arguments.map { strdup($0) } + [nil]
    defer { argv.forEach { free($0) } }
    var pid = pid_t()
    let result = posix_spawn(&pid, arguments[0], &actions, &attributes, &argv, environ)
    try #require(result == 0, "posix_spawn: \(result)")
    return pid
  }
}
