extension Array where Element == Double {
    /// The `p` quantile (0...1) by the nearest rank below, as the load
    /// reports give it; nil when there are no samples.
    func percentile(_ p: Double) -> Double? {
        guard !isEmpty else { return nil }
        let sorted = self.sorted()
        return sorted[Swift.min(sorted.count - 1, Int(Double(sorted.count) * p))]
    }
}
