import Contracts
import Testing

@Suite("NotImplemented")
struct NotImplementedTests {
    @Test("names the file by its path in the repository, where the student finds it")
    func path() {
        #expect(NotImplemented.path(ofFileID: "LogStarter/LogSegment.swift") == "Labs/Log/LogSegment.swift")
        #expect(NotImplemented.path(ofFileID: "StoreSolution/Compaction.swift") == "Solutions/Store/Compaction.swift")
        #expect(NotImplemented.path(ofFileID: "Contracts/Thing.swift") == "Contracts/Thing.swift")
        #expect(NotImplemented(step: 2).description.hasSuffix("in ContractsTests/NotImplementedTests.swift"))
    }
}
