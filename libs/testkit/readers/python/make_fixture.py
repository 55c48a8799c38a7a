"""Writes a small Iceberg v2 table with pyiceberg, for the readers' own tests.

stdin: {"warehouse": "file:///abs/dir" | "s3://bucket/prefix", "s3": {...} | null, "table": "ns.name",
        "batches": [[row, ...], ...], "deleteIds": ["2", ...]}
Each row is canonical text (libs/testkit/readers/README.md) for the fixed schema below; each batch is
one append (one snapshot), then one delete of "deleteIds" (pyiceberg 0.12 deletes copy-on-write,
rewriting the data file), then one commit of a position-delete file for "positionDeleteIds" (what
lake-sink writes; position_deletes.py builds it, as pyiceberg 0.12 cannot). stdout: {"metadataLocation": "...", "snapshotIds": ["...", ...]}, oldest first.
stdin {"drop": "s3://bucket/prefix", "s3": {...}} instead deletes everything under that prefix.
A SqlCatalog on a throwaway sqlite file does the commits; readers then load the metadata file alone.
"""

from __future__ import annotations

import datetime
import json
import sys
import tempfile
from decimal import Decimal
from typing import Any

import pyarrow as pa
from pyiceberg.catalog.sql import SqlCatalog
from pyiceberg.expressions import In
from pyiceberg.schema import Schema
from pyiceberg.types import (
    BooleanType,
    DateType,
    DecimalType,
    DoubleType,
    LongType,
    NestedField,
    StringType,
    TimestampType,
    TimestamptzType,
)

from position_deletes import commit_position_deletes
from read_tables import s3_properties

SCHEMA = Schema(
    NestedField(1, "id", LongType(), required=True),
    NestedField(2, "name", StringType(), required=False),
    NestedField(3, "price", DecimalType(12, 2), required=False),
    NestedField(4, "born", DateType(), required=False),
    NestedField(5, "changed_at", TimestamptzType(), required=False),
    NestedField(6, "local_at", TimestampType(), required=False),
    NestedField(7, "active", BooleanType(), required=False),
    NestedField(8, "score", DoubleType(), required=False),
)

ARROW_SCHEMA = pa.schema(
    [
        pa.field("id", pa.int64(), nullable=False),
        pa.field("name", pa.string()),
        pa.field("price", pa.decimal128(12, 2)),
        pa.field("born", pa.date32()),
        pa.field("changed_at", pa.timestamp("us", tz="UTC")),
        pa.field("local_at", pa.timestamp("us")),
        pa.field("active", pa.bool_()),
        pa.field("score", pa.float64()),
    ]
)

PARSERS: dict[str, Any] = {
    "id": int,
    "name": str,
    "price": Decimal,
    "born": datetime.date.fromisoformat,
    # Timestamps are epoch microseconds; Arrow takes the integer as is.
    "changed_at": int,
    "local_at": int,
    "active": lambda v: {"true": True, "false": False}[v],
    "score": float,
}


def to_arrow(rows: list[dict[str, str | None]]) -> pa.Table:
    columns = {
        name: [None if row.get(name) is None else parse(row[name]) for row in rows]
        for name, parse in PARSERS.items()
    }
    return pa.Table.from_pydict(columns, schema=ARROW_SCHEMA)


def drop(location: str, s3: dict[str, str]) -> None:
    from pyarrow.fs import FileSelector, FileType, S3FileSystem

    fs = S3FileSystem(
        access_key=s3["accessKeyId"],
        secret_key=s3["secretAccessKey"],
        region=s3["region"],
        endpoint_override=s3["endpoint"],
    )
    root = location.removeprefix("s3://")
    infos = fs.get_file_info(FileSelector(root, recursive=True))
    # Files first, then folders deepest first: versitygw's posix backend refuses to delete a folder
    # object that still has children, and pyarrow's delete_dir sends them all in one batch.
    for info in infos:
        if info.type != FileType.Directory:
            fs.delete_file(info.path)
    for info in sorted(infos, key=lambda i: i.path.count("/"), reverse=True):
        if info.type == FileType.Directory:
            fs.delete_dir(info.path)
    fs.delete_dir(root)


def main() -> None:
    request = json.load(sys.stdin)
    if "drop" in request:
        drop(request["drop"], request["s3"])
        print("{}")
        return
    namespace, name = request["table"].split(".")
    with tempfile.TemporaryDirectory() as tmp:
        catalog = SqlCatalog(
            "fixture",
            uri=f"sqlite:///{tmp}/catalog.db",
            warehouse=request["warehouse"],
            **s3_properties(request.get("s3")),
        )
        catalog.create_namespace_if_not_exists(namespace)
        table = catalog.create_table(
            f"{namespace}.{name}",
            schema=SCHEMA,
            # The codecs lake-sink writes (services/lake-sink: Snappy Parquet, deflate Avro manifests).
            properties={
                "format-version": "2",
                "write.parquet.compression-codec": "snappy",
                "write.avro.compression-codec": "deflate",
            },
        )
        for batch in request["batches"]:
            table.append(to_arrow(batch))
        delete_ids = [int(i) for i in request.get("deleteIds", [])]
        if delete_ids:
            table.delete(In("id", delete_ids))
        position_ids = {int(i) for i in request.get("positionDeleteIds", [])}
        if position_ids:
            commit_position_deletes(table, position_ids)
        table = catalog.load_table(f"{namespace}.{name}")
        snapshots = sorted(table.snapshots(), key=lambda s: s.sequence_number or 0)
        json.dump(
            {
                "metadataLocation": table.metadata_location,
                "snapshotIds": [str(s.snapshot_id) for s in snapshots],
            },
            sys.stdout,
        )
        sys.stdout.write("\n")


if __name__ == "__main__":
    main()
