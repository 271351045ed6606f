import Contracts
import Testing

@Suite("Workload generator")
struct WorkloadTests {
    @Test("the same seed gives the same events; another seed gives others")
    func deterministic() {
        let a = Array(Workload(WorkloadConfig(seed: 7)).prefix(5_000))
        let b = Array(Workload(WorkloadConfig(seed: 7)).prefix(5_000))
        let c = Array(Workload(WorkloadConfig(seed: 8)).prefix(5_000))
        #expect(a == b)
        #expect(a.map(\.user) != c.map(\.user))
        #expect(Set(a.map(\.id)).count == a.count, "ids are unique")
        #expect(Set(a.map(\.id)).isDisjoint(with: c.map(\.id)), "two seeds never share an id")
    }

    @Test("the mix of posts, likes and follows; likes point at earlier posts; nobody follows themself")
    func mix() {
        let events = Array(Workload(WorkloadConfig(seed: 3)).prefix(20_000))
        let share = { (kind: ChirpEvent.Kind) in Double(events.filter { $0.kind == kind }.count) / Double(events.count) }
        #expect(abs(share(.post) - 0.6) < 0.02)
        #expect(abs(share(.like) - 0.3) < 0.02)
        #expect(abs(share(.follow) - 0.1) < 0.02)
        var posts = Set<String>()
        for event in events {
            switch event.action {
            case .post: posts.insert(event.id)
            case .like(let post): #expect(posts.contains(post), "\(event.id) likes a post that came before")
            case .follow(let followee): #expect(followee != event.user && (1...10_000).contains(followee))
            }
            #expect((1...10_000).contains(event.user))
        }
    }

    @Test("user activity is Zipf-skewed: the top user acts most, about as often as Zipf says")
    func zipfUsers() {
        let events = Array(Workload(WorkloadConfig(seed: 5)).prefix(50_000))
        var counts: [Int64: Int] = [:]
        for event in events { counts[event.user, default: 0] += 1 }
        let top = counts.max { $0.value < $1.value }!
        #expect(top.key == 1)
        let expected = Zipf(n: 10_000, s: 1.1).probability(of: 0) * 50_000
        #expect(abs(Double(top.value) - expected) < expected * 0.1)
        #expect(counts.count > 5_000, "the long tail shows up too")
    }

    @Test("event time: disorder stays within its bound except for about 1% late events")
    func eventTime() {
        let config = WorkloadConfig(seed: 9)
        var workload = Workload(config)
        var late = 0
        let n = 50_000
        for i in 0..<n {
            let event = workload.next()!
            let nominal = config.startMs + Int64(Double(i) * 1_000 / config.rate)
            #expect(event.ts <= nominal)
            if event.ts < nominal - config.maxDisorderMs { late += 1 }
        }
        #expect(late == Int(workload.lateProduced))
        #expect((0.007...0.013).contains(Double(late) / Double(n)), "\(late) late of \(n)")
    }

    @Test("bursts: the ground-truth tag runs at many times its usual rate inside its window")
    func bursts() {
        let config = WorkloadConfig(seed: 21)
        let events = Array(Workload(config).prefix(150_000))  // 150 s of event time
        let truth = Workload(config).bursts(until: config.startMs + 150_000)
        #expect(truth.count == 3)
        for (k, burst) in truth.enumerated() {
            #expect(burst.startMs >= config.startMs + Int64(k) * 60_000 + 5_000)
            #expect((10_000...20_000).contains(burst.endMs - burst.startMs))
            #expect((20...50).contains(burst.factor) && (20...199).contains(burst.rank))
            guard burst.endMs <= config.startMs + 148_000 else { continue }
            var inside = 0
            var outside = 0
            for event in events where event.hashtags.contains(burst.tag) {
                if burst.contains(event.ts) { inside += 1 } else { outside += 1 }
            }
            let insideRate = Double(inside) / Double(burst.endMs - burst.startMs)
            let outsideRate = Double(max(outside, 1)) / Double(148_000 - (burst.endMs - burst.startMs))
            #expect(insideRate > outsideRate * 10, "burst \(burst): \(inside) inside, \(outside) outside")
        }
    }

    @Test("Zipf probabilities sum to one and fall with rank")
    func zipf() {
        let zipf = Zipf(n: 100, s: 1.2)
        let total = (0..<100).map(zipf.probability(of:)).reduce(0, +)
        #expect(abs(total - 1) < 1e-9)
        #expect(zipf.probability(of: 0) > zipf.probability(of: 1))
        var rng = SplitMix64(seed: 1)
        #expect((0..<1_000).allSatisfy { _ in (0..<100).contains(zipf.sample(&rng)) })
    }
}
