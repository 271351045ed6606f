import Foundation

/// An inclusive range of integers, as Mesos writes port ranges: `[31000-32000]`.
public struct ValueRange: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The first value in the range.
    public var begin: Int64
    /// The last value in the range (inclusive).
    public var end: Int64

    public init(_ begin: Int64, _ end: Int64) {
        self.begin = begin
        self.end = end
    }

    /// How many values the range holds (0 if `end < begin`).
    public var count: Int64 { end >= begin ? end - begin + 1 : 0 }

    public var description: String { "\(begin)-\(end)" }
}

/// A bundle of resources, as Mesos sees them on an agent, in an offer or in a
/// task: named scalars (`cpus`, `mem` in MB, `disk` in MB) and named range
/// sets (`ports`).
///
/// Scalars are kept to three decimals, as Mesos' fixed-point `Value.Scalar`
/// does, so `0.1 + 0.2` is exactly `0.3` here. A normalized value holds no
/// zero scalars, no empty range sets, and each range set sorted by `begin`
/// with no two ranges overlapping or touching (`[1-3, 4-5]` is `[1-5]`).
public struct Resources: Hashable, Sendable, Codable, CustomStringConvertible {
    /// Scalar resources by name.
    public var scalars: [String: Double]
    /// Range resources by name.
    public var ranges: [String: [ValueRange]]

    public init(scalars: [String: Double] = [:], ranges: [String: [ValueRange]] = [:]) {
        self.scalars = scalars
        self.ranges = ranges
    }

    /// No resources at all.
    public static let none = Resources()

    /// True when the bundle holds nothing (no positive scalar, no range).
    public var isEmpty: Bool {
        scalars.values.allSatisfy { Resources.round($0) <= 0 } && ranges.values.allSatisfy(\.isEmpty)
    }

    /// A scalar's value, 0 when absent.
    public subscript(scalar name: String) -> Double { scalars[name] ?? 0 }

    /// `value` to Mesos' three decimals.
    public static func round(_ value: Double) -> Double {
        (value * 1000).rounded() / 1000
    }

    /// Scalars rounded to three decimals, zero ones dropped, empty range sets
    /// dropped. Range sets are kept as they are (coalescing them is the lab's).
    public func normalizingScalars() -> Resources {
        var scalars: [String: Double] = [:]
        for (name, value) in self.scalars where Resources.round(value) != 0 { scalars[name] = Resources.round(value) }
        return Resources(scalars: scalars, ranges: ranges.filter { !$0.value.isEmpty })
    }

    /// Mesos' text form, names sorted: `cpus:2;mem:2048;ports:[31000-31999]`.
    /// A scalar not at three decimals is shown whole (cpus:0.30000000000000004),
    /// so a bundle that is not normalized never reads like one that is.
    public var description: String {
        let scalarParts = scalars.keys.sorted().map { name -> String in
            let value = scalars[name]!
            guard value == Resources.round(value) else { return "\(name):\(value)" }
            return value == value.rounded() && abs(value) < 1e15 ? "\(name):\(Int64(value))" : "\(name):\(value)"
        }
        let rangeParts = ranges.keys.sorted().map { name in
            "\(name):[\(ranges[name]!.map(\.description).joined(separator: ","))]"
        }
        let parts = scalarParts + rangeParts
        return parts.isEmpty ? "{}" : parts.joined(separator: ";")
    }
}

/// Thrown when a text form of resources (`--resources`) cannot be read.
public struct ResourcesSyntaxError: Error, CustomStringConvertible, Sendable {
    public let text: String
    public let reason: String
    public var description: String { "cannot read resources \"\(text)\": \(reason)" }
}

extension Resources {
    /// Reads Mesos' `--resources` text: `cpus:2;mem:2048;ports:[31000-32000,33000-33100]`.
    public init(parsing text: String) throws {
        self.init()
        for part in text.split(separator: ";").map({ $0.trimmingCharacters(in: .whitespaces) }) where !part.isEmpty {
            guard let colon = part.firstIndex(of: ":") else {
                throw ResourcesSyntaxError(text: text, reason: "\"\(part)\" is not name:value")
            }
            let name = String(part[..<colon]).trimmingCharacters(in: .whitespaces)
            let value = String(part[part.index(after: colon)...]).trimmingCharacters(in: .whitespaces)
            guard !name.isEmpty else { throw ResourcesSyntaxError(text: text, reason: "a resource has no name") }
            if value.hasPrefix("[") {
                guard value.hasSuffix("]") else { throw ResourcesSyntaxError(text: text, reason: "\(name): no closing ]") }
                var list: [ValueRange] = []
                for piece in value.dropFirst().dropLast().split(separator: ",") {
                    let bounds = piece.split(separator: "-").map { Int64($0.trimmingCharacters(in: .whitespaces)) }
                    guard bounds.count == 2, let begin = bounds[0], let end = bounds[1], begin <= end else {
                        throw ResourcesSyntaxError(text: text, reason: "\(name): \"\(piece)\" is not begin-end")
                    }
                    list.append(ValueRange(begin, end))
                }
                ranges[name, default: []] += list
            } else {
                guard let number = Double(value), number >= 0, number.isFinite else {
                    throw ResourcesSyntaxError(text: text, reason: "\(name): \"\(value)\" is not a non-negative number")
                }
                scalars[name, default: 0] += number
            }
        }
    }
}
