import Contracts
import Foundation
import LabKit
import StreamProcessing
import Testing

/// `box stream --job window-topk`, as students and the benchmark run it.
@Suite("box stream --job window-topk")
struct WindowTopKCommandTests {
    /// The workload, with its disorder (2 s) within the watermark (10 s) and no late events.
    static func config(seed: UInt64, hashtags: Int = 300) -> WorkloadConfig {
        var config = WorkloadConfig(seed: seed)
        config.hashtags = hashtags
        config.lateShare = 0
        return config
    }

    func run(_ arguments: [String]) throws -> ToolRun {
        try BuiltProducts.run("box", ["stream", "--job", "window-topk"] + arguments)
    }

    @Test("JSON and CSV input give exactly the brute-force answer", arguments: [InputFormat.json, .csv])
    func bruteForce(format: InputFormat) throws {
        let scratch = try Scratch()
        let config = Self.config(seed: 41)
        let events = HashtagInput.events(config, count: 60_000)
        try HashtagInput.write(config, count: events.count, format: format, to: scratch.url.appendingPathComponent("in"))
        let run = try run(["--input", scratch.path("in"), "--format", format.rawValue, "--window", "10s",
                           "--top", "10", "--output", scratch.path("out.tsv"), "--batch-mib", "1"])
        #expect(run.status == 0, "\(run.stderr)")
        let expected = HashtagInput.bruteForceTopK(events, window: 10_000, top: 10)
        let output = try scratch.text("out.tsv")
        #expect(output == expected)
        #expect(run.stderr.contains("60000 events"), "\(run.stderr)")
        #expect(run.stderr.contains("0 malformed") && run.stderr.contains("0 late"), "\(run.stderr)")
    }

