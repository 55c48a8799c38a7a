"""The pyiceberg reader of the lake, for tests.

Reads Iceberg tables straight from a metadata file (StaticTable, no catalog), scans a snapshot to
Arrow (pyiceberg applies position deletes; it refuses equality deletes) and prints every row as
canonical text. Protocol (stdin -> stdout, one JSON document each way) and the canonical text rules:
libs/testkit/readers/README.md. The Java reader (ReadTables.java) prints the same text.
"""

from __future__ import annotations

import base64
import json
import math
import struct
import sys
from decimal import Decimal
from typing import Any, Callable

import pyarrow as pa
from pyiceberg.table import StaticTable
from pyiceberg.types import (
    BinaryType,
    BooleanType,
    DateType,
    DecimalType,
    DoubleType,
    FixedType,
    FloatType,
    IcebergType,
    IntegerType,
    LongType,
    StringType,
    TimestampType,
    TimestamptzType,
    TimeType,
    UUIDType,
)


def s3_properties(s3: dict[str, str] | None) -> dict[str, str]:
    if not s3:
        return {}
    return {
        "s3.endpoint": s3["endpoint"],
        "s3.access-key-id": s3["accessKeyId"],
        "s3.secret-access-key": s3["secretAccessKey"],
        "s3.region": s3["region"],
        # Path-style addressing (bucket in the path): the local S3 server has no per-bucket hosts.
        "s3.force-virtual-addressing": "false",
    }


def ecma_layout(digits: str, n: int) -> str:
    """Lays out digits x 10^(n - len(digits)) as ECMAScript's Number::toString (ECMA-262 6.1.6.1.20)."""
    k = len(digits)
    if k <= n <= 21:
        return digits + "0" * (n - k)
    if 0 < n <= 21:
        return digits[:n] + "." + digits[n:]
    if -6 < n <= 0:
        return "0." + "0" * -n + digits
    e = n - 1
    exponent = ("e+" if e >= 0 else "e-") + str(abs(e))
    return digits + exponent if k == 1 else digits[0] + "." + digits[1:] + exponent


def _round_trips_float32(text: str, value: float) -> bool:
    try:
        return struct.unpack("<f", struct.pack("<f", float(text)))[0] == value
    except OverflowError:  # beyond the largest float: it would read back as infinity
        return False


def shortest(value: float, is_float32: bool) -> str:
    """The shortest decimal that reads back as the same float/double, laid out like JavaScript's String(x)."""
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "Infinity" if value > 0 else "-Infinity"
    if value == 0:
        return "0"
    for precision in range(1, 18):
        # %e rounds the exact binary value correctly (round-half-even), as Java's BigDecimal.round does.
        text = f"{value:.{precision - 1}e}"
        same = _round_trips_float32(text, value) if is_float32 else float(text) == value
        if same:
            mantissa, exponent = text.split("e")
            digits = mantissa.lstrip("-").replace(".", "").rstrip("0") or "0"
            return ("-" if value < 0 else "") + ecma_layout(digits, int(exponent) + 1)
    raise AssertionError(f"no round-trip decimal for {value!r}")


def decimal_text(scale: int) -> Callable[[Decimal], str]:
    quantum = Decimal(1).scaleb(-scale)

    def fmt(value: Decimal) -> str:
        text = format(value.quantize(quantum), "f")
        # Python's Decimal keeps a negative zero; Java's BigDecimal has none.
        return text[1:] if value == 0 and text.startswith("-") else text

    return fmt


def column_texts(iceberg_type: IcebergType, column: pa.ChunkedArray) -> list[str | None]:
    """Canonical text of every value of one column, by Iceberg type."""
    if isinstance(iceberg_type, (TimestampType, TimestamptzType, TimeType)):
        # Microseconds since the epoch (or since midnight for time), read from Arrow's own integer.
        return [None if v is None else str(v) for v in column.cast(pa.int64()).to_pylist()]
    values = column.to_pylist()
    fmt: Callable[[Any], str]
    if isinstance(iceberg_type, BooleanType):
        fmt = lambda v: "true" if v else "false"  # noqa: E731
    elif isinstance(iceberg_type, (IntegerType, LongType, StringType)):
        fmt = str
    elif isinstance(iceberg_type, FloatType):
        fmt = lambda v: shortest(v, True)  # noqa: E731
    elif isinstance(iceberg_type, DoubleType):
        fmt = lambda v: shortest(v, False)  # noqa: E731
    elif isinstance(iceberg_type, DecimalType):
        fmt = decimal_text(iceberg_type.scale)
    elif isinstance(iceberg_type, DateType):
        fmt = lambda v: v.isoformat()  # noqa: E731
    elif isinstance(iceberg_type, UUIDType):
        fmt = str
    elif isinstance(iceberg_type, (BinaryType, FixedType)):
        fmt = lambda v: base64.b64encode(v).decode("ascii")  # noqa: E731
    else:
        raise ValueError(f"no canonical text for Iceberg type {iceberg_type}")
    return [None if v is None else fmt(v) for v in values]


def read_one(read: dict[str, Any], properties: dict[str, str]) -> dict[str, Any]:
    location = read["metadataLocation"]
    table = StaticTable.from_metadata(location, properties=properties)
    requested = read.get("snapshotId")
    snapshot = table.snapshot_by_id(int(requested)) if requested is not None else table.current_snapshot()
    if requested is not None and snapshot is None:
        raise ValueError(f"snapshot {requested} not found in {location}")
    # A column list projects the scan: only those columns are fetched, decoded and printed.
    columns = tuple(read.get("columns") or ("*",))
    scan = table.scan(snapshot_id=snapshot.snapshot_id, selected_fields=columns) if snapshot is not None else None
    schema = scan.projection() if scan is not None else table.schema()
    if scan is None and columns != ("*",):
        schema = schema.select(*columns)
    result: dict[str, Any] = {
        "snapshotId": str(snapshot.snapshot_id) if snapshot is not None else None,
        "schema": [
            {"id": f.field_id, "name": f.name, "type": str(f.field_type), "required": f.required}
            for f in schema.fields
        ],
        "rows": [],
    }
    if scan is None:
        return result
    arrow = scan.to_arrow()
    columns = [(f.name, column_texts(f.field_type, arrow.column(f.name))) for f in schema.fields]
    result["rows"] = [{name: texts[i] for name, texts in columns} for i in range(arrow.num_rows)]
    return result


def main() -> None:
    request = json.load(sys.stdin)
    properties = s3_properties(request.get("s3"))
    results = [read_one(read, properties) for read in request["reads"]]
    json.dump({"results": results}, sys.stdout, ensure_ascii=False, separators=(",", ":"))
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
