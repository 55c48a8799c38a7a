import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.apache.iceberg.BaseTable;
import org.apache.iceberg.Files;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.StaticTableOperations;
import org.apache.iceberg.Table;
import org.apache.iceberg.aws.s3.S3FileIO;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.InputFile;
import org.apache.iceberg.io.OutputFile;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;
import org.apache.iceberg.util.DateTimeUtil;
import org.apache.iceberg.util.SnapshotUtil;

/**
 * The reference Java reader of the lake, for tests: reads Iceberg tables straight from a metadata
 * file (no catalog) with Iceberg's generic reader, which applies position and equality deletes, and
 * prints every row as canonical text. Protocol (stdin → stdout, one JSON document each way) and the
 * canonical text rules: libs/testkit/readers/README.md. pyiceberg's read_tables.py prints the same.
 */
public final class ReadTables {
  private ReadTables() {}

  public static void main(String[] args) throws Exception {
    // Warnings and errors only, on stderr; Iceberg logs every scan at INFO.
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    ObjectMapper mapper = new ObjectMapper();
    JsonNode request = mapper.readTree(System.in);
    // Iceberg and the AWS SDK may log to stdout; only the JSON document may go there.
    PrintStream stdout = System.out;
    System.setOut(System.err);
    try (FileIO io = fileIO(request.get("s3"));
        JsonGenerator out = mapper.getFactory().createGenerator((OutputStream) stdout, JsonEncoding.UTF8)) {
      out.writeStartObject();
      out.writeArrayFieldStart("results");
      for (JsonNode read : request.get("reads")) {
        String location = localPath(read.get("metadataLocation").asText());
        JsonNode snapshotNode = read.get("snapshotId");
        Long snapshotId = snapshotNode == null || snapshotNode.isNull() ? null : Long.valueOf(snapshotNode.asText());
        writeResult(out, new BaseTable(new StaticTableOperations(location, io), location), snapshotId);
      }
      out.writeEndArray();
      out.writeEndObject();
    }
    stdout.println();
    stdout.flush();
  }

  private static void writeResult(JsonGenerator out, Table table, Long requested) throws IOException {
    Snapshot snapshot = requested == null ? table.currentSnapshot() : table.snapshot(requested);
    if (requested != null && snapshot == null) {
      throw new IllegalArgumentException("snapshot " + requested + " not found in " + table.name());
    }
    Schema schema = snapshot == null ? table.schema() : SnapshotUtil.schemaFor(table, snapshot.snapshotId());
    out.writeStartObject();
    if (snapshot == null) out.writeNullField("snapshotId");
    else out.writeStringField("snapshotId", Long.toString(snapshot.snapshotId()));
    out.writeArrayFieldStart("schema");
    for (Types.NestedField field : schema.columns()) {
      out.writeStartObject();
      out.writeNumberField("id", field.fieldId());
      out.writeStringField("name", field.name());
      out.writeStringField("type", field.type().toString());
      out.writeBooleanField("required", field.isRequired());
      out.writeEndObject();
    }
    out.writeEndArray();
    out.writeArrayFieldStart("rows");
    if (snapshot != null) {
      IcebergGenerics.ScanBuilder scan = IcebergGenerics.read(table).useSnapshot(snapshot.snapshotId()).project(schema);
      try (CloseableIterable<Record> rows = scan.build()) {
        for (Record row : rows) {
          out.writeStartObject();
          for (Types.NestedField field : schema.columns()) {
            String text = canonical(field.type(), row.getField(field.name()));
            if (text == null) out.writeNullField(field.name());
            else out.writeStringField(field.name(), text);
          }
          out.writeEndObject();
        }
      }
    }
    out.writeEndArray();
    out.writeEndObject();
  }

  /** Canonical text of one value, by Iceberg type; the rules are in readers/README.md. */
  static String canonical(Type type, Object value) {
    if (value == null) return null;
    switch (type.typeId()) {
      case BOOLEAN:
      case INTEGER:
      case LONG:
      case STRING:
        return value.toString();
      case FLOAT:
        return shortest(((Float) value).doubleValue(), true);
      case DOUBLE:
        return shortest((Double) value, false);
      case DECIMAL:
        // BigDecimal has no negative zero, so "0.00" needs no special case here.
        return ((BigDecimal) value).setScale(((Types.DecimalType) type).scale()).toPlainString();
      case DATE:
        return ((LocalDate) value).toString();
      case TIME:
        return Long.toString(DateTimeUtil.microsFromTime((LocalTime) value));
      case TIMESTAMP:
        return ((Types.TimestampType) type).shouldAdjustToUTC()
            ? Long.toString(DateTimeUtil.microsFromTimestamptz((OffsetDateTime) value))
            : Long.toString(DateTimeUtil.microsFromTimestamp((LocalDateTime) value));
      case UUID:
        return value.toString();
      case BINARY:
        return base64((ByteBuffer) value);
      case FIXED:
        return value instanceof byte[] ? Base64.getEncoder().encodeToString((byte[]) value) : base64((ByteBuffer) value);
      default:
        throw new UnsupportedOperationException("no canonical text for Iceberg type " + type);
    }
  }

