@testable import KafkaBroker
import Testing

@Suite("Producer state")
struct ProducerStateTests {
    @Test("sequences wrap to 0 after Int32.max, and a batch across the wrap is followed by the right one")
    func wraps() {
        #expect(ProducerState.successor(of: .max) == 0)
        #expect(ProducerState.lastSequence(first: .max - 1, lastOffsetDelta: 3) == 1)
        var state = ProducerState(epoch: 0)
        state.appended(.init(firstSequence: .max - 1, lastSequence: 1, baseOffset: 10, lastOffset: 13), epoch: 0)
        #expect(state.verdict(epoch: 0, first: 2, last: 2) == .append)
        #expect(state.verdict(epoch: 0, first: 3, last: 3) == .outOfOrder(expected: 2))
    }

    @Test("another epoch starts afresh and forgets the old epoch's batches")
    func epochs() {
        var state = ProducerState(epoch: 0)
        state.appended(.init(firstSequence: 0, lastSequence: 4, baseOffset: 0, lastOffset: 4), epoch: 0)
        #expect(state.verdict(epoch: 1, first: 0, last: 0) == .append)
        state.appended(.init(firstSequence: 0, lastSequence: 0, baseOffset: 5, lastOffset: 5), epoch: 1)
        #expect(state.batches.count == 1)
        #expect(state.verdict(epoch: 1, first: 0, last: 0) == .duplicate(.init(firstSequence: 0, lastSequence: 0, baseOffset: 5, lastOffset: 5)))
    }
}
