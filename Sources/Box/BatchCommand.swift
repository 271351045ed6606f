import ArgumentParser
import Contracts
import Foundation
import StreamProcessing
import StreamingSolution
import StreamingStarter

/// `box batch`: batch jobs over the events the store holds.
struct Batch: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Batch jobs over the store's events (the persist job's chirp.events): a ranked TSV.",
        discussion: """
            Jobs:
              most-liked          authors whose posts got the most likes (the streaming lab's batch step)
              hashtag-pairs       hashtags used together in one post most often (the streaming lab's batch step)
              friends-of-friends  whom to follow: accounts your followees follow, by how many of them do
            """)

    @Argument(help: "most-liked, hashtag-pairs or friends-of-friends.")
    var job: String

    @Option(help: "The store (HOST:PORT).")
    var cql = "127.0.0.1:9042"

    @Option(name: .customLong("cql-table"), help: "The events table.")
    var cqlTable = "chirp.events"

    @Option(help: "How many to list.")
    var top = 10

    @Option(help: "Whose streaming lab runs most-liked and hashtag-pairs: solution or starter.")
    var track = "solution"

    func validate() throws {
        guard ["most-liked", "hashtag-pairs", "friends-of-friends"].contains(job) else {
            throw ValidationError("no batch job called \(job): most-liked, hashtag-pairs or friends-of-friends")
        }
        guard ["starter", "solution"].contains(track) else { throw ValidationError("--track must be starter or solution") }
        guard top >= 1 else { throw ValidationError("--top must be at least 1") }
    }

    func run() async throws {
        let (events, malformed) = try await StoreEvents.read(address: cql, table: cqlTable)
        let lab: any StreamingLab = track == "starter" ? StreamingStarter.StreamingToolkit() : StreamingSolution.StreamingToolkit()
        let ranked: [RankedKey]
        switch job {
        case "most-liked": ranked = try lab.mostLikedAuthors(events, top: top)
        case "hashtag-pairs": ranked = try lab.hashtagPairs(events, top: top)
        default: ranked = FriendsOfFriends.suggestions(events, top: top)
        }
        var text = ""
        for (rank, entry) in ranked.enumerated() { text += "\(rank + 1)\t\(entry.key)\t\(entry.count)\n" }
        FileHandle.standardOutput.write(Data(text.utf8))
        FileHandle.standardError.write(Data("batch \(job): \(events.count) events from \(cqlTable)\(malformed > 0 ? ", \(malformed) rows skipped" : "")\n".utf8))
    }
}
