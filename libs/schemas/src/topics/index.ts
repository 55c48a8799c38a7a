export {
  defaultTopicCatalogPath,
  isManagedTopic,
  parseTopicCatalog,
  readTopicCatalog,
  resolveTopicCatalog,
  type TopicCatalog,
  TopicCatalogError,
  type TopicCatalogFile,
  type TopicSpec,
  topicCatalogFileSchema,
} from './catalog';
export { changesTopic, dlqTopic, enrichedTopic, enricherPendingTopic, referenceTopic } from './names';