    @Test("a rerun with other windows or another input over the same checkpoints is refused; the same run finds its work done")
    func checkpointsOfAnotherQuery() throws {
        let scratch = try Scratch()
        let config = Self.config(seed: 45)
        try HashtagInput.write(config, count: 5_000, format: .json, to: scratch.url.appendingPathComponent("in"))
        try HashtagInput.write(config, count: 5_000, format: .json, to: scratch.url.appendingPathComponent("other"))
        let arguments = ["--format", "json", "--top", "5", "--output", scratch.path("out.tsv")]
        let first = try run(["--input", scratch.path("in"), "--window", "10s"] + arguments)
        #expect(first.status == 0, "\(first.stderr)")
        let output = try scratch.text("out.tsv")
        let window = try run(["--input", scratch.path("in"), "--window", "20s"] + arguments)
        #expect(window.status != 0 && window.stderr.contains("with tumbling 10s windows; this run is the window-topk job over input"),
                "another window over the same checkpoints: \(window.stderr)")
        let input = try run(["--input", scratch.path("other"), "--window", "10s"] + arguments)
        #expect(input.status != 0 && input.stderr.contains("were written by the window-topk job over input \(scratch.path("in"))"),
                "another input over the same checkpoints: \(input.stderr)")
        let again = try run(["--input", scratch.path("in"), "--window", "10s"] + arguments)
        #expect(again.status == 0, "the same run again: \(again.stderr)")
        #expect(try scratch.text("out.tsv") == output, "the refused runs and the rerun leave the output as it was")
    }

    @Test("the peak RSS a job reports is its own, not that of the big process that started it (the benchmark)")
    func peakMemoryIsTheJobs() throws {
        let scratch = try Scratch()
        let config = Self.config(seed: 44)
        try HashtagInput.write(config, count: 10_000, format: .json, to: scratch.url.appendingPathComponent("in"))
        // 512 MiB of this process's memory, touched, held while the job starts and runs.
        let ballast = UnsafeMutableRawBufferPointer.allocate(byteCount: 512 << 20, alignment: 4_096)
        defer { ballast.deallocate() }
        for page in stride(from: 0, to: ballast.count, by: 4_096) { ballast[page] = 1 }
        let run = try run(["--input", scratch.path("in"), "--format", "json", "--output", scratch.path("out.tsv")])
        #expect(run.status == 0, "\(run.stderr)")
        let reported = run.stderr.firstMatch(of: /peak RSS (\d+) MiB/).flatMap { Int($0.1) }
        #expect(reported != nil, "the job reports its peak RSS: \(run.stderr)")
        #expect((reported ?? .max) < 256, "a job over 10,000 events holds far less than its parent's 512 MiB: PeakMemory.residentMiB must read this process's own high-water mark")
    }

    @Test("a directory of files is read in name order")
    func directory() throws {
        let scratch = try Scratch()
        let config = Self.config(seed: 42)
        let events = HashtagInput.events(config, count: 9_000)
        let dir = scratch.url.appendingPathComponent("parts")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        for part in 0..<3 {
            let lines = events[(part * 3_000)..<((part + 1) * 3_000)].map { HashtagInput.line($0, format: .csv) }
            try Data(lines.joined().utf8).write(to: dir.appendingPathComponent("part-\(part).csv"))
        }
        let run = try run(["--input", dir.path, "--format", "csv", "--output", scratch.path("out.tsv")])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try scratch.text("out.tsv") == HashtagInput.bruteForceTopK(events, window: 10_000, top: 10))
    }

    @Test("the workload's injected bursts are in the top 10 of their windows")
    func bursts() throws {
        let scratch = try Scratch()
        var config = Self.config(seed: 43, hashtags: 100)
        config.burstFactor = 50...50
        config.burstRanks = 20...30
        let events = HashtagInput.events(config, count: 150_000)
        try HashtagInput.write(config, count: events.count, format: .json, to: scratch.url.appendingPathComponent("in.json"))
        let run = try run(["--input", scratch.path("in.json"), "--output", scratch.path("out.tsv")])
        #expect(run.status == 0, "\(run.stderr)")
        var top: [Int64: Set<String>] = [:]
        for line in try scratch.text("out.tsv").split(separator: "\n") {
            let fields = line.split(separator: "\t")
            top[Int64(fields[0])!, default: []].insert(String(fields[2]))
        }
        let last = events.map(\.ts).max()!
        let bursts = Workload(config).bursts(until: last - 10_000)
        #expect(bursts.count >= 3)
        var checked = 0
        for burst in bursts {
            // Windows at least half inside the burst.
            for start in stride(from: burst.startMs - burst.startMs % 10_000, to: burst.endMs, by: 10_000) {
                let overlap = min(start + 10_000, burst.endMs) - max(start, burst.startMs)
                guard overlap >= 5_000 else { continue }
                checked += 1
                #expect(top[start]?.contains(burst.tag) == true,
                        "burst of #\(burst.tag) (\(burst.startMs)–\(burst.endMs), ×\(burst.factor)) missing from the top 10 of window \(start): \(top[start] ?? [])")
            }
        }
        #expect(checked >= 3)
    }

    @Test("malformed lines are counted and skipped; the job keeps going")
    func malformed() throws {
        let scratch = try Scratch()
        let events = HashtagInput.events(Self.config(seed: 44), count: 5_000)
        let garbage = [
            "not json at all", #"{"user_id":1,"hashtag":"swift"}"#, #"{"user_id":"one","hashtag":"swift","ts":1}"#,
            #"{"user_id":1,"hashtag":"swift","ts":1.5}"#, #"{"user_id":1,"hashtag":"","ts":1}"#, "{", "[1,2,3]",
            String(decoding: [0xFF, 0xFE, 0x00, 0x7B], as: UTF8.self), #"{"user_id":1,"hashtag":"swift","ts":99999999999999999999}"#,
        ]
        var lines = events.map { HashtagInput.line($0, format: .json) }
        for (i, bad) in garbage.enumerated() { lines.insert(bad + "\n", at: 500 * (i + 1)) }
        lines.insert("\n", at: 10)  // a blank line is not data, nor an error
        lines.insert(#"{"ts":1700000000000,"note":"with \"escapes\"","hashtag":"esc\u0061ped","user_id":9}"# + "\n", at: 20)
        try Data(lines.joined().utf8).write(to: scratch.url.appendingPathComponent("in.json"))
        let run = try run(["--input", scratch.path("in.json"), "--output", scratch.path("out.tsv")])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("\(garbage.count) malformed"), "\(run.stderr)")
        let withEscaped = events + [HashtagEvent(userId: 9, hashtag: "escaped", ts: 1_700_000_000_000)]
        #expect(try scratch.text("out.tsv") == HashtagInput.bruteForceTopK(withEscaped, window: 10_000, top: 10))
    }

    @Test("kill -9 mid-job, then restart: the output equals an uninterrupted run's")
    func killNine() async throws {
        let scratch = try Scratch()
        let config = Self.config(seed: 45)
        let events = HashtagInput.events(config, count: 400_000)
        try HashtagInput.write(config, count: events.count, format: .json, to: scratch.url.appendingPathComponent("in.json"))
        let arguments = ["stream", "--job", "window-topk", "--input", scratch.path("in.json"), "--output", scratch.path("out.tsv"),
                         "--batch-mib", "1", "--checkpoint", scratch.path("checkpoints")]
        // The job sends itself SIGKILL after writing batch 3's results, before its checkpoint:
        // a real kill -9 with results past the last checkpoint, at the same place on any machine.
        let job = try BoxProcess(arguments, errors: scratch.url.appendingPathComponent("job.stderr"),
                                 environment: ["BOX_STREAM_KILL_BEFORE_CHECKPOINT": "3"])
        job.process.waitUntilExit()
        #expect(job.process.terminationReason == .uncaughtSignal && job.process.terminationStatus == SIGKILL,
                "the job should have been killed by SIGKILL mid-job: \(job.stderr)")
        let names = try FileManager.default.contentsOfDirectory(atPath: scratch.path("checkpoints"))
        #expect(names.filter { $0.hasSuffix(".checkpoint") }.count >= 1, "batches 1 and 2 were checkpointed: \(names)")
        let resumed = try BuiltProducts.run("box", arguments)
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(resumed.stderr.contains("resumed after batch 2"), "\(resumed.stderr)")
        #expect(try scratch.text("out.tsv") == HashtagInput.bruteForceTopK(events, window: 10_000, top: 10))
        let again = try BuiltProducts.run("box", arguments)
        #expect(again.stderr.contains("already finished"), "\(again.stderr)")
    }

    @Test("bad options get a clear error")
    func badOptions() throws {
        let missing = try run(["--output", "/tmp/x.tsv"])
        #expect(missing.status != 0 && missing.stderr.contains("--input"), "\(missing.stderr)")
        let window = try run(["--input", "x", "--output", "y", "--window", "soon"])
        #expect(window.status != 0 && window.stderr.contains("--window must be a duration"), "\(window.stderr)")
        let nofile = try run(["--input", "/nonexistent/input.json", "--output", "/tmp/y.tsv"])
        #expect(nofile.status != 0 && nofile.stderr.contains("no such file"), "\(nofile.stderr)")
        let job = try BuiltProducts.run("box", ["stream", "--job", "nope"])
        #expect(job.status != 0 && job.stderr.contains("no job called nope"), "\(job.stderr)")
    }
}
