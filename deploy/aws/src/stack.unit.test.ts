import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { EXAMPLE } from './fixture';
import { CLUSTER_NAME, LakestreamStack, TABLE } from './stack';

// biome-ignore lint/suspicious/noExplicitAny: CloudFormation JSON is checked field by field
type Json = any;

const outdir = mkdtempSync(join(tmpdir(), 'lakestream-cdk-'));
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

// `cdk synth` in-process: no AWS call, no credentials (the VPC is imported by id, not looked up).
const app = new App({ outdir });
const stack = new LakestreamStack(app, 'lakestream-production', EXAMPLE);
const assembly = app.synth();
const template = Template.fromStack(stack);
const resources = template.toJSON().Resources as Record<string, { Type: string; Properties: Json }>;
const ofType = (type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);

/** A CloudFormation value as text: `{Logical.Arn}` for references, the partition as `aws`. */
function text(value: Json): string {
  if (typeof value === 'string') return value;
  if (value?.Ref === 'AWS::Partition') return 'aws';
  if (value?.Ref) return `{${value.Ref}}`;
  if (value?.['Fn::GetAtt']) return `{${value['Fn::GetAtt'].join('.')}}`;
  if (value?.['Fn::Join']) return value['Fn::Join'][1].map(text).join(value['Fn::Join'][0]);
  throw new Error(`unexpected value ${JSON.stringify(value)}`);
}
const list = <T>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
const logical = (type: string) => (ofType(type)[0] as [string, unknown])[0];
const bucket = `{${logical('AWS::S3::Bucket')}.Arn}`;
const table = `{${logical('AWS::DynamoDB::Table')}.Arn}`;
const key = `{${logical('AWS::KMS::Key')}.Arn}`;
const kafka = (type: string, name: string) =>
  `arn:aws:kafka:eu-west-1:111122223333:${type}/${CLUSTER_NAME}/*/${name}`;

/** Every Allow statement of every policy in the template: identity, bucket, key and trust policies. */
function allStatements(): { where: string; statement: Json }[] {
  const out: { where: string; statement: Json }[] = [];
  for (const [id, r] of Object.entries(resources)) {
    const docs = [
      r.Properties?.PolicyDocument,
      r.Properties?.KeyPolicy,
      r.Properties?.AssumeRolePolicyDocument,
    ];
    for (const doc of docs) for (const statement of list(doc?.Statement)) out.push({ where: id, statement });
  }
  return out;
}

/** The statements of one service's role policy, as (actions, resources as text). */
function roleStatements(service: string) {
  const role = ofType('AWS::IAM::Role').find(([, r]) => r.Properties.RoleName === `lakestream-${service}`);
  if (!role) throw new Error(`no role for ${service}`);
  const policies = ofType('AWS::IAM::Policy').filter(([, p]) =>
    p.Properties.Roles.some((r: Json) => r.Ref === role[0]),
  );
  return {
    role: role[1].Properties,
    statements: policies.flatMap(([, p]) =>
      list(p.Properties.PolicyDocument.Statement).map((s: Json) => ({
        actions: list<string>(s.Action),
        resources: list(s.Resource).map(text),
        conditions: s.Condition,
      })),
    ),
  };
}
const resourcesFor = (service: string, action: string) =>
  roleStatements(service)
    .statements.filter((s) => s.actions.includes(action))
    .flatMap((s) => s.resources)
    .sort();

