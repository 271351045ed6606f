# Writes the record batch that RecordBatchTests.kafkaPythonBatch holds, with
# kafka-python's own encoder (pip install kafka-python; tested with 3.0.12).
import binascii
from kafka.record.default_records import DefaultRecordBatchBuilder

b = DefaultRecordBatchBuilder(magic=2, compression_type=0, is_transactional=False,
                              producer_id=4000, producer_epoch=3, base_sequence=17, batch_size=1 << 20)
b.append(0, timestamp=1700000000000, key=b"user-42", value=b'{"id":"s7-0","type":"post"}',
         headers=[("source", b"box"), ("empty", None)])
b.append(1, timestamp=1700000000005, key=None, value=b"second", headers=[])
b.append(2, timestamp=1699999999990, key=b"k", value=None, headers=[])
print(binascii.hexlify(bytes(b.build())).decode())
