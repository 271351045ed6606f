import Contracts
import Foundation

/// The log lab: a Kafka-style partition log. Each step is in a file of its own; start with OffsetIndex.swift.
public struct LogToolkit: LogLab {
    public init() {}

    public func openOffsetIndex(at url: URL, baseOffset: Int64) throws -> any OffsetIndexing {
        try OffsetIndex(at: url, baseOffset: baseOffset)
    }

    public func openLog(in directory: URL, config: LogConfig) throws -> any PartitionLog {
        try Log(in: directory, config: config)
    }

    public func makeGroupCommit(sync: @escaping @Sendable () async throws -> Int64) -> any GroupCommitting {
        GroupCommit(sync: sync)
    }

    public func openOffsetStore(in directory: URL) throws -> any ConsumerOffsetStore {
        try ConsumerOffsets(in: directory)
    }
}
