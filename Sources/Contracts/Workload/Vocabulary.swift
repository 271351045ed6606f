/// The words the workload writes chirps with.
///
/// Fixed (not seeded), so rank 0 is always the most popular hashtag and a
/// test can name tags by rank. A few are not ASCII, so every component meets
/// Unicode from the first run.
public enum Vocabulary {
    /// Hashtags by popularity rank: real-looking ones first, then made-up
    /// words built from syllables, as many as asked for.
    public static func hashtags(_ count: Int) -> [String] {
        var tags = Array(seedTags.prefix(count))
        var taken = Set(tags)
        var n = 0
        while tags.count < count {
            var word = ""
            var k = n
            repeat {
                word += syllables[k % syllables.count]
                k /= syllables.count
            } while k > 0
            if taken.insert(word).inserted { tags.append(word) }
            n += 1
        }
        return tags
    }

    static let seedTags = [
        "swift", "kafka", "spark", "cassandra", "mesos", "akka", "bigdata", "streaming",
        "ai", "rust", "linux", "cloud", "devops", "coffee", "music", "football",
        "travel", "food", "photography", "news", "science", "books", "movies", "gaming",
        "fitness", "startup", "opensource", "café", "東京", "zürich", "naïve", "señor",
        "weekend", "monday", "sunset", "cats", "dogs", "art", "design", "climate",
    ]

    static let syllables = [
        "ka", "lo", "mi", "ne", "ru", "sa", "ti", "vo", "ze", "bar",
        "del", "fin", "gor", "hex", "jun", "kel", "lum", "mor", "nix", "pol",
    ]

    /// Ordinary words for the rest of a chirp.
    public static let words = [
        "just", "shipped", "the", "new", "release", "of", "our", "pipeline", "today", "and",
        "it", "is", "fast", "love", "this", "team", "who", "else", "is", "watching",
        "can't", "believe", "how", "good", "that", "was", "reading", "about", "event", "time",
        "windows", "again", "my", "coffee", "went", "cold", "while", "debugging", "a", "race",
        "great", "talk", "on", "logs", "tables", "offers", "actors", "streams", "at", "the",
        "meetup", "tonight", "anyone", "going", "to", "conference", "next", "week", "so", "tired",
        "but", "happy", "finally", "fixed", "bug", "in", "production", "weekend", "plans", "hiking",
        "with", "friends", "best", "pizza", "in", "town", "thoughts", "on", "this", "idea",
        "—", "!", "?", "…", "🚀", "🔥", "😂", "👍",
    ]
}
