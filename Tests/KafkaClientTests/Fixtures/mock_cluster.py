#!/usr/bin/env python3
"""librdkafka's built-in mock Kafka cluster, for KafkaClientTests.

Starts a one-broker mock cluster (through confluent-kafka), writes KEYED
keyed records `key-i`/`value i` into topic `librdkafka-keys` with librdkafka's
murmur2 partitioner (Java's default, so a client can check it picks the same
partitions), prints the bootstrap address as one line `127.0.0.1:PORT`, and
keeps the cluster up until standard input closes. The mock cluster creates
topics on first use (Metadata), with 4 partitions each.

    python3 mock_cluster.py --keyed 200
"""
import sys

try:
    from confluent_kafka import Producer
except ImportError:
    sys.stderr.write("confluent-kafka is not installed: pip install confluent-kafka\n")
    sys.exit(3)


def main():
    args = sys.argv[1:]
    keyed = int(args[args.index("--keyed") + 1]) if "--keyed" in args else 0

    # The mock cluster lives as long as this client; its address is the broker's.
    holder = Producer({"test.mock.num.brokers": 1, "bootstrap.servers": "ignored", "log_level": 3})
    broker = next(iter(holder.list_topics(timeout=10).brokers.values()))
    address = f"{broker.host}:{broker.port}"

    if keyed:
        producer = Producer({"bootstrap.servers": address, "partitioner": "murmur2_random", "log_level": 3})
        for i in range(keyed):
            producer.produce("librdkafka-keys", key=f"key-{i}".encode(), value=f"value {i}".encode())
        if producer.flush(10) != 0:
            sys.exit("librdkafka could not deliver the keyed records")

    print(address, flush=True)
    sys.stdin.read()


if __name__ == "__main__":
    main()
