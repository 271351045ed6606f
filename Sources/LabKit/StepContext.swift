import Foundation

/// What a step's check gets besides the code under test: a scratch directory
/// of its own, removed afterwards.
public struct StepContext: Sendable {
    /// An empty directory for files the check or the code under test writes.
    public let directory: URL

    public init() throws {
        directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("labcheck-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    func cleanUp() {
        try? FileManager.default.removeItem(at: directory)
    }
}