  private static String base64(ByteBuffer buffer) {
    ByteBuffer copy = buffer.duplicate();
    byte[] bytes = new byte[copy.remaining()];
    copy.get(bytes);
    return Base64.getEncoder().encodeToString(bytes);
  }

  /**
   * The shortest decimal that reads back as the same float/double (the fewest significant digits;
   * among those, the correctly rounded one), laid out as ECMAScript's Number::toString does
   * (ECMA-262 §6.1.6.1.20), so it equals JavaScript's String(x) for a double. Python's repr picks
   * the same digits; read_tables.py lays them out with the same rule.
   */
  static String shortest(double value, boolean isFloat) {
    if (Double.isNaN(value)) return "NaN";
    if (Double.isInfinite(value)) return value > 0 ? "Infinity" : "-Infinity";
    if (value == 0) return "0";
    BigDecimal exact = new BigDecimal(value);
    for (int precision = 1; ; precision++) {
      BigDecimal rounded = exact.round(new MathContext(precision, RoundingMode.HALF_EVEN));
      String plain = rounded.toString();
      boolean same = isFloat ? Float.parseFloat(plain) == (float) value : Double.parseDouble(plain) == value;
      if (same) {
        BigDecimal stripped = rounded.stripTrailingZeros();
        String digits = stripped.unscaledValue().abs().toString();
        // value = digits × 10^(n − k), n = the decimal point's position relative to the digits.
        int n = digits.length() - stripped.scale();
        return (value < 0 ? "-" : "") + ecmaLayout(digits, n);
      }
    }
  }

  static String ecmaLayout(String digits, int n) {
    int k = digits.length();
    if (k <= n && n <= 21) return digits + "0".repeat(n - k);
    if (0 < n && n <= 21) return digits.substring(0, n) + "." + digits.substring(n);
    if (-6 < n && n <= 0) return "0." + "0".repeat(-n) + digits;
    int e = n - 1;
    String exponent = (e >= 0 ? "e+" : "e-") + Math.abs(e);
    return k == 1 ? digits + exponent : digits.charAt(0) + "." + digits.substring(1) + exponent;
  }

  private static String localPath(String location) {
    if (location.startsWith("file://")) return location.substring("file://".length());
    if (location.startsWith("file:")) return location.substring("file:".length());
    return location;
  }

  /** S3FileIO for s3:// paths (when S3 settings are given), the local file system for the rest. */
  private static FileIO fileIO(JsonNode s3) {
    S3FileIO s3io = null;
    if (s3 != null && !s3.isNull()) {
      Map<String, String> props = new HashMap<>();
      props.put("s3.endpoint", s3.get("endpoint").asText());
      props.put("s3.path-style-access", "true");
      props.put("s3.access-key-id", s3.get("accessKeyId").asText());
      props.put("s3.secret-access-key", s3.get("secretAccessKey").asText());
      props.put("client.region", s3.get("region").asText());
      // The JDK's HttpURLConnection: no Apache or Netty client on the classpath.
      props.put("http-client.type", "urlconnection");
      s3io = new S3FileIO();
      s3io.initialize(props);
    }
    return new RoutingFileIO(s3io);
  }

  private static final class RoutingFileIO implements FileIO {
    private final S3FileIO s3;

    RoutingFileIO(S3FileIO s3) {
      this.s3 = s3;
    }

    private boolean isS3(String path) {
      boolean s3Path = path.startsWith("s3://") || path.startsWith("s3a://") || path.startsWith("s3n://");
      if (s3Path && s3 == null) throw new IllegalArgumentException("no S3 settings given for " + path);
      return s3Path;
    }

    @Override
    public InputFile newInputFile(String path) {
      return isS3(path) ? s3.newInputFile(path) : Files.localInput(new File(localPath(path)));
    }

    @Override
    public OutputFile newOutputFile(String path) {
      throw new UnsupportedOperationException("the test reader never writes: " + path);
    }

    @Override
    public void deleteFile(String path) {
      throw new UnsupportedOperationException("the test reader never deletes: " + path);
    }

    @Override
    public void close() {
      if (s3 != null) s3.close();
    }
  }
}
