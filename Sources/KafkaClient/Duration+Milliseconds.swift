extension Duration {
    /// Whole milliseconds, as Kafka's `…_ms` int32 fields carry a span
    /// (clamped to the int32 range).
    var kafkaMilliseconds: Int32 {
        let (seconds, attoseconds) = components
        let milliseconds = seconds.multipliedReportingOverflow(by: 1000).partialValue + attoseconds / 1_000_000_000_000_000
        return Int32(clamping: milliseconds)
    }
}
