import Contracts

/// A check's verdict that the code under test is wrong, worded for the
/// student: what was called, what came back, what was expected.
public struct CheckFailure: Error, CustomStringConvertible, Sendable {
    public let message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}

/// Fails the check with `message` unless `condition` holds.
public func expect(_ condition: Bool, _ message: @autoclosure () -> String) throws {
    if !condition { throw CheckFailure(message()) }
}

/// Fails the check unless `actual == expected`, saying what `call` returned.
///
///     try expectEqual(try lab.hashtags(in: "#a"), ["a"], "hashtags(in: \"#a\")")
///     // hashtags(in: "#a") returned ["A"], expected ["a"]
public func expectEqual<T: Equatable>(_ actual: T, _ expected: T, _ call: String) throws {
    if actual != expected {
        throw CheckFailure("\(call) returned \(show(actual)), expected \(show(expected))")
    }
}

/// Runs the code under test, turning an unexpected error into a failure that
/// names the call. A `NotImplemented` passes through, so the step shows as
/// not started.
public func attempt<T>(_ call: String, _ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let error as NotImplemented {
        throw error
    } catch {
        throw CheckFailure("\(call) threw an error it should not: \(error)")
    }
}

/// Runs the code under test, expecting it to throw; returns the error.
public func expectError<T>(_ call: String, _ body: () throws -> T) throws -> any Error {
    do {
        let value = try body()
        throw CheckFailure("\(call) returned \(show(value)), expected it to throw an error")
    } catch let error as NotImplemented {
        throw error
    } catch let error as CheckFailure {
        throw error
    } catch {
        return error
    }
}

/// A value as a student reads it in a failure message: strings quoted, and
/// anything longer than a few lines shortened in the middle.
public func show<T>(_ value: T) -> String {
    let mirror = Mirror(reflecting: value)
    if mirror.displayStyle == .optional {  // Optional(x) reads as x, or nil
        guard let wrapped = mirror.children.first?.value else { return "nil" }
        return show(wrapped)
    }
    let text = (value as? String)?.debugDescription ?? String(describing: value)
    guard text.count > 240 else { return text }
    return "\(text.prefix(160)) …(\(text.count - 220) more characters)… \(text.suffix(60))"
}
