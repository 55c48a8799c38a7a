import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { cachedFolder, goModule, goTool, run } from './cache';

/**
 * The tools and schemas that check the Kubernetes manifests offline, each from a package registry
 * and cached under LAKESTREAM_CACHE:
 * - kustomize and kubeconform, built from the Go module proxy;
 * - the Kubernetes API's JSON schemas (strict: unknown fields are errors) from the PyPI package
 *   kubernetes-validate, which ships them per Kubernetes version;
 * - the CRDs of KEDA and prometheus-operator from their own Go modules (the CRD YAML their
 *   releases install), turned into strict JSON schemas as kubeconform's openapi2jsonschema does.
 */
export const VERSIONS = {
  kubernetes: '1.33.0',
  kubernetesValidate: '1.37.0',
  kustomize: 'v5.7.1',
  kubeconform: 'v0.7.0',
  keda: 'v2.18.3',
  prometheusOperator: 'v0.85.0',
} as const;

export const kustomizeBinary = () =>
  goTool('sigs.k8s.io/kustomize/kustomize/v5', VERSIONS.kustomize, 'kustomize');
export const kubeconformBinary = () =>
  goTool('github.com/yannh/kubeconform/cmd/kubeconform', VERSIONS.kubeconform, 'kubeconform');

/** `kustomize build <dir>`: the overlay's manifests as one YAML stream. */
export async function kustomizeBuild(dir: string): Promise<string> {
  return run(await kustomizeBinary(), ['build', dir]);
}

type Json = unknown;

/** Inlines the `_definitions.json` references a kind needs, so the file stands alone. */
function standalone(schema: Json, definitions: Record<string, Json>): Json {
  const needed = new Map<string, Json>();
  const queue: string[] = [];
  const rewrite = (node: Json): Json => {
    if (Array.isArray(node)) return node.map(rewrite);
    if (node === null || typeof node !== 'object') return node;
    const out: Record<string, Json> = {};
    for (const [key, value] of Object.entries(node)) {
      const ref = key === '$ref' && typeof value === 'string' ? /#\/\$defs\/(.+)$/.exec(value) : null;
      if (ref?.[1]) {
        if (!needed.has(ref[1])) {
          needed.set(ref[1], undefined);
          queue.push(ref[1]);
        }
        out[key] = `#/$defs/${ref[1]}`;
      } else out[key] = rewrite(value);
    }
    return out;
  };
  const root = rewrite(schema) as Record<string, Json>;
  for (let name = queue.pop(); name !== undefined; name = queue.pop())
    needed.set(name, rewrite(definitions[name]));
  return { ...root, $defs: Object.fromEntries(needed) };
}

/** The built-in kinds' strict schemas, one standalone file per kind (kubeconform's file names). */
async function coreSchemas(): Promise<string> {
  return cachedFolder(`k8s-schemas/kubernetes-${VERSIONS.kubernetes}-strict`, async (tmp) => {
    const wheelDir = join(tmp, 'wheel');
    await run('python3', [
      '-m',
      'pip',
      'download',
      '--quiet',
      '--no-deps',
      '--only-binary=:all:',
      '--dest',
      wheelDir,
      `kubernetes-validate==${VERSIONS.kubernetesValidate}`,
    ]);
    const wheel = join(wheelDir, readdirSync(wheelDir).find((f) => f.endsWith('.whl')) ?? 'missing.whl');
    const inside = `kubernetes_validate/kubernetes-json-schema/v${VERSIONS.kubernetes}-local-strict/`;
    const raw = join(tmp, 'raw');
    // A wheel is a zip; Python's zipfile extracts just the one version's folder.
    await run('python3', [
      '-c',
      'import sys, zipfile\nz = zipfile.ZipFile(sys.argv[1])\nz.extractall(sys.argv[2], [n for n in z.namelist() if n.startswith(sys.argv[3])])',
      wheel,
      raw,
      inside,
    ]);
    const from = join(raw, inside);
    const definitions = (
      JSON.parse(readFileSync(join(from, '_definitions.json'), 'utf8')) as { $defs: Record<string, Json> }
    ).$defs;
    const out = join(tmp, 'core');
    mkdirSync(out);
    for (const file of readdirSync(from)) {
      if (file.startsWith('_') || file === 'all.json' || !file.endsWith('.json')) continue;
      const schema = JSON.parse(readFileSync(join(from, file), 'utf8')) as Json;
      writeFileSync(join(out, file), JSON.stringify(standalone(schema, definitions)));
    }
  });
}

