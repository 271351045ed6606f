import Foundation

/// librdkafka's mock Kafka cluster, run by `Fixtures/mock_cluster.py`
/// (python3 with confluent-kafka): an independent broker implementation on 127.0.0.1.
final class MockCluster {
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/mock_cluster.py")
    static let install = "the mock-cluster tests need python3 with confluent-kafka: `pip install confluent-kafka` "
        + "(Debian: `apt-get install python3-pip` first); .ci/run installs it"

    let process = Process()
    let input = Pipe()
    /// `127.0.0.1:port`, as clients bootstrap from it.
    let address: String

    /// Starts the mock cluster, which first writes `keyed` records into
    /// `librdkafka-keys` with librdkafka's murmur2 partitioner, and waits for its address.
    init(keyed: Int = 0) throws {
        let output = Pipe()
        let errors = Pipe()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", Self.script.path, "--keyed", "\(keyed)"]
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        // Bounded: the script gives up within about 20 s, closing its output.
        let line = String(decoding: output.fileHandleForReading.readLine(), as: UTF8.self)
        guard line.range(of: #"^127\.0\.0\.1:\d+$"#, options: .regularExpression) != nil else {
            try? input.fileHandleForWriting.close()
            process.waitUntilExit()
            let stderr = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            throw MockClusterError(description: "\(Self.install). mock_cluster.py exited \(process.terminationStatus): \(stderr)")
        }
        address = line
    }

    /// Closes the script's standard input: the mock cluster stops.
    func stop() {
        try? input.fileHandleForWriting.close()
        process.waitUntilExit()
    }

    deinit {
        if process.isRunning { process.terminate() }
    }
}

struct MockClusterError: Error, CustomStringConvertible {
    let description: String
}

extension FileHandle {
    /// The bytes up to the first newline (without it), or up to the end.
    func readLine() -> Data {
        var line = Data()
        while true {
            let chunk = availableData
            if chunk.isEmpty { return line }
            line.append(chunk)
            if let newline = line.firstIndex(of: 0x0A) { return line[..<newline] }
        }
    }
}