describe('the AWS infrastructure (cdk synth, offline)', () => {
  it('synthesizes a CloudFormation template into the cloud assembly', () => {
    const artifact = assembly.getStackByName('lakestream-production');
    const written = JSON.parse(readFileSync(join(outdir, artifact.templateFile), 'utf8'));
    expect(Object.keys(written.Resources).length).toBe(Object.keys(resources).length);
  });

  it('grants no wildcard action in any Allow statement (identity, bucket, key or trust policy)', () => {
    const wild = allStatements()
      .filter(({ statement }) => statement.Effect === 'Allow')
      .flatMap(({ where, statement }) =>
        list<string>(statement.Action)
          .filter((a) => a.includes('*'))
          .map((a) => `${where}: ${a}`),
      );
    expect(wild).toEqual([]);
  });

  it('encrypts, versions and closes every bucket, with lifecycle rules', () => {
    const buckets = ofType('AWS::S3::Bucket');
    expect(buckets.length).toBeGreaterThan(0);
    for (const [, b] of buckets) {
      const sse =
        b.Properties.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault;
      expect(sse.SSEAlgorithm).toBe('aws:kms');
      expect(text(sse.KMSMasterKeyID)).toBe(key);
      expect(b.Properties.VersioningConfiguration).toEqual({ Status: 'Enabled' });
      expect(b.Properties.PublicAccessBlockConfiguration).toEqual({
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      });
      const rules = b.Properties.LifecycleConfiguration.Rules.map((r: Json) => r.Id);
      expect(rules).toEqual(
        expect.arrayContaining(['abort-incomplete-uploads', 'noncurrent-versions', 'dlq-claim-checks']),
      );
    }
    // TLS only: the bucket denies any request that is not.
    const denies = allStatements().filter(({ statement }) => statement.Effect === 'Deny');
    expect(
      denies.some(({ statement }) => statement.Condition?.Bool?.['aws:SecureTransport'] === 'false'),
    ).toBe(true);
  });

  it('gives each tenant a policy that reads only its own prefixes, and denies tenant principals the others', () => {
    const tenantPolicies = ofType('AWS::IAM::ManagedPolicy');
    expect(tenantPolicies).toHaveLength(EXAMPLE.tenants.length);
    for (const tenant of EXAMPLE.tenants) {
      const [, policy] =
        tenantPolicies.find(([, p]) => p.Properties.ManagedPolicyName.endsWith(`tenant-${tenant}`)) ?? [];
      const reads = list<Json>(policy?.Properties.PolicyDocument.Statement).flatMap((s) =>
        list(s.Resource).map(text),
      );
      expect(reads).toEqual(
        expect.arrayContaining([
          `${bucket}/lake/*/data/tenant_id=${tenant}/*`,
          `${bucket}/landing/${tenant}/*`,
        ]),
      );
      for (const other of EXAMPLE.tenants.filter((t) => t !== tenant))
        expect(reads.join(' ')).not.toContain(`=${other}/`);
    }
    const guards = allStatements().filter(({ statement }) => statement.Sid?.startsWith('OnlyTenant'));
    expect(guards).toHaveLength(EXAMPLE.tenants.length);
  });

  it('keeps the inventory table with its GSI, point-in-time recovery, TTL and the data key', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      TableName: TABLE.name,
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes: [
        {
          IndexName: TABLE.gsi,
          KeySchema: [
            { AttributeName: 'gsi1pk', KeyType: 'HASH' },
            { AttributeName: 'gsi1sk', KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        },
      ],
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
      SSESpecification: { SSEEnabled: true, SSEType: 'KMS' },
      DeletionProtectionEnabled: true,
    });
  });

  it('runs MSK with IAM authentication only, TLS in transit and the data key at rest; and a Glue database', () => {
    template.hasResourceProperties('AWS::MSK::Cluster', {
      ClientAuthentication: { Sasl: { Iam: { Enabled: true } }, Unauthenticated: { Enabled: false } },
      EncryptionInfo: { EncryptionInTransit: { ClientBroker: 'TLS', InCluster: true } },
    });
    const [, cluster] = ofType('AWS::MSK::Cluster')[0] as [string, Json];
    expect(text(cluster.Properties.EncryptionInfo.EncryptionAtRest.DataVolumeKMSKeyId)).toBe(key);
    template.hasResourceProperties('AWS::Glue::Database', {
      DatabaseInput: { Name: 'lakestream_globalmart' },
    });
  });

  it('tags every taggable resource with the project and stage', () => {
    const tagged = new Set<string>();
    for (const [id, r] of Object.entries(resources)) {
      const tags = r.Properties?.Tags;
      if (tags === undefined) continue;
      tagged.add(r.Type);
      const pairs = Array.isArray(tags) ? Object.fromEntries(tags.map((t: Json) => [t.Key, t.Value])) : tags;
      expect({ id, project: pairs.project, stage: pairs.stage }).toEqual({
        id,
        project: 'lakestream',
        stage: 'production',
      });
    }
    for (const type of [
      'AWS::S3::Bucket',
      'AWS::DynamoDB::Table',
      'AWS::KMS::Key',
      'AWS::MSK::Cluster',
      'AWS::IAM::Role',
    ])
      expect(tagged).toContain(type);
  });
});