/** An OpenAPI v3 schema of a CRD as a strict JSON schema (kubeconform's openapi2jsonschema rules). */
function strict(node: Json): Json {
  if (Array.isArray(node)) return node.map(strict);
  if (node === null || typeof node !== 'object') return node;
  const n = Object.fromEntries(Object.entries(node).map(([k, v]) => [k, strict(v)])) as Record<string, Json>;
  if (n['x-kubernetes-int-or-string'] === true) {
    delete n.type;
    n.anyOf = [{ type: 'integer' }, { type: 'string' }];
  }
  if (n.nullable === true && typeof n.type === 'string') n.type = [n.type, 'null'];
  if (
    n.properties &&
    n.additionalProperties === undefined &&
    n['x-kubernetes-preserve-unknown-fields'] !== true
  )
    n.additionalProperties = false;
  return n;
}

interface Crd {
  spec: {
    group: string;
    names: { kind: string };
    versions: { name: string; schema?: { openAPIV3Schema: Json } }[];
  };
}

/** The CRDs' schemas, as `<group>/<kind>_<version>.json`. */
async function crdSchemas(): Promise<string> {
  return cachedFolder(
    `k8s-schemas/crds-keda-${VERSIONS.keda}-prometheus-operator-${VERSIONS.prometheusOperator}`,
    async (tmp) => {
      const keda = await goModule('github.com/kedacore/keda/v2', VERSIONS.keda);
      const operator = await goModule(
        'github.com/prometheus-operator/prometheus-operator',
        VERSIONS.prometheusOperator,
      );
      const files = [
        join(keda, 'config/crd/bases/keda.sh_scaledobjects.yaml'),
        join(keda, 'config/crd/bases/keda.sh_triggerauthentications.yaml'),
        join(operator, 'example/prometheus-operator-crd-full/monitoring.coreos.com_servicemonitors.yaml'),
        join(operator, 'example/prometheus-operator-crd-full/monitoring.coreos.com_prometheusrules.yaml'),
      ];
      for (const file of files)
        for (const doc of parseAllDocuments(readFileSync(file, 'utf8'))) {
          const crd = doc.toJS() as Crd | null;
          if (!crd?.spec?.versions) continue;
          const dir = join(tmp, crd.spec.group);
          mkdirSync(dir, { recursive: true });
          for (const version of crd.spec.versions)
            if (version.schema)
              writeFileSync(
                join(dir, `${crd.spec.names.kind.toLowerCase()}_${version.name}.json`),
                JSON.stringify(strict(version.schema.openAPIV3Schema)),
              );
        }
    },
  );
}

export interface Verdict {
  filename: string;
  kind: string;
  name: string;
  version: string;
  status: 'statusValid' | 'statusInvalid' | 'statusError' | 'statusSkipped' | 'statusEmpty';
  msg: string;
}

/** kubeconform -strict over a YAML stream: one verdict per resource; nothing is skipped. */
export async function validateManifests(yamlText: string, file: string): Promise<Verdict[]> {
  const [binary, core, crds] = await Promise.all([kubeconformBinary(), coreSchemas(), crdSchemas()]);
  writeFileSync(file, yamlText);
  const out = await run(
    binary,
    [
      '-strict',
      '-output',
      'json',
      '-verbose',
      '-kubernetes-version',
      VERSIONS.kubernetes,
      '-schema-location',
      `${core}/core/{{ .ResourceKind }}{{ .KindSuffix }}.json`,
      '-schema-location',
      `${crds}/{{ .Group }}/{{ .ResourceKind }}_{{ .ResourceAPIVersion }}.json`,
      file,
    ],
    { stdoutOnFailure: true },
  );
  return (JSON.parse(out) as { resources: Verdict[] }).resources;
}
