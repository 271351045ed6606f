import ArgumentParser
import Foundation

/// A component whose lab has not landed yet: says so plainly and exits 2.
protocol NotLandedCommand: ParsableCommand {
    /// What this component is and where it comes from, e.g. "the Kafka-compatible broker".
    static var component: String { get }
    /// The lab (and issue) that brings it.
    static var lab: String { get }
}

extension NotLandedCommand {
    func run() throws {
        FileHandle.standardError.write(Data("""
            box \(Self._commandName): \(Self.component) is not here yet: it arrives with \(Self.lab).
            Until then, `box load --dry-run` and `make check LAB=warmup` work.

            """.utf8))
        throw ExitCode(2)
    }
}

struct Demo: NotLandedCommand {
    static let configuration = CommandConfiguration(abstract: "The whole startup under load (the capstone).")
    static let component = "the capstone demo"
    static let lab = "the capstone (issue #9), once the labs have landed"
}
