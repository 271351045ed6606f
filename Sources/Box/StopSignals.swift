import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A bound on a server's graceful shutdown. On SIGINT or SIGTERM a
/// Hummingbird server stops accepting and waits for its open requests to
/// end; a stream that never ends (a notification stream, a notebook's
/// WebSocket, a framework's subscription) would keep it, and the terminal,
/// waiting forever. This exits the process `seconds` after the signal if the
/// graceful shutdown has not finished by then. Works beside the server's own
/// signal handling: each dispatch source for a signal sees it.
final class ShutdownDeadline {
    private let sources: [any DispatchSourceSignal]

    init(_ name: String, seconds: Double = 3) {
        sources = [SIGINT, SIGTERM].map { number in
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler {
                DispatchQueue.global().asyncAfter(deadline: .now() + seconds) {
                    FileHandle.standardError.write(Data("\(name): connections still open \(seconds) s after the stop signal; exiting\n".utf8))
                    exit(0)
                }
            }
            source.resume()
            return source
        }
    }
}
