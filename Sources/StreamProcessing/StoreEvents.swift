import CQL
import CQLClient
import Contracts
import Foundation

/// The events a store table holds (the `persist` job's `chirp.events`), read
/// back as Chirp events for the batch jobs (`box batch`).
public enum StoreEvents {
    /// Every event of `table` on the store at `address` (HOST:PORT); rows that are not events are counted, not returned.
    public static func read(address: String, table: String) async throws -> (events: [ChirpEvent], malformed: Int) {
        let connection = try await CQLConnection.connect(address: address)
        var events: [ChirpEvent] = []
        var malformed = 0
        do {
            for try await page in connection.pages("SELECT id, user, ts, type, text, post, followee FROM \(table)") {
                let types = page.columns.map(\.type)
                for row in page.rows {
                    let values = zip(row, types).map { cell, type in cell.flatMap { try? CQLValue.deserialize($0, as: type) } ?? .null }
                    if let event = event(values) { events.append(event) } else { malformed += 1 }
                }
            }
        } catch {
            await connection.close()
            throw error
        }
        await connection.close()
        // The table is in token order; the jobs expect time order (a like after its post).
        events.sort { ($0.ts, $0.id) < ($1.ts, $1.id) }
        return (events, malformed)
    }

    static func event(_ values: [CQLValue]) -> ChirpEvent? {
        guard values.count == 7, case .text(let id) = values[0], case .bigint(let user) = values[1], case .bigint(let ts) = values[2],
              case .text(let type) = values[3] else { return nil }
        switch type {
        case "post": if case .text(let text) = values[4] { return ChirpEvent(id: id, user: user, ts: ts, action: .post(text: text)) }
        case "like": if case .text(let post) = values[5] { return ChirpEvent(id: id, user: user, ts: ts, action: .like(post: post)) }
        case "follow": if case .bigint(let followee) = values[6] { return ChirpEvent(id: id, user: user, ts: ts, action: .follow(followee: followee)) }
        default: break
        }
        return nil
    }
}

/// Friends of friends: for each user, the accounts their followees follow
/// that they do not follow yet, ranked by how many of their followees do
/// (key `"user suggestion"`).
public enum FriendsOfFriends {
    public static func suggestions(_ events: [ChirpEvent], top k: Int) -> [RankedKey] {
        var follows: [Int64: Set<Int64>] = [:]
        for event in events {
            if case .follow(let followee) = event.action, followee != event.user { follows[event.user, default: []].insert(followee) }
        }
        var counts: [String: Int64] = [:]
        for (user, followees) in follows {
            for friend in followees {
                for candidate in follows[friend] ?? [] where candidate != user && !followees.contains(candidate) {
                    counts["\(user) \(candidate)", default: 0] += 1
                }
            }
        }
        return counts.map { RankedKey($0.key, $0.value) }.sorted(by: RankedKey.ranksBefore).prefix(k).map { $0 }
    }
}
