import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.iceberg.BaseTable;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Files;
import org.apache.iceberg.PartitionKey;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SortOrder;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.TableMetadataParser;
import org.apache.iceberg.TableOperations;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.InternalRecordWrapper;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.data.parquet.GenericParquetWriter;
import org.apache.iceberg.deletes.PositionDelete;
import org.apache.iceberg.deletes.PositionDeleteWriter;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.DataWriter;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.InputFile;
import org.apache.iceberg.io.LocationProvider;
import org.apache.iceberg.io.OutputFile;
import org.apache.iceberg.LocationProviders;
import org.apache.iceberg.parquet.Parquet;
import org.apache.iceberg.types.Types;
import org.apache.iceberg.util.DateTimeUtil;

/**
 * Writes a small Iceberg v2 table with the reference implementation, for tests of code that reads
 * and commits to tables other engines wrote. The table is in the file-catalog layout the lake uses
 * (metadata/v<N>.metadata.json + version-hint.text, as Iceberg's HadoopTableOperations writes it),
 * on a local disk. Protocol (stdin → stdout, one JSON document each way):
 *
 * <pre>
 * {"location": "/abs/ns/t", "batches": [[row, ...], ...], "positionDeleteIds": ["2", ...],
 *  "partitioned": true, "firstSnapshotId": "4611686018427387904", "lastSequenceNumber": "1152921504606846976"}
 * → {"metadataLocation": "/abs/ns/t/metadata/v4.metadata.json", "snapshotIds": ["...", ...],
 *    "plans": [{"snapshotId": "...", "files": [{"path": "...", "sequenceNumber": "...", "deletes": ["..."]}]}]}
 * </pre>
 *
 * Rows are canonical text (readers/README.md) for the fixed schema below, the same as
 * python/make_fixture.py's. Each batch is one append; then one row delta adds a position-delete file
 * per partition for "positionDeleteIds". "firstSnapshotId" numbers the snapshots from there (the
 * reference implementation picks random 63-bit ids); "lastSequenceNumber" starts the table's sequence
 * numbers there (set in v1 before any snapshot, as a long-lived table would have them). "plans" is the
 * reference implementation's own scan planning of every snapshot: live data files, each with its data
 * sequence number and the delete files that apply to it.
 */
public final class WriteTables {
  private WriteTables() {}

  static final Schema SCHEMA =
      new Schema(
          Types.NestedField.required(1, "id", Types.LongType.get()),
          Types.NestedField.optional(2, "name", Types.StringType.get()),
          Types.NestedField.optional(3, "price", Types.DecimalType.of(12, 2)),
          Types.NestedField.optional(4, "born", Types.DateType.get()),
          Types.NestedField.optional(5, "changed_at", Types.TimestampType.withZone()),
          Types.NestedField.optional(6, "local_at", Types.TimestampType.withoutZone()),
          Types.NestedField.optional(7, "active", Types.BooleanType.get()),
          Types.NestedField.optional(8, "score", Types.DoubleType.get()));

