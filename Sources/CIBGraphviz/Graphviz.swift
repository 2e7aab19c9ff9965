import CGraphviz
import CIBGraph
import Foundation
import Synchronization

/// Layout and rendering through Graphviz's C libraries (libgvc), in this
/// process.
///
/// Graphviz is not thread-safe, not even for reading: every call into it,
/// from every thread and task, goes through one process-wide lock, so
/// rendering from several tasks at once is safe (and serial). One Graphviz
/// context is made on first use and kept; every graph, layout and rendered
/// buffer is released before a call returns. Graphviz's messages are
/// captured (nothing is printed on stderr) and come back in
/// ``GraphvizError``.
///
/// Graphviz can still `abort()` on some pathological layouts, which no lock
/// can catch; the `cibgraph` tool lays out in a child process for that
/// reason.
///
/// ```swift
/// let drawing = NetworkDrawing(documents: [document])
/// let svg = try Graphviz.render(drawing, format: .svg)
/// ```
public enum Graphviz {
  /// The Graphviz context, reachable only through the lock.
  private struct State: ~Copyable {
    var context: OpaquePointer?
  }

  private static let state = Mutex(State(context: nil))

  /// Renders a drawing with the layout it was written for.
  /// - Complexity: that of the layout engine: see CIBGraph's `LayoutEngine`.
  public static func render(_ drawing: NetworkDrawing, format: RenderFormat) throws(GraphvizError)
    -> [UInt8]
  {
    try render(dot: drawing.dot, layout: drawing.layout, format: format)
  }

  /// Lays out a graph written in DOT and renders it.
  /// - Parameters:
  ///   - dot: One graph in the DOT language.
  ///   - layout: The layout engine.
  ///   - format: The output format.
  /// - Returns: The rendered bytes.
  /// - Throws: ``GraphvizError`` with Graphviz's message when the text does
  ///   not parse, the layout fails, the format cannot be written, or the
  ///   plugins are missing.
  package static func render(dot: String, layout: LayoutEngine, format: RenderFormat)
    throws(GraphvizError) -> [UInt8]
  {
    let result: Result<[UInt8], GraphvizError> = state.withLock { state in
      do throws(GraphvizError) {
        let context = try ensureContext(&state)
        return .success(try renderLocked(context, dot: dot, layout: layout, format: format))
      } catch {
        return .failure(error)
      }
    }
    return try result.get()
  }

  /// Which layout engines and output formats this machine's Graphviz has:
  /// each is tried on a two-node graph.
  public static func availability() -> (
    layouts: [LayoutEngine: Bool], formats: [RenderFormat: Bool]
  ) {
    var layouts: [LayoutEngine: Bool] = [:]
    for engine in LayoutEngine.allCases {
      layouts[engine] =
        (try? render(dot: "digraph { a -> b }", layout: engine, format: .dot)) != nil
    }
    var formats: [RenderFormat: Bool] = [:]
    for format in RenderFormat.allCases {
      formats[format] =
        (try? render(dot: "digraph { a -> b }", layout: .dot, format: format)) != nil
    }
    return (layouts, formats)
  }

  // MARK: - Under the lock

  private static func ensureContext(_ state: inout State) throws(GraphvizError) -> OpaquePointer {
    if let context = state.context { return context }
    _ = agseterrf(collectMessage)
    capturedMessages.removeAll()
    guard let context = gvContext() else {
      throw GraphvizError(.plugins, "Graphviz could not create a context" + capturedText())
    }
    state.context = context
    return context
  }

  private static func renderLocked(
    _ context: OpaquePointer, dot: String, layout: LayoutEngine, format: RenderFormat
  ) throws(GraphvizError) -> [UInt8] {
    capturedMessages.removeAll()
    _ = agreseterrors()
    let parsed = dot.withCString { agmemread($0) }
    aglexbad()  // forget any text left after the graph, for the next read
    guard let graph = parsed else {
      throw GraphvizError(.parse, "the DOT text does not parse" + capturedText())
    }
    defer { agclose(graph) }

    guard gvLayout(context, graph, layout.rawValue) == 0 else {
      let said = capturedText()
      if isMissingPlugin(said) {
        throw GraphvizError(
          .plugins,
          "Graphviz has no '\(layout.rawValue)' layout (it says\(said)). Its plugins are missing or their "
            + "configuration is: as root, run `dot -c` (Debian: `libgvc6-config-update -c`), or "
            + "reinstall Graphviz (`apt-get install --reinstall libgvc6`, `brew reinstall graphviz`); "
            + "GVBINDIR can point at the plugin folder.")
      }
      throw GraphvizError(.layout, "the \(layout.rawValue) layout failed" + said)
    }
    defer { gvFreeLayout(context, graph) }

    var buffer: UnsafeMutablePointer<CChar>?
    let status = renderData(gvRenderData, context, graph, format.rawValue, &buffer)
    defer { if let buffer { gvFreeRenderData(buffer) } }
    guard status.code == 0, let data = buffer else {
      let said = capturedText()
      if isMissingPlugin(said) {
        throw GraphvizError(
          .plugins,
          "Graphviz cannot write \(format.rawValue) (it says\(said)). Install its render plugins "
            + "(Debian: `apt-get install libgvc6`, which brings cairo for png and pdf), then run "
            + "`dot -c` as root.")
      }
      throw GraphvizError(.render, "writing \(format.rawValue) failed" + said)
    }
    return Array(UnsafeRawBufferPointer(start: data, count: status.length))
  }

  /// Calls `gvRenderData`, whose length parameter is `unsigned int *` before
  /// Graphviz 13 and `size_t *` from it: generic over the integer type, this
  /// builds against both.
  private static func renderData<Length: FixedWidthInteger>(
    _ function: (
      OpaquePointer?, UnsafeMutablePointer<Agraph_t>?, UnsafePointer<CChar>?,
      UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?, UnsafeMutablePointer<Length>?
    ) -> Int32,
    _ context: OpaquePointer, _ graph: UnsafeMutablePointer<Agraph_t>, _ format: String,
    _ buffer: inout UnsafeMutablePointer<CChar>?
  ) -> (code: Int32, length: Int) {
    var length: Length = 0
    let code = format.withCString { function(context, graph, $0, &buffer, &length) }
    return (code, Int(length))
  }

  /// Whether Graphviz's words say it has no plugin for what was asked.
  private static func isMissingPlugin(_ said: String) -> Bool {
    said.contains("not recognized") || said.contains("Use one of")
  }

  /// What Graphviz said since the last reset, as ": line; line", or "".
  /// Graphviz hands a message over in pieces ("Error", ": ", "syntax error
  /// in line 1\n"); they are joined, then split into lines.
  private static func capturedText() -> String {
    let lines = capturedMessages.joined()
      .split(whereSeparator: \.isNewline)
      .map { $0.trimmingCharacters(in: .whitespaces) }
      .filter { !$0.isEmpty }
    return lines.isEmpty ? "" : ": " + lines.joined(separator: "; ")
  }
}

/// Graphviz's messages since the last reset. Written by ``collectMessage``
/// during calls into Graphviz and read after them: only ever touched with
/// `Graphviz`'s lock held.
nonisolated(unsafe) private var capturedMessages: [String] = []

/// Graphviz's error callback: keeps each message instead of printing it.
private let collectMessage: agusererrf = { message in
  if let message { capturedMessages.append(String(cString: message)) }
  return 0
}
