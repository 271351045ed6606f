import Contracts
import Foundation
import LabKit
import Testing

/// `box` run as a person runs it.
@Suite("box command")
struct BoxCommandTests {
    @Test("load --dry-run prints the same bytes for the same seed, one valid event per line")
    func dryRunDeterministic() throws {
        let args = ["load", "--dry-run", "--events", "20000", "--seed", "7"]
        let first = try BuiltProducts.run("box", args)
        let second = try BuiltProducts.run("box", args)
        #expect(first.status == 0)
        #expect(first.stdout == second.stdout)
        let lines = first.output.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 20_001 && lines.last == "", "20000 lines, each ending in a newline")
        let expected = Array(Workload(WorkloadConfig(seed: 7)).prefix(20_000))
        for (line, event) in zip(lines, expected) {
            #expect(try ChirpEvent(json: Data(line.utf8)) == event)
        }
        let other = try BuiltProducts.run("box", ["load", "--dry-run", "--events", "20000", "--seed", "8"])
        #expect(other.stdout != first.stdout)
    }

    @Test("load --truth writes the bursts in the generated span")
    func truthFile() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("truth-\(UUID()).json")
        defer { try? FileManager.default.removeItem(at: file) }
        let run = try BuiltProducts.run("box", ["load", "--dry-run", "--events", "150000", "--seed", "3",
                                                "--truth", file.path])
        #expect(run.status == 0)
        let bursts = try JSONDecoder().decode([Burst].self, from: Data(contentsOf: file))
        let config = WorkloadConfig(seed: 3)
        #expect(bursts == Workload(config).bursts(until: config.startMs + 150_000))
        #expect(bursts.count == 3)
    }

    @Test("bad options get a clear error and a non-zero exit")
    func badOptions() throws {
        let run = try BuiltProducts.run("box", ["load", "--dry-run", "--users", "0"])
        #expect(run.status != 0)
        #expect(run.stderr.contains("--users must be at least 1"))
    }

    @Test("box store refuses a track that does not exist")
    func storeBadTrack() throws {
        let run = try BuiltProducts.run("box", ["store", "--port", "0", "--track", "nope"])
        #expect(run.status != 0)
        #expect(run.stderr.contains("--track must be starter or solution"))
    }

    @Test("box api refuses a track that does not exist and a malformed --kafka")
    func apiBadOptions() throws {
        let track = try BuiltProducts.run("box", ["api", "--port", "0", "--track", "nope"])
        #expect(track.status != 0)
        #expect(track.stderr.contains("--track must be starter or solution"))
        let kafka = try BuiltProducts.run("box", ["api", "--port", "0", "--kafka", "localhost"])
        #expect(kafka.status != 0)
        #expect(kafka.stderr.contains("--kafka must be HOST:PORT"))
    }

    @Test("box load needs --api or --dry-run, and an http URL")
    func loadNeedsADestination() throws {
        let nowhere = try BuiltProducts.run("box", ["load"])
        #expect(nowhere.status != 0)
        #expect(nowhere.stderr.contains("say where the events go"))
        let ftp = try BuiltProducts.run("box", ["load", "--api", "ftp://127.0.0.1:1"])
        #expect(ftp.status != 0)
        #expect(ftp.stderr.contains("--api must be http://HOST:PORT"))
    }

    @Test("box demo refuses a rate or duration of 0 before starting anything")
    func demoOptions() throws {
        let run = try BuiltProducts.run("box", ["demo", "--rate", "0"])
        #expect(run.status != 0)
        #expect(run.stderr.contains("--rate and --duration must be above 0"))
    }
}
