"""The anchor for `window-topk`: the same query in PySpark Structured Streaming.

File source (JSON or CSV lines: user_id, hashtag, ts in ms), watermark 10 s,
groupBy(window(event time, 10 s), hashtag).count(), and the top 10 of every
finished window (ranked in foreachBatch: Structured Streaming cannot rank a
stream). Master local[2]; shuffle partitions as given (4 is the tuned figure,
200 Spark's default). Prints one line: events/s and peak RSS of the JVM.

    python3 bench/spark/window_topk.py --input in.json --format json --events 10000000
"""
import argparse
import os
import shutil
import tempfile
import threading
import time


def tree_rss_kib(root_pid):
    """Resident memory of a process and all its descendants, in KiB (Linux /proc)."""
    children = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            children.setdefault(int(fields[1]), []).append(int(entry))
        except OSError:
            continue
    total, stack = 0, [root_pid]
    while stack:
        pid = stack.pop()
        stack.extend(children.get(pid, []))
        try:
            with open(f"/proc/{pid}/status") as f:
                for line in f:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
        except OSError:
            pass
    return total


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--input", required=True)
    parser.add_argument("--format", choices=["json", "csv"], default="json")
    parser.add_argument("--events", type=int, required=True, help="events in the input (for events/s)")
    parser.add_argument("--shuffle-partitions", type=int, default=4)
    parser.add_argument("--output", help="write the top 10 rows as TSV here")
    args = parser.parse_args()

    peak = [0]
    done = threading.Event()

    def sample():
        while not done.is_set():
            peak[0] = max(peak[0], tree_rss_kib(os.getpid()))
            time.sleep(0.1)

    threading.Thread(target=sample, daemon=True).start()

    from pyspark.sql import SparkSession, Window
    from pyspark.sql import functions as F
    from pyspark.sql.types import LongType, StringType, StructField, StructType

    spark = (SparkSession.builder.master("local[2]").appName("window-topk")
             .config("spark.sql.shuffle.partitions", str(args.shuffle_partitions))
             .config("spark.ui.enabled", "false")
             .getOrCreate())
    spark.sparkContext.setLogLevel("ERROR")

    schema = StructType([StructField("user_id", LongType()), StructField("hashtag", StringType()),
                         StructField("ts", LongType())])
    source_dir = tempfile.mkdtemp(prefix="spark-input-")
    os.symlink(os.path.abspath(args.input), os.path.join(source_dir, os.path.basename(args.input)))
    reader = spark.readStream.schema(schema)
    events = reader.json(source_dir) if args.format == "json" else reader.csv(source_dir)
    counts = (events.withColumn("event_time", (F.col("ts") / 1000).cast("timestamp"))
              .withWatermark("event_time", "10 seconds")
              .groupBy(F.window("event_time", "10 seconds"), "hashtag").count())
    rows = []

    def top10(batch, _batch_id):
        ranked = (batch.withColumn("rank", F.row_number().over(
            Window.partitionBy("window").orderBy(F.desc("count"), F.desc("hashtag"))))
            .where("rank <= 10"))
        rows.extend(ranked.select(F.col("window.start").cast("long"), "rank", "hashtag", "count").collect())

    checkpoint = tempfile.mkdtemp(prefix="spark-checkpoint-")
    started = time.monotonic()
    query = (counts.writeStream.outputMode("append").foreachBatch(top10)
             .option("checkpointLocation", checkpoint).trigger(availableNow=True).start())
    query.awaitTermination()
    elapsed = time.monotonic() - started
    done.set()
    spark.stop()
    shutil.rmtree(checkpoint, ignore_errors=True)
    shutil.rmtree(source_dir, ignore_errors=True)
    if args.output:
        with open(args.output, "w") as f:
            for start, rank, tag, n in sorted(rows, key=lambda r: (r[0], r[1])):
                f.write(f"{start * 1000}\t{rank}\t{tag}\t{n}\n")
    print(f"spark format={args.format} shuffle_partitions={args.shuffle_partitions} events={args.events} "
          f"seconds={elapsed:.2f} events_per_s={args.events / elapsed:.0f} peak_rss_mib={peak[0] / 1024:.0f} "
          f"windows_emitted={len(set(r[0] for r in rows))}")


if __name__ == "__main__":
    main()
