import Foundation

/// Command-line arguments naming documents, where a folder stands for the
/// JSON documents in it.
enum DocumentFolders {
  /// The files named, each folder replaced by its `.json` files in name
  /// order (not its subfolders': a catalogue is one folder).
  /// - Throws: ``CommandFailure`` with status 66 for a folder that cannot be listed.
  static func files(_ arguments: [String]) throws(CommandFailure) -> [String] {
    var files: [String] = []
    for argument in arguments {
      var isFolder: ObjCBool = false
      guard argument != "-",
        FileManager.default.fileExists(atPath: argument, isDirectory: &isFolder),
        isFolder.boolValue
      else {
        files.append(argument)
        continue
      }
      let names: [String]
      do {
        names = try FileManager.default.contentsOfDirectory(atPath: argument)
      } catch {
        throw CommandFailure(
          .noInput, ["cibgraph: error: \(TerminalText.safe(argument)): cannot list the folder"])
      }
      let folder = argument.hasSuffix("/") ? argument : argument + "/"
      let documents = names.filter { name in
        var isSubfolder: ObjCBool = false
        return name.lowercased().hasSuffix(".json")
          && !(FileManager.default.fileExists(atPath: folder + name, isDirectory: &isSubfolder)
            && isSubfolder.boolValue)
      }.sorted()
      if documents.isEmpty {
        throw CommandFailure(
          .noInput,
          ["cibgraph: error: \(TerminalText.safe(argument)): the folder holds no .json document"])
      }
      files += documents.map { folder + $0 }
    }
    return files
  }
}
