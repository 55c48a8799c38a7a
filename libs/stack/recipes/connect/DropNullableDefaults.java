package lakestream.connect;

import java.util.IdentityHashMap;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.data.*;
import org.apache.kafka.connect.transforms.Transformation;

/**
 * Removes the default value from every optional field schema (recursively through structs) and copies
 * values with getWithoutDefault, so a converter that calls Struct.get (Apicurio 2.6 AvroConverter does)
 * can no longer turn a NULL column into the column's DEFAULT.
 */
public class DropNullableDefaults<R extends ConnectRecord<R>> implements Transformation<R> {
  private final Map<Schema, Schema> cache = new IdentityHashMap<>();

  @Override public R apply(R r) {
    Schema ks = r.keySchema(), vs = r.valueSchema();
    Schema nks = convert(ks), nvs = convert(vs);
    if (nks == ks && nvs == vs) return r;
    return r.newRecord(r.topic(), r.kafkaPartition(), nks, copy(nks, r.key()), nvs, copy(nvs, r.value()),
        r.timestamp(), r.headers());
  }

  private synchronized Schema convert(Schema s) {
    if (s == null) return null;
    Schema c = cache.get(s);
    if (c == null) { c = build(s); cache.put(s, c); }
    return c;
  }

  private Schema build(Schema s) {
    boolean dropDefault = s.isOptional() && s.defaultValue() != null;
    SchemaBuilder b;
    switch (s.type()) {
      case STRUCT:
        b = SchemaBuilder.struct();
        boolean changed = false;
        for (Field f : s.fields()) {
          Schema fs = convert(f.schema());
          changed |= fs != f.schema();
          b.field(f.name(), fs);
        }
        if (!changed && !dropDefault) return s;
        break;
      case ARRAY: {
        Schema vs = convert(s.valueSchema());
        if (vs == s.valueSchema() && !dropDefault) return s;
        b = SchemaBuilder.array(vs);
        break;
      }
      case MAP: {
        Schema ks = convert(s.keySchema()), vs = convert(s.valueSchema());
        if (ks == s.keySchema() && vs == s.valueSchema() && !dropDefault) return s;
        b = SchemaBuilder.map(ks, vs);
        break;
      }
      default:
        if (!dropDefault) return s;
        b = SchemaBuilder.type(s.type());
    }
    b.name(s.name()).version(s.version()).doc(s.doc());
    if (s.parameters() != null) b.parameters(s.parameters());
    if (s.isOptional()) b.optional();
    else if (s.defaultValue() != null) b.defaultValue(s.defaultValue());
    return b.build();
  }

  private Object copy(Schema ns, Object v) {
    if (!(v instanceof Struct)) return v;   // only structs carry nested field schemas here
    Struct old = (Struct) v;
    if (old.schema() == ns) return v;
    Struct out = new Struct(ns);
    for (Field f : ns.fields()) {
      Object fv = old.getWithoutDefault(f.name());
      out.put(f, f.schema().type() == Schema.Type.STRUCT ? copy(f.schema(), fv) : fv);
    }
    return out;
  }

  @Override public ConfigDef config() { return new ConfigDef(); }
  @Override public void configure(Map<String, ?> configs) {}
  @Override public void close() {}
}