describe('each service role touches only its own resources', () => {
  const services = ['cdc-ingest', 'enricher', 'lake-sink', 'projector', 'inventory-api'];

  it.each(services)('%s is assumed only by its own ServiceAccount (IRSA)', (service) => {
    const { role } = roleStatements(service);
    const [statement] = role.AssumeRolePolicyDocument.Statement;
    expect(statement.Action).toBe('sts:AssumeRoleWithWebIdentity');
    expect(statement.Condition.StringEquals[`${EXAMPLE.oidc.issuer}:sub`]).toBe(
      `system:serviceaccount:lakestream:${service}`,
    );
  });

  it('uses only the AWS services each needs', () => {
    const uses = Object.fromEntries(
      [...services, 'keda'].map((s) => [
        s,
        [
          ...new Set(roleStatements(s).statements.flatMap((st) => st.actions.map((a) => a.split(':')[0]))),
        ].sort(),
      ]),
    );
    expect(uses).toEqual({
      'cdc-ingest': ['kafka-cluster', 'kms', 's3'],
      enricher: ['kafka-cluster', 'kms', 's3'],
      'lake-sink': ['glue', 'kafka-cluster', 'kms', 's3'],
      projector: ['dynamodb', 'kafka-cluster', 'kms', 's3'],
      'inventory-api': ['dynamodb', 'kafka-cluster', 'kms'],
      keda: ['kafka-cluster'],
    });
  });

  it('reads and writes only its own topics, groups and transactional ids', () => {
    expect(resourcesFor('cdc-ingest', 'kafka-cluster:ReadData')).toEqual([kafka('topic', 'globalmart.*')]);
    expect(resourcesFor('cdc-ingest', 'kafka-cluster:WriteData')).toEqual(
      [kafka('topic', 'lakestream.changes.*'), kafka('topic', 'lakestream.dlq')].sort(),
    );
    expect(resourcesFor('cdc-ingest', 'kafka-cluster:AlterTransactionalId')).toEqual([
      kafka('transactional-id', 'lakestream-cdc-ingest-*'),
    ]);
    expect(resourcesFor('enricher', 'kafka-cluster:WriteData')).toEqual(
      [kafka('topic', 'lakestream.enriched.*'), kafka('topic', 'lakestream.dlq')].sort(),
    );
    expect(resourcesFor('lake-sink', 'kafka-cluster:WriteData')).toEqual([kafka('topic', 'lakestream.dlq')]);
    expect(resourcesFor('projector', 'kafka-cluster:WriteData')).toEqual([kafka('topic', 'lakestream.dlq')]);
    expect(resourcesFor('inventory-api', 'kafka-cluster:WriteData')).toEqual([]);
    expect(resourcesFor('inventory-api', 'kafka-cluster:ReadData')).toEqual(
      [
        kafka('topic', 'lakestream.changes.inventory'),
        kafka('topic', 'lakestream.enriched.inventory'),
      ].sort(),
    );
    for (const [service, group] of [
      ['cdc-ingest', 'lakestream-cdc-ingest'],
      ['enricher', 'lakestream-enricher'],
      ['projector', 'lakestream-inventory-projector'],
      ['inventory-api', 'lakestream-inventory-api-*'],
    ] as const)
      expect(resourcesFor(service, 'kafka-cluster:AlterGroup')).toEqual([kafka('group', group)]);
    // The lake sink's role also runs the cut-over: its own reader groups, and the enricher's offsets read only.
    expect(resourcesFor('lake-sink', 'kafka-cluster:AlterGroup')).toEqual(
      [kafka('group', 'lakestream-lake-sink'), kafka('group', 'lakestream-lake-sink-cutover-*')].sort(),
    );
    expect(resourcesFor('lake-sink', 'kafka-cluster:DescribeGroup')).toEqual(
      [
        kafka('group', 'lakestream-lake-sink'),
        kafka('group', 'lakestream-lake-sink-cutover-*'),
        kafka('group', 'lakestream-enricher'),
      ].sort(),
    );
    expect(resourcesFor('keda', 'kafka-cluster:AlterGroup')).toEqual([]);
    for (const service of ['lake-sink', 'projector', 'inventory-api'])
      expect(resourcesFor(service, 'kafka-cluster:AlterTransactionalId')).toEqual([]);
  });

  it('touches only its own warehouse prefixes, and only lake-sink the lake and the Glue database', () => {
    expect(resourcesFor('lake-sink', 's3:PutObject')).toEqual([`${bucket}/dlq/*`, `${bucket}/lake/*`]);
    expect(resourcesFor('lake-sink', 's3:GetObject')).toEqual([`${bucket}/lake/*`]);
    for (const service of ['cdc-ingest', 'enricher', 'projector']) {
      expect(resourcesFor(service, 's3:PutObject')).toEqual([`${bucket}/dlq/*`]);
      expect(resourcesFor(service, 's3:GetObject')).toEqual([]);
    }
    expect(resourcesFor('inventory-api', 's3:PutObject')).toEqual([]);
    expect(resourcesFor('lake-sink', 'glue:UpdateTable')).toEqual([
      'arn:aws:glue:eu-west-1:111122223333:catalog',
      'arn:aws:glue:eu-west-1:111122223333:database/lakestream_globalmart',
      'arn:aws:glue:eu-west-1:111122223333:table/lakestream_globalmart/*',
    ]);
  });

  it('uses the inventory table only as its service must: the projector writes, the API reads', () => {
    expect(resourcesFor('projector', 'dynamodb:PutItem')).toEqual([table]);
    expect(resourcesFor('inventory-api', 'dynamodb:PutItem')).toEqual([]);
    expect(resourcesFor('inventory-api', 'dynamodb:Query')).toEqual(
      [table, `${table}/index/${TABLE.gsi}`].sort(),
    );
    for (const service of ['cdc-ingest', 'enricher', 'lake-sink'])
      expect(resourcesFor(service, 'dynamodb:GetItem')).toEqual([]);
  });

  it('uses the data key only through the AWS service it reads or writes with', () => {
    for (const service of services)
      for (const s of roleStatements(service).statements.filter((st) =>
        st.actions.some((a) => a.startsWith('kms:')),
      )) {
        expect(s.resources).toEqual([key]);
        expect(s.conditions.StringEquals['kms:ViaService']).toMatch(
          /^(s3|dynamodb)\.eu-west-1\.amazonaws\.com$/,
        );
      }
  });
});