  public static void main(String[] args) throws Exception {
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    ObjectMapper mapper = new ObjectMapper();
    JsonNode request = mapper.readTree(System.in);
    PrintStream stdout = System.out;
    System.setOut(System.err);

    String location = request.get("location").asText();
    long firstId = request.hasNonNull("firstSnapshotId") ? Long.parseLong(request.get("firstSnapshotId").asText()) : 0L;
    LocalOps ops = new LocalOps(location, firstId);
    PartitionSpec spec =
        request.path("partitioned").asBoolean(false)
            ? PartitionSpec.builderFor(SCHEMA).bucket("id", 4).day("changed_at").build()
            : PartitionSpec.unpartitioned();
    Map<String, String> properties = new HashMap<>();
    // snappy: zstd would need a native library this classpath leaves out.
    properties.put("write.parquet.compression-codec", "snappy");
    properties.put("format-version", "2");
    ops.commit(null, TableMetadata.newTableMetadata(SCHEMA, spec, SortOrder.unsorted(), location, properties));
    if (request.hasNonNull("lastSequenceNumber")) ops.startSequenceAt(request.get("lastSequenceNumber").asText());
    Table table = new BaseTable(ops, "ns.t");

    Map<Long, Position> positions = new HashMap<>();
    for (JsonNode batch : request.get("batches")) {
      Map<PartitionKey, List<Record>> byPartition = new LinkedHashMap<>();
      InternalRecordWrapper wrapper = new InternalRecordWrapper(SCHEMA.asStruct());
      for (JsonNode row : batch) {
        Record record = record(row);
        PartitionKey key = new PartitionKey(table.spec(), SCHEMA);
        key.partition(wrapper.wrap(record));
        byPartition.computeIfAbsent(key, k -> new ArrayList<>()).add(record);
      }
      org.apache.iceberg.AppendFiles append = table.newAppend();
      for (Map.Entry<PartitionKey, List<Record>> group : byPartition.entrySet()) {
        String path = table.locationProvider().newDataLocation(table.spec(), group.getKey(), UUID.randomUUID() + ".parquet");
        DataWriter<Record> writer =
            Parquet.writeData(table.io().newOutputFile(path))
                .forTable(table)
                .withSpec(table.spec())
                .withPartition(group.getKey())
                .createWriterFunc(GenericParquetWriter::create)
                .overwrite()
                .build();
        long pos = 0;
        try (DataWriter<Record> open = writer) {
          for (Record record : group.getValue()) {
            open.write(record);
            positions.put((Long) record.getField("id"), new Position(path, pos++, group.getKey()));
          }
        }
        append.appendFile(writer.toDataFile());
      }
      append.commit();
    }

    List<Long> deleteIds = new ArrayList<>();
    for (JsonNode id : request.path("positionDeleteIds")) deleteIds.add(Long.parseLong(id.asText()));
    if (!deleteIds.isEmpty()) {
      Map<PartitionKey, List<Position>> byPartition = new LinkedHashMap<>();
      for (Long id : deleteIds) {
        Position position = positions.get(id);
        byPartition.computeIfAbsent(position.partition(), k -> new ArrayList<>()).add(position);
      }
      org.apache.iceberg.RowDelta delta = table.newRowDelta();
      for (Map.Entry<PartitionKey, List<Position>> group : byPartition.entrySet()) {
        group.getValue().sort((a, b) -> a.path().equals(b.path()) ? Long.compare(a.pos(), b.pos()) : a.path().compareTo(b.path()));
        String path =
            table.locationProvider().newDataLocation(table.spec(), group.getKey(), UUID.randomUUID() + "-deletes.parquet");
        PositionDeleteWriter<Record> writer =
            Parquet.writeDeletes(table.io().newOutputFile(path))
                // Not forTable(table): that gives the writer a row schema, which position deletes do not hold.
                .setAll(table.properties())
                .withSpec(table.spec())
                .withPartition(group.getKey())
                .overwrite()
                .buildPositionWriter();
        try (PositionDeleteWriter<Record> open = writer) {
          PositionDelete<Record> delete = PositionDelete.create();
          for (Position position : group.getValue()) open.write(delete.set(position.path(), position.pos()));
        }
        DeleteFile file = writer.toDeleteFile();
        delta.addDeletes(file);
      }
      delta.commit();
    }

    table.refresh();
    try (JsonGenerator out = mapper.getFactory().createGenerator((OutputStream) stdout, JsonEncoding.UTF8)) {
      out.writeStartObject();
      out.writeStringField("metadataLocation", ops.currentLocation());
      out.writeArrayFieldStart("snapshotIds");
      List<Snapshot> snapshots = new ArrayList<>();
      table.snapshots().forEach(snapshots::add);
      snapshots.sort((a, b) -> Long.compare(a.sequenceNumber(), b.sequenceNumber()));
      for (Snapshot snapshot : snapshots) out.writeString(Long.toString(snapshot.snapshotId()));
      out.writeEndArray();
      out.writeArrayFieldStart("plans");
      for (Snapshot snapshot : snapshots) {
        out.writeStartObject();
        out.writeStringField("snapshotId", Long.toString(snapshot.snapshotId()));
        out.writeArrayFieldStart("files");
        try (CloseableIterable<FileScanTask> tasks = table.newScan().useSnapshot(snapshot.snapshotId()).planFiles()) {
          for (FileScanTask task : tasks) {
            out.writeStartObject();
            out.writeStringField("path", task.file().location());
            out.writeStringField("sequenceNumber", Long.toString(task.file().dataSequenceNumber()));
            out.writeArrayFieldStart("deletes");
            for (DeleteFile delete : task.deletes()) out.writeString(delete.location());
            out.writeEndArray();
            out.writeEndObject();
          }
        }
        out.writeEndArray();
        out.writeEndObject();
      }
      out.writeEndArray();
      out.writeEndObject();
    }
    stdout.println();
    stdout.flush();
  }

