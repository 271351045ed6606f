"""kafka-python 3.0 against box broker: its default (idempotent) producer and a group consumer with CRC checks."""
from kafka import KafkaConsumer, KafkaProducer


def test_default_producer_and_group_consumer(make_broker):
    broker = make_broker(partitions=2)
    producer = KafkaProducer(bootstrap_servers=broker.address)
    futures = [producer.send("chirps", key=f"u{i % 7}".encode(), value=f"event {i}".encode(),
                             headers=[("n", str(i).encode())]) for i in range(2000)]
    producer.flush(timeout=30)
    results = [f.get(timeout=30) for f in futures]
    assert len({(r.partition, r.offset) for r in results}) == 2000, "every record got its own offset"
    producer.close()

    consumer = KafkaConsumer("chirps", bootstrap_servers=broker.address, group_id="kp-readers",
                             auto_offset_reset="earliest", check_crcs=True, consumer_timeout_ms=5000,
                             enable_auto_commit=False)
    values = []
    for message in consumer:
        values.append(message.value)
        assert message.headers[0][0] == "n"
        if len(values) == 2000:
            break
    consumer.commit()
    committed = {tp: consumer.committed(tp) for tp in consumer.assignment()}
    consumer.close()
    assert sorted(values) == sorted(f"event {i}".encode() for i in range(2000))
    assert sum(committed.values()) == 2000, f"committed offsets cover everything read: {committed}"
