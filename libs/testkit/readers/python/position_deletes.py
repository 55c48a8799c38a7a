"""Commits an Iceberg v2 position-delete file with pyiceberg, for test fixtures only.

pyiceberg 0.12 reads position deletes but only writes copy-on-write deletes. lake-sink writes
position deletes, so the readers' tests need a table that has them. This builds one the way the
spec says (Iceberg spec, "Position Delete Files" and "Manifests": a delete manifest, content=1,
whose entries are files of content=1 with the reserved columns file_path (id 2147483546) and
pos (id 2147483545), sorted by file_path then pos) using pyiceberg's snapshot producer internals,
which is why the pyiceberg version is pinned.
"""

from __future__ import annotations

import uuid

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
from pyiceberg.manifest import DataFile, DataFileContent, FileFormat, ManifestContent, ManifestWriterV2
from pyiceberg.table import Table
from pyiceberg.table.snapshots import Operation
from pyiceberg.table.update.snapshot import _FastAppendFiles
from pyiceberg.typedef import Record

FILE_PATH_ID = 2147483546
POS_ID = 2147483545


class _DeleteManifestWriter(ManifestWriterV2):
    def content(self) -> ManifestContent:
        return ManifestContent.DELETES

    @property
    def _meta(self) -> dict[str, str]:
        return {**super()._meta, "content": "deletes"}


class _AddDeleteFiles(_FastAppendFiles):
    """A fast append whose new manifest is a delete manifest."""

    def new_manifest_writer(self, spec):  # type: ignore[no-untyped-def]
        return _DeleteManifestWriter(
            spec, self.schema(), self.new_manifest_output(), self._snapshot_id, self._compression
        )


def commit_position_deletes(table: Table, ids: set[int]) -> None:
    """Deletes the rows whose `id` is in `ids` with one position-delete file and one snapshot."""
    targets: list[tuple[str, int]] = []
    for task in table.scan().plan_files():
        path = task.file.file_path
        with table.io.new_input(path).open() as stream:
            data = pq.read_table(stream, columns=["id"])
        mask = pc.is_in(data.column("id"), value_set=pa.array(sorted(ids), pa.int64()))
        targets += [(path, pos) for pos, hit in enumerate(mask.to_pylist()) if hit]
    targets.sort()
    schema = pa.schema(
        [
            pa.field("file_path", pa.string(), nullable=False, metadata={"PARQUET:field_id": str(FILE_PATH_ID)}),
            pa.field("pos", pa.int64(), nullable=False, metadata={"PARQUET:field_id": str(POS_ID)}),
        ]
    )
    deletes = pa.Table.from_pylist([{"file_path": f, "pos": p} for f, p in targets], schema=schema)
    location = table.location_provider().new_data_location(f"{uuid.uuid4()}-deletes.parquet")
    with table.io.new_output(location).create(overwrite=False) as out:
        pq.write_table(deletes, out)
    delete_file = DataFile.from_args(
        content=DataFileContent.POSITION_DELETES,
        file_path=location,
        file_format=FileFormat.PARQUET,
        partition=Record(),
        record_count=len(targets),
        file_size_in_bytes=len(table.io.new_input(location)),
    )
    delete_file.spec_id = table.spec().spec_id
    with table.transaction() as tx:
        producer = _AddDeleteFiles(operation=Operation.DELETE, transaction=tx, io=tx._table.io)
        producer.append_data_file(delete_file)
        producer.commit()
