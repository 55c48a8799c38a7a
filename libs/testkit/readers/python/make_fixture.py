"""Writes a small Iceberg v2 table with pyiceberg, for the readers' own tests.

stdin: {"warehouse": "file:///abs/dir" | "/abs/dir" | "s3://bucket/prefix", "s3": {...} | null, "table": "ns.name",
        "batches": [[row, ...], ...], "deleteIds": ["2", ...], "positionDeleteIds": ["3", ...],
        "lastSequenceNumber": "1152921504606846976" | null, "firstSnapshotId": "..." | null,
        "fileCatalog": true | false}
Each row is canonical text (libs/testkit/readers/README.md) for the fixed schema below; each batch is
one append (one snapshot), then one delete of "deleteIds" (pyiceberg 0.12 deletes copy-on-write,
rewriting the data file), then one commit of a position-delete file for "positionDeleteIds" (what
lake-sink writes; position_deletes.py builds it, as pyiceberg 0.12 cannot). "lastSequenceNumber"
starts the table's sequence numbers there (set in its first metadata file, before any snapshot), so a
test sees values above 2^53. pyiceberg picks random 63-bit snapshot ids, mostly above 2^53;
"firstSnapshotId" numbers them from there instead, so a test can rely on it.
"fileCatalog" (a local warehouse only) also puts the final metadata where the lake's file catalog
looks: <table>/metadata/v1.metadata.json and version-hint.text, and names that file in the output.
stdout: {"metadataLocation": "...", "snapshotIds": ["...", ...] (oldest first),
         "plans": [{"snapshotId": "...", "files": [{"path": "...", "sequenceNumber": null, "deletes": ["..."]}]}]}
where "plans" is pyiceberg's own scan planning of every snapshot (it does not expose sequence numbers).
stdin {"drop": "s3://bucket/prefix", "s3": {...}} instead deletes everything under that prefix.
A SqlCatalog on a throwaway sqlite file does the commits; readers then load the metadata file alone.
"""

from __future__ import annotations

import datetime
import json
import os
import shutil
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


def number_snapshots_from(first: int) -> None:
    """Snapshot ids first, first + 1, ... instead of random ones (pyiceberg 0.12's id generator, replaced)."""
    import itertools

    import pyiceberg.table.metadata

    ids = itertools.count(first)
    pyiceberg.table.metadata._generate_snapshot_id = lambda: next(ids)  # type: ignore[attr-defined]


def start_sequence_at(metadata_location: str, sequence_number: str) -> None:
    """Rewrites a table's first metadata file (compact JSON, no snapshot yet) with a higher last-sequence-number."""
    path = metadata_location.removeprefix("file://")
    with open(path, encoding="utf-8") as f:
        text = f.read()
    patched = text.replace('"last-sequence-number":0', f'"last-sequence-number":{int(sequence_number)}')
    if patched == text:
        raise ValueError(f"{path} has no last-sequence-number of 0 to replace")
    with open(path, "w", encoding="utf-8") as f:
        f.write(patched)


def as_file_catalog_table(location: str, metadata_location: str) -> str:
    """Copies the newest metadata to <table>/metadata/v1.metadata.json + version-hint.text, byte for byte."""
    folder = os.path.join(location.removeprefix("file://"), "metadata")
    target = os.path.join(folder, "v1.metadata.json")
    shutil.copyfile(metadata_location.removeprefix("file://"), target)
    with open(os.path.join(folder, "version-hint.text"), "w", encoding="utf-8") as f:
        f.write("1")
    return target


def plan(table: Any, snapshot_id: int) -> dict[str, Any]:
    tasks = table.scan(snapshot_id=snapshot_id).plan_files()
    return {
        "snapshotId": str(snapshot_id),
        "files": [
            {
                "path": task.file.file_path,
                "sequenceNumber": None,
                "deletes": sorted(d.file_path for d in task.delete_files),
            }
            for task in tasks
        ],
    }


def main() -> None:
    request = json.load(sys.stdin)
    if "drop" in request:
        drop(request["drop"], request["s3"])
        print("{}")
        return
    if request.get("firstSnapshotId"):
        number_snapshots_from(int(request["firstSnapshotId"]))
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
        if request.get("lastSequenceNumber"):
            start_sequence_at(table.metadata_location, request["lastSequenceNumber"])
            table = catalog.load_table(f"{namespace}.{name}")
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
        metadata_location = table.metadata_location
        if request.get("fileCatalog"):
            metadata_location = as_file_catalog_table(table.location(), metadata_location)
        json.dump(
            {
                "metadataLocation": metadata_location,
                "snapshotIds": [str(s.snapshot_id) for s in snapshots],
                "plans": [plan(table, s.snapshot_id) for s in snapshots],
            },
            sys.stdout,
        )
        sys.stdout.write("\n")


if __name__ == "__main__":
    main()
