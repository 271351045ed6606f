import ArgumentParser
import Foundation
import NIOCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// `box`: one launcher for every part of the startup in a box, like the real
/// systems' own launchers but under one roof.
@main
struct Box: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "box",
        abstract: "Big Fast Data in a Box: Chirp, a real-time analytics startup on one laptop.",
        subcommands: [
            Broker.self, Store.self, API.self, Stream.self, Batch.self, Scheduler.self, Notebook.self,
            Load.self, Demo.self, Bench.self,
        ])

    /// ArgumentParser's own `main`, with one error said plainly: a server
    /// whose port another process holds (a second broker, a classmate's).
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let error as IOError where error.errnoCode == EADDRINUSE {
            let name = CommandLine.arguments.dropFirst().first.map { "box \($0)" } ?? "box"
            FileHandle.standardError.write(Data("""
                \(name): cannot listen: the address is already in use (\(error)).
                Another server holds that port: stop it, or pick another port with --port.\n
                """.utf8))
            Foundation.exit(1)
        } catch {
            Self.exit(withError: error)
        }
    }
}
