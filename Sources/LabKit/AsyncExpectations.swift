import Contracts

/// `attempt` for async code under test: an unexpected error becomes a
/// failure that names the call; a `NotImplemented` passes through.
public func attemptAsync<T>(_ call: String, _ body: () async throws -> T) async throws -> T {
    do {
        return try await body()
    } catch let error as NotImplemented {
        throw error
    } catch let error as CheckFailure {
        throw error
    } catch {
        throw CheckFailure("\(call) threw an error it should not: \(error)")
    }
}

/// `expectError` for async code under test: returns the error it threw.
public func expectErrorAsync<T>(_ call: String, _ body: () async throws -> T) async throws -> any Error {
    do {
        let value = try await body()
        throw CheckFailure("\(call) returned \(show(value)), expected it to throw an error")
    } catch let error as NotImplemented {
        throw error
    } catch let error as CheckFailure {
        throw error
    } catch {
        return error
    }
}

/// Waits until `condition` holds, checking every few milliseconds, for at
/// most `timeout`; then fails with `message`. For effects that happen on
/// another task (a subscription removed when its reader goes away).
public func eventually(_ message: @autoclosure () -> String, timeout: Duration = .seconds(15),
                       _ condition: () async throws -> Bool) async throws {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if try await condition() { return }
        try await Task.sleep(for: .milliseconds(5))
    }
    if try await condition() { return }
    throw CheckFailure(message())
}
