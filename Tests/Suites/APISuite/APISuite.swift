import Contracts
import Foundation
import LabKit

/// The API lab's steps, in order: the grader for `Labs/API` and `Solutions/API` alike.
public enum APISuite {
    public static let lab = Lab<any APILab>(
        name: "api",
        title: "API: an actor-based ingest API",
        starterDirectory: "Labs/API",
        steps: [admissionStep, tokenBucketStep, userActorsStep, backpressureStep, supervisionStep, reactiveStep])

    static func post(_ user: Int64, _ n: Int, text: String = "hello #swift") -> ChirpEvent {
        ChirpEvent(id: "e-\(user)-\(n)", user: user, ts: 1_700_000_000_000 + Int64(n), action: .post(text: text))
    }

    /// The sequence numbers given more than once, in order.
    static func givenTwice(_ numbers: [Int64]) -> [Int64] {
        Dictionary(grouping: numbers) { $0 }.filter { $0.value.count > 1 }.keys.sorted()
    }
}

/// A sink that keeps what it was given, and can be told to hold each
/// publish until released (a slow log) or to fail (a broken log).
actor RecordingSink: EventSink {
    private(set) var events: [ChirpEvent] = []
    private(set) var calls = 0
    private var holding = false
    private var held: [CheckedContinuation<Void, Never>] = []
    private var failure: (any Error)?

    init(holding: Bool = false) {
        self.holding = holding
    }

    func publish(_ events: [ChirpEvent]) async throws {
        calls += 1
        if holding {
            await withCheckedContinuation {
                held.append($0)
                mostWaiting = max(mostWaiting, held.count)
            }
        }
        if let failure { throw failure }
        self.events += events
    }

    /// Publishes waiting to be released.
    var waiting: Int { held.count }
    /// The most publishes ever held at once.
    private(set) var mostWaiting = 0

    /// Lets the oldest held publish finish.
    func releaseOne() {
        guard !held.isEmpty else { return }
        held.removeFirst().resume()
    }

    /// Lets every held publish finish and stops holding new ones.
    func releaseAll() {
        holding = false
        for waiter in held { waiter.resume() }
        held = []
    }

    func fail(with error: (any Error)?) { failure = error }
}

struct LogDown: Error, CustomStringConvertible {
    var description: String { "connection to the log refused" }
}

/// A count that tasks add to.
actor Counter {
    private(set) var value = 0

    func add() { value += 1 }
}
