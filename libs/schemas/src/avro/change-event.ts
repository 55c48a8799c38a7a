import { entityName } from './names';
import { loadChangeEventTemplate } from './schema-files';
import { type AvroJson, fullName, isRecordJson, type RecordJson } from './schema-json';

/** The name the change-event template (avro/change-event/vN.avsc) uses where the row record goes. */
export const ROW_PLACEHOLDER = 'lakestream.v1.Row';

/**
 * The ChangeEvent schema of one entity (README, ChangeEvent): the envelope template named
 * `<Entity>ChangeEvent`, with the entity's row record defined at the first place the template names
 * the placeholder and referred to by its full name after that (Avro names are defined once). The
 * template's `lakestream.template` note is for readers of the file and is left out.
 */
export function changeEventSchema(
  entity: string,
  rowSchema: RecordJson,
  template: RecordJson = loadChangeEventTemplate().schema,
): RecordJson {
  if (!rowSchema.namespace) {
    throw new Error(
      `row record ${rowSchema.name} needs a namespace; inside the envelope it would take lakestream.v1`,
    );
  }
  const rowName = fullName(rowSchema.name, rowSchema.namespace);
  let defined = false;
  const fill = (type: AvroJson): AvroJson => {
    if (type === ROW_PLACEHOLDER) {
      if (defined) return rowName;
      defined = true;
      return rowSchema;
    }
    if (Array.isArray(type)) return type.map(fill);
    if (typeof type === 'string') return type;
    if (isRecordJson(type)) {
      return { ...type, fields: type.fields.map((field) => ({ ...field, type: fill(field.type) })) };
    }
    if (type.type === 'array') return { ...type, items: fill(type.items as AvroJson) };
    if (type.type === 'map') return { ...type, values: fill(type.values as AvroJson) };
    return type;
  };
  const filled = fill(template);
  if (!defined || !isRecordJson(filled)) {
    throw new Error(`the change-event template is not a record that names ${ROW_PLACEHOLDER}`);
  }
  const { 'lakestream.template': _howToFill, ...event } = filled;
  return { ...event, name: `${entityName(entity)}ChangeEvent` };
}
