/// Draws ranks 0..<n with Zipf probabilities: rank k has weight 1/(k+1)^s.
///
/// Real activity is skewed like this: a few users post most chirps, a few
/// hashtags carry most of the traffic. Sampling is a binary search in the
/// cumulative distribution, O(log n).
public struct Zipf: Sendable {
    /// The cumulative probabilities; the last is 1.
    let cdf: [Double]

    /// - Parameters:
    ///   - n: how many ranks (at least 1).
    ///   - s: the skew; 1 is classic Zipf, larger is more skewed.
    public init(n: Int, s: Double) {
        precondition(n >= 1, "Zipf needs at least one rank")
        var weights = (0..<n).map { 1.0 / pow(Double($0 + 1), s) }
        let total = weights.reduce(0, +)
        var running = 0.0
        for i in weights.indices {
            running += weights[i] / total
            weights[i] = running
        }
        weights[n - 1] = 1
        cdf = weights
    }

    /// How many ranks there are.
    public var count: Int { cdf.count }

    /// The probability of `rank`.
    public func probability(of rank: Int) -> Double {
        rank == 0 ? cdf[0] : cdf[rank] - cdf[rank - 1]
    }

    /// A rank drawn with Zipf probabilities.
    @inlinable
    public func sample(_ rng: inout SplitMix64) -> Int {
        rank(at: rng.unit())
    }

    @usableFromInline
    func rank(at u: Double) -> Int {
        var low = 0
        var high = cdf.count - 1
        while low < high {
            let mid = (low + high) / 2
            if cdf[mid] > u { high = mid } else { low = mid + 1 }
        }
        return low
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
