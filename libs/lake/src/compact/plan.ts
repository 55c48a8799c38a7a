import {
  deletesFor,
  FileContent,
  type FilePlan,
  type PlannedFile,
  partitionKey,
  type TableMetadata,
} from '@lakestream/iceberg';

// Which files a compaction rewrites (pure): in each partition, the data files that are small or
// have position deletes; they are merged into files of about the target size with the deletes
// applied, and the partition's delete files go with them. A partition with one data file that is
// large enough and has no deletes is left alone.

export const DEFAULT_TARGET_FILE_BYTES = 128 * 1024 * 1024;

export interface CompactionPolicy {
  /** Output files are cut at about this many bytes of input. */
  targetFileBytes: number;
  /** A data file smaller than this is rewritten (default: three quarters of the target). */
  smallFileBytes: number;
}

export const defaultCompactionPolicy = (targetFileBytes = DEFAULT_TARGET_FILE_BYTES): CompactionPolicy => ({
  targetFileBytes,
  smallFileBytes: Math.floor(targetFileBytes * 0.75),
});

export interface RewriteGroup {
  specId: number;
  partitionKey: string;
  /** The data files merged into one output file, in this order. */
  inputs: { data: PlannedFile; deletes: PlannedFile[] }[];
}

export interface PartitionRewrite {
  specId: number;
  partitionKey: string;
  groups: RewriteGroup[];
  /** Every delete file of the partition: all their rows are in rewritten files (or dead ones). */
  deleteFiles: PlannedFile[];
}

export interface CompactionPlan {
  partitions: PartitionRewrite[];
  /** Partitions left as they are because they hold equality deletes (not folded in by this version). */
  skippedEqualityDeletes: number;
  dataFiles: number;
  deleteFiles: number;
  inputBytes: number;
}

const keyOf = (file: PlannedFile) => `${file.specId}/${partitionKey(file.file.partition)}`;

export function planCompaction(
  plan: FilePlan,
  metadata: TableMetadata,
  policy: CompactionPolicy,
): CompactionPlan {
  const byPartition = new Map<string, { data: PlannedFile[]; deletes: PlannedFile[] }>();
  for (const file of plan.dataFiles) {
    const group = byPartition.get(keyOf(file)) ?? { data: [], deletes: [] };
    group.data.push(file);
    byPartition.set(keyOf(file), group);
  }
  for (const file of plan.deleteFiles) {
    const group = byPartition.get(keyOf(file)) ?? { data: [], deletes: [] };
    group.deletes.push(file);
    byPartition.set(keyOf(file), group);
  }
  const result: CompactionPlan = {
    partitions: [],
    skippedEqualityDeletes: 0,
    dataFiles: 0,
    deleteFiles: 0,
    inputBytes: 0,
  };
  for (const { data, deletes } of byPartition.values()) {
    const first = data[0] ?? deletes[0];
    if (!first) continue;
    if (deletes.some((d) => d.file.content === FileContent.EqualityDeletes)) {
      result.skippedEqualityDeletes += 1;
      continue;
    }
    const inputs = data
      .map((file) => ({ data: file, deletes: deletesFor(file, deletes, metadata) }))
      .filter((i) => i.deletes.length > 0 || i.data.file.sizeInBytes < policy.smallFileBytes);
    // Nothing to gain: one small file without deletes, or nothing small and nothing deleted.
    if (
      inputs.length === 0 ||
      (inputs.length === 1 && inputs[0]?.deletes.length === 0 && deletes.length === 0)
    )
      continue;
    // Oldest first, so rows keep roughly the order they were written in.
    inputs.sort((a, b) =>
      a.data.dataSequenceNumber < b.data.dataSequenceNumber
        ? -1
        : a.data.dataSequenceNumber > b.data.dataSequenceNumber
          ? 1
          : 0,
    );
    const groups: RewriteGroup[] = [];
    let current: RewriteGroup | undefined;
    let bytes = 0;
    for (const input of inputs) {
      if (!current || bytes + input.data.file.sizeInBytes > policy.targetFileBytes) {
        current = { specId: first.specId, partitionKey: partitionKey(first.file.partition), inputs: [] };
        groups.push(current);
        bytes = 0;
      }
      current.inputs.push(input);
      bytes += input.data.file.sizeInBytes;
      result.inputBytes += input.data.file.sizeInBytes;
    }
    result.dataFiles += inputs.length;
    result.deleteFiles += deletes.length;
    result.partitions.push({
      specId: first.specId,
      partitionKey: partitionKey(first.file.partition),
      groups,
      deleteFiles: deletes,
    });
  }
  return result;
}