  private record Position(String path, long pos, PartitionKey partition) {}

  /** A row of canonical text as the generic record the reference implementation writes. */
  private static Record record(JsonNode row) {
    GenericRecord record = GenericRecord.create(SCHEMA);
    record.setField("id", Long.parseLong(row.get("id").asText()));
    record.setField("name", text(row, "name"));
    String price = text(row, "price");
    record.setField("price", price == null ? null : new BigDecimal(price).setScale(2));
    String born = text(row, "born");
    record.setField("born", born == null ? null : LocalDate.parse(born));
    String changedAt = text(row, "changed_at");
    record.setField("changed_at", changedAt == null ? null : DateTimeUtil.timestamptzFromMicros(Long.parseLong(changedAt)));
    String localAt = text(row, "local_at");
    record.setField("local_at", localAt == null ? null : DateTimeUtil.timestampFromMicros(Long.parseLong(localAt)));
    String active = text(row, "active");
    record.setField("active", active == null ? null : Boolean.parseBoolean(active));
    String score = text(row, "score");
    record.setField("score", score == null ? null : Double.parseDouble(score));
    return record;
  }

  private static String text(JsonNode row, String name) {
    JsonNode value = row.get(name);
    return value == null || value.isNull() ? null : value.asText();
  }

  /** The file catalog's table operations on a local disk: v<N>.metadata.json created only if absent. */
  private static final class LocalOps implements TableOperations {
    private final String location;
    private final FileIO io = new LocalFileIO();
    private long nextSnapshotId;
    private TableMetadata current;
    private int version;

    LocalOps(String location, long firstSnapshotId) {
      this.location = location;
      this.nextSnapshotId = firstSnapshotId;
      refresh();
    }

    private String metadataPath(int v) {
      return location + "/metadata/v" + v + ".metadata.json";
    }

    String currentLocation() {
      return metadataPath(version);
    }

    @Override
    public TableMetadata current() {
      return current;
    }

    @Override
    public TableMetadata refresh() {
      File hint = new File(location + "/metadata/version-hint.text");
      if (!hint.exists()) return current;
      try {
        version = Integer.parseInt(java.nio.file.Files.readString(hint.toPath()).trim());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      current = TableMetadataParser.read(io, metadataPath(version));
      return current;
    }

    /** Sets last-sequence-number in the newest metadata file, before any snapshot is added. */
    void startSequenceAt(String sequenceNumber) throws IOException {
      Path path = Paths.get(metadataPath(version));
      String json = java.nio.file.Files.readString(path, StandardCharsets.UTF_8);
      java.nio.file.Files.writeString(path, json.replace("\"last-sequence-number\":0", "\"last-sequence-number\":" + sequenceNumber));
      refresh();
    }

    @Override
    public void commit(TableMetadata base, TableMetadata metadata) {
      if (base != current) throw new CommitFailedException("stale base");
      int next = version + 1;
      String temp = location + "/metadata/" + UUID.randomUUID() + "-temp.metadata.json";
      TableMetadataParser.overwrite(metadata, io.newOutputFile(temp));
      try {
        java.nio.file.Files.createLink(Paths.get(metadataPath(next)), Paths.get(temp));
        java.nio.file.Files.writeString(Paths.get(location + "/metadata/version-hint.text"), Integer.toString(next));
      } catch (FileAlreadyExistsException e) {
        throw new CommitFailedException("v%d exists", next);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } finally {
        new File(temp).delete();
      }
      refresh();
    }

    @Override
    public FileIO io() {
      return io;
    }

    @Override
    public String metadataFileLocation(String fileName) {
      return location + "/metadata/" + fileName;
    }

    @Override
    public LocationProvider locationProvider() {
      return LocationProviders.locationsFor(location, current.properties());
    }

    @Override
    public long newSnapshotId() {
      return nextSnapshotId == 0 ? TableOperations.super.newSnapshotId() : nextSnapshotId++;
    }
  }

  private static final class LocalFileIO implements FileIO {
    @Override
    public InputFile newInputFile(String path) {
      return Files.localInput(new File(path));
    }

    @Override
    public OutputFile newOutputFile(String path) {
      return Files.localOutput(new File(path));
    }

    @Override
    public void deleteFile(String path) {
      new File(path).delete();
    }
  }
}
