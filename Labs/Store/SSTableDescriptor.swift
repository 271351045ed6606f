import Contracts
import Foundation

/// Where an SSTable's files are and what they are called, after Cassandra's
/// `Descriptor`: `nb-<generation>-big-<component>`. Given plumbing, with the
/// crash-safe way to write them: each component goes to a temporary file
/// (`….tmp`), is fsynced, then renamed, Data.db last; an SSTable exists once
/// its Data.db does.
struct SSTableDescriptor {
    let directory: URL
    let generation: Int
    /// `StoreConfig.simulateFullDisk`: `writeTemporary` fails with ENOSPC.
    var fullDisk = false

    /// The files of an SSTable.
    enum Component: String, CaseIterable {
        case data = "Data.db"
        case index = "Index.db"
        case filter = "Filter.db"
        case digest = "Digest.crc32"
    }

    func name(_ component: Component) -> String { "nb-\(generation)-big-\(component.rawValue)" }

    func url(_ component: Component) -> URL { directory.appendingPathComponent(name(component)) }

    func temporaryURL(_ component: Component) -> URL { directory.appendingPathComponent(name(component) + ".tmp") }

    var files: [URL] { Component.allCases.map(url) }

    /// Writes `bytes` as the component's temporary file and fsyncs it.
    func writeTemporary(_ component: Component, _ bytes: [UInt8]) throws {
        let url = temporaryURL(component)
        guard !fullDisk else { throw LogFileError(operation: "write", path: url.path, errno: ENOSPC) }
        try? FileManager.default.removeItem(at: url)
        let file = try LogFile(at: url)
        try file.append(bytes)
        try file.sync()
    }

    /// Renames every temporary file to its real name, Data.db last, and
    /// fsyncs the directory: from here on, the SSTable survives a crash.
    func publish() throws {
        for component in [Component.index, .filter, .digest, .data] {
            try? FileManager.default.removeItem(at: url(component))
            try FileManager.default.moveItem(at: temporaryURL(component), to: url(component))
        }
        try LogFile.syncDirectory(directory)
    }

    /// The generations of the SSTables in `directory` (those with a Data.db), oldest first.
    static func generations(in directory: URL) throws -> [Int] {
        try FileManager.default.contentsOfDirectory(atPath: directory.path).compactMap { name in
            guard name.hasPrefix("nb-"), name.hasSuffix("-big-Data.db") else { return nil }
            return Int(name.dropFirst(3).dropLast("-big-Data.db".count))
        }.sorted()
    }

    /// Deletes what a crash left behind: temporary files, and the components
    /// of an SSTable whose Data.db was never published.
    static func removeLeftovers(in directory: URL) throws {
        let live = Set(try generations(in: directory))
        for name in try FileManager.default.contentsOfDirectory(atPath: directory.path) {
            let orphan = name.hasPrefix("nb-") && !live.contains(Int(name.dropFirst(3).prefix { $0.isNumber }) ?? -1)
            if name.hasSuffix(".tmp") || orphan {
                try FileManager.default.removeItem(at: directory.appendingPathComponent(name))
            }
        }
    }
}

/// An SSTable's files are missing or damaged.
enum SSTableError: Error, CustomStringConvertible {
    case missing(String)
    case corrupt(component: String, problem: String)

    var description: String {
        switch self {
        case .missing(let name): "SSTable file \(name) is missing"
        case .corrupt(let component, let problem): "SSTable \(component) is corrupt: \(problem)"
        }
    }
}
