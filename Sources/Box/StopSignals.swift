import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Dispatch sources that call `handler` on SIGINT (Ctrl-C) or SIGTERM,
/// whose default action (ending the process at once) is turned off. Keep
/// them: a source that is released stops listening. Each source for a
/// signal sees it, so these work beside a server's own signal handling.
func stopSignalSources(_ handler: @escaping @Sendable () -> Void) -> [any DispatchSourceSignal] {
    [SIGINT, SIGTERM].map { number in
        signal(number, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
        source.setEventHandler(handler: handler)
        source.resume()
        return source
    }
}

/// On SIGINT or SIGTERM: runs `cleanup` (kill tasks, tear down), then exits.
final class StopSignals {
    private let sources: [any DispatchSourceSignal]

    init(cleanup: @escaping @Sendable () async -> Void) {
        sources = stopSignalSources {
            Task {
                await cleanup()
                exit(0)
            }
        }
    }
}

/// A bound on a server's graceful shutdown. On SIGINT or SIGTERM a
/// Hummingbird server stops accepting and waits for its open requests to
/// end; a stream that never ends (a notification stream, a notebook's
/// WebSocket, a framework's subscription) would keep it, and the terminal,
/// waiting forever. This exits the process `seconds` after the signal if the
/// graceful shutdown has not finished by then.
final class ShutdownDeadline {
    private let sources: [any DispatchSourceSignal]

    init(_ name: String, seconds: Double = 3) {
        sources = stopSignalSources {
            DispatchQueue.global().asyncAfter(deadline: .now() + seconds) {
                FileHandle.standardError.write(Data("\(name): connections still open \(seconds) s after the stop signal; exiting\n".utf8))
                exit(0)
            }
        }
    }
}
