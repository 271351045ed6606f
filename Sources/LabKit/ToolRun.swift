import Foundation

/// What a finished process printed and how it exited.
public struct ToolRun: Sendable {
    public var status: Int32
    public var stdout: Data
    public var stderr: String
    public var output: String { String(decoding: stdout, as: UTF8.self) }

    /// Runs `executable` with `arguments`, feeding it `input`, to completion or
    /// until `timeout` (then it is terminated): for checks that drive real
    /// tools (kcat, cqlsh, ...) and this build's own products.
    public static func run(_ executable: URL, _ arguments: [String], input: Data = Data(),
                           timeout: Duration = .seconds(60)) throws -> ToolRun {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        let stdin = Pipe()
        let out = Pipe()
        let err = Pipe()
        process.standardInput = stdin
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let timer = DispatchWorkItem { process.terminate() }
        let seconds = Double(timeout.components.seconds) + Double(timeout.components.attoseconds) * 1e-18
        DispatchQueue.global().asyncAfter(deadline: .now() + seconds, execute: timer)
        let errors = PipeReader(err.fileHandleForReading)
        let output = PipeReader(out.fileHandleForReading)
        try? stdin.fileHandleForWriting.write(contentsOf: input)
        try? stdin.fileHandleForWriting.close()
        process.waitUntilExit()
        timer.cancel()
        return ToolRun(status: process.terminationStatus, stdout: output.finish(),
                       stderr: String(decoding: errors.finish(), as: UTF8.self))
    }

    /// An installed tool's path, or an error that says how to install it.
    public static func locate(_ tool: String, install: String) throws -> URL {
        let path = ["/usr/bin/\(tool)", "/usr/local/bin/\(tool)", "/opt/homebrew/bin/\(tool)"]
            .first { FileManager.default.isExecutableFile(atPath: $0) }
        guard let path else { throw ToolMissing(description: "\(tool) is not installed: \(install)") }
        return URL(fileURLWithPath: path)
    }
}

/// A tool a check needs is not installed.
public struct ToolMissing: Error, CustomStringConvertible {
    public let description: String
}
